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
        // fixtures__fixtures@valid__crlf.Dockerfile.snap -> valid/crlf.Dockerfile;
        // fixtures__build_file_fixtures@whole-build__Dockerfile.snap -> builds/whole-build/Dockerfile.
        let rel = match name.strip_prefix("fixtures__build_file_fixtures@") {
            Some(case) => format!(
                "builds/{}",
                case.trim_end_matches(".snap").replace("__", "/")
            ),
            None => name
                .trim_start_matches("fixtures__fixtures@")
                .trim_end_matches(".snap")
                .replace("__", "/"),
        };
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

/// Build files as data: each `tests/fixtures/builds/<case>/` is a project (a Dockerfile and
/// the Compose, Bake, CI files and Makefiles that build it), indexed as the server and
/// `check` index it. The snapshot shows each build file's entries and findings, then the
/// Dockerfile's builders and findings.
#[test]
fn build_file_fixtures() {
    use dockerfile_analysis::builds::{self, BuildCheck};
    use dockerfile_ls::workspace::{self, BuildIndex, DiskDockerfiles, Limits};
    insta::glob!("../fixtures", "builds/*/Dockerfile", |path| {
        let dir = workspace::absolute(path.parent().unwrap());
        let index = BuildIndex::scan(std::slice::from_ref(&dir), Limits::default());
        let mut files = workspace::find_build_files(std::slice::from_ref(&dir), Limits::default());
        files.sort();
        let rel = |p: &Path| match workspace::relative(p, &dir).display().to_string() {
            r if r.is_empty() => ".".to_owned(),
            r => r,
        };
        let mut out = String::new();
        let mut disk = DiskDockerfiles::default();
        for file in &files {
            let Some(indexed) = index.get(file) else {
                continue;
            };
            let text = &indexed.text;
            let rope = dockerfile_analysis::Rope::from_str(text);
            let at = |o: usize| {
                let (l, c) = dockerfile_analysis::text::line_col(&rope, o);
                format!("{l}:{c}")
            };
            writeln!(out, "{}:", rel(file)).unwrap();
            for e in &indexed.file.entries {
                let value = |v: &Option<builds::Spanned>| {
                    v.as_ref().map_or("-".to_owned(), |s| {
                        format!("{}{}", s.text, if s.dynamic { " (dynamic)" } else { "" })
                    })
                };
                let args: Vec<&str> = e.args.iter().map(|a| a.name.text.as_str()).collect();
                let secrets: Vec<&str> = e.secrets.iter().map(|s| s.id.text.as_str()).collect();
                writeln!(
                    out,
                    "  {} at {}: dockerfile {}, context {}, target {}, args {args:?}, secrets {secrets:?}",
                    e.label(),
                    at(e.name.range.start),
                    e.dockerfile_path(file).map_or("(inline or remote)".to_owned(), |p| rel(&p)),
                    e.context_dir(file).map_or("(remote)".to_owned(), |p| rel(&p)),
                    value(&e.target),
                )
                .unwrap();
                if !e.named_contexts.is_empty() {
                    writeln!(out, "    named contexts {:?}", e.named_contexts).unwrap();
                }
            }
            if !indexed.file.kind.is_checked() {
                continue;
            }
            let (dockerfiles, missing_contexts) =
                workspace::resolve(&indexed.file, file, &|_| None, &mut disk);
            let cx = BuildCheck {
                file: &indexed.file,
                text,
                dockerfiles,
                missing_contexts,
            };
            for d in builds::check(&cx, &RuleSettings::default()) {
                let message = d.message.replace(&dir.display().to_string(), "<case>");
                writeln!(
                    out,
                    "  {}-{} {} {}: {message}",
                    at(d.range.start),
                    at(d.range.end),
                    d.severity.as_str(),
                    d.rule
                )
                .unwrap();
                for f in &d.fixes {
                    writeln!(out, "    fix: {}", f.title).unwrap();
                }
            }
        }
        // The Dockerfile, analysed with who builds it and the context they agree on.
        let dockerfile = workspace::absolute(path);
        let builders = index.builders_of(&dockerfile).unwrap_or_default();
        writeln!(out, "Dockerfile built by:").unwrap();
        for b in &builders {
            writeln!(out, "  {} ({}) target {:?}", b.label, b.place, b.target).unwrap();
        }
        let context = workspace::agreed_context(&builders);
        let config = BuildConfig {
            context: Some(dockerfile_ls::config::build_context(
                &dockerfile,
                context.as_deref(),
            )),
            builders: Some(builders),
            ..BuildConfig::default()
        };
        let a = Analysis::from_text(&std::fs::read_to_string(path).unwrap(), &config);
        writeln!(out, "Dockerfile findings:").unwrap();
        for d in a.diagnostics() {
            writeln!(
                out,
                "  {} {} {}: {}",
                span(&a, d.range),
                d.severity.as_str(),
                d.rule,
                d.message
            )
            .unwrap();
        }
        insta::assert_snapshot!(out);
    });
}
