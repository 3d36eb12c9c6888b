//! The syntax layer.
//!
//! Two views of the same text live here:
//! - the **tree-sitter tree** (`tree.rs`), made on demand (the `syntaxTree` request, the
//!   CLI's `syntax`) and from then on updated incrementally off the latency path (see
//!   `document.rs`); it is the structural view that editors' highlighting agrees with;
//! - the **logical instructions** (`scan.rs`), derived the way BuildKit's own parser derives
//!   them. They are the authority for everything semantic.
//!
//! Why not read instructions off the tree: measured on 2,490 real Dockerfiles that BuildKit
//! builds, the grammar leaves ERROR nodes in 40% of them and silently mis-parses some others
//! (a trailing space after `COPY`'s destination, comments inside continued ENV). BuildKit's
//! grammar is line-oriented and tiny; deriving it directly is linear in the file, costs a few
//! milliseconds at 50,000 lines, and is checked file for file against BuildKit's parser
//! (`tests/differential`). So an ERROR node is never a diagnostic: only what BuildKit rejects is.

pub mod instruction;
pub mod scan;
pub mod shell;
pub mod tree;
pub mod validate;
pub(crate) mod words;

pub use instruction::{Flag, Heredoc, Instruction, Keyword, Mount, MountOption, Word};
pub use scan::{Parsed, scan};

use crate::text::TextRange;

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The directive's name, lower-cased.
    pub name: String,
    /// Its value, trimmed.
    pub value: String,
    /// The whole comment line.
    pub range: TextRange,
    /// The name in the source.
    pub name_range: TextRange,
    /// The value in the source.
    pub value_range: TextRange,
}

/// Something BuildKit's parser rejects: the build would fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The id of the rule that reports it (`ParseError`, `UnknownInstruction`, `InvalidFlag`).
    pub rule: &'static str,
    /// What is wrong, in BuildKit's words where it has them.
    pub message: String,
    /// The offending text.
    pub range: TextRange,
}

impl SyntaxError {
    pub(crate) fn parse(range: TextRange, message: String) -> Self {
        Self {
            rule: "ParseError",
            message,
            range,
        }
    }

    pub(crate) fn flag(range: TextRange, message: String) -> Self {
        Self {
            rule: "InvalidFlag",
            message,
            range,
        }
    }
}
