//! `dockerfile-analysis`: everything dockerfile-ls knows about a Dockerfile, with no LSP, no
//! I/O and no async in sight.
//!
//! - [`text`]: byte ranges, edits, BuildKit's LF line splitting.
//! - [`Document`]: an editable rope plus an incrementally reparsed tree-sitter tree.
//! - [`syntax`]: the logical instructions derived the way BuildKit's parser derives them, and
//!   the errors BuildKit would stop the build with.
//! - [`model`]: stages, stage references, ARG/ENV declarations and uses.
//! - [`rules`]: one module per diagnostic rule, in a registry.
//! - [`builds`]: Compose and Bake files, CI workflows and Makefiles as build entries, checked
//!   against the Dockerfiles they build.
//! - [`catalog`]: static knowledge (instructions, flags, mounts, directives, predefined ARGs).
//! - [`ide`]: editor features (go to definition, …) as functions of a snapshot and an offset.
//! - [`fix`], [`diagnostic`]: findings and applying their fixes.
//! - [`names`], [`concurrent`], [`work_counters`]: comparing names (did you mean, globs),
//!   work on every core, and the counters the complexity test reads.
//!
//! An [`Analysis`] is an immutable snapshot: cheap to clone and share across threads.

#![warn(missing_docs)]

pub mod builds;
pub mod catalog;
pub mod concurrent;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod ide;
pub mod ignorefile;
pub mod model;
pub mod names;
pub mod rules;
pub mod syntax;
pub mod text;
pub mod work_counters;

#[cfg(test)]
pub(crate) mod testing;

use std::sync::{Arc, OnceLock};

pub use diagnostic::{Applicability, Diagnostic, Fix, NewFile, Related, Severity, Tag};
pub use document::Document;
pub use model::{BuildConfig, BuildContext, Builder, Model, Variables};
pub use ropey::{Rope, RopeSlice};
pub use rules::config::{Level, RuleSettings};
pub use syntax::{Instruction, Keyword, Parsed};
pub use text::{TextEdit, TextRange};
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
    shell: OnceLock<Box<[ScriptSlot]>>,
    /// Shells in effect and Windows stages, computed on first use.
    platform: OnceLock<model::platform::Platform>,
    /// The instructions [`Analysis::run_scripts`] yields (RUNs with a POSIX script), found
    /// on first use: the whole-file rules that read scripts walk this list, not every
    /// instruction.
    script_runs: OnceLock<Box<[usize]>>,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("len", &self.inner.rope.len_bytes())
            .field("instructions", &self.inner.parsed.instructions.len())
            .finish_non_exhaustive()
    }
}

/// What is left of an [`Analysis`] given up with [`Analysis::retire`]: freed when dropped.
pub struct Retired {
    _rest: Option<Box<dyn Send + Sync>>,
}

impl std::fmt::Debug for Retired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Retired")
    }
}

/// An instruction's script in the document's offsets, copied from its cache on first use.
type ScriptSlot = OnceLock<Option<Box<syntax::shell::Script>>>;

/// From this many unparsed RUN scripts on, they are parsed (and their per-RUN findings
/// computed, see `rules::engine`) on all cores. A script takes tree-sitter-bash 35–55 µs
/// and starting the threads about 0.1 ms, so a few dozen are worth it (a 1,000-line file
/// with 185 RUNs opens in ~14 ms on two cores, ~18 ms on one).
pub(crate) const PARALLEL_SHELL_PARSE: usize = 32;

/// The RUN an instruction runs: itself, or the trigger of `ONBUILD RUN`.
pub(crate) fn run_of(ins: &Instruction) -> Option<&Instruction> {
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
                script_runs: OnceLock::new(),
            }),
        }
    }

    /// Analyses a text from scratch, without a tree-sitter tree (nothing semantic needs it):
    /// the CLI's entry point.
    #[must_use]
    pub fn from_text(text: &str, config: &BuildConfig) -> Analysis {
        Analysis::new(Rope::from_str(text), None, config)
    }

    /// Gives up this snapshot. When no other handle shares it, its share of the logical
    /// instructions is released at once — so that the [`Document`] they came from updates
    /// them in place on the next edit instead of copying every one — and the rest (model,
    /// scripts, variables), which can take milliseconds to free, is returned to be dropped
    /// later, off the keystroke's path.
    #[must_use]
    pub fn retire(self) -> Retired {
        match Arc::try_unwrap(self.inner) {
            Ok(inner) => {
                let Inner {
                    rope,
                    tree,
                    parsed,
                    model,
                    variables,
                    shell,
                    platform,
                    script_runs,
                } = inner;
                drop(parsed);
                Retired {
                    _rest: Some(Box::new((
                        rope,
                        tree,
                        model,
                        variables,
                        shell,
                        platform,
                        script_runs,
                    ))),
                }
            }
            Err(shared) => Retired {
                _rest: Some(Box::new(shared)),
            },
        }
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
    ) -> impl Iterator<Item = (usize, &Instruction, &syntax::shell::Script)> + '_ {
        let ins = &self.inner.parsed.instructions;
        let _ = self.script_slots();
        ins.iter()
            .enumerate()
            .filter_map(move |(i, x)| Some((i, run_of(x)?, self.run_script(i)?)))
    }

    /// The scripts of [`Analysis::run_scripts`] as cached on their instructions, with ranges
    /// relative to the RUN: each with the RUN's start, which [`TextRange::after`] adds to a
    /// range to place it in the document. What a whole-file rule reads to compare positions
    /// within a script and report a few of them, without copying every script.
    pub fn run_scripts_relative(
        &self,
    ) -> impl Iterator<Item = (usize, &Instruction, &syntax::shell::Script, usize)> + '_ {
        let ins = &self.inner.parsed.instructions;
        self.script_runs().iter().filter_map(move |&i| {
            let run = run_of(ins.get(i)?)?;
            Some((
                i,
                run,
                syntax::shell::relative_script(run)?,
                run.range.start,
            ))
        })
    }

    /// The script of instruction `i` as [`Analysis::run_scripts_relative`] gives it: relative
    /// to its RUN, with the RUN's start.
    #[must_use]
    pub fn run_script_relative(&self, i: usize) -> Option<(&syntax::shell::Script, usize)> {
        if self.script_runs().binary_search(&i).is_err() {
            return None;
        }
        let run = run_of(self.inner.parsed.instructions.get(i)?)?;
        Some((syntax::shell::relative_script(run)?, run.range.start))
    }

    /// The indices of the instructions with a script (see [`Inner::script_runs`]).
    pub(crate) fn script_runs(&self) -> &[usize] {
        self.inner.script_runs.get_or_init(|| {
            // A large document's scripts are parsed on every core first.
            let _ = self.script_slots();
            let ins = &self.inner.parsed.instructions;
            ins.iter()
                .enumerate()
                .filter(|(i, x)| self.has_run_script(*i, x))
                .map(|(i, _)| i)
                .collect()
        })
    }

    /// The script of instruction `i` (see [`Analysis::run_scripts`]), copied to the
    /// document's offsets on first use.
    #[must_use]
    pub fn run_script(&self, i: usize) -> Option<&syntax::shell::Script> {
        let slot = self.script_slots().get(i)?;
        slot.get_or_init(|| {
            let x = self.inner.parsed.instructions.get(i)?;
            if !self.has_run_script(i, x) {
                return None;
            }
            syntax::shell::script_of(run_of(x)?).map(Box::new)
        })
        .as_deref()
    }

    /// One slot per instruction for its script in the document's offsets. Made on first
    /// use, after parsing every script not parsed yet — on every core when there are many
    /// (the first analysis of a big document, or `check`); later snapshots reuse each
    /// instruction's parsed script and stay on this thread.
    pub(crate) fn script_slots(&self) -> &[ScriptSlot] {
        self.inner.shell.get_or_init(|| {
            let ins = &self.inner.parsed.instructions;
            let unparsed = ins
                .iter()
                .filter_map(run_of)
                .filter(|r| !r.shell.is_filled())
                .take(PARALLEL_SHELL_PARSE)
                .count();
            if unparsed >= PARALLEL_SHELL_PARSE {
                let _ = self.platform();
                let indices: Vec<usize> = (0..ins.len()).collect();
                // Parses each script (kept on its instruction).
                let _ = concurrent::parallel_map(&indices, |&i| {
                    ins.get(i).is_some_and(|x| self.has_run_script(i, x))
                });
            }
            ins.iter().map(|_| OnceLock::new()).collect()
        })
    }

    /// Whether instruction `i` has a POSIX script that [`Analysis::run_scripts`] yields, and
    /// where its RUN starts (the ONBUILD instruction, for a trigger): the per-RUN findings
    /// are kept relative to that.
    pub(crate) fn has_run_script(&self, i: usize, x: &Instruction) -> bool {
        if self.inner.rope.len_bytes() > SHELL_ANALYSIS_LIMIT {
            return false;
        }
        let Some(run) = run_of(x) else {
            return false;
        };
        let stage = self.inner.model.stage_of.get(i).copied().flatten();
        self.platform()
            .posix_at(&self.inner.parsed.instructions, i, stage)
            && syntax::shell::has_script(run)
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
