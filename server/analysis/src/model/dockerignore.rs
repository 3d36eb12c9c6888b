//! `.dockerignore` patterns, matched the way Docker's pattern matcher does: paths relative to
//! the context root, `*`, `?` and `[…]` within one path segment, `**` across segments, `!`
//! re-including, the last matching pattern winning, and a path excluded when it or one of its
//! parent directories matches.

/// One pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    segments: Vec<String>,
    include: bool,
}

/// The parsed ignore file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreRules {
    patterns: Vec<Pattern>,
}

/// `a/./b//c/` → `["a", "b", "c"]`; `..` pops.
fn clean(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s.to_owned()),
        }
    }
    out
}

impl IgnoreRules {
    /// Parses the text of an ignore file (comments and blank lines skipped).
    #[must_use]
    pub fn parse(text: &str) -> IgnoreRules {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (include, p) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let segments = clean(p);
            if segments.is_empty() {
                continue;
            }
            patterns.push(Pattern { segments, include });
        }
        IgnoreRules { patterns }
    }

    /// Whether any pattern re-includes paths (`!pattern`).
    #[must_use]
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.include)
    }

    /// Whether a pattern ignores every entry of the context root (`*`, `**`, `**/*`).
    #[must_use]
    pub fn ignores_root(&self) -> bool {
        self.patterns.iter().any(|p| {
            !p.include
                && matches!(
                    p.segments
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .as_slice(),
                    ["*"] | ["**"] | ["**", "*"]
                )
        })
    }

    /// Whether the pattern list has any pattern at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether `path` (relative to the context; a leading `/` or `./` is ignored) is excluded.
    #[must_use]
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = clean(path);
        if path.is_empty() {
            return false;
        }
        let mut excluded = false;
        for p in &self.patterns {
            let hit = (1..=path.len()).any(|n| {
                path.get(..n)
                    .is_some_and(|prefix| match_segments(&p.segments, prefix))
            });
            if hit {
                excluded = !p.include;
            }
        }
        excluded
    }
}

fn match_segments(pattern: &[String], path: &[String]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=path.len()).any(|k| path.get(k..).is_some_and(|tail| match_segments(rest, tail)))
        }
        Some((first, rest)) => match path.split_first() {
            Some((seg, tail)) => {
                glob(first.as_bytes(), seg.as_bytes()) && match_segments(rest, tail)
            }
            None => false,
        },
    }
}

/// Glob match of one segment: `*`, `?`, `[abc]`, `[a-z]`, `[^…]`, `\` escapes.
fn glob(p: &[u8], s: &[u8]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|k| s.get(k..).is_some_and(|t| glob(rest, t))),
        Some((b'?', rest)) => s.split_first().is_some_and(|(_, t)| glob(rest, t)),
        Some((b'[', rest)) => {
            let Some(close) = rest.iter().position(|&c| c == b']') else {
                return s.first() == Some(&b'[') && glob(rest, s.get(1..).unwrap_or_default());
            };
            let (class, after) = rest.split_at(close);
            let after = after.get(1..).unwrap_or_default();
            let Some((&c, t)) = s.split_first() else {
                return false;
            };
            let (negate, class) = match class.split_first() {
                Some((b'^' | b'!', r)) => (true, r),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while let Some(&lo) = class.get(i) {
                if class.get(i + 1) == Some(&b'-')
                    && let Some(&hi) = class.get(i + 2)
                {
                    hit |= lo <= c && c <= hi;
                    i += 3;
                } else {
                    hit |= lo == c;
                    i += 1;
                }
            }
            hit != negate && glob(after, t)
        }
        Some((b'\\', rest)) if !rest.is_empty() => {
            rest.first() == s.first()
                && !s.is_empty()
                && glob(
                    rest.get(1..).unwrap_or_default(),
                    s.get(1..).unwrap_or_default(),
                )
        }
        Some((&c, rest)) => s.first() == Some(&c) && glob(rest, s.get(1..).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_semantics() {
        let r = IgnoreRules::parse(
            "# comment\nnode_modules\n*.log\n/build/\n**/*.tmp\ndocs\n!docs/README.md\n[ab]x?\n",
        );
        assert!(r.is_excluded("node_modules"));
        assert!(
            r.is_excluded("node_modules/x/y.js"),
            "a parent directory matches"
        );
        assert!(r.is_excluded("./app.log"));
        assert!(!r.is_excluded("logs/app.log"), "* does not cross /");
        assert!(r.is_excluded("build/out"));
        assert!(r.is_excluded("a/b/c.tmp"));
        assert!(r.is_excluded("c.tmp"), "** matches zero segments");
        assert!(r.is_excluded("docs/guide.md"));
        assert!(!r.is_excluded("docs/README.md"), "! re-includes");
        assert!(r.is_excluded("bxy"));
        assert!(!r.is_excluded("cxy"));
        assert!(!r.is_excluded("src/main.rs"));
        assert!(!r.is_excluded("."));
    }
}
