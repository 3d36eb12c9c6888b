//! Parser directives: `# name=value` comments at the very top of a Dockerfile.

use super::{Value, v};

/// One parser directive.
#[derive(Debug, Clone, Copy)]
pub struct DirectiveDoc {
    /// The directive's name.
    pub name: &'static str,
    /// What it does (Markdown).
    pub docs: &'static str,
    /// An example line.
    pub example: &'static str,
    /// Well-known values.
    pub values: &'static [Value],
}

const PLACEMENT: &str = "Directives are only read at the very top of the file, before any \
instruction, blank line or other comment; anywhere else they are plain comments.";

/// Every parser directive BuildKit reads.
pub static DIRECTIVES: &[DirectiveDoc] = &[
    DirectiveDoc {
        name: "syntax",
        docs: "Selects the Dockerfile frontend image BuildKit builds this file with. \
               `docker/dockerfile:1` follows the latest stable 1.x syntax, so newer \
               features (heredocs, `COPY --parents`, `--mount=type=secret,env=`) work even \
               with an older Docker engine.",
        example: "# syntax=docker/dockerfile:1",
        values: &[
            v(
                "docker/dockerfile:1",
                "The latest stable 1.x frontend (recommended).",
            ),
            v(
                "docker/dockerfile:1-labs",
                "The latest 1.x frontend with experimental features.",
            ),
        ],
    },
    DirectiveDoc {
        name: "escape",
        docs: "Sets the character that escapes characters and continues lines: `\\` \
               (default) or `` ` ``. Windows Dockerfiles use the backtick so that paths \
               like `C:\\app\\` keep their backslashes.",
        example: "# escape=`",
        values: &[
            v("\\", "Backslash, the default."),
            v("`", "Backtick, for Windows paths."),
        ],
    },
    DirectiveDoc {
        name: "check",
        docs: "Configures BuildKit's build checks for this file: `skip=<Rule>,<Rule>` (or \
               `skip=all`) turns checks off, `error=true` fails the build on a check \
               warning. Both may be combined with `;`. dockerfile-ls honours the same \
               directive, and a `# check=skip=<Rule>` comment right above an instruction \
               silences a rule for that instruction only.",
        example: "# check=skip=JSONArgsRecommended;error=true",
        values: &[
            v("skip=all", "Turns every build check off."),
            v(
                "error=true",
                "Fails the build when a check reports something.",
            ),
        ],
    },
];

/// The directive named `name` (case-insensitively).
#[must_use]
pub fn directive(name: &str) -> Option<&'static DirectiveDoc> {
    DIRECTIVES
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
}

/// Where directives may stand (shown with each).
#[must_use]
pub fn placement() -> &'static str {
    PLACEMENT
}
