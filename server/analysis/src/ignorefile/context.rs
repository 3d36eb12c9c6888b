//! What a build context sends: the listing of its files (walked by the caller) with an ignore
//! file applied as BuildKit's file sender applies it — each path matched walking down from
//! the top (patternmatcher's `MatchesUsingParentResults`), a directory's contents sent when
//! they are re-included even if the directory is excluded — and what each pattern did.

use super::IgnoreFile;

/// One file or directory of the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path relative to the context, `/`-separated, no leading or trailing `/`.
    pub path: Box<str>,
    /// Whether it is a directory.
    pub dir: bool,
    /// Its size in bytes (0 for a directory).
    pub size: u64,
    /// How many directories it is inside (0 at the top).
    pub depth: u32,
    /// One past the index of its last descendant (its own index + 1 for a file); set by
    /// [`Listing::finish`].
    pub end: u32,
    /// For a directory, the files and bytes under it; set by [`Listing::finish`].
    pub files: u64,
    /// The bytes under it.
    pub bytes: u64,
}

impl Entry {
    /// An entry; [`Listing::finish`] fills in what it holds.
    #[must_use]
    pub fn new(path: impl Into<Box<str>>, dir: bool, size: u64, depth: u32) -> Entry {
        Entry {
            path: path.into(),
            dir,
            size: if dir { 0 } else { size },
            depth,
            end: 0,
            files: 0,
            bytes: 0,
        }
    }
}

/// The context's entries in walk order: each directory right before what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Why the walk stopped before the end (a limit), if it did: the counts are then lower
    /// bounds, and no pattern is said to match nothing.
    pub stopped: Option<String>,
    /// Which patterns match some entry, remembered: a listing lives as long as its walk, and
    /// a keystroke in the ignore file changes one pattern, not the others.
    pub memo: MatchMemo,
    /// The lines of the `.gitignore` files of the context's directory and the directories
    /// above it, up to the repository's root: what the project keeps out of version
    /// control (build outputs, local files), which a pattern may guard against before it
    /// exists.
    pub gitignored: Vec<String>,
}

/// Whether a pattern (its cleaned text) matches any entry of a listing, per pattern asked.
#[derive(Debug, Default)]
pub struct MatchMemo(std::sync::Mutex<std::collections::HashMap<String, bool>>);

impl Clone for MatchMemo {
    fn clone(&self) -> Self {
        MatchMemo::default()
    }
}

impl PartialEq for MatchMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for MatchMemo {}

impl Listing {
    /// Whether `cleaned` (a pattern without `!` or leading `/`) names what the `.gitignore`
    /// files keep out: the path itself, a directory above it, or its last part is written
    /// there (`.build/linux-amd64` under `.build`, `**/_build`).
    #[must_use]
    pub fn gitignored(&self, cleaned: &str) -> bool {
        fn plain(p: &str) -> &str {
            let p = p.trim().trim_start_matches('/').trim_end_matches('/');
            p.strip_prefix("**/").unwrap_or(p).trim_end_matches("/**")
        }
        let p = plain(cleaned);
        if p.is_empty() || self.gitignored.is_empty() {
            return false;
        }
        let last = p.rsplit('/').next().unwrap_or(p);
        let ancestors = p.match_indices('/').filter_map(|(i, _)| p.get(..i));
        let mut candidates = std::iter::once(p).chain([last]).chain(ancestors);
        candidates.any(|c| self.gitignored.iter().any(|g| plain(g) == c))
    }

    /// Whether `pattern` matches some entry itself (not through a parent), whatever the
    /// other patterns decide.
    #[must_use]
    pub fn any_matches(&self, pattern: &super::Pattern) -> bool {
        let key = pattern.cleaned.clone();
        let mut memo = self
            .memo
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&hit) = memo.get(&key) {
            return hit;
        }
        let hit = self.entries.iter().any(|e| pattern.matches(&e.path));
        memo.insert(key, hit);
        hit
    }

    /// Fills in each entry's extent and what each directory holds (one pass, each file
    /// added to the directories it is in).
    pub fn finish(&mut self) {
        let n = self.entries.len();
        let mut open: Vec<usize> = Vec::new();
        for i in 0..n {
            let Some((depth, dir, size)) = self.entries.get(i).map(|e| (e.depth, e.dir, e.size))
            else {
                continue;
            };
            while let Some(&d) = open.last() {
                if self.entries.get(d).is_some_and(|e| e.depth >= depth) {
                    if let Some(e) = self.entries.get_mut(d) {
                        e.end = u32::try_from(i).unwrap_or(u32::MAX);
                    }
                    open.pop();
                } else {
                    break;
                }
            }
            if let Some(e) = self.entries.get_mut(i) {
                e.end = u32::try_from(i + 1).unwrap_or(u32::MAX);
                e.files = 0;
                e.bytes = 0;
            }
            if dir {
                open.push(i);
            } else {
                for &d in &open {
                    if let Some(e) = self.entries.get_mut(d) {
                        e.files += 1;
                        e.bytes += size;
                    }
                }
            }
        }
        for d in open {
            if let Some(e) = self.entries.get_mut(d) {
                e.end = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
    }
}

/// What one pattern did over the context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternStats {
    /// Entries it matched (itself or through a parent directory).
    pub matched: u64,
    /// Files whose fate it decided (excluded, or re-included for an exception), and their
    /// bytes.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// A few of the topmost entries it decided (directories with a trailing `/`).
    pub examples: Vec<String>,
}

/// The context with the ignore file applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Files sent, and their bytes.
    pub sent_files: u64,
    /// Bytes sent.
    pub sent_bytes: u64,
    /// Files left out, and their bytes.
    pub ignored_files: u64,
    /// Bytes left out.
    pub ignored_bytes: u64,
    /// Per pattern of the ignore file, in order.
    pub patterns: Vec<PatternStats>,
    /// Per entry of the listing: whether it is left out.
    pub excluded: Vec<bool>,
    /// The ranges of entries (start, end) that are left out whole, below a directory no
    /// exception reaches into: consumers may jump over them.
    pub skipped: Vec<(usize, usize)>,
}

const EXAMPLES: usize = 3;

/// Applies `file` to `listing`.
#[must_use]
pub fn evaluate(file: &IgnoreFile, listing: &Listing) -> Evaluation {
    let mut out = Evaluation {
        patterns: vec![PatternStats::default(); file.patterns.len()],
        excluded: Vec::with_capacity(listing.entries.len()),
        ..Evaluation::default()
    };
    // fsutil does not walk into an excluded directory when no exception could reach inside
    // it: with only plain exceptions (no wildcard once a trailing `/*` or `/**` is removed),
    // none starting with the directory's path. The result is the same as walking in (every
    // entry below is excluded by the same patterns); skipping keeps a keystroke in the ignore
    // file cheap when a large tree (node_modules) is left out.
    let plain_exceptions = file
        .patterns
        .iter()
        .filter(|p| p.exception && p.error.is_none())
        .all(|p| !without_trailing_glob(&p.cleaned).contains(['*', '?', '[', ']', '\\', '^']));
    let exceptions: Vec<String> = file
        .patterns
        .iter()
        .filter(|p| p.exception && p.error.is_none())
        .map(|p| format!("{}/", without_trailing_glob(&p.cleaned)))
        .collect();
    // Per depth: the match info and the deciding pattern of the directory open there.
    let mut stack: Vec<(super::MatchInfo, Option<usize>)> = Vec::new();
    let mut k = 0;
    while let Some(e) = listing.entries.get(k) {
        k += 1;
        stack.truncate(e.depth as usize);
        let parent = stack.last();
        let (excluded, decided, info) = if file.patterns.is_empty() {
            (false, None, Vec::new())
        } else {
            file.matches_walking(&e.path, parent.map(|(i, _)| i))
        };
        for (i, hit) in info.iter().enumerate() {
            if *hit && let Some(s) = out.patterns.get_mut(i) {
                s.matched += 1;
            }
        }
        if let Some(d) = decided
            && let Some(s) = out.patterns.get_mut(d)
        {
            if !e.dir {
                s.files += 1;
                s.bytes += e.size;
            }
            let topmost = parent.is_none_or(|(_, pd)| *pd != Some(d));
            if topmost && s.examples.len() < EXAMPLES {
                s.examples.push(if e.dir {
                    format!("{}/", e.path)
                } else {
                    e.path.to_string()
                });
            }
        }
        if !e.dir {
            if excluded {
                out.ignored_files += 1;
                out.ignored_bytes += e.size;
            } else {
                out.sent_files += 1;
                out.sent_bytes += e.size;
            }
        }
        out.excluded.push(excluded);
        if e.dir {
            let dir_slash = format!("{}/", e.path);
            let end = (e.end as usize).max(k);
            if excluded
                && plain_exceptions
                && end > k
                && !exceptions.iter().any(|x| x.starts_with(&dir_slash))
            {
                // Everything below: excluded, decided by the same pattern, matched by the
                // patterns that matched the directory.
                let below = (end - k) as u64;
                for (i, hit) in info.iter().enumerate() {
                    if *hit && let Some(s) = out.patterns.get_mut(i) {
                        s.matched += below;
                    }
                }
                if let Some(s) = decided.and_then(|d| out.patterns.get_mut(d)) {
                    s.files += e.files;
                    s.bytes += e.bytes;
                }
                out.ignored_files += e.files;
                out.ignored_bytes += e.bytes;
                out.excluded.resize(end, true);
                out.skipped.push((k, end));
                k = end;
                continue;
            }
            stack.push((info, decided));
        }
    }
    out
}

/// fsutil's `patternWithoutTrailingGlob`.
fn without_trailing_glob(p: &str) -> &str {
    let p = p.strip_suffix("/**").unwrap_or(p);
    p.strip_suffix("/*").unwrap_or(p)
}

/// The largest directories the build sends (at the top two levels): (path, bytes, files).
pub type LargestDirs = Vec<(String, u64, u64)>;
/// The largest files the build sends: (path, bytes).
pub type LargestFiles = Vec<(String, u64)>;

/// The largest directories and files the build sends, the largest first, `n` of each.
#[must_use]
pub fn largest(listing: &Listing, eval: &Evaluation, n: usize) -> (LargestDirs, LargestFiles) {
    let mut dirs: Vec<(String, u64, u64)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut files: Vec<(String, u64)> = Vec::new();
    for (e, &excluded) in listing.entries.iter().zip(&eval.excluded) {
        while open
            .last()
            .and_then(|&d| dirs.get(d))
            .is_some_and(|(p, _, _)| !e.path.starts_with(&format!("{p}/")))
        {
            open.pop();
        }
        if e.dir {
            if e.depth <= 1 {
                dirs.push((e.path.to_string(), 0, 0));
                open.push(dirs.len() - 1);
            }
            continue;
        }
        if excluded {
            continue;
        }
        for &d in &open {
            if let Some(slot) = dirs.get_mut(d) {
                slot.1 += e.size;
                slot.2 += 1;
            }
        }
        files.push((e.path.to_string(), e.size));
    }
    dirs.retain(|d| d.2 > 0);
    dirs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    dirs.truncate(n);
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    files.truncate(n);
    (dirs, files)
}

/// `1.2 MB`, `340 kB`, `12 B` (decimal units, as `docker build` prints sizes).
#[must_use]
pub fn human_bytes(b: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let f = b as f64;
    if b < 1000 {
        format!("{b} B")
    } else if b < 1_000_000 {
        format!("{:.1} kB", f / 1e3)
    } else if b < 1_000_000_000 {
        format!("{:.1} MB", f / 1e6)
    } else {
        format!("{:.2} GB", f / 1e9)
    }
}

/// `1,204` (thousands separated by commas).
#[must_use]
pub fn human_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
pub(crate) fn listing_of(paths: &[(&str, u64)]) -> Listing {
    // `dir/` entries are directories; the rest files of the given size.
    let entries = paths
        .iter()
        .map(|(p, size)| {
            let dir = p.ends_with('/');
            let path = p.trim_end_matches('/');
            Entry::new(
                path,
                dir,
                *size,
                u32::try_from(path.matches('/').count()).unwrap_or(u32::MAX),
            )
        })
        .collect();
    let mut l = Listing {
        entries,
        ..Listing::default()
    };
    l.finish();
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_gitignore_keeps_out() {
        let l = Listing {
            gitignored: vec![
                "/.build/".into(),
                "**/_build".into(),
                "*.ez".into(),
                "data".into(),
            ],
            ..Listing::default()
        };
        for p in [
            ".build",
            ".build/linux-amd64",
            "_build",
            "src/app/_build",
            "*.ez",
            "data/",
        ] {
            assert!(l.gitignored(p), "{p}");
        }
        for p in ["build", ".tarballs", "docs", "", "*.e"] {
            assert!(!l.gitignored(p), "{p}");
        }
        assert!(!Listing::default().gitignored("data"));
    }

    #[test]
    fn excluded_directories_and_re_included_children() {
        let listing = listing_of(&[
            ("Dockerfile", 100),
            ("docs/", 0),
            ("docs/README.md", 10),
            ("docs/guide.md", 20),
            ("node_modules/", 0),
            ("node_modules/a/", 0),
            ("node_modules/a/index.js", 1000),
            ("src/", 0),
            ("src/main.rs", 50),
            ("app.log", 7),
        ]);
        let file = IgnoreFile::parse("node_modules\ndocs\n!docs/README.md\n*.log\nnothing-here\n");
        let e = evaluate(&file, &listing);
        assert_eq!((e.sent_files, e.sent_bytes), (3, 160));
        assert_eq!((e.ignored_files, e.ignored_bytes), (3, 1027));
        let p = |i: usize| e.patterns.get(i).cloned().unwrap_or_default();
        assert_eq!((p(0).files, p(0).bytes), (1, 1000));
        assert_eq!(p(0).examples, ["node_modules/"], "the topmost entry only");
        assert_eq!((p(1).files, p(1).bytes), (1, 20));
        assert_eq!((p(2).files, p(2).bytes), (1, 10), "re-included");
        assert_eq!(p(3).examples, ["app.log"]);
        assert_eq!(p(4).matched, 0);
        let (dirs, files) = largest(&listing, &e, 2);
        assert_eq!(
            dirs,
            [("src".to_owned(), 50, 1), ("docs".to_owned(), 10, 1)],
            "what is sent counts, not what is left out"
        );
        assert_eq!(
            files,
            [
                ("Dockerfile".to_owned(), 100),
                ("src/main.rs".to_owned(), 50)
            ]
        );
    }

    #[test]
    fn skipping_excluded_trees_changes_no_result() {
        let listing = listing_of(&[
            ("a/", 0),
            ("a/b/", 0),
            ("a/b/c.txt", 3),
            ("a/b/keep.txt", 4),
            ("a/d.txt", 5),
            ("node_modules/", 0),
            ("node_modules/x/", 0),
            ("node_modules/x/i.js", 100),
            ("node_modules/y.js", 10),
            ("z.txt", 1),
        ]);
        assert_eq!(
            listing.entries.first().map(|e| (e.end, e.files, e.bytes)),
            Some((5, 3, 12))
        );
        for patterns in [
            "node_modules\na\n",
            "a\n!a/b/keep.txt\nnode_modules\n",
            "**\n!a/b\n",
            "a/b\n*.txt\n!z.txt\n",
            "node_modules/x\n!node_modules/x/i.js\n",
        ] {
            let skipping = IgnoreFile::parse(patterns);
            // A wildcard exception that matches nothing makes the walk go everywhere.
            let walking = IgnoreFile::parse(&format!("{patterns}!zz*q\n"));
            let (a, b) = (evaluate(&skipping, &listing), evaluate(&walking, &listing));
            assert_eq!(a.excluded, b.excluded, "{patterns:?}");
            assert_eq!(
                (a.sent_files, a.sent_bytes, a.ignored_files, a.ignored_bytes),
                (b.sent_files, b.sent_bytes, b.ignored_files, b.ignored_bytes),
                "{patterns:?}"
            );
            for (x, y) in a.patterns.iter().zip(&b.patterns) {
                assert_eq!(
                    (x.matched, x.files, x.bytes),
                    (y.matched, y.files, y.bytes),
                    "{patterns:?}"
                );
            }
        }
    }

    #[test]
    fn sizes_and_counts_read_well() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(340_000), "340.0 kB");
        assert_eq!(human_bytes(38_123_456), "38.1 MB");
        assert_eq!(human_count(1_204), "1,204");
        assert_eq!(human_count(12), "12");
        assert_eq!(human_count(1_000_000), "1,000,000");
    }
}
