//! The complexity guard: the work one keystroke causes in the parsing layers and the per-RUN
//! rules — instructions the scanner reads, RUN scripts tree-sitter-bash parses, RUNs the
//! per-RUN rules check — must not grow with the document.
//! It counts work (`dockerfile_analysis::work`), not time, so it holds on a loaded machine.
//! The counters are process-wide: the tests run one after the other (`nextest` runs each in
//! its own process; under `cargo test` they share one, which a lock keeps apart).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use dockerfile_analysis::work_counters::Work;
use dockerfile_analysis::{Analysis, BuildConfig, Document, TextEdit, TextRange};

/// The work of one keystroke in the middle of a `lines`-line document, after the document
/// was opened and analysed once (as the server does: edit, snapshot, findings).
fn keystroke(lines: usize) -> Work {
    let text = dockerfile_ls_tests::generate_dockerfile(lines);
    let mut doc = Document::new(&text);
    let config = BuildConfig::default();
    let first = Analysis::with_parsed(doc.text().clone(), None, doc.parsed(), &config);
    let _ = first.diagnostics();
    // The first analysis gives its instructions up, as the server's does.
    drop(first.retire());
    // Into a RUN line in the middle, so the edited instruction's script is parsed again.
    let mid = text.len() / 2;
    let at = text[mid..].find("\nRUN ").map_or(mid, |p| mid + p + 5);
    let before = Work::now();
    doc.apply_edit(&TextEdit {
        range: TextRange::empty(at),
        new_text: "x".into(),
    });
    let a = Analysis::with_parsed(doc.text().clone(), None, doc.parsed(), &config);
    let _ = a.diagnostics();
    Work::now().since(before)
}

#[test]
fn keystroke_parsing_work_does_not_grow_with_the_document() {
    let _one_at_a_time = LOCK.lock();
    let small = keystroke(1_000);
    let large = keystroke(50_000);
    println!("1k lines: {small:?}\n50k lines: {large:?}");
    // A keystroke re-reads a couple of instructions and re-parses the script it touched.
    assert!(small.instructions_scanned >= 1, "{small:?}");
    assert!(small.shell_scripts_parsed >= 1, "{small:?}");
    assert!(small.runs_checked >= 1, "{small:?}");
    for (what, s, l) in [
        (
            "instructions scanned",
            small.instructions_scanned,
            large.instructions_scanned,
        ),
        (
            "shell scripts parsed",
            small.shell_scripts_parsed,
            large.shell_scripts_parsed,
        ),
        ("RUNs checked", small.runs_checked, large.runs_checked),
    ] {
        assert!(
            l <= 3 * s + 2,
            "{what}: {l} for a keystroke at 50k lines against {s} at 1k: the work grows with the file"
        );
    }
}

/// The references through a variable (`FROM python:${V}-slim`, `FROM bin-$TARGETOS`) are
/// matched against the stage names once per distinct pattern that can name a stage: on the
/// real-world shape (image references with variables, thousands of stages) the work stayed
/// quadratic before (every reference against every stage).
#[test]
fn stage_pattern_work_does_not_grow_with_the_square_of_the_document() {
    use dockerfile_ls_tests::shapes::Shape;
    let _one_at_a_time = LOCK.lock();
    let work = |lines: usize| {
        let text = Shape::RealWorld.text(lines).unwrap();
        let before = Work::now();
        let _ = Analysis::from_text(&text, &BuildConfig::default()).diagnostics();
        Work::now().since(before).stage_names_matched
    };
    let (small, large) = (work(1_000), work(20_000));
    assert!(
        large <= 30 * small + 1_000,
        "stage names matched: {large} at 20k lines against {small} at 1k"
    );
}

/// The work counters are global: tests that read them take turns.
static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
