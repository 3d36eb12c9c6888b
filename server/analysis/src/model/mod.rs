//! The semantic model: one pass over the logical instructions gives the build stages, every
//! reference between stages (resolved), and every ARG/ENV declaration and variable use with
//! its scope. Everything above the syntax layer (rules, go-to-definition, …) reads this.

pub mod dockerignore;
pub mod image;
pub mod platform;
pub mod substitution;
mod variables;

use std::collections::HashMap;

pub use crate::catalog::args::{PREDEFINED_ARGS, PredefinedArg, predefined};
pub use image::ImageRef;
pub use variables::{Name, Scope, VarDecl, VarKind, VarUse, Variables};

use crate::syntax::{Instruction, Keyword, Parsed};
use crate::text::TextRange;

/// Facts about the build that come from outside the Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildConfig {
    /// `--build-arg KEY=VALUE` values; they override ARG defaults.
    pub build_args: Vec<(String, String)>,
    /// The build context, when the front end knows where it is (the rules about
    /// `.dockerignore` only run then).
    pub context: Option<BuildContext>,
    /// The builds of this Dockerfile that Compose, Bake and CI files describe, when the
    /// front end looked for them (None when it did not).
    pub builders: Option<Vec<Builder>>,
    /// Whether the Dockerfile is a dev container's by where it is (in a `.devcontainer`
    /// directory): a development environment, not an image that ships.
    pub dev_container: bool,
}

/// A build of the Dockerfile that a build file describes (see [`crate::builds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// Who builds: "compose service `web`", "bake target `test`", "`docker build` in job
    /// `lint`".
    pub label: String,
    /// Where, for people: `compose.yaml:7`.
    pub place: String,
    /// The stage it builds: None for the last one.
    pub target: Option<String>,
    /// Whether the target depends on a variable (it may be any stage).
    pub dynamic_target: bool,
    /// The build context's directory, when it is a local one.
    pub context: Option<std::path::PathBuf>,
    /// Whether it builds a dev container (a `devcontainer.json`, or a build file in a
    /// `.devcontainer` directory): a development environment, not an image that ships.
    pub dev_container: bool,
    /// The named build contexts it passes (`FROM NAME`, `COPY --from=NAME` read them).
    pub named_contexts: Vec<String>,
    /// The build arguments it passes, with their values when literal (None: a variable, or
    /// the environment's).
    pub args: Vec<(String, Option<String>)>,
}

/// What the front end read from the build context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildContext {
    /// The ignore file that applies (`<Dockerfile>.dockerignore` next to the Dockerfile, else
    /// `.dockerignore` at the context root): its name and contents. None when there is none.
    pub dockerignore: Option<(String, String)>,
    /// Files at the top of the context that tell its ecosystem (`package.json`, `go.mod`, …),
    /// for the `.dockerignore` a fix creates.
    pub markers: Vec<String>,
    /// Where the context is, relative to the Dockerfile's directory (`/`-separated: `.` when
    /// it is that directory, `..` for its parent), when the front end knows; None when it is
    /// not expressible so (then a fix cannot create a file in it).
    pub relative_dir: Option<String>,
}

/// What a stage is built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// An earlier stage, by index.
    Stage(usize),
    /// An image (after expanding global ARGs with their defaults).
    Image(ImageRef),
    /// `scratch`: the empty image.
    Scratch,
    /// The reference depends on a value only known at build time.
    Dynamic,
    /// Not a valid image reference (the text is kept in the stage's `base_text`).
    Invalid,
}

/// [`Model::typo_of`]'s findings per referenced name, for one build of the model.
#[derive(Default)]
struct TypoMemo(HashMap<String, NearNames>);

/// The stages whose names are close to a name, in stage order.
#[derive(Default)]
struct NearNames {
    /// Within typo distance: the stage and the distance.
    close: Vec<(usize, usize)>,
    /// Of which the name is a separated part.
    parts: Vec<usize>,
}

/// A build stage: a FROM instruction and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The stage's position, from 0.
    pub index: usize,
    /// `AS name`, as written.
    pub name: Option<String>,
    /// Where the name is.
    pub name_range: Option<TextRange>,
    /// The index of the FROM instruction.
    pub from: usize,
    /// One past the index of the stage's last instruction.
    pub end: usize,
    /// From FROM to the end of the stage's last instruction.
    pub range: TextRange,
    /// The base image word as written, and where it is.
    pub base_text: String,
    /// Where the base image word is (the FROM keyword when it is missing).
    pub base_range: TextRange,
    /// The base, resolved.
    pub base: Base,
    /// The `--platform` value.
    pub platform: Option<String>,
    /// Whether the build files pass a global ARG the FROM uses, with values not known here
    /// (different ones, a variable, or only some of them pass it): `base` is read with the
    /// ARG's default, but which tag is built is only known at build time.
    pub base_varies: bool,
}

/// How a stage is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `FROM <stage>`.
    From,
    /// `COPY --from=<stage>`.
    CopyFrom,
    /// `RUN --mount=…,from=<stage>`.
    MountFrom,
}

/// What a stage reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefTarget {
    /// An earlier stage.
    Stage(usize),
    /// An image from a registry (the name is no stage).
    Image,
    /// `--from=N` with N at or past the number of stages.
    IndexOutOfRange,
    /// The stage the reference is in: a circular dependency.
    SelfReference(usize),
    /// A stage defined later in the file.
    Forward(usize),
    /// No stage has this name, but one has a name within a typo of it.
    LikelyTypo(usize),
    /// The name depends on build-time values.
    Dynamic,
}

impl RefTarget {
    /// The stage of this file the reference names, wherever it is (earlier, later, or the
    /// stage the reference is in).
    #[must_use]
    pub fn stage(self) -> Option<usize> {
        match self {
            RefTarget::Stage(s) | RefTarget::Forward(s) | RefTarget::SelfReference(s) => Some(s),
            _ => None,
        }
    }
}

/// A reference to a stage (or to an image, where a stage could have been meant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRef {
    /// The form of the reference.
    pub kind: RefKind,
    /// The name or index as written.
    pub text: String,
    /// Where it is written.
    pub range: TextRange,
    /// The index of the instruction holding it.
    pub instruction: usize,
    /// The stage holding it.
    pub stage: usize,
    /// What it resolves to.
    pub target: RefTarget,
}

/// The semantic model of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    /// The stages, in order.
    pub stages: Vec<Stage>,
    /// For each instruction, the stage it belongs to (None before the first FROM).
    pub stage_of: Vec<Option<usize>>,
    /// Every stage reference.
    pub stage_refs: Vec<StageRef>,
    /// The build context, when the front end knows it.
    context: Option<BuildContext>,
    /// Who builds the Dockerfile, when the front end looked.
    builders: Option<Vec<Builder>>,
    /// Whether it is a dev container's Dockerfile by where it is.
    dev_container_dir: bool,
    /// Lower-cased stage name → the first stage with that name.
    stage_index: HashMap<String, usize>,
    /// For each stage, the stages it depends on directly (base, COPY --from, mount from).
    dependencies: Vec<Vec<usize>>,
    /// The `BUILDKIT_DOCKERFILE_CHECK` build argument, which replaces the `# check=` directive.
    check_override: Option<String>,
}

impl Model {
    /// Builds the model from the logical instructions.
    #[must_use]
    pub fn build(parsed: &Parsed, config: &BuildConfig) -> Model {
        let mut m = Model {
            check_override: config
                .build_args
                .iter()
                .rev()
                .find(|(k, _)| k == "BUILDKIT_DOCKERFILE_CHECK")
                .map(|(_, v)| v.clone()),
            ..Model::default()
        };
        let ins = &parsed.instructions;
        // Stages first, so that references can be resolved in one pass afterwards.
        let froms: Vec<usize> = ins
            .iter()
            .enumerate()
            .filter(|(_, i)| i.kind == Keyword::From)
            .map(|(i, _)| i)
            .collect();
        for (si, &fi) in froms.iter().enumerate() {
            let end = froms.get(si + 1).copied().unwrap_or(ins.len());
            let Some(from) = ins.get(fi) else { continue };
            let last = ins
                .get(end.saturating_sub(1))
                .map_or(from.range, |l| l.range);
            let named = from.args.len() == 3
                && from
                    .args
                    .get(1)
                    .is_some_and(|w| w.text.eq_ignore_ascii_case("as"));
            let name_word = if named { from.args.get(2) } else { None };
            let base_word = from.args.first();
            m.stages.push(Stage {
                index: si,
                name: name_word.map(|w| w.text.clone()),
                name_range: name_word.map(|w| w.range),
                from: fi,
                end,
                range: from.range.cover(last),
                base_text: base_word.map(|w| w.text.clone()).unwrap_or_default(),
                base_range: base_word.map_or(from.keyword_range, |w| w.range),
                base: Base::Invalid,
                platform: from.flag("platform").and_then(|f| f.value.clone()),
                base_varies: false,
            });
        }
        for s in &m.stages {
            if let Some(n) = &s.name {
                m.stage_index.entry(n.to_lowercase()).or_insert(s.index);
            }
        }
        m.context.clone_from(&config.context);
        m.builders.clone_from(&config.builders);
        m.dev_container_dir = config.dev_container;
        m.stage_of = vec![None; ins.len()];
        for s in &m.stages {
            for slot in m.stage_of.iter_mut().take(s.end).skip(s.from) {
                *slot = Some(s.index);
            }
        }
        let escape = parsed.escape;
        // A global ARG the build files pass with values not known here keeps its default
        // (`FROM dev-systemd-${SYSTEMD}` finds its stage, `FROM golang:${GO}` its family),
        // and the image is marked as varying: its tag is only known at build time.
        let (passed, unknown) = builders_args(config);
        let global_defaults = global_arg_values(ins, escape, &passed, false);
        let uses_unknown = |text: &str| {
            !unknown.is_empty()
                && substitution::find_uses(text, escape)
                    .iter()
                    .filter_map(|u| text.get(u.name_start..u.name_end))
                    .any(|n| unknown.iter().any(|x| x == n))
        };
        let mut typos = TypoMemo::default();
        // Resolve the bases and the references.
        for si in 0..m.stages.len() {
            let Some(s) = m.stages.get(si) else { continue };
            let lookup = |n: &str| global_defaults.get(n).cloned();
            let expanded = substitution::expand_word(&s.base_text, escape, &lookup);
            let (base, target) = match expanded {
                None => (Base::Dynamic, RefTarget::Dynamic),
                Some(t) if t.eq_ignore_ascii_case("scratch") => (Base::Scratch, RefTarget::Image),
                Some(t) => match m.find_stage(&t) {
                    Some(j) if j < si => (Base::Stage(j), RefTarget::Stage(j)),
                    // A named context a build passes (`--build-context base=…`).
                    None if m.is_named_context(&t) => (Base::Dynamic, RefTarget::Dynamic),
                    found => {
                        let target = match found.filter(|&j| j > si) {
                            Some(j) => RefTarget::Forward(j),
                            None => m.typo_of(&mut typos, &t, si, true),
                        };
                        (
                            ImageRef::parse(&t).map_or(Base::Invalid, Base::Image),
                            target,
                        )
                    }
                },
            };
            let (text, range, from) = (s.base_text.clone(), s.base_range, s.from);
            let varies = matches!(base, Base::Image(_)) && uses_unknown(&text);
            if let Some(st) = m.stages.get_mut(si) {
                st.base = base;
                st.base_varies = varies;
            }
            if !text.is_empty() {
                m.stage_refs.push(StageRef {
                    kind: RefKind::From,
                    text,
                    range,
                    instruction: from,
                    stage: si,
                    target,
                });
            }
        }
        for (ii, i) in ins.iter().enumerate() {
            let Some(stage) = m.stage_of.get(ii).copied().flatten() else {
                continue;
            };
            if i.kind == Keyword::Copy
                && let Some(f) = i.flag("from")
                && let (Some(v), Some(r)) = (&f.value, f.value_range)
            {
                m.add_ref(&mut typos, RefKind::CopyFrom, v, r, ii, stage);
            }
            // Most mounts name no stage: parsing them all on every keystroke was a tenth of
            // the model's time.
            let names_from = |f: &crate::syntax::Flag| {
                f.name == "mount"
                    && f.value.as_deref().is_some_and(|v| {
                        v.as_bytes()
                            .windows(4)
                            .any(|w| w.eq_ignore_ascii_case(b"from"))
                    })
            };
            if i.kind == Keyword::Run && i.flags.iter().any(names_from) {
                for mount in i.mounts() {
                    if let Some(from) = mount.option("from")
                        && let (Some(v), Some(r)) = (&from.value, from.value_range)
                    {
                        m.add_ref(&mut typos, RefKind::MountFrom, v, r, ii, stage);
                    }
                }
            }
        }
        m.dependencies = vec![Vec::new(); m.stages.len()];
        for (i, st) in m.stages.iter().enumerate() {
            if let (Base::Stage(b), Some(deps)) = (&st.base, m.dependencies.get_mut(i)) {
                deps.push(*b);
            }
        }
        for r in &m.stage_refs {
            if let RefTarget::Stage(j) | RefTarget::Forward(j) | RefTarget::SelfReference(j) =
                r.target
                && r.kind != RefKind::From
                && let Some(deps) = m.dependencies.get_mut(r.stage)
            {
                deps.push(j);
            }
        }
        m
    }

    /// Records a `--from` style reference (COPY or RUN --mount) made in `stage`, resolved.
    fn add_ref(
        &mut self,
        typos: &mut TypoMemo,
        kind: RefKind,
        text: &str,
        range: TextRange,
        instruction: usize,
        stage: usize,
    ) {
        let target = self.resolve(typos, text, stage);
        self.stage_refs.push(StageRef {
            kind,
            text: text.to_owned(),
            range,
            instruction,
            stage,
            target,
        });
    }

    /// The stage whose name equals `name` case-insensitively (BuildKit lower-cases names).
    #[must_use]
    pub fn find_stage(&self, name: &str) -> Option<usize> {
        if name
            .chars()
            .any(|c| !c.is_lowercase() && c.to_lowercase().ne(std::iter::once(c)))
        {
            return self.stage_index.get(&name.to_lowercase()).copied();
        }
        // Already lower case (the usual spelling): no allocation.
        self.stage_index.get(name).copied()
    }

    /// Whether a build of the Dockerfile passes a named context called `name` (Bake's
    /// `contexts`, Compose's `additional_contexts`, `--build-context`): `FROM name` and
    /// `--from=name` read it, whatever the Dockerfile says.
    fn is_named_context(&self, name: &str) -> bool {
        self.builders().unwrap_or_default().iter().any(|b| {
            b.named_contexts
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
        })
    }

    /// Resolves `--from=<value>` seen in stage `current`.
    fn resolve(&self, typos: &mut TypoMemo, value: &str, current: usize) -> RefTarget {
        if value.contains('$') {
            return RefTarget::Dynamic;
        }
        let target = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            match value.parse::<usize>() {
                Ok(n) if n < self.stages.len() => n,
                _ => return RefTarget::IndexOutOfRange,
            }
        } else {
            match self.find_stage(value) {
                Some(j) => j,
                None if self.is_named_context(value) => return RefTarget::Dynamic,
                None => return self.typo_of(typos, value, current, false),
            }
        };
        match target.cmp(&current) {
            std::cmp::Ordering::Less => RefTarget::Stage(target),
            std::cmp::Ordering::Equal => RefTarget::SelfReference(target),
            std::cmp::Ordering::Greater => RefTarget::Forward(target),
        }
    }

    /// A name that is no stage: an image, or a typo of a stage name. Only bare names (no
    /// registry, tag or digest) of three characters or more can be typos, and only of a stage
    /// the reference could mean: another stage, and for FROM an earlier one.
    fn typo_of(&self, typos: &mut TypoMemo, name: &str, current: usize, from: bool) -> RefTarget {
        if name.contains(['/', ':', '@']) || name.chars().count() < 3 {
            return RefTarget::Image;
        }
        // What every stage name is to `name`, worked out once per distinct name: the
        // references of a file mostly repeat a few image names.
        let near = typos
            .0
            .entry(name.to_owned())
            .or_insert_with(|| self.near_names(name));
        let allowed = |s: usize| s != current && (!from || s < current);
        // The closest (the first of the closest) of the stages the reference could mean.
        let closest = near
            .close
            .iter()
            .filter(|(s, _)| allowed(*s))
            .min_by_key(|(_, d)| *d)
            .and_then(|(s, _)| self.stages.get(*s)?.name.as_deref());
        if let Some(j) = closest.and_then(|n| self.find_stage(n)) {
            return RefTarget::LikelyTypo(j);
        }
        // A part of a stage name: `--from=set` with a stage `license-set` (one such stage).
        let mut parts = near
            .parts
            .iter()
            .filter(|s| allowed(**s))
            .filter_map(|s| self.stages.get(*s)?.name.as_deref());
        match (parts.next(), parts.next()) {
            (Some(n), None) => self
                .find_stage(n)
                .map_or(RefTarget::Image, RefTarget::LikelyTypo),
            _ => RefTarget::Image,
        }
    }

    /// The named stages whose names are within typo distance of `name` (see
    /// [`crate::names::suggest`]), and those of which `name` is a `-`/`_`/`.`-separated part.
    fn near_names(&self, name: &str) -> NearNames {
        let lower = name.to_lowercase();
        let limit = (lower.chars().count() / 3).clamp(1, 2);
        let mut near = NearNames::default();
        let seps = ['-', '_', '.'];
        // A name BuildKit rejects is no stage to suggest (`--from="build` would not parse).
        let valid = |n: &&str| crate::syntax::validate::valid_stage_name(n);
        for s in &self.stages {
            let Some(n) = s.name.as_deref().filter(valid) else {
                continue;
            };
            let n = n.to_lowercase();
            // The distance is at least the difference in length.
            if let Some(d) = crate::names::distance_within(&lower, &n, limit) {
                near.close.push((s.index, d));
            }
            let part = n
                .strip_prefix(lower.as_str())
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with(seps))
                || n.strip_suffix(lower.as_str())
                    .is_some_and(|rest| rest.len() > 1 && rest.ends_with(seps));
            if part {
                near.parts.push(s.index);
            }
        }
        near
    }

    /// The stages `from` depends on directly: its base stage and every stage it copies or
    /// mounts from (whether defined before or after it).
    #[must_use]
    pub fn dependencies(&self, from: usize) -> &[usize] {
        self.dependencies.get(from).map_or(&[], Vec::as_slice)
    }

    /// A chain of dependencies leading from stage `from` to stage `to` (both included), if
    /// there is one. A reference from stage `s` to stage `t` closes a cycle when `t` leads to `s`.
    #[must_use]
    pub fn dependency_path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut parent: Vec<Option<usize>> = vec![None; self.stages.len()];
        let mut queue = std::collections::VecDeque::from([from]);
        let mut seen = vec![false; self.stages.len()];
        if let Some(s) = seen.get_mut(from) {
            *s = true;
        }
        while let Some(cur) = queue.pop_front() {
            if cur == to {
                let mut path = vec![to];
                let mut at = to;
                while let Some(p) = parent.get(at).copied().flatten() {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return Some(path);
            }
            for &next in self.dependencies(cur) {
                if seen.get(next) == Some(&false) {
                    if let Some(s) = seen.get_mut(next) {
                        *s = true;
                    }
                    if let Some(p) = parent.get_mut(next) {
                        *p = Some(cur);
                    }
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// The display name of a stage: its name, or its index.
    #[must_use]
    pub fn stage_label(&self, stage: usize) -> String {
        match self.stages.get(stage).and_then(|s| s.name.as_deref()) {
            Some(n) => n.to_owned(),
            None => stage.to_string(),
        }
    }

    /// The `BUILDKIT_DOCKERFILE_CHECK` build argument, when given: it replaces the file's
    /// `# check=` directive, as in BuildKit.
    #[must_use]
    pub fn check_override(&self) -> Option<&str> {
        self.check_override.as_deref()
    }

    /// The build context, when the front end knows it.
    #[must_use]
    pub fn context(&self) -> Option<&BuildContext> {
        self.context.as_ref()
    }

    /// Who builds the Dockerfile (Compose services, Bake targets, CI commands), when the
    /// front end looked.
    #[must_use]
    pub fn builders(&self) -> Option<&[Builder]> {
        self.builders.as_deref()
    }

    /// Whether the Dockerfile is a dev container's: it is in a `.devcontainer` directory, or
    /// dev containers are all that build its last stage.
    #[must_use]
    pub fn is_dev_container(&self) -> bool {
        if self.dev_container_dir {
            return true;
        }
        let Some(last) = self.stages.len().checked_sub(1) else {
            return false;
        };
        let mut builders = self.builders_of(last).peekable();
        builders.peek().is_some() && builders.all(|b| b.dev_container)
    }

    /// The builders that build stage `stage` as their target (the last stage: those with
    /// no target).
    pub fn builders_of(&self, stage: usize) -> impl Iterator<Item = &Builder> {
        let last = self.stages.len().checked_sub(1);
        self.builders()
            .unwrap_or_default()
            .iter()
            .filter(move |b| match &b.target {
                Some(t) if !b.dynamic_target => self.find_stage(t) == Some(stage),
                Some(_) => false,
                None => Some(stage) == last,
            })
    }

    /// What the FROM of `stage` resolves to, as a stage reference (None when the FROM names
    /// nothing). `build` records the FROM references first, in stage order, so this is a
    /// binary search.
    #[must_use]
    pub fn from_ref(&self, stage: usize) -> Option<&StageRef> {
        let froms = self.stage_refs.partition_point(|r| r.kind == RefKind::From);
        let head = self.stage_refs.get(..froms)?;
        let i = head.binary_search_by_key(&stage, |r| r.stage).ok()?;
        head.get(i)
    }

    /// The stage holding instruction `i`.
    #[must_use]
    pub fn stage_at(&self, instruction: usize) -> Option<&Stage> {
        self.stage_of
            .get(instruction)
            .copied()
            .flatten()
            .and_then(|s| self.stages.get(s))
    }
}

/// The build arguments FROM lines are resolved with: `--build-arg` values first, then those
/// the build files pass — a value every one of them passes alike; the names of the global
/// ARGs they pass with different or unknown values (or some of them only) are returned
/// apart: an image named with one is only known at build time.
fn builders_args(config: &BuildConfig) -> (Vec<(String, String)>, Vec<String>) {
    let mut passed = config.build_args.clone();
    let mut unknown = Vec::new();
    let builders = config.builders.as_deref().unwrap_or_default();
    let mut names: Vec<&str> = builders
        .iter()
        .flat_map(|b| b.args.iter().map(|(n, _)| n.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        if passed.iter().any(|(n, _)| n == name) {
            continue;
        }
        let mut values = builders.iter().map(|b| {
            b.args
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.as_deref())
        });
        let first = values.next().flatten();
        match first {
            Some(v) if values.all(|x| x == Some(v)) => passed.push((name.to_owned(), v.to_owned())),
            _ => unknown.push(name.to_owned()),
        }
    }
    (passed, unknown)
}

/// The values of the global ARGs (defaults, overridden by build args), for expanding FROM.
/// The values of the global ARGs (those before the first FROM) as the FROM lines see them:
/// `build_args` where given, else the default, expanded with the ARGs declared before it
/// (`ARG BASE=$REGISTRY/app:1` uses `REGISTRY`), as BuildKit does. With `unset_empty`, an
/// ARG without a value is empty (as BuildKit expands it); otherwise it is left out, and so is
/// a default that uses it (its value is only known at build time).
pub(crate) fn global_arg_values(
    ins: &[Instruction],
    escape: char,
    build_args: &[(String, String)],
    unset_empty: bool,
) -> HashMap<String, String> {
    let mut values: HashMap<String, String> = HashMap::new();
    for i in ins.iter().take_while(|i| i.kind != Keyword::From) {
        if i.kind != Keyword::Arg {
            continue;
        }
        for w in &i.args {
            let (name, default) = match w.text.split_once('=') {
                Some((n, v)) => (n, Some(unquote(v))),
                None => (w.text.as_str(), None),
            };
            let given = build_args
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone());
            let has_default = default.is_some();
            let value = given.or_else(|| {
                let d = default?;
                if !d.contains('$') {
                    return Some(d);
                }
                let lookup = |n: &str| values.get(n).cloned();
                substitution::expand(&d, escape, &lookup)
            });
            match value {
                Some(v) => {
                    values.insert(name.to_owned(), v);
                }
                // A platform ARG declared without a value keeps the value BuildKit gives it
                // (the target's or the build's platform); one is assumed here.
                None if unset_empty && platform_default(name).is_some() => {
                    values.insert(
                        name.to_owned(),
                        platform_default(name).unwrap_or_default().to_owned(),
                    );
                }
                // Redeclared without a usable value: the earlier one no longer applies.
                None if unset_empty => {
                    values.insert(name.to_owned(), String::new());
                }
                None if has_default => {
                    values.remove(name);
                }
                None => {}
            }
        }
    }
    values
}

/// The global ARGs' default values (no build arguments), expanded as the FROM lines see them.
#[must_use]
pub fn global_arg_values_for(ins: &[Instruction], escape: char) -> HashMap<String, String> {
    global_arg_values(ins, escape, &[], true)
}

/// A representative value of an automatic platform ARG (BuildKit sets them from the target
/// and build platforms): `linux`, `amd64`, `linux/amd64`.
fn platform_default(name: &str) -> Option<&'static str> {
    match name {
        "TARGETOS" | "BUILDOS" => Some("linux"),
        "TARGETARCH" | "BUILDARCH" => Some("amd64"),
        "TARGETPLATFORM" | "BUILDPLATFORM" => Some("linux/amd64"),
        _ => None,
    }
}

/// Removes one level of matching quotes, as BuildKit's word processing does for simple values.
pub(crate) fn unquote(v: &str) -> String {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    v.to_owned()
}

#[cfg(test)]
mod tests {
    use super::{RefKind, RefTarget};
    use crate::{Analysis, BuildConfig};

    #[test]
    fn build_files_arguments_resolve_from() {
        let text = "ARG V=latest\nFROM alpine:${V}\n";
        let base = |args: &[&[(&str, Option<&str>)]], cli: &[(&str, &str)]| {
            let builders = args
                .iter()
                .map(|a| crate::Builder {
                    args: a
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), v.map(str::to_owned)))
                        .collect(),
                    ..crate::testing::builder("compose service `x`", None)
                })
                .collect();
            let config = BuildConfig {
                builders: Some(builders),
                build_args: cli
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
                ..BuildConfig::default()
            };
            let a = Analysis::from_text(text, &config);
            let st = &a.model().stages[0];
            match &st.base {
                super::Base::Image(_) if st.base_varies => Some("varies".to_owned()),
                super::Base::Image(i) => i.tag.clone(),
                other => Some(format!("{other:?}")),
            }
        };
        assert_eq!(base(&[], &[]).as_deref(), Some("latest"));
        assert_eq!(
            base(&[&[("V", Some("3.22"))]], &[]).as_deref(),
            Some("3.22")
        );
        // Every builder alike, or the build is only known when it runs.
        let agree: &[&[(&str, Option<&str>)]] = &[&[("V", Some("3.22"))], &[("V", Some("3.22"))]];
        assert_eq!(base(agree, &[]).as_deref(), Some("3.22"));
        let differ: &[&[(&str, Option<&str>)]] = &[&[("V", Some("3.22"))], &[]];
        assert_eq!(base(differ, &[]).as_deref(), Some("varies"));
        assert_eq!(base(&[&[("V", None)]], &[]).as_deref(), Some("varies"));
        // `--build-arg` wins.
        assert_eq!(
            base(&[&[("V", None)]], &[("V", "3.21")]).as_deref(),
            Some("3.21")
        );
    }

    #[test]
    fn mount_from_is_a_stage_reference_in_any_case() {
        // Only mounts whose text holds "from" (in any case) are parsed for a stage; the key
        // is case-insensitive, as BuildKit's is.
        let text = "FROM alpine AS build\nRUN true\nFROM alpine\nRUN --mount=type=bind,FROM=build,target=/b \\\n    --mount=type=cache,target=/c true\nRUN --mount=from=build,target=/d true\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let mounts: Vec<(usize, &RefTarget)> = a
            .model()
            .stage_refs
            .iter()
            .filter(|r| r.kind == RefKind::MountFrom)
            .map(|r| (r.instruction, &r.target))
            .collect();
        assert_eq!(
            mounts,
            [(3, &RefTarget::Stage(0)), (4, &RefTarget::Stage(0))]
        );
    }
}
