//! Build definitions: the files that build a Dockerfile — Compose and Bake files, CI
//! workflows, Makefiles, dev container definitions — read as data. Each file becomes a list of [`BuildEntry`]s
//! (which Dockerfile, which context, which target stage, which build arguments and
//! secrets), every value with its byte range so that diagnostics and edits land exactly.
//!
//! Like the rest of this crate it is pure: [`parse`] takes a file's name and text, and
//! [`check`] takes the Dockerfiles the entries resolve to from its caller (the server and
//! the CLI read them). YAML and JSON are read with tree-sitter-yaml (JSON is YAML), HCL with
//! tree-sitter-hcl, shell commands with tree-sitter-bash: the grammars keep spans and
//! comments and recover from errors while the user types.

pub mod bake;
pub mod check;
pub mod ci;
pub mod command;
pub mod compose;
pub mod devcontainer;
pub mod edits;
pub mod ide;
pub mod yaml;

use std::path::{Component, Path, PathBuf};

use crate::text::TextRange;

pub use check::{BuildCheck, Resolved, check};

/// What kind of build definition a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuildFileKind {
    /// `compose.yaml`, `docker-compose.yml`, `compose.override.yaml`, …
    Compose,
    /// `docker-bake.hcl`, `docker-bake.override.hcl`, …
    BakeHcl,
    /// `docker-bake.json`, `docker-bake.override.json`.
    BakeJson,
    /// `.github/workflows/*.yml`.
    GithubWorkflow,
    /// `.gitlab-ci.yml`.
    GitlabCi,
    /// `Makefile`, `GNUmakefile`, `makefile`, `*.mk`.
    Makefile,
    /// `devcontainer.json`, `.devcontainer.json`.
    DevContainer,
}

impl BuildFileKind {
    /// The kind of the file at `path` (its name, and for workflows its directory), if it is a
    /// build definition.
    #[must_use]
    pub fn of(path: &Path) -> Option<BuildFileKind> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if yaml {
            let stem = lower.trim_end_matches(".yaml").trim_end_matches(".yml");
            if stem == "compose"
                || stem == "docker-compose"
                || stem.starts_with("compose.")
                || stem.starts_with("docker-compose.")
            {
                return Some(BuildFileKind::Compose);
            }
            if lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml" {
                return Some(BuildFileKind::GitlabCi);
            }
            let mut dirs = path.parent()?.components().rev();
            let workflows = dirs.next().and_then(|c| c.as_os_str().to_str()) == Some("workflows");
            let github = dirs.next().and_then(|c| c.as_os_str().to_str()) == Some(".github");
            if workflows && github {
                return Some(BuildFileKind::GithubWorkflow);
            }
            return None;
        }
        if lower == "docker-bake.hcl"
            || (lower.starts_with("docker-bake.") && lower.ends_with(".hcl"))
        {
            return Some(BuildFileKind::BakeHcl);
        }
        if lower == "docker-bake.json"
            || (lower.starts_with("docker-bake.") && lower.ends_with(".json"))
        {
            return Some(BuildFileKind::BakeJson);
        }
        if matches!(name, "Makefile" | "makefile" | "GNUmakefile") || lower.ends_with(".mk") {
            return Some(BuildFileKind::Makefile);
        }
        if lower == "devcontainer.json" || lower == ".devcontainer.json" {
            return Some(BuildFileKind::DevContainer);
        }
        None
    }

    /// Whether the server publishes diagnostics for files of this kind (Compose and Bake
    /// files; CI files, Makefiles and dev container definitions are only read).
    #[must_use]
    pub fn is_checked(self) -> bool {
        matches!(
            self,
            BuildFileKind::Compose | BuildFileKind::BakeHcl | BuildFileKind::BakeJson
        )
    }
}

/// A value from a build file and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    /// The value (quotes removed; a Bake variable replaced by its literal default).
    pub text: String,
    /// Where it is: the value inside its quotes.
    pub range: TextRange,
    /// Whether the value depends on something only known when building (a shell or make
    /// variable, a Bake variable without a literal default): it is not checked.
    pub dynamic: bool,
}

impl Spanned {
    /// A literal value.
    #[must_use]
    pub fn literal(text: impl Into<String>, range: TextRange) -> Spanned {
        Spanned {
            text: text.into(),
            range,
            dynamic: false,
        }
    }
}

/// What makes an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A Compose service's `build`.
    ComposeService,
    /// A Bake `target` block.
    BakeTarget,
    /// A `docker build` (or `buildx build`, `podman build`, `buildah bud`) command.
    Command,
    /// A `docker/build-push-action` step.
    BuildPushAction,
    /// A dev container definition's `build`.
    DevContainer,
}

/// A build argument an entry passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryArg {
    /// The ARG it sets.
    pub name: Spanned,
    /// Its value, when given.
    pub value: Option<Spanned>,
    /// The whole entry (a mapping pair, a list item, `--build-arg X=1`), for edits that
    /// remove it.
    pub range: TextRange,
}

/// A secret an entry passes to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySecret {
    /// The id the build sees (`RUN --mount=type=secret,id=…`).
    pub id: Spanned,
    /// The whole entry.
    pub range: TextRange,
}

/// Where relative paths of an entry start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The build file's directory (Compose, Bake, Makefiles, `.gitlab-ci.yml`, dev
    /// container definitions).
    FileDir,
    /// The repository's root: two directories above a workflow (`.github/workflows/`).
    RepositoryRoot,
}

/// One build of a Dockerfile that a build file describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildEntry {
    /// What it is.
    pub kind: EntryKind,
    /// Its name: the Compose service, the Bake target, the CI job; for a command in a
    /// Makefile, the make target, or the command's name.
    pub name: Spanned,
    /// The build context as written (None: the default, `.`).
    pub context: Option<Spanned>,
    /// The Dockerfile as written (None: `Dockerfile` in the context).
    pub dockerfile: Option<Spanned>,
    /// Whether `dockerfile` is relative to the context (Compose, Bake) or to the working
    /// directory (`docker build -f`, `file:` of build-push-action).
    pub dockerfile_in_context: bool,
    /// A Dockerfile written inline (Compose's `dockerfile_inline`, Bake's `dockerfile-inline`).
    pub inline: Option<Spanned>,
    /// The stage built (None: the last one).
    pub target: Option<Spanned>,
    /// Build arguments.
    pub args: Vec<EntryArg>,
    /// Secrets.
    pub secrets: Vec<EntrySecret>,
    /// Names of the named build contexts it passes (Bake's `contexts`, Compose's
    /// `additional_contexts`, `--build-context NAME=…`): a `FROM NAME` or `COPY --from=NAME`
    /// reads that context, not a stage or an image.
    pub named_contexts: Vec<String>,
    /// The whole `args` (a Compose `args:` pair, a Bake `args = {…}` attribute), for edits.
    pub args_block: Option<TextRange>,
    /// The whole `secrets` (Compose) or `secret` (Bake), for edits.
    pub secrets_block: Option<TextRange>,
    /// Where relative paths start.
    pub base: Base,
    /// An extra working directory under the base (a workflow step's `working-directory`).
    pub workdir: Option<String>,
    /// What runs a command: "job `lint`", "make target `test`".
    pub within: Option<String>,
    /// The whole entry (a service's `build`, a target block, a command).
    pub range: TextRange,
}

impl BuildEntry {
    fn new(kind: EntryKind, name: Spanned, range: TextRange) -> BuildEntry {
        BuildEntry {
            kind,
            name,
            context: None,
            dockerfile: None,
            dockerfile_in_context: matches!(
                kind,
                EntryKind::ComposeService | EntryKind::BakeTarget
            ),
            inline: None,
            target: None,
            args: Vec::new(),
            secrets: Vec::new(),
            named_contexts: Vec::new(),
            args_block: None,
            secrets_block: None,
            base: Base::FileDir,
            workdir: None,
            within: None,
            range,
        }
    }

    /// The working directory relative paths start from, for a build file at `file`.
    #[must_use]
    pub fn cwd(&self, file: &Path) -> PathBuf {
        let dir = file.parent().unwrap_or(Path::new(""));
        let base = match self.base {
            Base::FileDir => dir.to_path_buf(),
            Base::RepositoryRoot => dir
                .parent()
                .and_then(Path::parent)
                .unwrap_or(dir)
                .to_path_buf(),
        };
        match &self.workdir {
            Some(w) => normalize(&base.join(w)),
            None => base,
        }
    }

    /// The build context's directory, for a build file at `file`; None when it is not a
    /// local directory (a Git or HTTP URL, `-` for standard input) or not known.
    #[must_use]
    pub fn context_dir(&self, file: &Path) -> Option<PathBuf> {
        let cwd = self.cwd(file);
        match &self.context {
            None => Some(cwd),
            Some(c) if c.dynamic || is_remote(&c.text) || c.text == "-" => None,
            Some(c) => Some(normalize(&cwd.join(&c.text))),
        }
    }

    /// The Dockerfile's path, for a build file at `file`; None when it is not a local file
    /// (inline, remote, or dynamic).
    #[must_use]
    pub fn dockerfile_path(&self, file: &Path) -> Option<PathBuf> {
        if self.inline.is_some() {
            return None;
        }
        match &self.dockerfile {
            Some(d) if d.dynamic || is_remote(&d.text) || d.text == "-" => None,
            Some(d) if self.dockerfile_in_context => {
                Some(normalize(&self.context_dir(file)?.join(&d.text)))
            }
            Some(d) => Some(normalize(&self.cwd(file).join(&d.text))),
            None => Some(self.context_dir(file)?.join("Dockerfile")),
        }
    }

    /// How the entry is named to a user: "compose service `web`", "bake target `test`",
    /// "`docker build` in job `lint`".
    #[must_use]
    pub fn label(&self) -> String {
        match self.kind {
            EntryKind::ComposeService => format!("compose service `{}`", self.name.text),
            EntryKind::BakeTarget => format!("bake target `{}`", self.name.text),
            EntryKind::Command => match &self.within {
                Some(w) => format!("`{}` in {w}", self.name.text),
                None => format!("`{}`", self.name.text),
            },
            EntryKind::BuildPushAction => match &self.within {
                Some(w) => format!("`{}` in {w}", self.name.text),
                None => format!("`{}`", self.name.text),
            },
            EntryKind::DevContainer if self.name.text.is_empty() => "dev container".to_owned(),
            EntryKind::DevContainer => format!("dev container `{}`", self.name.text),
        }
    }

    /// The stage it builds, when literal: None for the last stage.
    #[must_use]
    pub fn target_name(&self) -> Option<&str> {
        self.target
            .as_ref()
            .filter(|t| !t.dynamic)
            .map(|t| t.text.as_str())
    }
}

/// A Compose file's top-level `secrets:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopSecret {
    /// Its name.
    pub name: Spanned,
    /// The whole pair.
    pub range: TextRange,
}

/// A build file read as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFile {
    /// Its kind.
    pub kind: BuildFileKind,
    /// The builds it describes, in order.
    pub entries: Vec<BuildEntry>,
    /// A Compose file's top-level secrets.
    pub secrets: Vec<TopSecret>,
    /// A Compose file's whole top-level `secrets:` pair.
    pub secrets_block: Option<TextRange>,
    /// Other build files it includes (Compose's `include:`), as written.
    pub includes: Vec<Spanned>,
}

/// Reads a build file of `kind`.
#[must_use]
pub fn parse(kind: BuildFileKind, text: &str) -> BuildFile {
    let mut file = BuildFile {
        kind,
        entries: Vec::new(),
        secrets: Vec::new(),
        secrets_block: None,
        includes: Vec::new(),
    };
    match kind {
        BuildFileKind::Compose => compose::read(text, &mut file),
        BuildFileKind::BakeHcl => bake::read_hcl(text, &mut file),
        BuildFileKind::BakeJson => bake::read_json(text, &mut file),
        BuildFileKind::GithubWorkflow => ci::read_workflow(text, &mut file),
        BuildFileKind::GitlabCi => ci::read_gitlab(text, &mut file),
        BuildFileKind::Makefile => ci::read_makefile(text, &mut file),
        BuildFileKind::DevContainer => devcontainer::read(text, &mut file),
    }
    file
}

/// A secret as Bake and `--secret` write it (`id=npm,env=NPM_TOKEN`, `type=file,id=x,src=…`):
/// the id the build sees, with its range, and `range`, the whole entry.
fn secret_spec(s: &Spanned, range: TextRange) -> Option<EntrySecret> {
    let exact = !s.dynamic && s.range.len() == s.text.len();
    let sub = |from: usize, to: usize| {
        if exact {
            TextRange::new(s.range.start + from, s.range.start + to)
        } else {
            s.range
        }
    };
    let mut at = 0;
    let mut env = None;
    let mut src = None;
    for part in s.text.split(',') {
        if let Some((key, v)) = part.split_once('=') {
            let from = at + key.len() + 1;
            let value = Spanned::literal(v, sub(from, from + v.len()));
            match key.trim() {
                "id" => return Some(EntrySecret { id: value, range }),
                "env" => env = Some(value),
                "src" | "source" => src = Some(value),
                _ => {}
            }
        }
        at += part.len() + 1;
    }
    // Without an id, an environment secret is known by its variable's name, a file by its
    // base name.
    if let Some(id) = env {
        return Some(EntrySecret { id, range });
    }
    let src = src?;
    let base = src.text.rsplit('/').next().unwrap_or_default().to_owned();
    Some(EntrySecret {
        id: Spanned { text: base, ..src },
        range,
    })
}

/// Where byte `offset` of an inline Dockerfile (`dockerfile_inline`) is in the build file
/// `source`: the same place in a value written as is, else the same column of the same line
/// of a block scalar (whose lines lose their common indentation). None when it cannot be
/// placed.
#[must_use]
pub fn inline_offset(inline: &Spanned, source: &str, offset: usize) -> Option<usize> {
    let raw = source.get(inline.range.start..inline.range.end)?;
    if raw == inline.text {
        return (offset <= raw.len()).then_some(inline.range.start + offset);
    }
    // A block scalar: the text's lines are the source's lines without their indentation.
    let indent = raw
        .lines()
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let before = inline.text.get(..offset)?;
    let line = before.matches('\n').count();
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    let mut at = inline.range.start;
    for (k, l) in raw.split('\n').enumerate() {
        if k == line {
            let lead = indent.min(l.len());
            return (lead + column <= l.len()).then_some(at + lead + column);
        }
        at += l.len() + 1;
    }
    None
}

/// Whether a context or Dockerfile is remote (a URL, a Git repository).
fn is_remote(s: &str) -> bool {
    s.contains("://") || s.starts_with("git@") || s.starts_with("github.com/")
}

/// `path` with `.` removed and `..` applied, without reading the file system.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        let k = |p: &str| BuildFileKind::of(Path::new(p));
        assert_eq!(k("a/compose.yaml"), Some(BuildFileKind::Compose));
        assert_eq!(k("docker-compose.yml"), Some(BuildFileKind::Compose));
        assert_eq!(k("compose.prod.yaml"), Some(BuildFileKind::Compose));
        assert_eq!(
            k("docker-compose.override.yml"),
            Some(BuildFileKind::Compose)
        );
        assert_eq!(k("docker-bake.hcl"), Some(BuildFileKind::BakeHcl));
        assert_eq!(k("docker-bake.override.hcl"), Some(BuildFileKind::BakeHcl));
        assert_eq!(k("docker-bake.json"), Some(BuildFileKind::BakeJson));
        assert_eq!(
            k("r/.github/workflows/ci.yml"),
            Some(BuildFileKind::GithubWorkflow)
        );
        assert_eq!(k(".gitlab-ci.yml"), Some(BuildFileKind::GitlabCi));
        assert_eq!(k("Makefile"), Some(BuildFileKind::Makefile));
        assert_eq!(k("build/docker.mk"), Some(BuildFileKind::Makefile));
        assert_eq!(k("config.yaml"), None);
        assert_eq!(k("workflows/ci.yml"), None);
        assert_eq!(k("Dockerfile"), None);
    }

    #[test]
    fn inline_dockerfiles_map_back_to_their_lines() {
        let text = "services:\n  a:\n    build:\n      dockerfile_inline: |\n        FROM alpine\n        RUN sudo x\n";
        let f = parse(BuildFileKind::Compose, text);
        let inline = f.entries[0].inline.as_ref().unwrap();
        assert_eq!(inline.text, "FROM alpine\nRUN sudo x");
        let at = inline_offset(inline, text, inline.text.find("sudo").unwrap()).unwrap();
        assert_eq!(&text[at..at + 4], "sudo");
        let text = "services:\n  a:\n    build: {dockerfile_inline: \"FROM x AS y\"}\n";
        let f = parse(BuildFileKind::Compose, text);
        let inline = f.entries[0].inline.as_ref().unwrap();
        let at = inline_offset(inline, text, 7).unwrap();
        assert_eq!(&text[at..at + 1], "A");
    }

    #[test]
    fn paths_resolve_like_each_tool() {
        let mut e = BuildEntry::new(
            EntryKind::ComposeService,
            Spanned::literal("web", TextRange::default()),
            TextRange::default(),
        );
        let file = Path::new("/p/deploy/compose.yaml");
        assert_eq!(
            e.dockerfile_path(file),
            Some(PathBuf::from("/p/deploy/Dockerfile"))
        );
        e.context = Some(Spanned::literal("../app", TextRange::default()));
        e.dockerfile = Some(Spanned::literal(
            "docker/Dockerfile.dev",
            TextRange::default(),
        ));
        assert_eq!(
            e.dockerfile_path(file),
            Some(PathBuf::from("/p/app/docker/Dockerfile.dev"))
        );
        e.dockerfile_in_context = false;
        e.base = Base::RepositoryRoot;
        let wf = Path::new("/p/.github/workflows/ci.yml");
        assert_eq!(e.context_dir(wf), Some(PathBuf::from("/app")));
        e.context = Some(Spanned::literal("app", TextRange::default()));
        assert_eq!(
            e.dockerfile_path(wf),
            Some(PathBuf::from("/p/docker/Dockerfile.dev"))
        );
        e.context = Some(Spanned::literal(
            "https://github.com/a/b.git",
            TextRange::default(),
        ));
        assert_eq!(e.context_dir(wf), None);
    }
}
