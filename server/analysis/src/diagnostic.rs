//! Diagnostics as plain data: what the rules produce and every front end (LSP, CLI) renders.

use crate::text::TextRange;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build works, but something is likely wrong or harmful.
    Warning,
    /// A suggestion.
    Info,
    /// A quiet hint (shown faded or not at all by most editors).
    Hint,
}

impl Severity {
    /// The lower-case name used in settings and JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Parses `error`, `warning`, `info` or `hint`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Extra meaning an editor can render (faded for unnecessary code, struck through for deprecated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// The code has no effect on the result.
    Unnecessary,
    /// The construct is deprecated.
    Deprecated,
}

/// Another place that matters for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub range: TextRange,
    /// Why it matters.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable id of the rule.
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// The offending text (a token, not a whole line).
    pub range: TextRange,
    /// Other places that matter.
    pub related: Vec<Related>,
    /// Editor tags.
    pub tags: Vec<Tag>,
}
