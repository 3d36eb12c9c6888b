//! Counters of the work the keystroke path does, for the complexity guard test
//! (`tests/complexity_test`): how many instructions the scanner read, how many RUN scripts
//! were parsed and how many RUNs the per-RUN rules checked. They count work, not time, so a
//! test can compare a 1k-line and a 50k-line document on a noisy machine. One relaxed atomic
//! increment each; nothing reads them in the server.

use std::sync::atomic::{AtomicU64, Ordering};

static SCANNED: AtomicU64 = AtomicU64::new(0);
static SHELL_PARSED: AtomicU64 = AtomicU64::new(0);
static RUNS_CHECKED: AtomicU64 = AtomicU64::new(0);
static STAGE_NAMES_MATCHED: AtomicU64 = AtomicU64::new(0);

/// What has been done so far in this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Work {
    /// Logical instructions the scanner read (a full scan reads all; a rescan after an edit
    /// reads the touched ones until it meets the old instructions again).
    pub instructions_scanned: u64,
    /// RUN scripts parsed with tree-sitter-bash (instructions a rescan reuses keep theirs).
    pub shell_scripts_parsed: u64,
    /// RUNs the per-RUN rules checked (instructions a rescan reuses keep their findings).
    pub runs_checked: u64,
    /// Stage names compared with a reference pattern (`FROM bin-$TARGETOS`) by UnusedStage.
    pub stage_names_matched: u64,
}

impl Work {
    /// The counters now.
    #[must_use]
    pub fn now() -> Work {
        Work {
            instructions_scanned: SCANNED.load(Ordering::Relaxed),
            shell_scripts_parsed: SHELL_PARSED.load(Ordering::Relaxed),
            runs_checked: RUNS_CHECKED.load(Ordering::Relaxed),
            stage_names_matched: STAGE_NAMES_MATCHED.load(Ordering::Relaxed),
        }
    }

    /// The work done since `earlier`.
    #[must_use]
    pub fn since(self, earlier: Work) -> Work {
        Work {
            instructions_scanned: self.instructions_scanned - earlier.instructions_scanned,
            shell_scripts_parsed: self.shell_scripts_parsed - earlier.shell_scripts_parsed,
            runs_checked: self.runs_checked - earlier.runs_checked,
            stage_names_matched: self.stage_names_matched - earlier.stage_names_matched,
        }
    }
}

pub(crate) fn scanned_one() {
    SCANNED.fetch_add(1, Ordering::Relaxed);
}

pub(crate) fn parsed_one_script() {
    SHELL_PARSED.fetch_add(1, Ordering::Relaxed);
}

pub(crate) fn checked_one_run() {
    RUNS_CHECKED.fetch_add(1, Ordering::Relaxed);
}

pub(crate) fn matched_one_stage_name() {
    STAGE_NAMES_MATCHED.fetch_add(1, Ordering::Relaxed);
}
