//! Diagnostics as plain data: what the rules produce and every front end (LSP, CLI) renders.

use crate::text::{TextEdit, TextRange};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build works, but something is likely wrong or harmful.
    Warning,
    /// A suggestion: the build works, but could be better.
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
    /// The other place in the document (the stage a reference points at, the COPY an
    /// ignore pattern hides, …).
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
    /// How an editor may show it besides its severity (faded when unnecessary, struck
    /// through when deprecated).
    pub tags: Vec<Tag>,
    /// Ways to fix it, the preferred one first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The finding with every range in it (its own, related places, fix edits) moved by
    /// `delta` bytes.
    #[must_use]
    pub(crate) fn shifted(&self, delta: isize) -> Diagnostic {
        let sh = |r: TextRange| {
            TextRange::new(
                r.start.saturating_add_signed(delta),
                r.end.saturating_add_signed(delta),
            )
        };
        let mut d = self.clone();
        d.range = sh(d.range);
        for r in &mut d.related {
            r.range = sh(r.range);
        }
        for f in &mut d.fixes {
            for e in &mut f.edits {
                e.range = sh(e.range);
            }
        }
        d
    }
}

/// A file a fix creates (in the build context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// The file name, in the directory `dir`.
    pub name: String,
    /// The directory, relative to the Dockerfile's (`.` beside it, `..`, `../..` above it:
    /// only `.` and `..` segments, so a fix never writes anywhere but up the tree).
    pub dir: String,
    /// The whole text of the new file.
    pub contents: String,
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// The result builds the same image, or the change is what the rule asks for with no
    /// judgement involved: `source.fixAll` and `check --fix` apply it.
    Safe,
    /// The change is right in most cases but may change behaviour (or the build command):
    /// offered as a quick-fix only.
    Suggested,
}

/// One way to fix a diagnostic: edits to the document (non-overlapping) and files to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as a code action title.
    pub title: String,
    /// The edits, non-overlapping, in any order.
    pub edits: Vec<TextEdit>,
    /// Files to create (never overwriting an existing one).
    pub new_files: Vec<NewFile>,
    /// Whether it may be applied unattended.
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix made of `edits`.
    #[must_use]
    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            new_files: Vec::new(),
            applicability: Applicability::Safe,
        }
    }

    /// A fix offered to a human only.
    #[must_use]
    pub fn suggested(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix {
            applicability: Applicability::Suggested,
            ..Fix::safe(title, edits)
        }
    }
}
