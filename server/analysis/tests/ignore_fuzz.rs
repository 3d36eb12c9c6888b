//! Stable fuzzing of the ignore-file layer: `.dockerignore` texts built from real-world lines
//! and pattern syntax, cut anywhere and mutated, read, evaluated against a context, checked
//! with every rule and asked for every editor feature at many offsets. Properties:
//! - nothing panics;
//! - every range (patterns, findings, fixes, tokens, hovers, completion, formatting edits)
//!   lies inside the text on character boundaries;
//! - the counts add up: sent + ignored files are the listing's files, skipping excluded trees
//!   gives what walking every entry gives;
//! - formatting is idempotent.
//!
//! `DOCKERFILE_LS_FUZZ_CASES` sets the number of cases (default 300), as in `fuzz.rs`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::print_stderr)]

use dockerfile_analysis::ignorefile::check::{IgnoreCheck, UsingDockerfile, check};
use dockerfile_analysis::ignorefile::ide::{self, ContextState};
use dockerfile_analysis::ignorefile::{Entry, IgnoreFile, Listing, evaluate};
use dockerfile_analysis::{Analysis, BuildConfig, RuleSettings, TextRange};
use proptest::prelude::*;

const LINES: &[&str] = &[
    "# comment",
    "  # indented: a pattern",
    "node_modules",
    "/node_modules/",
    "**/node_modules",
    "!node_modules/keep",
    "*.md",
    "!README.md",
    "**/*.log",
    "src/**",
    "**",
    "!",
    "!/",
    "[",
    "[Local-Only]/",
    "a[b-d]e",
    "[^x]*",
    "\\[fine]",
    "a\\",
    "../outside",
    "./src/../lib",
    "**/.env",
    ".git",
    "dir/*/x?",
    "\u{feff}bom",
    "é*ü",
    "",
];

const PATHS: &[(&str, bool, u64)] = &[
    ("Dockerfile", false, 80),
    (".env", false, 10),
    (".git", true, 0),
    (".git/HEAD", false, 20),
    ("README.md", false, 300),
    ("docs", true, 0),
    ("docs/a.md", false, 5),
    ("lib", true, 0),
    ("lib/x.js", false, 7),
    ("node_modules", true, 0),
    ("node_modules/keep", false, 3),
    ("node_modules/pkg", true, 0),
    ("node_modules/pkg/i.js", false, 100),
    ("package.json", false, 40),
    ("src", true, 0),
    ("src/app.log", false, 9),
    ("src/main.js", false, 70),
];

fn listing() -> Listing {
    let mut l = Listing {
        entries: PATHS
            .iter()
            .map(|(p, dir, size)| {
                Entry::new(
                    *p,
                    *dir,
                    *size,
                    u32::try_from(p.matches('/').count()).unwrap(),
                )
            })
            .collect(),
        ..Listing::default()
    };
    l.finish();
    l
}

fn inside(text: &str, r: TextRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fn one(text: &str, listing: &Listing, dockerfile: &Analysis) {
    let file = IgnoreFile::parse(text);
    for p in &file.patterns {
        assert!(inside(text, p.range), "{text:?}: {:?}", p.range);
    }
    let eval = evaluate(&file, listing);
    let files = listing.entries.iter().filter(|e| !e.dir).count() as u64;
    assert_eq!(eval.sent_files + eval.ignored_files, files, "{text:?}");
    assert_eq!(eval.excluded.len(), listing.entries.len(), "{text:?}");
    // Walking every entry (a wildcard exception that matches nothing turns skipping off)
    // decides the same.
    let walking = IgnoreFile::parse(&format!("{text}\n!zz*q\n"));
    assert_eq!(
        evaluate(&walking, listing).excluded,
        eval.excluded,
        "{text:?}"
    );
    let using = [UsingDockerfile {
        name: "Dockerfile".to_owned(),
        analysis: dockerfile,
    }];
    let mut all = RuleSettings::default();
    all.select(["ALL"]).ok();
    for context in [None, Some((listing, &eval))] {
        let cx = IgnoreCheck {
            text,
            file: &file,
            context,
            dockerfiles: &using,
        };
        for f in check(&cx, &all) {
            assert!(inside(text, f.diagnostic.range), "{text:?}: {f:?}");
            for fix in &f.diagnostic.fixes {
                for e in &fix.edits {
                    assert!(inside(text, e.range), "{text:?}: {fix:?}");
                }
            }
            for (k, r, _) in &f.elsewhere {
                assert!(*k < using.len());
                assert!(r.end <= dockerfile.text().len_bytes());
            }
        }
    }
    let state = ContextState::Counted(listing, &eval);
    let mut offsets: Vec<usize> = (0..=text.len()).step_by(7).collect();
    offsets.push(text.len());
    for &o in &offsets {
        if !text.is_char_boundary(o) {
            continue;
        }
        for s in [state, ContextState::Counting, ContextState::Unknown] {
            if let Some((r, _)) = ide::hover(&file, text, o, s) {
                assert!(inside(text, r), "{text:?} @{o}: {r:?}");
            }
        }
        let (r, _) = ide::complete(text, o, Some(listing));
        assert!(inside(text, r), "{text:?} @{o}: {r:?}");
    }
    for t in ide::tokens(text, &file) {
        assert!(inside(text, t.range), "{text:?}: {t:?}");
    }
    let _ = ide::comment_folds(text, &file);
    let edits = ide::format(text);
    let mut formatted = text.to_owned();
    let mut sorted = edits.clone();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in &sorted {
        assert!(inside(text, e.range), "{text:?}: {e:?}");
        formatted.replace_range(e.range.start..e.range.end, &e.new_text);
    }
    assert!(
        ide::format(&formatted).is_empty(),
        "not idempotent: {text:?} → {formatted:?}"
    );
}

fn mutate(line: &str, how: u8, at: usize, ch: char) -> String {
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let (a, b) = line.split_at(at);
    match how % 8 {
        0 => line.to_owned(),
        1 => a.to_owned(),
        2 => format!("{a}{ch}{b}"),
        3 => format!("  {line}  "),
        4 => format!("{line}\r"),
        5 => format!("!{line}"),
        6 => format!("{a}*{b}"),
        _ => format!("{a}[{b}"),
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let line = (0..LINES.len(), any::<u8>(), any::<usize>(), any::<char>())
        .prop_map(|(i, how, at, ch)| mutate(LINES[i], how, at % 32, ch));
    (prop::collection::vec(line, 0..16), any::<usize>()).prop_map(|(lines, cut)| {
        let text = lines.join("\n");
        let mut cut = if cut % 3 == 0 {
            cut % (text.len() + 1)
        } else {
            text.len()
        };
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_owned()
    })
}

fn cases() -> u32 {
    std::env::var("DOCKERFILE_LS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn ignore_files_never_break() {
    let listing = listing();
    let dockerfile = Analysis::from_text(
        "FROM node:22\nCOPY package.json README.md ./\nCOPY node_modules/keep /k\nCOPY . .\n",
        &BuildConfig::default(),
    );
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_207),
        ..ProptestConfig::default()
    };
    let started = std::time::Instant::now();
    proptest!(config, |(text in text_strategy())| {
        one(&text, &listing, &dockerfile);
    });
    eprintln!(
        "ignore-file fuzzing: {} cases in {:.1?}",
        cases(),
        started.elapsed()
    );
    one(&LINES.join("\n"), &listing, &dockerfile);
}
