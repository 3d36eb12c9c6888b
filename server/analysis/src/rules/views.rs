//! Views of the document that several rules read: the instructions of a stage (and the
//! triggers of its ONBUILDs), global ARGs, local COPY/ADD sources, shell commands and cache
//! mounts of a RUN, and which stages ship (end up in the image that is built).

use crate::Analysis;
use crate::model::Stage;
use crate::syntax::{Instruction, Keyword, Word};
use crate::text::TextRange;

/// The instructions of one kind, ONBUILD triggers excluded.
pub(super) fn instructions_of(
    analysis: &Analysis,
    kind: Keyword,
) -> impl Iterator<Item = &Instruction> {
    analysis
        .parsed()
        .instructions
        .iter()
        .filter(move |i| i.kind == kind)
}

/// The instructions of one kind and the ONBUILD triggers of that kind (which run, as written,
/// in every build that uses this image as its base).
pub(super) fn instructions_and_triggers_of(
    analysis: &Analysis,
    kind: Keyword,
) -> impl Iterator<Item = &Instruction> {
    analysis
        .parsed()
        .instructions
        .iter()
        .map(Instruction::effective)
        .filter(move |i| i.kind == kind)
}

/// The global ARGs (declared before the first FROM), in order: each name and its default as
/// written (after `=`), if any.
pub(super) fn global_args(analysis: &Analysis) -> impl Iterator<Item = (&str, Option<&str>)> {
    analysis
        .parsed()
        .instructions
        .iter()
        .take_while(|i| i.kind != Keyword::From)
        .filter(|i| i.kind == Keyword::Arg)
        .flat_map(|i| &i.args)
        .map(|w| match w.text.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (w.text.as_str(), None),
        })
}

/// The sources of a local COPY or ADD (not `--from`).
/// The words of the command a CMD or ENTRYPOINT runs: the JSON form's elements, or the shell
/// form split on whitespace (`nginx -g 'daemon off;'` → `nginx`, `-g`, …).
pub(crate) fn command_words(i: &Instruction) -> Vec<&str> {
    if i.json {
        i.args.iter().map(|w| w.text.as_str()).collect()
    } else {
        i.args
            .iter()
            .flat_map(|w| w.text.split_whitespace())
            .collect()
    }
}

pub(crate) fn local_sources(i: &Instruction) -> &[Word] {
    if !matches!(i.kind, Keyword::Copy | Keyword::Add)
        || i.flag("from").is_some()
        || !i.heredocs.is_empty()
    {
        return &[];
    }
    i.args.split_last().map_or(&[], |(_, s)| s)
}

/// Each stage with its instructions (its FROM first).
pub(super) fn stages_with_instructions(
    analysis: &Analysis,
) -> impl Iterator<Item = (&Stage, &[Instruction])> {
    let ins = &analysis.parsed().instructions;
    analysis
        .model()
        .stages
        .iter()
        .map(move |s| (s, ins.get(s.from..s.end).unwrap_or_default()))
}

/// The commands `name <sub>` of a script, with their subcommand word (`apt-get install`).
pub(super) fn shell_commands<'a>(
    script: &'a crate::syntax::shell::Script,
    name: &'static str,
    subs: &'static [&'static str],
) -> impl Iterator<
    Item = (
        &'a crate::syntax::shell::ShellCommand,
        &'a crate::syntax::shell::ShellWord,
    ),
> + 'a {
    script.named(name).filter_map(move |c| {
        let sub = c.subcommand().filter(|w| subs.contains(&w.text.as_str()))?;
        Some((c, sub))
    })
}

/// Whether a RUN mounts a cache or a tmpfs (`--mount=type=cache`, `type=tmpfs`) at a path
/// under `prefix`.
pub(super) fn has_cache_mount(ins: &Instruction, prefix: &str) -> bool {
    // A cache mount keeps the files between builds, a tmpfs mount drops them: either way
    // they are not in the layer.
    ins.mounts().iter().any(|m| {
        matches!(m.kind(), "cache" | "tmpfs")
            && ["target", "dst", "destination"].iter().any(|k| {
                m.option(k)
                    .and_then(|o| o.value.as_deref())
                    .is_some_and(|v| v.starts_with(prefix))
            })
    })
}

/// Where a stage is declared, for related information: its name, else its FROM keyword.
pub(super) fn stage_anchor(analysis: &Analysis, stage: usize) -> Option<(TextRange, String)> {
    let s = analysis.model().stages.get(stage)?;
    let from = analysis.parsed().instructions.get(s.from)?;
    Some(match (&s.name, s.name_range) {
        (Some(n), Some(r)) => (r, format!("stage `{n}` is declared here")),
        _ => (
            from.keyword_range,
            format!("stage {} is declared here", s.index),
        ),
    })
}

/// For each stage, whether it is part of an image the project builds: the final stage (what
/// `docker build` produces), the stages that Compose, Bake or CI files build as their target,
/// and the stages those are built on (`FROM <stage>`), transitively. Stages that are only
/// copied from never ship their layers.
pub(super) fn shipped_stages(model: &crate::model::Model) -> Vec<bool> {
    let mut shipped = vec![false; model.stages.len()];
    let targets = model
        .builders()
        .unwrap_or_default()
        .iter()
        .filter(|b| !b.dynamic_target)
        .filter_map(|b| model.find_stage(b.target.as_deref()?));
    let roots: Vec<usize> = model
        .stages
        .len()
        .checked_sub(1)
        .into_iter()
        .chain(targets)
        .collect();
    for root in roots {
        let mut at = Some(root);
        while let Some(s) = at {
            match shipped.get_mut(s) {
                Some(seen) if !*seen => *seen = true,
                _ => break,
            }
            at = match model.stages.get(s).map(|st| &st.base) {
                Some(crate::model::Base::Stage(b)) => Some(*b),
                _ => None,
            };
        }
    }
    shipped
}

/// The ecosystem a shell command builds for, when it is a build step: `go build`, `cargo
/// build`, `npm run build` and the bundlers, `mvn package`, `gradle build`, `dotnet
/// publish`, `pip wheel`/`python -m build`, `make`, `cmake --build`. Installing
/// dependencies, testing or running tools is not building.
pub(super) fn build_step(
    c: &crate::syntax::shell::ShellCommand,
) -> Option<crate::catalog::runtimes::Ecosystem> {
    use crate::catalog::runtimes::Ecosystem;
    let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
    let name = c.name();
    let is = |subs: &[&str]| subs.contains(&sub);
    match name {
        "go" if is(&["build"]) => Some(Ecosystem::Go),
        "cargo" if is(&["build", "install"]) => Some(Ecosystem::Rust),
        "npm" | "pnpm" | "yarn" => {
            let script = if sub == "run" || sub == "run-script" {
                c.args()
                    .iter()
                    .skip_while(|w| w.text != sub)
                    .nth(1)
                    .map(|w| w.text.as_str())
            } else {
                Some(sub)
            };
            script
                .is_some_and(|s| s == "build" || s.starts_with("build:"))
                .then_some(Ecosystem::Node)
        }
        "tsc" | "webpack" | "vite" | "rollup" | "parcel" | "esbuild" => Some(Ecosystem::Node),
        "next" | "nest" | "ng" if is(&["build"]) => Some(Ecosystem::Node),
        "mvn" | "mvnw" | "./mvnw" => c
            .args()
            .iter()
            .any(|w| matches!(w.text.as_str(), "package" | "install" | "verify"))
            .then_some(Ecosystem::Java),
        "gradle" | "gradlew" | "./gradlew" => c
            .args()
            .iter()
            .any(|w| {
                matches!(
                    w.text.as_str(),
                    "build" | "assemble" | "bootJar" | "jar" | "installDist" | "shadowJar"
                )
            })
            .then_some(Ecosystem::Java),
        "dotnet" if is(&["publish", "build"]) => Some(Ecosystem::Dotnet),
        "make" | "cmake" if name == "make" || c.has_flag(&["--build"]) => Some(Ecosystem::Native),
        _ => {
            if c.pip_args()
                .is_some_and(|a| a.iter().any(|w| w.text == "wheel"))
            {
                return Some(Ecosystem::Python);
            }
            let python_build = name.starts_with("python")
                && c.args()
                    .windows(2)
                    .any(|p| matches!(p, [m, b] if m.text == "-m" && b.text == "build"));
            python_build.then_some(Ecosystem::Python)
        }
    }
}

/// Whether a script removes the build dependencies it installed (`apk del .build-deps`,
/// `apt-get purge`): the official images' way to build from source in one stage.
pub(super) fn removes_build_deps(script: &crate::syntax::shell::Script) -> bool {
    script.commands.iter().any(|c| {
        let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
        match c.name() {
            "apk" => sub == "del",
            "apt-get" | "apt" => matches!(sub, "purge" | "remove" | "autoremove"),
            "yum" | "dnf" | "microdnf" => matches!(sub, "remove" | "erase" | "autoremove"),
            _ => false,
        }
    })
}

/// Whether instruction `i` is in a stage that ships (see [`shipped_stages`]); instructions
/// before the first FROM count as shipping.
pub(super) fn in_shipped_stage(model: &crate::model::Model, shipped: &[bool], i: usize) -> bool {
    model
        .stage_of
        .get(i)
        .copied()
        .flatten()
        .is_none_or(|s| shipped.get(s).copied().unwrap_or(true))
}
