//! Comparing and matching names: the edit distance behind "did you mean" suggestions, glob
//! patterns (`*`), and the hasher of the maps keyed by variable names.

/// The edit distance between two strings, counted in chars: insertions, deletions,
/// substitutions and swaps of two adjacent chars each cost 1 (the "optimal string alignment"
/// distance; a swap is the most common typo, `buidler` for `builder`).
#[must_use]
pub fn levenshtein(a: &str, b: &str) -> usize {
    // Names are short: their chars and the three rows live on the stack (this runs for
    // every candidate of every "did you mean").
    const SHORT: usize = 32;
    let (mut ab, mut bb) = (['\0'; SHORT], ['\0'; SHORT]);
    if let (Some(na), Some(nb)) = (fill(a, &mut ab), fill(b, &mut bb)) {
        let mut rows = [[0usize; SHORT + 1]; 3];
        let [r0, r1, r2] = &mut rows;
        return osa(
            ab.get(..na).unwrap_or_default(),
            bb.get(..nb).unwrap_or_default(),
            [r0, r1, r2],
        );
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; 3];
    let [r0, r1, r2] = rows.as_mut_slice() else {
        return 0;
    };
    osa(&a, &b, [r0, r1, r2])
}

/// [`levenshtein`]`(a, b)` if it is at most `limit`; `None` when a cheap bound already shows
/// it is more. Each edit changes the length by at most one and the set of chars present by
/// at most two, so both differences bound the distance from below.
#[must_use]
pub fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > limit {
        return None;
    }
    let mask = |s: &str| {
        s.chars()
            .fold(0u64, |m, c| m | 1u64.wrapping_shl(u32::from(c) % 64))
    };
    // Chars that share a bit make the difference smaller, never larger: still a bound.
    let differ = (mask(a) ^ mask(b)).count_ones() as usize;
    if differ > 2 * limit {
        return None;
    }
    Some(levenshtein(a, b)).filter(|d| *d <= limit)
}

/// The chars of `s` in `buf`, and how many, if they fit.
fn fill(s: &str, buf: &mut [char]) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// The optimal-string-alignment distance of `a` and `b`, with three rows of at least
/// `b.len() + 1` cells: i-2, i-1 and i, in turn.
fn osa(a: &[char], b: &[char], mut rows: [&mut [usize]; 3]) -> usize {
    let width = b.len() + 1;
    if let Some(first) = rows.first_mut() {
        for (j, c) in first.iter_mut().take(width).enumerate() {
            *c = j;
        }
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        for j in 0..width {
            let value = if j == 0 {
                i
            } else {
                let at = |r: usize, c: usize| {
                    rows.get(r)
                        .and_then(|row| row.get(c))
                        .copied()
                        .unwrap_or(usize::MAX / 2)
                };
                let (ca, cb) = (a.get(i - 1), b.get(j - 1));
                let cost = usize::from(ca != cb);
                let mut best = (at(prev, j) + 1)
                    .min(at(cur, j - 1) + 1)
                    .min(at(prev, j - 1) + cost);
                if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                    best = best.min(at(prev2, j - 2) + 1);
                }
                best
            };
            if let Some(c) = rows.get_mut(cur).and_then(|row| row.get_mut(j)) {
                *c = value;
            }
        }
    }
    rows.get(a.len() % 3)
        .and_then(|row| row.get(b.len()))
        .copied()
        .unwrap_or(0)
}

/// The candidate closest to `word` (case-insensitively) if it is close enough to be a typo:
/// at most a third of the word's length, and never more than 2 edits.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (lower.chars().count() / 3).clamp(1, 2);
    candidates
        .into_iter()
        .map(|c| (levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_suggestions() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("bsae", "base"), 1);
        assert_eq!(levenshtein("ca", "abc"), 3);
        // Past the stack buffers: the same distances.
        let long = "x".repeat(40);
        assert_eq!(levenshtein(&long, &format!("{long}ab")), 2);
        assert_eq!(levenshtein(&format!("{long}ab"), &format!("{long}ba")), 1);
        // The bound never rejects a pair within the limit.
        let words = [
            "builder", "buidler", "build", "runtime", "rumtime", "APP_HOME", "app_home", "a", "ab",
            "ba", "xyz", "",
        ];
        for a in words {
            for b in words {
                for limit in 0..4 {
                    let d = levenshtein(a, b);
                    assert_eq!(
                        distance_within(a, b, limit),
                        (d <= limit).then_some(d),
                        "{a} {b}"
                    );
                }
            }
        }
        assert_eq!(suggest("RUNN", ["RUN", "ARG"]), Some("RUN"));
        assert_eq!(suggest("buidler", ["builder", "runtime"]), Some("builder"));
        assert_eq!(suggest("nginx", ["builder"]), None);
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (possibly
/// empty) and everything else matches itself. Linear in the lengths for the usual patterns
/// (greedy with one backtrack point).
#[must_use]
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == '*')
}

#[cfg(test)]
mod glob_tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("gpg_key", "gpg_key"));
        assert!(glob_match("*_key_id", "signing_key_id"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b", "axxc"));
        assert!(!glob_match("gpg_key", "gpg_keys"));
    }
}

/// The hasher of the maps keyed by variable names, which are short and looked up for every
/// declaration and use on every edit (std's SipHash was a tenth of a keystroke's time on a
/// variable-heavy file): a multiply-rotate over eight bytes at a time, started from a value
/// drawn once per process so that a file cannot choose names that collide.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct BuildNameHasher;

impl std::hash::BuildHasher for BuildNameHasher {
    type Hasher = NameHasher;

    fn build_hasher(&self) -> NameHasher {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        NameHasher(*SEED.get_or_init(|| {
            std::collections::hash_map::RandomState::new().hash_one(0x6e61_6d65_u64)
        }))
    }
}

/// See [`BuildNameHasher`].
pub(crate) struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in words.by_ref() {
            self.add(u64::from_le_bytes(
                <[u8; 8]>::try_from(w).unwrap_or_default(),
            ));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            if let Some(head) = last.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
