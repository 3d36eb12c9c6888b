//! `dockerfile-ls rules [ID]`: the rule registry, or one rule's documentation.

use std::io::Write;
use std::process::ExitCode;

use dockerfile_analysis::names::suggest;
use dockerfile_analysis::rules::{REGISTRY, RuleMeta, docs_page, find};
use serde_json::json;

use super::{RulesArgs, SyntaxFormat, complain};

fn summary_json(m: &RuleMeta) -> serde_json::Value {
    json!({
        "id": m.id,
        "aliases": m.aliases,
        "severity": m.severity.as_str(),
        "default": m.default_level(),
        "buildkit_check": m.buildkit_check,
        "fixable": m.fixable,
        "summary": m.summary,
    })
}

/// Runs `rules`.
#[must_use]
pub fn run(args: &RulesArgs) -> ExitCode {
    let json_out = args.format == SyntaxFormat::Json;
    let mut out = std::io::stdout().lock();
    let written = match &args.id {
        Some(id) => {
            let Some(rule) = find(id) else {
                let hint = suggest(id, REGISTRY.iter().map(|r| r.meta().id))
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                complain(
                    id,
                    &format!("no such rule{hint}; `dockerfile-ls rules` lists them"),
                );
                return ExitCode::from(2);
            };
            let m = rule.meta();
            if json_out {
                let mut v = summary_json(m);
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("docs".to_owned(), json!(docs_page(m)));
                }
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&v).unwrap_or_default()
                )
            } else {
                write!(out, "{}", docs_page(m))
            }
        }
        None if json_out => {
            let all: Vec<_> = REGISTRY.iter().map(|r| summary_json(r.meta())).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&all).unwrap_or_default()
            )
        }
        None => REGISTRY.iter().try_for_each(|r| {
            let m = r.meta();
            let aliases = if m.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", m.aliases.join(", "))
            };
            writeln!(
                out,
                "{:<32} {:<8} {:<4} {}{aliases}",
                m.id,
                m.default_level(),
                if m.fixable { "fix" } else { "" },
                m.summary
            )
        }),
    };
    if written.is_err() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
