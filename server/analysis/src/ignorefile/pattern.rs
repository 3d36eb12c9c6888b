//! Reading an ignore file and matching paths exactly as BuildKit does: moby/patternmatcher's
//! `ignorefile.ReadAll` (a byte-order mark dropped, `#` comments only at the very start of a
//! line, whitespace trimmed, `!` exceptions, each pattern cleaned like Go's `filepath.Clean`
//! and a leading `/` dropped) and `patternmatcher.New` + `MatchesUsingParentResults` (a pattern
//! becomes an exact, prefix, suffix or regular-expression match; a path is excluded when the
//! last pattern matching it or one of its parents is not an exception).
//!
//! The regular expression of a pattern is the one patternmatcher builds (`*` → `[^/]*`,
//! `?` → `[^/]`, `**` → `(.*/)?`, `[…]` kept as a class), run by the `regex` crate, whose
//! syntax is Go's for everything such a pattern can contain (see [`Pattern::compile`]). Only
//! Unix semantics: `\` escapes (as on every Linux and macOS client; a Windows client would
//! treat it as a separator).

use crate::text::TextRange;

/// One pattern line of an ignore file.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Its 0-based line.
    pub line: usize,
    /// The pattern as written (after trimming), `!` included.
    pub range: TextRange,
    /// Whether it is an exception (`!pattern`): it re-includes what it matches.
    pub exception: bool,
    /// The pattern BuildKit matches with (cleaned, no `!`, no leading `/`).
    pub cleaned: String,
    /// Why BuildKit rejects it (the build fails), if it does.
    pub error: Option<String>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Exact,
    /// Everything under the prefix (the pattern without its trailing `**`).
    Prefix(String),
    /// The pattern without its leading `**`.
    Suffix(String),
    Regex(regex::Regex),
    /// A pattern BuildKit rejects: it matches nothing here.
    Invalid,
}

/// A parsed ignore file: its patterns and comment lines.
#[derive(Debug, Clone, Default)]
pub struct IgnoreFile {
    /// The patterns in order.
    pub patterns: Vec<Pattern>,
    /// The comment lines (`#` in the first column).
    pub comments: Vec<TextRange>,
}

/// Go's `unicode.IsSpace`, which `strings.TrimSpace` trims.
fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

/// Go's `path.Clean` (the Unix `filepath.Clean`).
#[must_use]
pub fn go_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_owned();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

impl IgnoreFile {
    /// Reads an ignore file as BuildKit does, keeping where each pattern is.
    #[must_use]
    pub fn parse(text: &str) -> IgnoreFile {
        let mut file = IgnoreFile::default();
        let mut offset = 0;
        for (n, raw) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += raw.len();
            let mut line = raw.strip_suffix('\n').unwrap_or(raw);
            line = line.strip_suffix('\r').unwrap_or(line);
            let mut base = start;
            if n == 0
                && let Some(rest) = line.strip_prefix('\u{feff}')
            {
                line = rest;
                base += '\u{feff}'.len_utf8();
            }
            if line.starts_with('#') {
                file.comments.push(TextRange::new(base, base + line.len()));
                continue;
            }
            let trimmed = line.trim_matches(is_go_space);
            if trimmed.is_empty() {
                continue;
            }
            let lead = line.len() - line.trim_start_matches(is_go_space).len();
            let range = TextRange::new(base + lead, base + lead + trimmed.len());
            file.patterns.push(Pattern::new(n, range, trimmed));
        }
        file
    }

    /// Whether any pattern is an exception (`!`).
    #[must_use]
    pub fn has_exceptions(&self) -> bool {
        self.patterns
            .iter()
            .any(|p| p.exception && p.error.is_none())
    }

    /// The first pattern BuildKit rejects (the build fails on it).
    #[must_use]
    pub fn first_error(&self) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.error.is_some())
    }

    /// Whether `path` (relative to the context) is excluded, checking it and each of its
    /// parent directories against every pattern (patternmatcher's `MatchesOrParentMatches`,
    /// what BuildKit's `CopyIgnoredFile` check uses), and the pattern that decided.
    #[must_use]
    pub fn excludes(&self, path: &str) -> (bool, Option<usize>) {
        let path = go_clean(path);
        if path == "." {
            return (false, None);
        }
        let parents: Vec<usize> = path.match_indices('/').map(|(i, _)| i).collect();
        let mut matched = false;
        let mut decided = None;
        for (i, p) in self.patterns.iter().enumerate() {
            if p.error.is_some() || p.exception != matched {
                continue;
            }
            let hit = p.matches(&path)
                || parents
                    .iter()
                    .any(|&k| path.get(..k).is_some_and(|parent| p.matches(parent)));
            if hit {
                matched = !p.exception;
                decided = Some(i);
            }
        }
        (matched, decided)
    }
}

impl Pattern {
    fn new(line: usize, range: TextRange, written: &str) -> Pattern {
        // ignorefile.ReadAll
        let (exception, rest) = match written.strip_prefix('!') {
            Some(r) => (true, r.trim_matches(is_go_space)),
            None => (false, written),
        };
        let mut pattern = rest.to_owned();
        if !pattern.is_empty() {
            pattern = go_clean(&pattern);
            if pattern.len() > 1
                && let Some(r) = pattern.strip_prefix('/')
            {
                pattern = r.to_owned();
            }
        }
        let read = if exception {
            format!("!{pattern}")
        } else {
            pattern
        };
        // patternmatcher.New: trimmed and cleaned again (which may eat the `!`: `!/` is `!`).
        let p = go_clean(read.trim_matches(is_go_space));
        let (exception, cleaned) = match p.strip_prefix('!') {
            Some(r) => (true, r.to_owned()),
            None => (false, p),
        };
        let mut pattern = Pattern {
            line,
            range,
            exception,
            cleaned,
            error: None,
            kind: Kind::Invalid,
        };
        if pattern.exception && pattern.cleaned.is_empty() {
            pattern.error = Some("illegal exclusion pattern: \"!\"".to_owned());
        } else if !valid_go_pattern(&pattern.cleaned) {
            pattern.error = Some("syntax error in pattern".to_owned());
        } else {
            match pattern.compile() {
                Ok(kind) => pattern.kind = kind,
                // BuildKit compiles the pattern when it first matches a path, and the build
                // fails there with filepath.ErrBadPattern.
                Err(_) => pattern.error = Some("syntax error in pattern".to_owned()),
            }
        }
        pattern
    }

    /// patternmatcher's `compile`: the match type, and the regular expression when one is
    /// needed. Inside a bracket class, `[` (unless it opens `[:name:]`), `&` and `~` are
    /// escaped: the `regex` crate would read them as a nested class or a set operation, Go
    /// reads them as themselves.
    fn compile(&self) -> Result<Kind, regex::Error> {
        #[derive(PartialEq)]
        enum T {
            Exact,
            Prefix,
            Suffix,
            Regex,
        }
        let mut re = String::from("^");
        let mut t = T::Exact;
        let chars: Vec<char> = self.cleaned.chars().collect();
        let mut k = 0;
        let mut i = 0;
        let mut in_class = false;
        while let Some(&ch) = chars.get(k) {
            k += 1;
            let peek = chars.get(k).copied();
            if in_class {
                match ch {
                    ']' => {
                        in_class = false;
                        re.push(']');
                    }
                    '\\' => {
                        re.push('\\');
                        if let Some(n) = peek {
                            re.push(n);
                            k += 1;
                        }
                    }
                    '[' if peek != Some(':') => re.push_str("\\["),
                    '&' | '~' => {
                        re.push('\\');
                        re.push(ch);
                    }
                    c => re.push(c),
                }
                i += 1;
                continue;
            }
            if ch == '*' {
                if peek == Some('*') {
                    k += 1;
                    if chars.get(k) == Some(&'/') {
                        k += 1;
                    }
                    if chars.get(k).is_none() {
                        if t == T::Exact {
                            t = T::Prefix;
                        } else {
                            re.push_str(".*");
                            t = T::Regex;
                        }
                    } else {
                        re.push_str("(.*/)?");
                        t = T::Regex;
                    }
                    if i == 0 {
                        t = T::Suffix;
                    }
                } else {
                    re.push_str("[^/]*");
                    t = T::Regex;
                }
            } else if ch == '?' {
                re.push_str("[^/]");
                t = T::Regex;
            } else if ".+()|{}$".contains(ch) {
                re.push('\\');
                re.push(ch);
            } else if ch == '\\' {
                match peek {
                    Some(n) => {
                        re.push('\\');
                        re.push(n);
                        k += 1;
                        t = T::Regex;
                    }
                    None => re.push_str("\\\\"),
                }
            } else if ch == '[' {
                in_class = true;
                re.push('[');
                if peek == Some('^') {
                    re.push('^');
                    k += 1;
                }
                t = T::Regex;
            } else if ch == ']' {
                re.push(']');
                t = T::Regex;
            } else if ch == '&' || ch == '~' {
                re.push('\\');
                re.push(ch);
            } else {
                re.push(ch);
            }
            i += 1;
        }
        Ok(match t {
            T::Exact => Kind::Exact,
            T::Prefix => Kind::Prefix(
                self.cleaned
                    .get(..self.cleaned.len().saturating_sub(2))
                    .unwrap_or_default()
                    .to_owned(),
            ),
            T::Suffix => Kind::Suffix(self.cleaned.get(2..).unwrap_or_default().to_owned()),
            T::Regex => {
                re.push('$');
                Kind::Regex(regex::Regex::new(&re)?)
            }
        })
    }

    /// Whether the pattern matches `path` itself (a cleaned, `/`-separated path relative to
    /// the context).
    #[must_use]
    pub fn matches(&self, path: &str) -> bool {
        match &self.kind {
            Kind::Exact => path == self.cleaned,
            Kind::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Kind::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|bare| path == bare)
            }
            Kind::Regex(re) => re.is_match(path),
            Kind::Invalid => false,
        }
    }

    /// Whether the pattern has wildcards (after a trailing `/*` or `/**` is removed):
    /// fsutil walks into an excluded directory only for exceptions that might reach inside.
    #[must_use]
    pub fn has_wildcards(&self) -> bool {
        self.cleaned.contains(['*', '?', '[', ']', '\\', '^'])
    }
}

/// Whether Go's `filepath.Match` accepts the pattern (what `patternmatcher.New` checks).
fn valid_go_pattern(p: &str) -> bool {
    let mut it = p.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' if it.next().is_none() => return false,
            '[' => {
                if it.peek() == Some(&'^') {
                    it.next();
                }
                let mut ranges = 0;
                loop {
                    if it.peek() == Some(&']') && ranges > 0 {
                        it.next();
                        break;
                    }
                    // getEsc for the low end, then `-` and the high end.
                    if !class_char(&mut it) {
                        return false;
                    }
                    if it.peek() == Some(&'-') {
                        it.next();
                        if !class_char(&mut it) {
                            return false;
                        }
                    }
                    ranges += 1;
                }
            }
            _ => {}
        }
    }
    true
}

/// Go's `getEsc`: one (possibly escaped) character of a class, which must not be `-` or `]`
/// and must be followed by more of the pattern.
fn class_char(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    match it.next() {
        None | Some('-' | ']') => false,
        Some('\\') => it.next().is_some() && it.peek().is_some(),
        Some(_) => it.peek().is_some(),
    }
}

/// What the patterns decided for a path while walking (patternmatcher's `MatchInfo`): for
/// each pattern, whether it matched the path or a parent.
pub type MatchInfo = Vec<bool>;

impl IgnoreFile {
    /// patternmatcher's `MatchesUsingParentResults`: whether `path` is excluded, given what
    /// the patterns did for its parent directory (`None` at the top level), the pattern that
    /// decided (the last one that matched), and the info for its children.
    #[must_use]
    pub fn matches_walking(
        &self,
        path: &str,
        parent: Option<&MatchInfo>,
    ) -> (bool, Option<usize>, MatchInfo) {
        let mut info = vec![false; self.patterns.len()];
        let mut matched = false;
        let mut decided = None;
        for (i, p) in self.patterns.iter().enumerate() {
            if p.error.is_some() {
                continue;
            }
            let mut hit = parent.is_some_and(|m| m.get(i).copied().unwrap_or(false));
            if !hit {
                if p.exception != matched {
                    continue;
                }
                hit = p.matches(path);
            }
            if let Some(slot) = info.get_mut(i) {
                *slot = hit;
            }
            if hit {
                matched = !p.exception;
                decided = Some(i);
            }
        }
        (matched, decided, info)
    }
}

impl Pattern {
    /// How the pattern matches: `exact`, `prefix`, `suffix` or `regexp` (with its regular
    /// expression), or `invalid` — patternmatcher's match types, for the table test and hover.
    #[must_use]
    pub fn match_type(&self) -> (&'static str, Option<&str>) {
        match &self.kind {
            Kind::Exact => ("exact", None),
            Kind::Prefix(_) => ("prefix", None),
            Kind::Suffix(_) => ("suffix", None),
            Kind::Regex(re) => ("regexp", Some(re.as_str())),
            Kind::Invalid => ("invalid", None),
        }
    }
}
