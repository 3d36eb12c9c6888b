//! Tests as data: every `tests/fixtures/**/*.Dockerfile` is analysed and rendered — its
//! diagnostics (with related locations), stages and stage references — and compared with its
//! snapshot in `snapshots/`. Review changes with `cargo insta review`; a snapshot whose
//! fixture is gone fails the run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write;
use std::path::Path;

use dockerfile_analysis::fix::fix_all;
use dockerfile_analysis::model::{Base, RefTarget, predefined};
use dockerfile_analysis::{
    Analysis, Applicability, BuildConfig, RuleSettings, Severity, TextRange,
};

fn pos(a: &Analysis, offset: usize) -> String {
    let (line, column) = dockerfile_analysis::text::line_col(a.text(), offset);
    format!("{line}:{column}")
}

fn span(a: &Analysis, r: TextRange) -> String {
    format!("{}-{}", pos(a, r.start), pos(a, r.end))
}

fn render(a: &Analysis) -> String {
    let mut out = String::new();
    let m = a.model();
    writeln!(out, "diagnostics:").unwrap();
    for d in a.diagnostics() {
        writeln!(
            out,
            "  {} {} {}: {}",
            span(a, d.range),
            d.severity.as_str(),
            d.rule,
            d.message
        )
        .unwrap();
        for r in &d.related {
            writeln!(out, "    related {}: {}", span(a, r.range), r.message).unwrap();
        }
        for f in &d.fixes {
            let how = match f.applicability {
                Applicability::Safe => "safe",
                Applicability::Suggested => "suggested",
            };
            writeln!(out, "    fix ({how}): {}", f.title).unwrap();
        }
    }
    writeln!(out, "stages:").unwrap();
    for s in &m.stages {
        let base = match &s.base {
            Base::Stage(i) => format!("stage {i}"),
            Base::Image(r) => format!(
                "image registry={:?} repository={} tag={:?} digest={:?}",
                r.registry, r.repository, r.tag, r.digest
            ),
            Base::Scratch => "scratch".to_owned(),
            Base::Dynamic => "dynamic".to_owned(),
            Base::Invalid => "invalid".to_owned(),
        };
        writeln!(
            out,
            "  {} {:?} from {:?} ({base}) platform={:?} instructions {}..{}",
            s.index, s.name, s.base_text, s.platform, s.from, s.end
        )
        .unwrap();
    }
    writeln!(out, "stage references:").unwrap();
    for r in &m.stage_refs {
        let target = match r.target {
            RefTarget::Stage(i) => format!("stage {i}"),
            t => format!("{t:?}"),
        };
        writeln!(
            out,
            "  {} {:?} {:?} in stage {} -> {target}",
            span(a, r.range),
            r.kind,
            r.text,
            r.stage
        )
        .unwrap();
    }
    let v = a.variables();
    let unresolved: Vec<&str> = v
        .uses
        .iter()
        .filter(|u| {
            u.expanded_by_buildkit
                && !u.has_default
                && v.declaration_of(m, u).is_none()
                && predefined(&u.name).is_none()
        })
        .map(|u| u.name.as_str())
        .collect();
    writeln!(
        out,
        "variables: {} declared, {} used, without declaration: {unresolved:?}",
        v.decls.len(),
        v.uses.len()
    )
    .unwrap();
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "**/*.Dockerfile", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let a = Analysis::from_text(&text, &BuildConfig::default());
        let mut rendered = render(&a);
        // Every safe fix applied: the result, and a check that it broke nothing.
        let fixed = fix_all(&a, &BuildConfig::default(), &RuleSettings::default());
        if !fixed.applied.is_empty() {
            let b = Analysis::from_text(&fixed.text, &BuildConfig::default());
            let errors = |x: &Analysis| {
                x.diagnostics()
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count()
            };
            assert!(
                errors(&b) <= errors(&a),
                "fix all added errors in {}:\n{}",
                path.display(),
                fixed.text
            );
            let remaining: Vec<&str> = b.diagnostics().iter().map(|d| d.rule).collect();
            write!(
                rendered,
                "after fix all ({} fixes), remaining {remaining:?}:\n{}",
                fixed.applied.len(),
                fixed.text
            )
            .unwrap();
        }
        // Under refactorings/: every suggested fix, applied alone (the editor-only actions).
        if path.components().any(|c| c.as_os_str() == "refactorings") {
            for d in a.diagnostics() {
                for f in d
                    .fixes
                    .iter()
                    .filter(|f| f.applicability == Applicability::Suggested)
                {
                    let (text, complete) = dockerfile_analysis::fix::apply_edits(&text, &f.edits);
                    assert!(complete, "{}: overlapping edits in {}", d.rule, f.title);
                    let b = Analysis::from_text(&text, &BuildConfig::default());
                    assert!(
                        !b.diagnostics()
                            .iter()
                            .any(|x| x.severity == Severity::Error),
                        "{} `{}` made an error in {}:\n{text}",
                        d.rule,
                        f.title,
                        path.display()
                    );
                    write!(rendered, "after {} `{}`:\n{text}", d.rule, f.title).unwrap();
                }
            }
        }
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn no_snapshot_outlives_its_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures_test/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            panic!("unreviewed snapshot {name}: run `cargo insta review`");
        }
        // fixtures__fixtures@valid__crlf.Dockerfile.snap -> valid/crlf.Dockerfile
        let rel = name
            .trim_start_matches("fixtures__fixtures@")
            .trim_end_matches(".snap")
            .replace("__", "/");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(&rel);
        assert!(
            fixture.exists(),
            "snapshot {name} has no fixture {}",
            fixture.display()
        );
    }
}
