//! Walking a build context: every file and directory under it, as BuildKit's file sender
//! sees them — no `.gitignore` applied, symbolic links listed but never followed (so a walk
//! never leaves the context), special files (sockets, FIFOs, devices) skipped — in a stable
//! order, stopped at a limit on entries or time (then the listing says so).
//!   `DOCKERFILE_LS_CONTEXT_MAX_FILES` (default 300,000) and `DOCKERFILE_LS_CONTEXT_MAX_SECONDS`
//!   (default 10) set the limits.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dockerfile_analysis::ignorefile::{Entry, IgnoreFile, Listing};

/// When a walk stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkLimits {
    /// The most entries listed.
    pub max_entries: usize,
    /// The longest a walk takes.
    pub max_time: Duration,
}

impl Default for WalkLimits {
    fn default() -> Self {
        WalkLimits {
            max_entries: 300_000,
            max_time: Duration::from_secs(10),
        }
    }
}

impl WalkLimits {
    /// The defaults, or what the environment sets.
    #[must_use]
    pub fn from_env() -> WalkLimits {
        let mut l = WalkLimits::default();
        if let Some(n) = std::env::var("DOCKERFILE_LS_CONTEXT_MAX_FILES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
        {
            l.max_entries = n;
        }
        if let Some(s) = std::env::var("DOCKERFILE_LS_CONTEXT_MAX_SECONDS")
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
        {
            l.max_time = Duration::from_secs_f64(s);
        }
        l
    }
}

/// Lists the context at `dir`.
#[must_use]
pub fn walk(dir: &Path, limits: &WalkLimits) -> Listing {
    let started = Instant::now();
    let mut listing = Listing::default();
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .follow_links(false)
        .sort_by_file_name(std::ffi::OsStr::cmp)
        .build();
    for (n, item) in walker.enumerate() {
        let Ok(entry) = item else {
            // An unreadable directory: BuildKit fails on it too; the listing goes on.
            continue;
        };
        let depth = entry.depth();
        if depth == 0 {
            continue;
        }
        if n % 1024 == 0 && started.elapsed() > limits.max_time {
            listing.stopped = Some(format!(
                "counting stopped after {} s ({} entries; DOCKERFILE_LS_CONTEXT_MAX_SECONDS)",
                limits.max_time.as_secs_f64(),
                listing.entries.len()
            ));
            break;
        }
        if listing.entries.len() >= limits.max_entries {
            listing.stopped = Some(format!(
                "counting stopped at {} entries (DOCKERFILE_LS_CONTEXT_MAX_FILES)",
                limits.max_entries
            ));
            break;
        }
        let Some(ft) = entry.file_type() else {
            continue;
        };
        let (is_dir, size) = if ft.is_dir() {
            (true, 0)
        } else if ft.is_file() {
            (false, entry.metadata().map_or(0, |m| m.len()))
        } else if ft.is_symlink() {
            // Sent as a link, never followed.
            (false, 0)
        } else {
            continue;
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let Some(rel) = rel.to_str() else {
            continue;
        };
        let rel = if std::path::MAIN_SEPARATOR == '/' {
            rel.to_owned()
        } else {
            rel.replace(std::path::MAIN_SEPARATOR, "/")
        };
        let depth = u32::try_from(depth - 1).unwrap_or(u32::MAX);
        listing.entries.push(Entry::new(rel, is_dir, size, depth));
    }
    listing.finish();
    listing.gitignored = gitignore_lines(dir);
    listing
}

/// The lines of `.gitignore` in `dir` and the directories above it, up to the first that
/// holds `.git` (the repository's root); comments, blank lines and `!` exceptions left out.
fn gitignore_lines(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for d in dir.ancestors().take(64) {
        if let Some(Ok(text)) = crate::fsutil::read_small_text(&d.join(".gitignore")) {
            out.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
                    .map(str::to_owned),
            );
        }
        if d.join(".git").exists() {
            break;
        }
    }
    out
}

/// The ignore file BuildKit uses for a Dockerfile built with `context`: its own
/// `<Dockerfile>.dockerignore` beside it, else `<context>/.dockerignore` (the path, and its
/// text, if either exists).
#[must_use]
pub fn ignore_file_for(dockerfile: Option<&Path>, context: &Path) -> Option<(PathBuf, String)> {
    let own = dockerfile.and_then(|d| {
        let name = d.file_name()?.to_str()?;
        Some(d.with_file_name(format!("{name}.dockerignore")))
    });
    own.into_iter()
        .chain([context.join(".dockerignore")])
        .find_map(|p| crate::fsutil::read_small_text(&p)?.ok().map(|t| (p, t)))
}

/// The context and own Dockerfile of an ignore file at `path`: its directory, and for
/// `<name>.dockerignore` the Dockerfile `<name>` beside it.
#[must_use]
pub fn context_of_ignore_file(path: &Path) -> (PathBuf, Option<PathBuf>) {
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let own = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".dockerignore"))
        .filter(|n| !n.is_empty())
        .map(|n| dir.join(n));
    (dir, own)
}

/// The Dockerfiles an ignore file applies to: its own Dockerfile for
/// `<name>.dockerignore`; for `.dockerignore`, the Dockerfiles at the top of the context
/// that have no ignore file of their own (at most 32).
#[must_use]
pub fn dockerfiles_using(
    context: &Path,
    own: Option<&Path>,
    listing: Option<&Listing>,
) -> Vec<PathBuf> {
    if let Some(own) = own {
        return vec![own.to_path_buf()];
    }
    let Some(l) = listing else {
        return Vec::new();
    };
    let top: Vec<&str> = l
        .entries
        .iter()
        .filter(|e| e.depth == 0 && !e.dir)
        .map(|e| &*e.path)
        .collect();
    top.iter()
        .filter(|n| crate::cli::check::is_dockerfile_name(n))
        .filter(|n| !top.contains(&format!("{n}.dockerignore").as_str()))
        .take(32)
        .map(|n| context.join(n))
        .collect()
}

/// The ignore file of a context and what it makes the context send, for `context` and hover.
pub struct Sent {
    /// The ignore file used (none when the context has none).
    pub ignore: Option<(PathBuf, IgnoreFile)>,
    /// The listing.
    pub listing: Listing,
    /// The evaluation.
    pub eval: dockerfile_analysis::ignorefile::Evaluation,
}

/// Walks `context` and applies the ignore file the Dockerfile would use.
#[must_use]
pub fn sent(dockerfile: Option<&Path>, context: &Path, limits: &WalkLimits) -> Sent {
    let listing = walk(context, limits);
    let ignore = ignore_file_for(dockerfile, context).map(|(p, t)| (p, IgnoreFile::parse(&t)));
    let empty = IgnoreFile::default();
    let eval = dockerfile_analysis::ignorefile::evaluate(
        ignore.as_ref().map_or(&empty, |(_, f)| f),
        &listing,
    );
    Sent {
        ignore,
        listing,
        eval,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BuildKit's testDockerignoreOverride: a Dockerfile's own ignore file wins over the
    /// context's, and each Dockerfile gets its own.
    #[test]
    fn a_dockerfiles_own_ignore_file_wins() {
        let dir = tempfile::tempdir().unwrap_or_else(|_| panic!());
        let root = dir.path();
        for (name, text) in [
            ("Dockerfile.dockerignore", "bar\n"),
            ("Dockerfile2.dockerignore", "foo\n"),
            (".dockerignore", "baz\n"),
        ] {
            std::fs::write(root.join(name), text).ok();
        }
        let text_for = |df: &str| {
            ignore_file_for(Some(&root.join(df)), root)
                .map(|(p, t)| (p.file_name().map(|n| n.to_string_lossy().into_owned()), t))
        };
        assert_eq!(
            text_for("Dockerfile"),
            Some((
                Some("Dockerfile.dockerignore".to_owned()),
                "bar\n".to_owned()
            ))
        );
        assert_eq!(
            text_for("Dockerfile2"),
            Some((
                Some("Dockerfile2.dockerignore".to_owned()),
                "foo\n".to_owned()
            ))
        );
        assert_eq!(
            text_for("Dockerfile3"),
            Some((Some(".dockerignore".to_owned()), "baz\n".to_owned()))
        );
    }

    #[test]
    fn walks_in_order_without_following_links_and_stops_at_limits() {
        let dir = tempfile::tempdir().unwrap_or_else(|_| panic!());
        let root = dir.path();
        let write = |p: &str, n: usize| {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap_or(root)).ok();
            std::fs::write(path, vec![b'x'; n]).ok();
        };
        write("b.txt", 3);
        write("a/z.txt", 5);
        write("a/y/x.txt", 7);
        write(".gitignore", 1);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/", root.join("escape")).ok();
        }
        let l = walk(root, &WalkLimits::default());
        let paths: Vec<(&str, bool, u64, u32)> = l
            .entries
            .iter()
            .map(|e| (&*e.path, e.dir, e.size, e.depth))
            .collect();
        let mut want = vec![
            (".gitignore", false, 1, 0),
            ("a", true, 0, 0),
            ("a/y", true, 0, 1),
            ("a/y/x.txt", false, 7, 2),
            ("a/z.txt", false, 5, 1),
            ("b.txt", false, 3, 0),
        ];
        if cfg!(unix) {
            want.push(("escape", false, 0, 0));
        }
        assert_eq!(paths, want, "a link is listed, never followed");
        assert_eq!(l.entries.get(1).map(|e| (e.files, e.bytes)), Some((2, 12)));
        assert!(l.stopped.is_none());
        let small = walk(
            root,
            &WalkLimits {
                max_entries: 2,
                ..WalkLimits::default()
            },
        );
        assert_eq!(small.entries.len(), 2);
        assert!(small.stopped.is_some_and(|s| s.contains("2 entries")));
    }
}
