//! `dockerfile-analysis`: everything dockerfile-ls knows about a Dockerfile, with no LSP, no
//! I/O and no async in sight.
//!
//! - [`text`]: byte ranges, edits, BuildKit's LF line splitting.
//! - [`Document`]: an editable rope plus an incrementally reparsed tree-sitter tree.
//! - [`syntax`]: the logical instructions derived the way BuildKit's parser derives them, and
//!   the errors BuildKit would stop the build with.
//! - [`model`]: stages, stage references, ARG/ENV declarations and uses.
//! - [`rules`]: one module per diagnostic rule, in a registry.
//! - [`catalog`]: static knowledge (instructions, flags, mounts, directives, predefined ARGs).
//! - [`ide`]: editor features (go to definition, …) as functions of a snapshot and an offset.
//!
//! An [`Analysis`] is an immutable snapshot: cheap to clone and share across threads.

#![warn(missing_docs)]

pub mod catalog;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod ide;
pub mod model;
pub mod rules;
pub(crate) mod suppress;
pub mod syntax;
pub mod text;
pub mod util;
pub mod work;

#[cfg(test)]
pub(crate) mod testing;

use std::sync::{Arc, OnceLock};

pub use config::{Level, RuleSettings};
pub use diagnostic::{Applicability, Diagnostic, Fix, NewFile, Related, Severity, Tag, TextEdit};
pub use document::Document;
pub use model::{BuildConfig, BuildContext, Model, Variables};
pub use ropey::{Rope, RopeSlice};
pub use syntax::{Instruction, Keyword, Parsed};
pub use text::{Edit, TextRange};
use tree_sitter::Tree;

/// Files larger than this (8 MiB) get no shell analysis of their RUN scripts: the rules
/// about shell commands do not run, and a notice says so.
pub const SHELL_ANALYSIS_LIMIT: usize = 8 << 20;

/// An immutable, fully analysed snapshot of a document.
#[derive(Clone)]
pub struct Analysis {
    inner: Arc<Inner>,
}

struct Inner {
    rope: Rope,
    tree: Option<Tree>,
    parsed: Arc<Parsed>,
    model: Model,
    /// Built on first use.
    variables: OnceLock<Variables>,
    /// Each instruction's shell script (RUN in shell form only), parsed on first use.
    shell: OnceLock<Vec<Option<syntax::shell::Script>>>,
    /// Shells in effect and Windows stages, computed on first use.
    platform: OnceLock<model::platform::Platform>,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("len", &self.inner.rope.len_bytes())
            .field("instructions", &self.inner.parsed.instructions.len())
            .finish_non_exhaustive()
    }
}

/// From this many unparsed RUN scripts on, they are parsed on all cores.
const PARALLEL_SHELL_PARSE: usize = 500;

/// The RUN an instruction runs: itself, or the trigger of `ONBUILD RUN`.
fn run_of(ins: &Instruction) -> Option<&Instruction> {
    Some(ins.effective()).filter(|i| i.kind == syntax::Keyword::Run)
}

impl Analysis {
    /// Analyses `rope` (whose tree, if known, is `tree`).
    #[must_use]
    pub fn new(rope: Rope, tree: Option<Tree>, config: &BuildConfig) -> Analysis {
        let parsed = Arc::new(syntax::scan(&rope));
        Analysis::with_parsed(rope, tree, parsed, config)
    }

    /// Analyses `rope` whose logical instructions are already known (kept up to date
    /// incrementally by a [`Document`]).
    #[must_use]
    pub fn with_parsed(
        rope: Rope,
        tree: Option<Tree>,
        parsed: Arc<Parsed>,
        config: &BuildConfig,
    ) -> Analysis {
        let model = Model::build(&parsed, config);
        Analysis {
            inner: Arc::new(Inner {
                rope,
                tree,
                parsed,
                model,
                variables: OnceLock::new(),
                shell: OnceLock::new(),
                platform: OnceLock::new(),
            }),
        }
    }

    /// Analyses a text from scratch, without a tree-sitter tree (nothing semantic needs it):
    /// the CLI's entry point.
    #[must_use]
    pub fn from_text(text: &str, config: &BuildConfig) -> Analysis {
        Analysis::new(Rope::from_str(text), None, config)
    }

    /// The text.
    #[must_use]
    pub fn text(&self) -> &Rope {
        &self.inner.rope
    }

    /// The tree-sitter tree, when the grammar could be loaded.
    #[must_use]
    pub fn tree(&self) -> Option<&Tree> {
        self.inner.tree.as_ref()
    }

    /// The logical instructions, directives and syntax errors.
    #[must_use]
    pub fn parsed(&self) -> &Parsed {
        &self.inner.parsed
    }

    /// The semantic model.
    #[must_use]
    pub fn model(&self) -> &Model {
        &self.inner.model
    }

    /// Every ARG/ENV declaration and variable use (computed on first use, then kept).
    #[must_use]
    pub fn variables(&self) -> &Variables {
        self.inner.variables.get_or_init(|| {
            Variables::build(&self.inner.parsed, &self.inner.model, &self.inner.rope)
        })
    }

    /// The SHELL in effect at each instruction and the Windows stages (computed on first use).
    #[must_use]
    pub fn platform(&self) -> &model::platform::Platform {
        self.inner.platform.get_or_init(|| {
            model::platform::Platform::build(&self.inner.parsed.instructions, &self.inner.model)
        })
    }

    /// The POSIX shell script of every RUN — shell form, `["sh", "-c", "…"]`, and the RUN
    /// triggers of ONBUILD — parsed with tree-sitter-bash on first use, then kept: the
    /// instruction's index, the RUN (the trigger, for ONBUILD) and its script. RUNs under a
    /// non-POSIX `SHELL` (PowerShell, cmd) or in a Windows stage without one are left out.
    pub fn run_scripts(
        &self,
    ) -> impl Iterator<Item = (usize, &Instruction, &syntax::shell::Script)> {
        let ins = &self.inner.parsed.instructions;
        let scripts = self.inner.shell.get_or_init(|| {
            if self.inner.rope.len_bytes() > SHELL_ANALYSIS_LIMIT {
                // Past this size, parsing every script would cost more than it tells.
                return vec![None; ins.len()];
            }
            let platform = self.platform();
            let stage_of = &self.inner.model.stage_of;
            let script = |i: usize, x: &Instruction| {
                let run = run_of(x)?;
                let stage = stage_of.get(i).copied().flatten();
                if !platform.posix_at(ins, i, stage) {
                    return None;
                }
                syntax::shell::script_of(run)
            };
            // Scripts parse independently: when many are still unparsed (the first analysis
            // of a big document, or `check`), they are parsed on every core. Later snapshots
            // reuse each instruction's cached script, and stay on this thread.
            let unparsed = ins
                .iter()
                .filter_map(run_of)
                .filter(|r| !r.shell.is_filled())
                .take(PARALLEL_SHELL_PARSE)
                .count();
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            if unparsed < PARALLEL_SHELL_PARSE || threads < 2 {
                return ins.iter().enumerate().map(|(i, x)| script(i, x)).collect();
            }
            let chunk = ins.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let parts: Vec<_> = ins
                    .chunks(chunk)
                    .enumerate()
                    .map(|(c, part)| {
                        let script = &script;
                        scope.spawn(move || {
                            part.iter()
                                .enumerate()
                                .map(|(k, x)| script(c * chunk + k, x))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                // A panicking parse (none is known) costs that chunk's scripts, not the file.
                parts
                    .into_iter()
                    .zip(ins.chunks(chunk))
                    .flat_map(|(h, part)| h.join().unwrap_or_else(|_| vec![None; part.len()]))
                    .collect()
            })
        });
        scripts
            .iter()
            .enumerate()
            .filter_map(move |(i, s)| Some((i, run_of(ins.get(i)?)?, s.as_ref()?)))
    }

    /// Every rule's findings, ordered by position.
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        rules::run_all(self, &RuleSettings::default())
    }

    /// The findings of the rules `settings` enable, with the configured severities.
    #[must_use]
    pub fn diagnostics_with(&self, settings: &RuleSettings) -> Vec<Diagnostic> {
        rules::run_all(self, settings)
    }

    /// The index of the instruction whose range touches `offset`.
    #[must_use]
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let ins = &self.inner.parsed.instructions;
        let i = ins.partition_point(|x| x.range.end < offset);
        ins.get(i).filter(|x| x.range.touches(offset)).map(|_| i)
    }
}
