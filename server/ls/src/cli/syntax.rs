//! `dockerfile-ls syntax FILE`: the logical instructions as the model sees them, with the
//! fields BuildKit's parser reports (keyword, 1-based lines, flags as written, value, JSON
//! form, heredocs). Used for debugging, and to test our parser against BuildKit's.

use std::io::Write;
use std::process::ExitCode;

use dockerfile_analysis::document::tree_fingerprint;
use dockerfile_analysis::syntax::tree;
use dockerfile_analysis::{Analysis, BuildConfig, Instruction};

use serde_json::json;

use super::{SyntaxArgs, SyntaxFormat, complain, read_source};

fn value(i: &Instruction) -> Vec<&str> {
    match &i.trigger {
        Some(t) => value(t),
        None => i.args.iter().map(|w| w.text.as_str()).collect(),
    }
}

fn keyword(i: &Instruction) -> String {
    if i.kind.as_str().is_empty() {
        i.keyword.to_ascii_uppercase()
    } else {
        i.kind.as_str().to_owned()
    }
}

/// Runs `syntax`.
#[must_use]
pub fn run(args: &SyntaxArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let text = match read_source(&args.file) {
        Ok(t) => t,
        Err(e) => {
            complain(&name, &e);
            return ExitCode::from(2);
        }
    };
    let analysis = Analysis::from_text(&text, &BuildConfig::default());
    let parsed = analysis.parsed();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        SyntaxFormat::Json => {
            let items: Vec<_> = parsed
                .instructions
                .iter()
                .map(|i| {
                    json!({
                        "instruction": keyword(i),
                        "sub_instruction": i.trigger.as_ref().map(|t| keyword(t)),
                        "start_line": i.start_line + 1,
                        "end_line": i.end_line + 1,
                        "flags": i.flags.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
                        "value": value(i),
                        "json": i.trigger.as_ref().map_or(i.json, |t| t.json),
                        "heredocs": i.heredocs.iter().map(|h| json!({ "name": h.name, "content": h.content })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &items)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        SyntaxFormat::Tree => {
            let mut doc = dockerfile_analysis::Document::new(&text);
            doc.reparse();
            let tree = doc.tree();
            let unclean = tree.map(tree::unclean_ranges).unwrap_or_default();
            write!(out, "{}", tree_fingerprint(tree)).and_then(|()| {
                unclean.iter().try_for_each(|r| {
                    let line = analysis.text().byte_to_line(r.start) + 1;
                    writeln!(
                        out,
                        "grammar gave up at line {line} (bytes {}..{}): not an error for BuildKit",
                        r.start, r.end
                    )
                })
            })
        }
        SyntaxFormat::Text => parsed.instructions.iter().try_for_each(|i| {
            let flags: Vec<&str> = i.flags.iter().map(|f| f.text.as_str()).collect();
            writeln!(
                out,
                "{}-{} {} {:?} {:?}{}",
                i.start_line + 1,
                i.end_line + 1,
                keyword(i),
                flags,
                value(i),
                if i.json { " (json)" } else { "" }
            )
        }),
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    for e in &parsed.errors {
        let line = analysis.text().byte_to_line(e.range.start) + 1;
        complain(
            &format!("{name}:{line}"),
            &format!("{}: {}", e.rule, e.message),
        );
    }
    if parsed.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
