//! Building findings: the `Diagnostic` builders rules use, the findings of a package manager
//! command that lacks a flag, and the rules that report what the parser rejects.

use super::{RuleMeta, stage_anchor};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Related};
use crate::text::{TextEdit, TextRange};

impl Diagnostic {
    /// A finding of `meta`'s rule at its default severity.
    pub(crate) fn new(meta: &RuleMeta, range: TextRange, message: String) -> Diagnostic {
        Diagnostic {
            rule: meta.id,
            severity: meta.severity,
            message,
            range,
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub(crate) fn with_fix(mut self, fix: crate::diagnostic::Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub(crate) fn with_tag(mut self, tag: crate::diagnostic::Tag) -> Diagnostic {
        self.tags.push(tag);
        self
    }

    /// Adds the declaration of stage `s` as related information.
    pub(crate) fn with_stage(self, analysis: &Analysis, s: usize) -> Diagnostic {
        match stage_anchor(analysis, s) {
            Some((range, message)) => self.with_related(range, message),
            None => self,
        }
    }

    pub(crate) fn with_related(
        mut self,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}

/// The rules that report what BuildKit's parser rejects. The scanner finds every error and
/// names its rule (`syntax::SyntaxError::rule`); these rules only report their own, so they
/// differ in their declarations alone and share this one implementation.
pub(super) trait ReportsSyntaxErrors: super::Declared + Sync {}

impl<T: ReportsSyntaxErrors> super::Check for T {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        syntax_errors(T::declared(), analysis, out);
    }
}

/// The syntax errors of one rule id, as diagnostics.
fn syntax_errors(meta: &RuleMeta, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for e in analysis
        .parsed()
        .errors
        .iter()
        .filter(|e| e.rule == meta.id)
    {
        let mut d = Diagnostic::new(meta, e.range, e.message.clone());
        let hint = e
            .message
            .split_once("(did you mean ")
            .and_then(|(_, rest)| rest.strip_suffix("?)"));
        if meta.fixable
            && let Some(hint) = hint
        {
            let original = crate::text::slice(analysis.text(), e.range);
            let replacement = if original.chars().all(|c| !c.is_ascii_uppercase()) {
                hint.to_ascii_lowercase()
            } else {
                hint.to_owned()
            };
            if corrects(analysis, e.range, &replacement) {
                d = d.with_fix(crate::diagnostic::Fix::suggested(
                    format!("Change to `{replacement}`"),
                    vec![crate::text::TextEdit::replace(e.range, replacement)],
                ));
            }
        }
        out.push(d);
    }
}

/// Whether replacing `range` with `replacement` leaves its instruction with no syntax error
/// (a keyword "corrected" to `ONBUILD` in front of another `ONBUILD` would not), checked by
/// scanning that one instruction after a `FROM`.
fn corrects(analysis: &Analysis, range: TextRange, replacement: &str) -> bool {
    let Some(ins) = analysis
        .instruction_at(range.start)
        .and_then(|i| analysis.parsed().instructions.get(i))
    else {
        return false;
    };
    let rope = analysis.text();
    let escape = analysis.parsed().escape;
    let mut text = if escape == '\\' {
        String::new()
    } else {
        format!("# escape={escape}\n")
    };
    text.push_str("FROM scratch\n");
    text.push_str(&crate::text::slice(
        rope,
        TextRange::new(ins.range.start, range.start),
    ));
    text.push_str(replacement);
    text.push_str(&crate::text::slice(
        rope,
        TextRange::new(range.end, ins.range.end),
    ));
    crate::syntax::scan(&crate::Rope::from_str(&text))
        .errors
        .is_empty()
}

/// A finding on a package manager's subcommand (`install`, `add`) that lacks `flag`, with the
/// fix that adds the flag right after the subcommand.
pub(super) fn missing_flag(
    meta: &RuleMeta,
    sub: &crate::syntax::shell::ShellWord,
    message: &str,
    flag: &str,
    applicability: crate::diagnostic::Applicability,
) -> Diagnostic {
    Diagnostic::new(meta, sub.range, message.to_owned()).with_fix(crate::diagnostic::Fix {
        title: format!("Add `{flag}`"),
        edits: vec![TextEdit::insert(sub.range.end, format!(" {flag}"))],
        new_files: Vec::new(),
        applicability,
    })
}
