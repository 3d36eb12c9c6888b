//! Word-level lexing of one logical line, exactly as BuildKit's Dockerfile parser splits it
//! (`parseWords`, `extractBuilderFlags`, whitespace-delimited lists, the JSON exec form and
//! heredoc markers). Offsets are byte offsets into the logical line; `syntax::scan` maps them
//! back to the source.

/// A word of a logical line: its processed text and its logical byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LWord {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

/// Go's `unicode.IsSpace`, which agrees with Rust's notion of white space.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub(crate) fn is_ws_delim(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// BuildKit's `parseWords`: splits on white space, keeps quotes and escape characters in the
/// words (they are removed later, when the instruction expands its arguments).
pub(crate) fn parse_words(s: &str, base: usize, escape: char) -> Vec<LWord> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    let mut it = s.char_indices().peekable();
    while let Some((pos, ch)) = it.next() {
        if !in_word {
            if is_space(ch) {
                continue;
            }
            in_word = true;
            start = pos;
        }
        match quote {
            None => {
                if is_space(ch) {
                    if blank_ok || !word.is_empty() {
                        words.push(LWord {
                            start: base + start,
                            end: base + pos,
                            text: std::mem::take(&mut word),
                        });
                    }
                    word.clear();
                    in_word = false;
                    blank_ok = false;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    let Some((_, next)) = it.next() else { continue };
                    word.push(ch);
                    word.push(next);
                    continue;
                }
                word.push(ch);
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                }
                if ch == escape && q != '\'' {
                    let Some((_, next)) = it.next() else {
                        quote = None;
                        continue;
                    };
                    word.push(ch);
                    word.push(next);
                    continue;
                }
                word.push(ch);
            }
        }
    }
    if in_word && (blank_ok || !word.is_empty()) {
        words.push(LWord {
            start: base + start,
            end: base + s.len(),
            text: word,
        });
    }
    words
}

/// BuildKit's `parseStringsWhitespaceDelimited`: a plain split on `[\t\v\f\r ]+`.
pub(crate) fn split_ws(s: &str, base: usize) -> Vec<LWord> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_ws_delim(c), start) {
            (true, Some(st)) => {
                words.push(LWord {
                    start: base + st,
                    end: base + i,
                    text: s.get(st..i).unwrap_or("").to_owned(),
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        words.push(LWord {
            start: base + st,
            end: base + s.len(),
            text: s.get(st..).unwrap_or("").to_owned(),
        });
    }
    words
}

/// The leading `--flag[=value]` words of an instruction's arguments (BuildKit's
/// `extractBuilderFlags`): quotes are removed and a backslash escapes the next character.
/// Returns the flags and the offset (in `s`) where the remaining arguments start.
pub(crate) fn extract_flags(s: &str, base: usize) -> (Vec<LWord>, usize) {
    let bytes = s.as_bytes();
    let mut flags = Vec::new();
    let mut pos = 0;
    loop {
        while let Some(c) = s
            .get(pos..)
            .and_then(|r| r.chars().next())
            .filter(|c| is_space(*c))
        {
            pos += c.len_utf8();
        }
        if pos >= s.len() {
            return (flags, s.len());
        }
        if !(bytes.get(pos) == Some(&b'-') && bytes.get(pos + 1) == Some(&b'-')) {
            return (flags, pos);
        }
        let start = pos;
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut blank_ok = false;
        let mut chars = s.get(pos..).unwrap_or("").char_indices().peekable();
        let mut end = s.len();
        while let Some((i, ch)) = chars.next() {
            match quote {
                None if is_space(ch) => {
                    end = start + i;
                    break;
                }
                None if ch == '\'' || ch == '"' => {
                    quote = Some(ch);
                    blank_ok = true;
                }
                Some(q) if ch == q => quote = None,
                _ if ch == '\\' => {
                    if let Some((_, next)) = chars.next() {
                        word.push(next);
                    } else if quote.is_some() {
                        quote = None;
                    }
                }
                _ => word.push(ch),
            }
        }
        pos = end;
        if word == "--" && !blank_ok {
            // A lone `--` ends the flags; it is not itself a flag.
            return (flags, pos);
        }
        if blank_ok || !word.is_empty() {
            flags.push(LWord {
                start: base + start,
                end: base + end,
                text: word,
            });
        }
    }
}

/// The result of trying the JSON exec form on an instruction's arguments.
pub(crate) enum JsonForm {
    /// Not a JSON array: the shell form applies.
    NotJson,
    /// A JSON array with an element that is not a string: BuildKit rejects it.
    NotStringArray,
    /// A JSON array of strings, each with the range of its string token (quotes included).
    Strings(Vec<LWord>),
}

/// BuildKit's `parseJSON`.
pub(crate) fn parse_json(s: &str, base: usize) -> JsonForm {
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let body = s.get(lead..).unwrap_or("");
    if !body.starts_with('[') {
        return JsonForm::NotJson;
    }
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(body) else {
        return JsonForm::NotJson;
    };
    let mut texts = Vec::with_capacity(values.len());
    for v in values {
        match v {
            serde_json::Value::String(t) => texts.push(t),
            _ => return JsonForm::NotStringArray,
        }
    }
    // The array holds only strings, so its string tokens are its elements, in order.
    let mut words = Vec::with_capacity(texts.len());
    let mut texts = texts.into_iter();
    let mut in_str: Option<usize> = None;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match in_str {
            Some(st) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    let text = texts.next().unwrap_or_default();
                    words.push(LWord {
                        start: base + lead + st,
                        end: base + lead + i + 1,
                        text,
                    });
                    in_str = None;
                }
            }
            None if c == '"' => in_str = Some(i),
            None => {}
        }
    }
    JsonForm::Strings(words)
}

/// Splits a line into shell words the way BuildKit's lexer does with raw quotes and raw
/// escapes (used to find heredoc markers): quotes and backslashes stay in the words.
pub(crate) fn shell_words_raw(s: &str, base: usize) -> Vec<LWord> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if quote.is_none() && is_space(c) {
            if let Some(st) = start.take() {
                words.push(LWord {
                    start: base + st,
                    end: base + i,
                    text: std::mem::take(&mut word),
                });
            }
            continue;
        }
        start.get_or_insert(i);
        word.push(c);
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                if let Some((_, n)) = chars.next() {
                    word.push(n);
                }
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        words.push(LWord {
            start: base + st,
            end: base + s.len(),
            text: word,
        });
    }
    words
}

/// A heredoc marker such as `<<EOF`, `<<-"EOT"` or `3<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocMarker {
    pub(crate) name: String,
    pub(crate) chomp: bool,
    pub(crate) expand: bool,
    pub(crate) fd: u32,
}

/// BuildKit's `ParseHeredoc`: `^(\d*)<<(-?)([^<]*)$`, where the rest must lex to one word.
pub(crate) fn parse_heredoc_marker(word: &str) -> Option<HeredocMarker> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = word.get(digits..)?.strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let (name, quoted) = unquote_single_word(rest)?;
    let fd = word.get(..digits).and_then(|d| d.parse().ok()).unwrap_or(0);
    Some(HeredocMarker {
        name,
        chomp,
        expand: !quoted,
        fd,
    })
}

/// Removes shell quoting from a string that must be exactly one word; reports whether any
/// part of it was quoted (a quoted heredoc name disables expansion of the body).
fn unquote_single_word(s: &str) -> Option<(String, bool)> {
    let mut out = String::new();
    let mut quoted = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            None if is_space(c) => return None,
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                quoted = true;
            }
            None if c == '\\' => {
                quoted = true;
                out.push(chars.next()?);
            }
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                let n = chars.next()?;
                if !matches!(n, '"' | '\\' | '$' | '`') {
                    out.push('\\');
                }
                out.push(n);
            }
            _ => out.push(c),
        }
    }
    (quote.is_none() && !out.is_empty()).then_some((out, quoted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[LWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let w = parse_words(r#"a=b c="d e" f\ g"#, 0, '\\');
        assert_eq!(texts(&w), vec!["a=b", "c=\"d e\"", "f\\ g"]);
        assert_eq!(w.get(1).map(|w| (w.start, w.end)), Some((4, 11)));
        assert_eq!(texts(&parse_words("x  ''", 0, '\\')), vec!["x", "''"]);
    }

    #[test]
    fn flags_stop_at_first_plain_word_or_double_dash() {
        let (f, rest) = extract_flags(r#"--chown="a b" --link x y"#, 0);
        assert_eq!(texts(&f), vec!["--chown=a b", "--link"]);
        assert_eq!(rest, 21);
        let (f, rest) = extract_flags("-- a b", 0);
        assert!(f.is_empty());
        assert_eq!(rest, 2);
        let (f, rest) = extract_flags("--link", 0);
        assert_eq!((texts(&f), rest), (vec!["--link"], 6));
    }

    #[test]
    fn json_elements_have_token_ranges() {
        let JsonForm::Strings(w) = parse_json(r#" [ "a\"b" , "c" ]"#, 10) else {
            panic!("not json")
        };
        assert_eq!(texts(&w), vec!["a\"b", "c"]);
        assert_eq!(w.first().map(|w| (w.start, w.end)), Some((13, 19)));
        assert!(matches!(parse_json("[1]", 0), JsonForm::NotStringArray));
        assert!(matches!(parse_json("['a']", 0), JsonForm::NotJson));
    }

    #[test]
    fn heredoc_markers() {
        let m = parse_heredoc_marker("<<-\"EOT\"");
        assert_eq!(
            m,
            Some(HeredocMarker {
                name: "EOT".into(),
                chomp: true,
                expand: false,
                fd: 0
            })
        );
        assert_eq!(parse_heredoc_marker("3<<EOF").map(|m| m.fd), Some(3));
        assert_eq!(parse_heredoc_marker("<<"), None);
        assert_eq!(parse_heredoc_marker("$((1"), None);
        assert_eq!(
            texts(&shell_words_raw("cat <<'E F' x", 0)),
            vec!["cat", "<<'E F'", "x"]
        );
    }
}
