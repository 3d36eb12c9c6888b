//! The workspace's build files: Compose and Bake files, CI workflows and Makefiles found on
//! disk (or open in the editor), read with `dockerfile_analysis::builds`, and indexed by the
//! Dockerfile each entry builds. The server and `check` share it: "who builds this
//! Dockerfile" for the Dockerfile's rules, hover and rename, and "what does this entry
//! build" for the build files' own checks.
//!
//! Indexing is linear in the number of files walked, bounded ([`Limits`]), and skips what
//! `.gitignore` ignores; only files whose name makes them build files are read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use dockerfile_analysis::builds::{
    self, BuildEntry, BuildFile, BuildFileKind, EntryKind, Resolved,
};
use dockerfile_analysis::{Analysis, BuildConfig, Builder};

/// How far a scan goes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Directory entries looked at, at most.
    pub entries: usize,
    /// Build files read, at most.
    pub files: usize,
    /// How deep below a root.
    pub depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: 200_000,
            files: 5_000,
            depth: 16,
        }
    }
}

/// The most build files an index holds (a scan stops at its own limit; included files stop
/// here).
const MAX_FILES: usize = 20_000;

/// Directories never walked into (besides what `.gitignore` ignores).
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    ".hg",
    ".svn",
    ".venv",
    "__pycache__",
];

/// The build files under `roots`, found by name.
#[must_use]
pub fn find_build_files(roots: &[PathBuf], limits: Limits) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = 0usize;
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .parents(false)
            .max_depth(Some(limits.depth))
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
            })
            .build();
        for entry in walker.flatten() {
            seen += 1;
            if seen > limits.entries || out.len() >= limits.files {
                tracing::warn!(
                    "stopped looking for build files after {} entries and {} files",
                    seen,
                    out.len()
                );
                return out;
            }
            if entry.file_type().is_some_and(|t| t.is_file())
                && BuildFileKind::of(entry.path()).is_some()
            {
                out.push(absolute(entry.path()));
            }
        }
    }
    out
}

/// `path` made absolute and normalized (no `.` or `..`), without following links.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    builds::normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// One indexed build file.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Its text (the editor's when it is open).
    pub text: Arc<str>,
    /// What it describes.
    pub file: Arc<BuildFile>,
    /// Whether the editor has it open (then the disk is not read for it).
    pub open: bool,
}

/// Every build file of the workspace, and the entries of each Dockerfile.
#[derive(Debug, Default)]
pub struct BuildIndex {
    files: HashMap<PathBuf, Indexed>,
    /// Dockerfile → (build file, entry index).
    by_dockerfile: HashMap<PathBuf, Vec<(PathBuf, usize)>>,
    /// Whether the workspace was scanned (until then, nobody is known to build anything).
    scanned: bool,
}

impl BuildIndex {
    /// Reads the build files under `roots`.
    #[must_use]
    pub fn scan(roots: &[PathBuf], limits: Limits) -> BuildIndex {
        let mut index = BuildIndex::default();
        for path in find_build_files(roots, limits) {
            index.reload(&path);
        }
        index.scanned = true;
        index
    }

    /// Whether the workspace was scanned.
    #[must_use]
    pub fn scanned(&self) -> bool {
        self.scanned
    }

    /// Adds the files of another scan (already known files are kept as they are).
    pub fn merge(&mut self, other: BuildIndex) {
        for (path, indexed) in other.files {
            if !self.files.contains_key(&path) {
                self.insert(path, indexed);
            }
        }
        self.scanned = true;
    }

    /// How many build files it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it holds no build file.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file at `path`, if indexed.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&Indexed> {
        self.files.get(path)
    }

    /// Sets the text of the build file at `path` (absolute, normalized); `open` when it
    /// comes from the editor. Returns false when `path` is no build file.
    pub fn set(&mut self, path: &Path, text: Arc<str>, open: bool) -> bool {
        let Some(kind) =
            BuildFileKind::of(path).or_else(|| self.files.get(path).map(|f| f.file.kind))
        else {
            return false;
        };
        self.set_as(path, kind, text, open);
        true
    }

    /// Sets the text of `path`, read as a build file of `kind`; the Compose files it
    /// includes (`include:`, whatever their names) are read too when not indexed yet.
    fn set_as(&mut self, path: &Path, kind: BuildFileKind, text: Arc<str>, open: bool) {
        let file = Arc::new(builds::parse(kind, &text));
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let includes: Vec<PathBuf> = file
            .includes
            .iter()
            .filter(|i| !i.dynamic && !i.text.contains("://"))
            .map(|i| builds::normalize(&dir.join(&i.text)))
            .collect();
        self.insert(path.to_path_buf(), Indexed { text, file, open });
        for inc in includes {
            if self.files.len() >= MAX_FILES || self.files.contains_key(&inc) {
                continue;
            }
            if let Some(Ok(text)) = crate::fsutil::read_small_text(&inc) {
                self.set_as(&inc, BuildFileKind::Compose, text.into(), false);
            }
        }
    }

    /// Reads `path` from disk again (unless the editor has it open); forgets it when it is
    /// gone or unreadable.
    pub fn reload(&mut self, path: &Path) {
        if self.files.get(path).is_some_and(|f| f.open) {
            return;
        }
        match crate::fsutil::read_small_text(path) {
            Some(Ok(text)) => {
                self.set(path, text.into(), false);
            }
            _ => self.remove(path),
        }
    }

    /// The editor closed `path`: from now on its disk contents count.
    pub fn close(&mut self, path: &Path) {
        if let Some(f) = self.files.get_mut(path) {
            f.open = false;
        }
        self.reload(path);
    }

    /// Forgets `path`.
    pub fn remove(&mut self, path: &Path) {
        self.unlink(path);
        self.files.remove(path);
    }

    fn insert(&mut self, path: PathBuf, indexed: Indexed) {
        if self.files.contains_key(&path) {
            self.unlink(&path);
        }
        for (i, e) in indexed.file.entries.iter().enumerate() {
            if let Some(df) = e.dockerfile_path(&path) {
                self.by_dockerfile
                    .entry(df)
                    .or_default()
                    .push((path.clone(), i));
            }
        }
        self.files.insert(path, indexed);
    }

    /// Removes the entries of `path` (still in `files`) from the Dockerfile index: only the
    /// Dockerfiles it names are looked at.
    fn unlink(&mut self, path: &Path) {
        let Some(old) = self.files.get(path) else {
            return;
        };
        for e in &old.file.entries {
            let Some(df) = e.dockerfile_path(path) else {
                continue;
            };
            if let Some(v) = self.by_dockerfile.get_mut(&df) {
                v.retain(|(p, _)| p != path);
                if v.is_empty() {
                    self.by_dockerfile.remove(&df);
                }
            }
        }
    }

    /// The entries that build `dockerfile` (absolute, normalized): the build file, its
    /// text, the entry's index and the entry.
    #[must_use]
    pub fn entries_for(&self, dockerfile: &Path) -> Vec<(&Path, &Indexed, usize, &BuildEntry)> {
        self.by_dockerfile
            .get(dockerfile)
            .into_iter()
            .flatten()
            .filter_map(|(p, i)| {
                let f = self.files.get(p)?;
                Some((p.as_path(), f, *i, f.file.entries.get(*i)?))
            })
            .collect()
    }

    /// Who builds `dockerfile`, for its analysis: None until the workspace was scanned.
    #[must_use]
    pub fn builders_of(&self, dockerfile: &Path) -> Option<Vec<Builder>> {
        if !self.scanned {
            return None;
        }
        let dir = dockerfile.parent().unwrap_or(Path::new("/"));
        let mut out: Vec<Builder> = self
            .entries_for(dockerfile)
            .into_iter()
            .map(|(path, f, _, e)| Builder {
                label: e.label(),
                place: format!(
                    "{}:{}",
                    relative(path, dir).display(),
                    line_of(&f.text, e.name.range.start)
                ),
                target: e.target.as_ref().map(|t| t.text.clone()),
                dynamic_target: e.target.as_ref().is_some_and(|t| t.dynamic),
                context: e.context_dir(path),
                dev_container: e.kind == EntryKind::DevContainer
                    || path.components().any(|c| c.as_os_str() == ".devcontainer"),
                named_contexts: e.named_contexts.clone(),
                args: e
                    .args
                    .iter()
                    .map(|a| {
                        let literal = a.value.as_ref().filter(|v| !v.dynamic);
                        (a.name.text.clone(), literal.map(|v| v.text.clone()))
                    })
                    .collect(),
            })
            .collect();
        out.sort_by(|a, b| a.place.cmp(&b.place));
        Some(out)
    }
}

/// The build context the builders of a Dockerfile agree on (None when none gives one, or
/// they differ: the Dockerfile's directory is then assumed, as for `docker build .`).
#[must_use]
pub fn agreed_context(builders: &[Builder]) -> Option<PathBuf> {
    let mut dirs = builders.iter().filter_map(|b| b.context.as_ref());
    let first = dirs.next()?;
    dirs.all(|d| d == first).then(|| first.clone())
}

/// The 1-based line of `offset` in `text`.
#[must_use]
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(0, |t| t.bytes().filter(|b| *b == b'\n').count())
        + 1
}

/// `path` relative to `dir` (with `..` where needed), both absolute and normalized.
#[must_use]
pub fn relative(path: &Path, dir: &Path) -> PathBuf {
    let p: Vec<_> = path.components().collect();
    let d: Vec<_> = dir.components().collect();
    let common = p.iter().zip(&d).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..d.len() {
        out.push("..");
    }
    for c in p.iter().skip(common) {
        out.push(c.as_os_str());
    }
    out
}

/// Dockerfiles read from disk for the build files' checks, kept while their size and
/// modification time are unchanged (a keystroke in a compose file reads no Dockerfile
/// again).
#[derive(Debug, Default)]
pub struct DiskDockerfiles {
    cache: HashMap<PathBuf, (Option<SystemTime>, u64, Analysis)>,
}

/// How many Dockerfiles read from disk are kept.
const KEPT_DOCKERFILES: usize = 256;

impl DiskDockerfiles {
    /// The Dockerfile at `path`, analysed; None when there is no readable file.
    pub fn get(&mut self, path: &Path) -> Option<Analysis> {
        let meta = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some((m, l, a)) = self.cache.get(path)
            && (*m, *l) == stamp
        {
            return Some(a.clone());
        }
        let bytes = crate::fsutil::read_regular(path, crate::fsutil::dockerfile_limit()).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let analysis = Analysis::from_text(&text, &BuildConfig::default());
        if self.cache.len() >= KEPT_DOCKERFILES {
            self.cache.clear();
        }
        self.cache
            .insert(path.to_path_buf(), (stamp.0, stamp.1, analysis.clone()));
        Some(analysis)
    }
}

/// What each entry of a build file at `path` builds: the Dockerfile (written inline, else
/// from `open`, the editor's documents, else from disk), and the contexts that do not exist.
pub fn resolve(
    file: &BuildFile,
    path: &Path,
    open: &dyn Fn(&Path) -> Option<Analysis>,
    disk: &mut DiskDockerfiles,
) -> (Vec<Resolved>, Vec<Option<PathBuf>>) {
    let mut dockerfiles = Vec::with_capacity(file.entries.len());
    let mut contexts = Vec::with_capacity(file.entries.len());
    for e in &file.entries {
        let ctx = e.context_dir(path);
        let missing_ctx = ctx.filter(|c| !c.is_dir());
        if let Some(inline) = &e.inline {
            let analysis = Analysis::from_text(&inline.text, &BuildConfig::default());
            dockerfiles.push(Resolved::Dockerfile(analysis));
            contexts.push(missing_ctx);
            continue;
        }
        dockerfiles.push(match e.dockerfile_path(path) {
            _ if missing_ctx.is_some() => Resolved::Unknown,
            None => Resolved::Unknown,
            Some(df) => match open(&df).or_else(|| disk.get(&df)) {
                Some(a) => Resolved::Dockerfile(a),
                None if df.exists() => Resolved::Unknown,
                None => Resolved::Missing(df),
            },
        });
        contexts.push(missing_ctx);
    }
    (dockerfiles, contexts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/compose.yaml"), Path::new("/a/b")),
            PathBuf::from("compose.yaml")
        );
        assert_eq!(
            relative(Path::new("/a/compose.yaml"), Path::new("/a/b/c")),
            PathBuf::from("../../compose.yaml")
        );
    }

    #[test]
    fn included_compose_files_are_read_whatever_their_names() {
        let root =
            std::env::temp_dir().join(format!("dockerfile-ls-include-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("deploy")).unwrap();
        std::fs::write(
            root.join("compose.yaml"),
            "include:\n  - deploy/stack.yml\n",
        )
        .unwrap();
        std::fs::write(
            root.join("deploy/stack.yml"),
            "services:\n  api:\n    build:\n      context: ../app\n      target: api\n",
        )
        .unwrap();
        let index = BuildIndex::scan(std::slice::from_ref(&root), Limits::default());
        let b = index
            .builders_of(&absolute(&root.join("app/Dockerfile")))
            .unwrap();
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].label, "compose service `api`");
        assert_eq!(b[0].place, "../deploy/stack.yml:2");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn inline_dockerfiles_are_checked_in_place() {
        use dockerfile_analysis::builds::{BuildCheck, BuildFileKind, check, parse};
        let text = "services:\n  a:\n    build:\n      target: tset\n      dockerfile_inline: |\n        FROM alpine AS test\n        RUN sudo apk add curl\n";
        let file = parse(BuildFileKind::Compose, text);
        let (dockerfiles, missing_contexts) = resolve(
            &file,
            Path::new("/nowhere/compose.yaml"),
            &|_| None,
            &mut DiskDockerfiles::default(),
        );
        let cx = BuildCheck {
            file: &file,
            text,
            dockerfiles,
            missing_contexts,
        };
        let found: Vec<(&str, &str)> = check(&cx, &dockerfile_analysis::RuleSettings::default())
            .iter()
            .map(|d| (d.rule, &text[d.range.start..d.range.end]))
            .collect();
        assert!(found.contains(&("UnknownBuildTarget", "tset")), "{found:?}");
        assert!(found.contains(&("SudoInRun", "sudo")), "{found:?}");
    }

    #[test]
    fn index_follows_edits() {
        let mut index = BuildIndex {
            scanned: true,
            ..BuildIndex::default()
        };
        let compose = Path::new("/w/compose.yaml");
        index.set(
            compose,
            "services:\n  a:\n    build:\n      context: app\n      target: test\n".into(),
            true,
        );
        let df = Path::new("/w/app/Dockerfile");
        let b = index.builders_of(df).unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].label, "compose service `a`");
        assert_eq!(b[0].place, "../compose.yaml:2");
        assert_eq!(b[0].target.as_deref(), Some("test"));
        index.set(compose, "services:\n  a:\n    build: other\n".into(), true);
        assert!(index.get(compose).is_some());
        assert!(index.builders_of(df).unwrap().is_empty());
        assert_eq!(
            index
                .builders_of(Path::new("/w/other/Dockerfile"))
                .unwrap()
                .len(),
            1
        );
        index.remove(compose);
        assert!(
            index
                .builders_of(Path::new("/w/other/Dockerfile"))
                .unwrap()
                .is_empty()
        );
    }
}
