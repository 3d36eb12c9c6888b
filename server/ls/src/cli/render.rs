//! Output of `check`: human, JSON (a stable shape others script against) and SARIF 2.1.0.

use std::io::{self, Write};

use dockerfile_analysis::{Analysis, Diagnostic, Severity, rules};
use serde_json::json;

use super::Format;
use dockerfile_analysis::text::line_col;

/// One finding, positioned for people: 1-based lines, 1-based columns counted in characters.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The file as given or discovered.
    pub file: String,
    /// The rule id.
    pub rule: &'static str,
    /// The severity.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Start line.
    pub line: u32,
    /// Start column.
    pub column: u32,
    /// End line.
    pub end_line: u32,
    /// End column (exclusive).
    pub end_column: u32,
    /// The text of the start line, for the human format.
    pub source_line: String,
    /// The preferred fix's title, if the finding has one.
    pub fix: Option<String>,
    /// Whether `check --fix` applies that fix (safe, and edits only this file).
    pub auto_fixable: bool,
}

impl Finding {
    /// Positions a diagnostic of `analysis`.
    #[must_use]
    pub fn new(file: &str, analysis: &Analysis, d: &Diagnostic) -> Finding {
        Finding::in_text(file, analysis.text(), d)
    }

    /// Positions a diagnostic of any text (a build file's).
    #[must_use]
    pub fn in_text(file: &str, rope: &dockerfile_analysis::Rope, d: &Diagnostic) -> Finding {
        let (line, column) = line_col(rope, d.range.start);
        let (end_line, end_column) = line_col(rope, d.range.end);
        let source_line = rope
            .get_line((line as usize).saturating_sub(1))
            .map(|l| {
                l.to_string()
                    .trim_start_matches('\u{feff}')
                    .trim_end_matches(['\n', '\r'])
                    .to_owned()
            })
            .unwrap_or_default();
        Finding {
            file: file.to_owned(),
            rule: d.rule,
            severity: d.severity,
            message: d.message.clone(),
            line,
            column,
            end_line,
            end_column,
            source_line,
            fix: d.fixes.first().map(|f| f.title.clone()),
            auto_fixable: d.fixes.first().is_some_and(|f| {
                f.applicability == dockerfile_analysis::Applicability::Safe
                    && f.new_files.is_empty()
            }),
        }
    }
}

/// The JSON shape of a finding: stable, scripts depend on it (fields in this order).
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    /// The preferred fix's title (null when there is none).
    fix: Option<&'a str>,
}

/// Writes the findings to stdout in `format`.
pub fn write(format: Format, findings: &[Finding], files: usize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match format {
        Format::Human => human(&mut out, findings, files),
        Format::Json => {
            let items: Vec<JsonFinding<'_>> = findings
                .iter()
                .map(|f| JsonFinding {
                    file: &f.file,
                    rule: f.rule,
                    severity: f.severity.as_str(),
                    message: &f.message,
                    line: f.line,
                    column: f.column,
                    end_line: f.end_line,
                    end_column: f.end_column,
                    fix: f.fix.as_deref(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &items)?;
            writeln!(out)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &sarif(findings))?;
            writeln!(out)
        }
    }
}

fn human(out: &mut impl Write, findings: &[Finding], files: usize) -> io::Result<()> {
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.file,
            f.line,
            f.column,
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
        let gutter = f.line.to_string();
        writeln!(out, "{gutter} | {}", f.source_line.replace('\t', " "))?;
        let width = if f.end_line == f.line {
            f.end_column.saturating_sub(f.column).max(1)
        } else {
            u32::try_from(f.source_line.chars().count())
                .unwrap_or(u32::MAX)
                .saturating_sub(f.column - 1)
                .max(1)
        };
        let pad = " ".repeat(gutter.len());
        let indent = " ".repeat(f.column.saturating_sub(1) as usize);
        writeln!(out, "{pad} | {indent}{}", "^".repeat(width as usize))?;
        if let Some(fix) = &f.fix {
            let how = if f.auto_fixable {
                " (--fix)"
            } else {
                " (in the editor)"
            };
            writeln!(out, "{pad} = fix{how}: {fix}")?;
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if findings.is_empty() && files == 0 {
        Ok(())
    } else if findings.is_empty() {
        writeln!(out, "No problems found in {}.", plural(files, "file"))
    } else {
        writeln!(
            out,
            "Found {} ({}, {}, {} other) in {}.",
            plural(findings.len(), "problem"),
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            count(Severity::Info) + count(Severity::Hint),
            plural(files, "file")
        )?;
        let fixable = findings.iter().filter(|f| f.auto_fixable).count();
        if fixable > 0 {
            writeln!(
                out,
                "{} fixable with `dockerfile-ls check --fix`.",
                plural(fixable, "problem")
            )?;
        }
        Ok(())
    }
}

fn sarif(findings: &[Finding]) -> serde_json::Value {
    let rules: Vec<_> = rules::REGISTRY
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({ "id": m.id, "shortDescription": { "text": m.summary }, "fullDescription": { "markdown": m.docs(), "text": m.summary } })
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.rule,
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info | Severity::Hint => "note" },
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": f.file.replace('\\', "/") },
                    "region": { "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column }
                }}]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "dockerfile-ls", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}
