//! Shell-style substitution: finding `$X` / `${X…}` uses in a word,
//! and expanding the simple forms with known values.

/// One `$NAME` or `${NAME…}` in a text: byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawUse {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    /// For `${NAME:-word}` and friends: the operator and where the word is in the text.
    pub(crate) modifier: Option<(&'static str, usize, usize)>,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Finds variable references the way BuildKit's shell lexer sees them: not inside single
/// quotes, not after the escape character.
pub(crate) fn find_uses(text: &str, escape: char) -> Vec<RawUse> {
    if !text.contains('$') {
        return Vec::new();
    }
    let b = text.as_bytes();
    let esc = u8::try_from(escape).unwrap_or(b'\\');
    let mut out = Vec::new();
    let mut i = 0;
    let mut single = false;
    while let Some(&c) = b.get(i) {
        if single {
            single = c != b'\'';
            i += 1;
            continue;
        }
        if c == esc {
            i += 2;
            continue;
        }
        if c == b'\'' {
            single = true;
            i += 1;
            continue;
        }
        if c != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'{') => {
                let ns = i + 2;
                let mut j = ns;
                while b.get(j).is_some_and(|c| is_name_char(*c)) {
                    j += 1;
                }
                let Some(close) = text.get(j..).and_then(|r| r.find('}')).map(|k| j + k) else {
                    i += 2;
                    continue;
                };
                if j > ns && b.get(ns).is_some_and(|c| is_name_start(*c)) {
                    let rest = text.get(j..close).unwrap_or("");
                    let modifier = [":-", ":+", ":?", "-", "+", "?", "##", "#", "%%", "%", "/"]
                        .iter()
                        .find(|op| rest.starts_with(**op))
                        .map(|op| (*op, j + op.len(), close));
                    out.push(RawUse {
                        start: i,
                        end: close + 1,
                        name_start: ns,
                        name_end: j,
                        modifier,
                    });
                }
                i = close + 1;
            }
            Some(&c2) if is_name_start(c2) => {
                let ns = i + 1;
                let mut j = ns;
                while b.get(j).is_some_and(|c| is_name_char(*c)) {
                    j += 1;
                }
                out.push(RawUse {
                    start: i,
                    end: j,
                    name_start: ns,
                    name_end: j,
                    modifier: None,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// Expands `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+d}` and `${X+d}` in `text` with `lookup`;
/// `None` when a variable is unknown and has no default (the value is only known at build time).
pub(crate) fn expand(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for u in find_uses(text, escape) {
        out.push_str(text.get(last..u.start)?);
        let name = text.get(u.name_start..u.name_end)?;
        let value = lookup(name);
        let piece = match (u.modifier, value) {
            (None, v) => v?,
            (Some((op, ws, we)), v) => {
                // The word as BuildKit's shell lexer reads it: quotes removed, variables in it
                // (outside single quotes) expanded.
                let word = || {
                    let raw = text.get(ws..we).unwrap_or("");
                    let plain = unquote_word(raw, escape);
                    if plain.contains('$') && !raw.contains('\'') {
                        expand(&plain, escape, lookup).unwrap_or(plain)
                    } else {
                        plain
                    }
                };
                match op {
                    ":-" => v.filter(|v| !v.is_empty()).unwrap_or_else(word),
                    "-" => v.unwrap_or_else(word),
                    ":+" => v
                        .filter(|v| !v.is_empty())
                        .map(|_| word())
                        .unwrap_or_default(),
                    "+" => v.map(|_| word()).unwrap_or_default(),
                    _ => return None,
                }
            }
        };
        out.push_str(&piece);
        last = u.end;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

/// A whole word as BuildKit's shell lexer processes it (`ProcessWord`, as for a FROM's
/// image): variables expanded as [`expand`] does, outside single quotes; quotes removed; the
/// escape character keeps the character after it (inside double quotes only before `"`, `$`
/// and itself). `FROM "alpine:3.20"` and `FROM debian:"${TAG}"` name plain images.
pub(crate) fn expand_word(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let uses = find_uses(text, escape);
    let mut uses = uses.iter().peekable();
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if let Some(u) = uses.next_if(|u| u.start == at) {
            out.push_str(&expand(text.get(u.start..u.end)?, escape, lookup)?);
            while chars.next_if(|(p, _)| *p < u.end).is_some() {}
            continue;
        }
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => out.push(c),
            (Some(_), c) if c == escape => {
                match chars.next_if(|(_, n)| matches!(n, '"' | '$') || *n == escape) {
                    Some((_, n)) => out.push(n),
                    None => out.push(c),
                }
            }
            (None, c) if c == escape => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            (_, c) => out.push(c),
        }
    }
    Some(out)
}

/// `word` with its quotes removed (`"x"` → `x`, `'a b'` → `a b`); the escape character keeps
/// the character after it.
fn unquote_word(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => out.push(c),
            (_, c) if c == escape => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (_, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<&str> {
        find_uses(t, '\\')
            .into_iter()
            .filter_map(|u| t.get(u.name_start..u.name_end))
            .collect()
    }

    #[test]
    fn whole_words_lose_their_quotes_as_in_buildkit() {
        let vars = |n: &str| match n {
            "TAG" => Some("3.20".to_owned()),
            "Q" => Some("\"x\"".to_owned()),
            _ => None,
        };
        let w = |t: &str| expand_word(t, '\\', &vars);
        assert_eq!(w("\"alpine:3.20\"").as_deref(), Some("alpine:3.20"));
        assert_eq!(w("alpine:\"${TAG}\"").as_deref(), Some("alpine:3.20"));
        assert_eq!(w("'$TAG'x").as_deref(), Some("$TAGx"));
        assert_eq!(w("a\\$TAG\"\\$\\d\"").as_deref(), Some("a$TAG$\\d"));
        // A value keeps its own quotes: it is not lexed again.
        assert_eq!(w("img:$Q").as_deref(), Some("img:\"x\""));
        assert_eq!(w("img:${NONE:-\"1\"}").as_deref(), Some("img:1"));
        assert_eq!(w("img:$NONE"), None);
        assert_eq!(w("`\"").as_deref(), Some("`"));
    }

    #[test]
    fn finds_uses_outside_single_quotes_and_escapes() {
        assert_eq!(
            names("$A ${B} ${C:-x} '$D' \\$E \"$F\" $1 ${G}x"),
            vec!["A", "B", "C", "F", "G"]
        );
        let u = find_uses("a${B:-c}d", '\\');
        assert_eq!(
            u.first().map(|u| (u.start, u.end, u.modifier)),
            Some((1, 8, Some((":-", 6, 7))))
        );
    }

    #[test]
    fn expands_known_values_and_defaults() {
        let look = |n: &str| (n == "V").then(|| "1.2".to_owned());
        assert_eq!(
            expand("golang:${V}-alpine", '\\', &look),
            Some("golang:1.2-alpine".into())
        );
        assert_eq!(expand("${X:-alpine}", '\\', &look), Some("alpine".into()));
        // Quotes in the default are removed, as BuildKit's lexer does; variables in it expand.
        assert_eq!(
            expand("${X:-\"alpine:3\"}", '\\', &look),
            Some("alpine:3".into())
        );
        assert_eq!(expand("a${X:-'b c'}", '\\', &look), Some("ab c".into()));
        assert_eq!(expand("${X:-go$V}", '\\', &look), Some("go1.2".into()));
        assert_eq!(expand("$X", '\\', &look), None);
    }
}
