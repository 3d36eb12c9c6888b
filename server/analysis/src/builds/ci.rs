//! CI files and Makefiles: the builds their commands run. GitHub workflows (`run:` steps,
//! `docker/build-push-action` steps), `.gitlab-ci.yml` (`script`, `before_script`,
//! `after_script`) and Makefile recipes.

use super::command::builds_in;
use super::yaml::{self, Scalar, Value, Yaml};
use super::{Base, BuildEntry, BuildFile, EntryArg, EntryKind, EntrySecret, Spanned};
use crate::syntax::shell::parse_text;
use crate::text::TextRange;

/// The builds a shell script written as a YAML scalar runs.
fn commands_in(s: &Scalar, text: &str) -> Vec<BuildEntry> {
    if s.verbatim || s.block {
        let source = text.get(s.range.start..s.range.end).unwrap_or_default();
        return builds_in(&parse_text(source, s.range.start), source, s.range.start);
    }
    // Escapes or folded lines: the commands are found in the value, and every span is the
    // whole scalar.
    let mut found = builds_in(&parse_text(&s.text, 0), &s.text, 0);
    for e in &mut found {
        let whole = |sp: &mut Spanned| sp.range = s.range;
        e.range = s.range;
        whole(&mut e.name);
        for x in [&mut e.context, &mut e.dockerfile, &mut e.target]
            .into_iter()
            .flatten()
        {
            whole(x);
        }
        for a in &mut e.args {
            a.range = s.range;
            whole(&mut a.name);
            if let Some(v) = &mut a.value {
                whole(v);
            }
        }
        for x in &mut e.secrets {
            x.range = s.range;
            whole(&mut x.id);
        }
    }
    found
}

pub(super) fn read_workflow(text: &str, file: &mut BuildFile) {
    let Some(root) = yaml::parse(text) else {
        return;
    };
    for job in root.get("jobs").map(Value::pairs).unwrap_or_default() {
        let within = format!("job `{}`", job.key.text);
        let job_dir = job
            .value
            .get("defaults")
            .and_then(|d| d.get("run"))
            .and_then(|r| r.get("working-directory"))
            .and_then(Value::str);
        for (_, step) in job.value.get("steps").map(Value::items).unwrap_or_default() {
            let mut found = Vec::new();
            if let Some(run) = step.get("run").and_then(Value::scalar) {
                let dir = step
                    .get("working-directory")
                    .and_then(Value::str)
                    .or(job_dir);
                for mut e in commands_in(run, text) {
                    // A `cd` before the command moves on from the step's directory.
                    e.workdir = match (dir, e.workdir.take()) {
                        (Some(d), Some(cd)) => Some(format!("{d}/{cd}")),
                        (d, cd) => cd.or_else(|| d.map(str::to_owned)),
                    };
                    found.push(e);
                }
            }
            let uses = step.get("uses").and_then(Value::str).unwrap_or_default();
            if uses.starts_with("docker/build-push-action@") {
                found.extend(build_push_action(step, text));
            }
            for mut e in found {
                e.base = Base::RepositoryRoot;
                e.within = Some(within.clone());
                file.entries.push(e);
            }
        }
    }
}

/// A `docker/build-push-action` step: `context`, `file`, `target`, `build-args` (a line
/// each), `build-contexts` (`name=value` lines), `secrets` (`id=value` lines),
/// `secret-envs` and `secret-files` (`id=…` lines).
fn build_push_action(step: &Value, text: &str) -> Option<BuildEntry> {
    let with = step.get("with");
    let name = step
        .get("name")
        .and_then(Value::scalar)
        .map(|s| Spanned::literal(s.text.clone(), s.range))
        .or_else(|| {
            step.get("uses")
                .and_then(Value::scalar)
                .map(|s| Spanned::literal("docker/build-push-action", s.range))
        })?;
    let mut e = BuildEntry::new(EntryKind::BuildPushAction, name, step.range);
    e.dockerfile_in_context = false;
    let Some(with) = with else {
        return Some(e);
    };
    let scalar = |key: &str| {
        with.get(key).and_then(Value::scalar).map(|s| Spanned {
            text: s.text.clone(),
            range: s.range,
            dynamic: s.text.contains("${{") || s.text.contains("{{"),
        })
    };
    e.context = scalar("context");
    e.dockerfile = scalar("file");
    e.target = scalar("target");
    let lines = |key: &str| -> Vec<(String, TextRange)> {
        with.get(key)
            .and_then(Value::scalar)
            .map(|s| {
                s.lines(text)
                    .into_iter()
                    .map(|(l, r)| (l.to_owned(), r))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (line, range) in lines("build-args") {
        let (name, value) = match line.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (line.clone(), None),
        };
        let exact = range.len() == line.len();
        let sub = |from: usize, to: usize| {
            if exact {
                TextRange::new(range.start + from, range.start + to)
            } else {
                range
            }
        };
        e.args.push(EntryArg {
            name: Spanned::literal(name.clone(), sub(0, name.len())),
            value: value.map(|v| Spanned {
                range: sub(name.len() + 1, line.len()),
                dynamic: v.contains("${{"),
                text: v,
            }),
            range,
        });
    }
    // `build-contexts`: `NAME=value` lines.
    e.named_contexts.extend(
        lines("build-contexts")
            .into_iter()
            .filter_map(|(l, _)| Some(l.split_once('=')?.0.trim().to_owned())),
    );
    for key in ["secrets", "secret-envs", "secret-files"] {
        for (line, range) in lines(key) {
            let id = line
                .split_once('=')
                .map_or(line.as_str(), |(i, _)| i)
                .trim_matches('"')
                .to_owned();
            let exact = range.len() == line.len();
            let id_range = if exact {
                TextRange::new(range.start, range.start + id.len())
            } else {
                range
            };
            e.secrets.push(EntrySecret {
                id: Spanned::literal(id, id_range),
                range,
            });
        }
    }
    Some(e)
}

/// Top-level keys of `.gitlab-ci.yml` that are not jobs.
const GITLAB_KEYWORDS: &[&str] = &[
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
];

pub(super) fn read_gitlab(text: &str, file: &mut BuildFile) {
    let Some(root) = yaml::parse(text) else {
        return;
    };
    for job in root.pairs() {
        if GITLAB_KEYWORDS.contains(&job.key.text.as_str()) {
            continue;
        }
        let within = format!("job `{}`", job.key.text);
        for key in ["before_script", "script", "after_script"] {
            let Some(v) = job.value.get(key) else {
                continue;
            };
            let scripts: Vec<&Scalar> = match &v.node {
                Yaml::Scalar(s) => vec![s],
                Yaml::Seq(items) => items.iter().filter_map(|(_, i)| i.scalar()).collect(),
                _ => Vec::new(),
            };
            for s in scripts {
                for mut e in commands_in(s, text) {
                    e.within = Some(within.clone());
                    file.entries.push(e);
                }
            }
        }
    }
}

pub(super) fn read_makefile(text: &str, file: &mut BuildFile) {
    // The recipes, with every other byte blanked: one shell parse whose offsets are the
    // file's. Each rule line (`name: deps`) names the recipes after it.
    let mut shell = String::with_capacity(text.len());
    let mut rules: Vec<(usize, String)> = Vec::new();
    let mut continued = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let recipe = continued || body.starts_with('\t');
        if recipe {
            let lead = if continued { 0 } else { 1 };
            let prefix = body.get(lead..).map_or(0, |r| {
                r.len() - r.trim_start_matches(['@', '-', '+', ' ']).len()
            });
            shell.extend(std::iter::repeat_n(' ', lead + prefix));
            shell.push_str(line.get(lead + prefix..).unwrap_or_default());
            continued = body.ends_with('\\');
        } else {
            if let Some((name, _)) = body.split_once(':')
                && !body.starts_with([' ', '#', '.'])
                && !body.contains(":=")
                && !name.contains('=')
                && !name.trim().is_empty()
            {
                rules.push((at, name.trim().to_owned()));
            }
            shell.extend(line.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
            continued = false;
        }
        at += line.len();
    }
    // A recipe may start with a make variable that holds the command (`$(BUILD_CMD) --target
    // x -f y .` with `BUILD_CMD := $(BUILDX) build`, `BUILDX ?= docker buildx`): its words
    // are the variable's value, expanded, at the reference's place.
    let (raw, vars) = make_variables(text);
    let script = parse_text(&shell, 0);
    let between = |a: usize, b: usize| shell.get(a..b);
    let found = script.commands.iter().enumerate().filter_map(|(i, c)| {
        let words = expand_words(&expand_leading(&c.words, &vars), &raw, &vars);
        let mut e = super::command::build_of(&words, c.range)?;
        e.workdir = super::command::cd_before(&script.commands, i, &between);
        Some(e)
    });
    for mut e in found {
        e.within = rules
            .iter()
            .rev()
            .find(|(start, _)| *start <= e.range.start)
            .map(|(_, name)| format!("make target `{name}`"));
        file.entries.push(e);
    }
}

/// The variables a Makefile sets (`NAME = v`, `:=`, `::=`, `?=`; the last one wins; a
/// `+=` appends): as written, and with `$(X)` and `${X}` in their values expanded (five
/// levels deep at most).
type MakeVars = std::collections::HashMap<String, String>;
fn make_variables(text: &str) -> (MakeVars, MakeVars) {
    let mut raw: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for line in text.lines() {
        if line.starts_with(['\t', '#', ' ']) {
            continue;
        }
        let Some(eq) = line.find('=') else { continue };
        let (lhs, value) = (
            line.get(..eq).unwrap_or_default(),
            line.get(eq + 1..).unwrap_or_default(),
        );
        let (name, op) = match lhs.trim_end().strip_suffix([':', '?', '+']) {
            Some(n) => (
                n.trim_end_matches(':').trim(),
                lhs.trim_end().chars().last(),
            ),
            None => (lhs.trim(), None),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value = value.trim().to_owned();
        match op {
            Some('?') if raw.contains_key(name) => {}
            Some('+') => {
                let v = raw.entry(name.to_owned()).or_default();
                if !v.is_empty() {
                    v.push(' ');
                }
                v.push_str(&value);
            }
            _ => {
                raw.insert(name.to_owned(), value);
            }
        }
    }
    let mut out = std::collections::HashMap::new();
    for (k, v) in &raw {
        let mut v = v.clone();
        for _ in 0..5 {
            let next = expand_refs(&v, &raw);
            if next == v {
                break;
            }
            v = next;
        }
        out.insert(k.clone(), v);
    }
    (raw, out)
}

/// `$(X)` and `${X}` replaced by X's value (unknown ones by nothing).
fn expand_refs(v: &str, vars: &std::collections::HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(k) = rest.find('$') {
        out.push_str(rest.get(..k).unwrap_or_default());
        let after = rest.get(k + 1..).unwrap_or_default();
        let close = match after.chars().next() {
            Some('(') => ')',
            Some('{') => '}',
            _ => {
                out.push('$');
                rest = after;
                continue;
            }
        };
        match after.find(close) {
            Some(end) => {
                let name = after.get(1..end).unwrap_or_default();
                out.push_str(vars.get(name).map_or("", String::as_str));
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A command whose first word is a make variable (`$(BUILD_CMD)`): that word replaced by the
/// variable's words, each at the reference's place.
fn expand_leading(
    words: &[crate::syntax::shell::ShellWord],
    vars: &std::collections::HashMap<String, String>,
) -> Vec<crate::syntax::shell::ShellWord> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let t = first.text.as_str();
    let name = t
        .strip_prefix("$(")
        .and_then(|n| n.strip_suffix(')'))
        .or_else(|| t.strip_prefix("${").and_then(|n| n.strip_suffix('}')));
    let Some(value) = name.and_then(|n| vars.get(n)) else {
        return words.to_vec();
    };
    value
        .split_whitespace()
        .map(|w| crate::syntax::shell::ShellWord {
            text: w.into(),
            range: first.range,
        })
        .chain(rest.iter().cloned())
        .collect()
}

/// Options held in a make variable (`$(FROM_IMAGE_ARGS)` with `FROM_IMAGE_ARGS :=
/// --build-arg VERSION=$(TAG_VERSION) …`), as written: a value that uses another variable
/// stays dynamic.
fn expand_words(
    words: &[crate::syntax::shell::ShellWord],
    raw: &std::collections::HashMap<String, String>,
    expanded: &std::collections::HashMap<String, String>,
) -> Vec<crate::syntax::shell::ShellWord> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let t = w.text.as_str();
        let name = t
            .strip_prefix("$(")
            .and_then(|n| n.strip_suffix(')'))
            .or_else(|| t.strip_prefix("${").and_then(|n| n.strip_suffix('}')));
        // As written when that is options; else expanded (`BUILD_ARGS := $(BUILD_ARGS)
        // --progress plain`), when that is.
        let options = |v: &&String| v.trim_start().starts_with('-');
        let value = name.and_then(|n| {
            raw.get(n)
                .filter(options)
                .or_else(|| expanded.get(n).filter(options))
        });
        match value {
            Some(value) => {
                out.extend(
                    value
                        .split_whitespace()
                        .map(|v| crate::syntax::shell::ShellWord {
                            text: v.into(),
                            range: w.range,
                        }),
                )
            }
            None => out.push(w.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{BuildFileKind, parse};
    use std::path::Path;

    #[test]
    fn workflow_steps() {
        let text = "\
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build --target lint .
      - name: Test
        working-directory: app
        run: |
          set -e
          docker buildx build \\
            --target test -f build/Dockerfile .
      - name: Push
        uses: docker/build-push-action@v6
        with:
          context: .
          target: runtime
          build-args: |
            VERSION=1
            COMMIT=${{ github.sha }}
          secrets: |
            npm=${{ secrets.NPM }}
          build-contexts: |
            alpine=docker-image://alpine:3.22
";
        let f = parse(BuildFileKind::GithubWorkflow, text);
        assert_eq!(
            f.entries.last().map(|e| e.named_contexts.clone()),
            Some(vec!["alpine".to_owned()])
        );
        let at = |r: crate::TextRange| &text[r.start..r.end];
        let got: Vec<_> = f
            .entries
            .iter()
            .map(|e| (e.label(), e.target.as_ref().map(|t| at(t.range))))
            .collect();
        assert_eq!(
            got,
            [
                ("`docker build` in job `lint`".to_owned(), Some("lint")),
                (
                    "`docker buildx build` in job `lint`".to_owned(),
                    Some("test")
                ),
                ("`Push` in job `lint`".to_owned(), Some("runtime")),
            ]
        );
        let wf = Path::new("/r/.github/workflows/ci.yml");
        assert_eq!(
            f.entries[1].dockerfile_path(wf),
            Some("/r/app/build/Dockerfile".into())
        );
        assert_eq!(
            f.entries[2].dockerfile_path(wf),
            Some("/r/Dockerfile".into())
        );
        let push = &f.entries[2];
        assert_eq!(at(push.args[1].name.range), "COMMIT");
        assert!(push.args[1].value.as_ref().is_some_and(|v| v.dynamic));
        assert_eq!(at(push.secrets[0].id.range), "npm");
    }

    #[test]
    fn gitlab_and_make() {
        let text =
            "stages: [build]\nbuild:\n  script:\n    - docker build --target ci -f Dockerfile .\n";
        let f = parse(BuildFileKind::GitlabCi, text);
        assert_eq!(f.entries[0].label(), "`docker build` in job `build`");
        assert_eq!(f.entries[0].target_name(), Some("ci"));

        let text = "IMAGE := x\n.PHONY: test\ntest:\n\t@docker build \\\n\t  --target test $(CTX)\nlint: test\n\t-docker build --target=lint .\n";
        let f = parse(BuildFileKind::Makefile, text);
        let got: Vec<_> = f
            .entries
            .iter()
            .map(|e| {
                (
                    e.label(),
                    e.target_name().map(str::to_owned),
                    &text[e.target.as_ref().unwrap().range.start
                        ..e.target.as_ref().unwrap().range.end],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "`docker build` in make target `test`".to_owned(),
                    Some("test".to_owned()),
                    "test"
                ),
                (
                    "`docker build` in make target `lint`".to_owned(),
                    Some("lint".to_owned()),
                    "lint"
                ),
            ]
        );
        assert!(f.entries[0].context.as_ref().is_some_and(|c| c.dynamic));
    }

    /// moby's Makefile: the command is a make variable (`$(BUILD_CMD)`) built from others.
    #[test]
    fn make_variables_that_hold_the_command() {
        let text = "DOCKER ?= docker\nBUILDX ?= $(DOCKER) buildx\nBUILD_CMD := $(BUILDX) build\n\nvalidate:\n\t$(BUILD_CMD) --target \"validate\" \\\n\t\t--file \"./hack/x.Dockerfile\" .\n";
        let f = parse(BuildFileKind::Makefile, text);
        let e = f.entries.first().unwrap();
        assert_eq!(e.label(), "`docker buildx build` in make target `validate`");
        assert_eq!(e.target_name(), Some("validate"));
        assert_eq!(
            e.dockerfile.as_ref().map(|d| d.text.as_str()),
            Some("./hack/x.Dockerfile")
        );
        assert_eq!(e.context.as_ref().map(|c| c.text.as_str()), Some("."));
    }
}
