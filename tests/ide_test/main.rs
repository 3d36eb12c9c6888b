//! Tests as data for the editor features: every `ide_test/fixtures/<feature>/*.Dockerfile`
//! holds one or more `$0` cursor markers; each cursor's result is rendered and compared with
//! the fixture's snapshot in `snapshots/`. `hover/` renders the hover, `navigation/` the
//! definition, references and rename, `completion/` the completion list with the
//! documentation of its first item, `outline/` the outline, folding ranges and semantic
//! tokens of the whole file and the selection ranges at each cursor, `format/` the
//! formatted text, `graph/` the stage graph as JSON, Mermaid and DOT. Review changes with `cargo insta review`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write;
use std::path::Path;

use dockerfile_analysis::ide::{
    completion, definition, hover, outline, references, rename, tokens,
};
use dockerfile_analysis::{Analysis, BuildConfig, TextRange};

fn pos(a: &Analysis, offset: usize) -> String {
    let (line, column) = dockerfile_analysis::text::line_col(a.text(), offset);
    format!("{line}:{column}")
}

fn span(a: &Analysis, r: TextRange) -> String {
    format!("{}-{}", pos(a, r.start), pos(a, r.end))
}

/// The text without markers and the byte offset of each marker.
fn cursors(src: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(src.len());
    let mut at = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("$0") {
        text.push_str(&rest[..i]);
        at.push(text.len());
        rest = &rest[i + 2..];
    }
    text.push_str(rest);
    (text, at)
}

/// The cursor's line with a `|` where the cursor is.
fn context(a: &Analysis, offset: usize) -> String {
    let rope = a.text();
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let end = rope.line_to_byte((line + 1).min(rope.len_lines()));
    let text = rope.byte_slice(start..end).to_string();
    let k = offset - start;
    format!("{}|{}", &text[..k], &text[k..])
        .trim_end()
        .to_owned()
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_hover(a: &Analysis, offset: usize, out: &mut String) {
    let findings = a.diagnostics();
    let link = |id: &str| Some(format!("docs/rules/{id}.md"));
    match hover::hover(a, offset, &findings, &link) {
        Some(h) => writeln!(out, "hover {}:\n{}", span(a, h.range), indent(&h.markdown)).unwrap(),
        None => writeln!(out, "hover: none").unwrap(),
    }
}

fn render_navigation(a: &Analysis, offset: usize, out: &mut String) {
    match definition::definition(a, offset) {
        Some(t) => writeln!(
            out,
            "definition: {} -> {} `{}`",
            span(a, t.origin),
            span(a, t.focus),
            dockerfile_analysis::text::slice(a.text(), t.focus)
        )
        .unwrap(),
        None => writeln!(out, "definition: none").unwrap(),
    }
    match references::occurrences(a, offset) {
        Some((_, occ)) => {
            let list: Vec<String> = occ
                .iter()
                .map(|o| format!("{} {:?}", span(a, o.range), o.access))
                .collect();
            writeln!(out, "references: {}", list.join(", ")).unwrap();
        }
        None => writeln!(out, "references: none").unwrap(),
    }
    match rename::prepare(a, offset) {
        Ok(r) => {
            let new = if r
                .placeholder
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_')
            {
                "RENAMED"
            } else {
                "renamed"
            };
            match rename::rename(a, offset, new) {
                Ok(edits) => {
                    let (text, _) =
                        dockerfile_analysis::fix::apply_edits(&a.text().to_string(), &edits);
                    writeln!(
                        out,
                        "rename {} `{}` -> {new}: {} edits\n{}",
                        span(a, r.range),
                        r.placeholder,
                        edits.len(),
                        indent(&text)
                    )
                    .unwrap();
                }
                Err(e) => writeln!(out, "rename refused: {e}").unwrap(),
            }
        }
        Err(e) => writeln!(out, "rename: {e}").unwrap(),
    }
}

fn render_completion(a: &Analysis, offset: usize, out: &mut String) {
    let items = completion::completions(a, offset);
    if items.is_empty() {
        writeln!(out, "completion: none").unwrap();
        return;
    }
    let range = items[0].range;
    writeln!(
        out,
        "completion replacing {} ({} items):",
        span(a, range),
        items.len()
    )
    .unwrap();
    for i in &items {
        let mut line = format!("  {:?} {}", i.kind, i.label);
        if i.insert != i.label {
            write!(line, " => {:?}", i.insert).unwrap();
        }
        if let Some(d) = &i.detail {
            write!(line, " — {d}").unwrap();
        }
        if i.range != range {
            write!(line, " [replaces {}]", span(a, i.range)).unwrap();
        }
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    if let Some(key) = items.iter().find_map(|i| i.docs.as_ref()) {
        let docs = completion::resolve(key).expect("every doc key resolves");
        writeln!(out, "  first documentation:\n{}", indent(&indent(&docs))).unwrap();
    }
}

fn render_symbols(a: &Analysis, syms: &[outline::OutlineSymbol], depth: usize, out: &mut String) {
    for s in syms {
        writeln!(
            out,
            "{}{:?} {:?}{} {} sel {}{}",
            "  ".repeat(depth + 1),
            s.kind,
            s.name,
            s.detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            span(a, s.range),
            span(a, s.selection),
            if s.deprecated { " deprecated" } else { "" }
        )
        .unwrap();
        render_symbols(a, &s.children, depth + 1, out);
    }
}

/// The whole-file structure: outline, folding ranges and semantic tokens.
fn render_outline(a: &Analysis, out: &mut String) {
    writeln!(out, "outline:").unwrap();
    render_symbols(a, &outline::document_symbols(a), 0, out);
    writeln!(out, "folding:").unwrap();
    for f in outline::folding_ranges(a) {
        writeln!(
            out,
            "  lines {}-{} {:?}",
            f.start_line + 1,
            f.end_line + 1,
            f.kind
        )
        .unwrap();
    }
    writeln!(out, "tokens:").unwrap();
    let all = tokens::tokens(a);
    // A range request answers what the whole-file one has there: checked over every line
    // and over spans of several lines, starting and ending anywhere.
    let len = a.text().len_bytes();
    for (start, width) in (0..=len).flat_map(|s| [(s, 0), (s, 7), (s, 40)]) {
        let r = dockerfile_analysis::TextRange::new(start, (start + width).min(len));
        let want: Vec<tokens::Token> = all
            .iter()
            .filter(|t| t.range.start >= r.start && t.range.start <= r.end)
            .copied()
            .collect();
        assert_eq!(tokens::tokens_in(a, r), want, "tokens in {r:?}");
    }
    for t in all {
        let mods: Vec<&str> = tokens::modifiers::NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| t.modifiers & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        writeln!(
            out,
            "  {} {:?}{} {:?}",
            span(a, t.range),
            t.kind,
            if mods.is_empty() {
                String::new()
            } else {
                format!(" [{}]", mods.join(","))
            },
            dockerfile_analysis::text::slice(a.text(), t.range)
        )
        .unwrap();
    }
}

fn render_selection(a: &Analysis, offset: usize, out: &mut String) {
    let list: Vec<String> = outline::selection_ranges(a, offset)
        .iter()
        .map(|r| span(a, *r))
        .collect();
    writeln!(out, "selection: {}", list.join(" ⊂ ")).unwrap();
}

#[test]
fn ide_fixtures() {
    insta::glob!("fixtures", "**/*.Dockerfile", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let (text, at) = cursors(&src);
        let a = Analysis::from_text(&text, &BuildConfig::default());
        let feature = path.parent().and_then(Path::file_name).unwrap();
        assert!(
            !at.is_empty() || feature == "format" || feature == "graph",
            "{} has no $0 cursor",
            path.display()
        );
        let mut out = String::new();
        if feature == "outline" {
            render_outline(&a, &mut out);
        }
        if feature == "graph" {
            let g = dockerfile_analysis::ide::graph::stage_graph(&a, None).unwrap();
            let json = serde_json::to_string_pretty(&g.to_json()).unwrap();
            writeln!(
                out,
                "json:\n{json}\nmermaid:\n{}dot:\n{}",
                g.to_mermaid(),
                g.to_dot()
            )
            .unwrap();
        }
        if feature == "format" {
            let options = dockerfile_analysis::ide::format::FormatOptions::default();
            let edits = dockerfile_analysis::ide::format::format(&a, &options);
            let (formatted, _) = dockerfile_analysis::fix::apply_edits(&text, &edits);
            // Formatting twice changes nothing more.
            let b = Analysis::from_text(&formatted, &BuildConfig::default());
            let again = dockerfile_analysis::ide::format::format(&b, &options);
            assert!(
                again.is_empty(),
                "not idempotent on {}: {again:?}",
                path.display()
            );
            writeln!(out, "{} edits; formatted:\n{formatted}", edits.len()).unwrap();
        }
        for (n, &offset) in at.iter().enumerate() {
            writeln!(
                out,
                "── cursor {} at {}: {}",
                n + 1,
                pos(&a, offset),
                context(&a, offset)
            )
            .unwrap();
            match feature.to_str().unwrap() {
                "hover" => render_hover(&a, offset, &mut out),
                "navigation" => render_navigation(&a, offset, &mut out),
                "completion" => render_completion(&a, offset, &mut out),
                "outline" => render_selection(&a, offset, &mut out),
                other => panic!("unknown feature folder {other}"),
            }
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn no_snapshot_outlives_its_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ide_test/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".snap.new") && !name.ends_with(".pending-snap"),
            "unreviewed snapshot {name}: run `cargo insta review`"
        );
        let rel = name
            .trim_start_matches("ide__ide_fixtures@")
            .trim_end_matches(".snap")
            .replace("__", "/");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("ide_test/fixtures")
            .join(&rel);
        assert!(
            fixture.exists(),
            "snapshot {name} has no fixture {}",
            fixture.display()
        );
    }
}
