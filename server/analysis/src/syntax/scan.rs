//! Derives the logical instructions of a Dockerfile the way BuildKit's parser does
//! (`frontend/dockerfile/parser`): parser directives, the escape character, line
//! continuations, comment and blank lines inside continuations, heredocs, and each
//! instruction's flags and arguments. This is the authority for the instruction list; see
//! `syntax/mod.rs` for why it is not read off the tree-sitter tree.

use ropey::Rope;

use super::instruction::{Flag, Heredoc, Instruction, Keyword, SegMap, Word};
use super::words::{
    JsonForm, LWord, extract_flags, is_space, is_ws_delim, parse_heredoc_marker, parse_json,
    parse_words, shell_words_raw, split_ws,
};
use super::{Directive, SyntaxError, validate};
use crate::text::{LfLines, TextRange};

/// The outcome of scanning a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The parser directives at the top of the file (`syntax`, `escape`, `check`).
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` unless `# escape=` says otherwise).
    pub escape: char,
    /// The logical instructions, in order.
    pub instructions: Vec<Instruction>,
    /// Everything BuildKit would reject, with precise ranges.
    pub errors: Vec<SyntaxError>,
    /// Blank lines inside a continued instruction: `(instruction index, line range)`.
    pub empty_continuation_lines: Vec<(usize, TextRange)>,
}

/// Names of the parser directives BuildKit recognises.
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Scans the whole document.
#[must_use]
pub fn scan(rope: &Rope) -> Parsed {
    let mut p = Parsed {
        escape: '\\',
        ..Parsed::default()
    };
    let mut lines = LfLines::new(rope);
    let mut directives_done = false;
    let mut comments: Vec<String> = Vec::new();
    while let Some(pl) = lines.next() {
        let mut text: &str = &pl.text;
        let mut start = pl.start;
        if pl.index == 0
            && let Some(rest) = text.strip_prefix('\u{feff}')
        {
            text = rest;
            start += '\u{feff}'.len_utf8();
        }
        let t = trim_newline(text);
        let token = t.trim_start_matches(is_space);
        let token_start = start + (t.len() - token.len());
        if !directives_done {
            directives_done = !directive(token, token_start, &mut p);
        }
        if token.starts_with('#') {
            let c = token.get(1..).unwrap_or("").trim();
            if c.is_empty() {
                comments.clear();
            } else {
                comments.push(c.to_owned());
            }
            continue;
        }
        let (content, mut eol) = trim_continuation(token, p.escape);
        if eol && content.is_empty() {
            continue;
        }
        let index = p.instructions.len();
        let mut logical = String::with_capacity(content.len());
        let mut map = SegMap::default();
        map.push(0, token_start);
        logical.push_str(content);
        let mut end_line = pl.index;
        let mut end_byte = token_start + token.len();
        while !eol {
            let Some(nl) = lines.next() else { break };
            end_line = nl.index;
            let t = trim_newline(&nl.text);
            let stripped = t.trim_start_matches(is_space);
            if stripped.starts_with('#') {
                continue;
            }
            if stripped.is_empty() {
                p.empty_continuation_lines
                    .push((index, TextRange::new(nl.start, nl.start + t.len())));
                continue;
            }
            let (c, e) = trim_continuation(t, p.escape);
            map.push(logical.len(), nl.start);
            logical.push_str(c);
            end_byte = nl.start + t.len();
            eol = e;
        }
        let mut ins = parse_node(&logical, 0, &map, p.escape, &mut p.errors);
        ins.start_line = pl.index;
        ins.comments = std::mem::take(&mut comments);
        if can_contain_heredoc(&ins) && logical.contains("<<") {
            for w in shell_words_raw(&logical, 0) {
                let Some(m) = parse_heredoc_marker(&w.text) else {
                    continue;
                };
                let marker_range = map.range(w.start, w.end);
                let mut doc = Heredoc {
                    name: m.name,
                    chomp: m.chomp,
                    expand: m.expand,
                    fd: m.fd,
                    marker_range,
                    body_range: TextRange::empty(end_byte + 1),
                    content: String::new(),
                    terminated: false,
                };
                let mut body_end = None;
                for hl in lines.by_ref() {
                    end_line = hl.index;
                    let t = trim_newline(&hl.text);
                    let candidate = if doc.chomp {
                        t.trim_start_matches('\t')
                    } else {
                        t
                    };
                    if candidate == doc.name {
                        doc.terminated = true;
                        end_byte = hl.start + t.len();
                        break;
                    }
                    doc.content.push_str(&hl.text);
                    doc.content.push('\n');
                    if body_end.is_none() {
                        doc.body_range = TextRange::empty(hl.start);
                    }
                    body_end = Some(hl.start + hl.text.len());
                    end_byte = hl.start + t.len();
                }
                if let Some(e) = body_end {
                    doc.body_range.end = e;
                }
                if !doc.terminated {
                    p.errors.push(SyntaxError::parse(
                        marker_range,
                        format!("unterminated heredoc: no line `{}` closes it before the end of the file", doc.name),
                    ));
                }
                // Like BuildKit, the trigger of `ONBUILD RUN <<EOF` owns its heredocs.
                match ins.trigger.as_mut() {
                    Some(t) => t.heredocs.push(doc),
                    None => ins.heredocs.push(doc),
                }
            }
        }
        ins.end_line = end_line;
        ins.range = TextRange::new(ins.keyword_range.start, end_byte.max(ins.keyword_range.end));
        validate::instruction(&ins, &mut p.errors);
        p.instructions.push(ins);
    }
    validate::file(&p.instructions, &mut p.errors);
    p
}

/// Go's `trimNewline`: drops trailing CR and LF characters.
fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

/// BuildKit's `trimContinuationCharacter`: `<escape>[ \t]*$` continues the line.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    match body.strip_suffix(escape) {
        Some(rest) => (rest, false),
        None => (line, true),
    }
}

/// Parses a parser directive line; returns false once the directives are over.
fn directive(token: &str, start: usize, p: &mut Parsed) -> bool {
    let Some(rest) = token.strip_prefix('#') else {
        return false;
    };
    let name_off = 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let name_len = token
        .get(name_off..)
        .unwrap_or("")
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphabetic() || (*i > 0 && c.is_ascii_digit())))
        .map_or(token.len() - name_off, |(i, _)| i);
    if name_len == 0 {
        return false;
    }
    let name = token.get(name_off..name_off + name_len).unwrap_or("");
    let after = token.get(name_off + name_len..).unwrap_or("");
    let after_ws = after.trim_start_matches([' ', '\t']);
    let Some(value_part) = after_ws.strip_prefix('=') else {
        return false;
    };
    let value_trimmed = value_part.trim_start_matches([' ', '\t']);
    let value = value_trimmed.trim_end_matches([' ', '\t']);
    if value.is_empty() {
        return false;
    }
    let lname = name.to_ascii_lowercase();
    if !DIRECTIVES.contains(&lname.as_str()) {
        return false;
    }
    let value_start = start + token.len() - value_trimmed.len();
    let d = Directive {
        name: lname,
        value: value.to_owned(),
        range: TextRange::new(start, start + token.len()),
        name_range: TextRange::new(start + name_off, start + name_off + name_len),
        value_range: TextRange::new(value_start, value_start + value.len()),
    };
    if p.directives.iter().any(|o| o.name == d.name) {
        p.errors.push(SyntaxError::parse(
            d.range,
            format!("only one {} parser directive can be used", d.name),
        ));
    } else if d.name == "escape" {
        match d.value.as_str() {
            "`" => p.escape = '`',
            "\\" => p.escape = '\\',
            v => p.errors.push(SyntaxError::parse(
                d.value_range,
                format!("invalid escape token '{v}' does not match ` or \\"),
            )),
        }
    }
    p.directives.push(d);
    true
}

fn can_contain_heredoc(ins: &Instruction) -> bool {
    let target = match (&ins.kind, &ins.trigger) {
        (Keyword::Onbuild, Some(t)) => t,
        _ => ins,
    };
    matches!(target.kind, Keyword::Add | Keyword::Copy | Keyword::Run) && !target.json
}

fn word(map: &SegMap, w: LWord) -> Word {
    Word {
        range: map.range(w.start, w.end),
        text: w.text,
    }
}

/// BuildKit's `newNodeFromLine` over `line`, which starts at logical offset `base`.
fn parse_node(
    line: &str,
    base: usize,
    map: &SegMap,
    escape: char,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let lead = line.len() - line.trim_start_matches(is_space).len();
    let body = line.get(lead..).unwrap_or("").trim_end_matches(is_space);
    let cmd_end = body.find(is_ws_delim).unwrap_or(body.len());
    let cmd = body.get(..cmd_end).unwrap_or("");
    let after_cmd = body.get(cmd_end..).unwrap_or("");
    let rest = after_cmd.trim_start_matches(is_ws_delim);
    let rest_base = base + lead + cmd_end + (after_cmd.len() - rest.len());
    let (flag_words, args_off) = extract_flags(rest, rest_base);
    let args_raw = rest.get(args_off..).unwrap_or("");
    let args_str = args_raw.trim_matches(is_space);
    let args_base =
        rest_base + args_off + (args_raw.len() - args_raw.trim_start_matches(is_space).len());
    let keyword_range = map.range(base + lead, base + lead + cmd_end);
    let kind = Keyword::parse(cmd);
    let mut ins = Instruction {
        keyword: cmd.to_owned(),
        kind,
        range: keyword_range,
        keyword_range,
        start_line: 0,
        end_line: 0,
        original: line.to_owned(),
        flags: flag_words
            .into_iter()
            .map(|w| flag(line, base, map, w))
            .collect(),
        args: Vec::new(),
        args_range: (!args_str.is_empty())
            .then(|| map.range(args_base, args_base + args_str.len())),
        json: false,
        legacy_key_value: false,
        heredocs: Vec::new(),
        trigger: None,
        comments: Vec::new(),
        map: map.clone(),
    };
    let whole = || {
        vec![LWord {
            start: args_base,
            end: args_base + args_str.len(),
            text: args_str.to_owned(),
        }]
    };
    let maybe_json =
        |ins: &mut Instruction, errors: &mut Vec<SyntaxError>, shell: Vec<LWord>| -> Vec<LWord> {
            match parse_json(args_str, args_base) {
                JsonForm::Strings(w) => {
                    ins.json = true;
                    w
                }
                JsonForm::NotStringArray => {
                    errors.push(SyntaxError::parse(
                        map.range(args_base, args_base + args_str.len()),
                        "when using JSON array syntax, arrays must be comprised of strings only"
                            .to_owned(),
                    ));
                    Vec::new()
                }
                JsonForm::NotJson => shell,
            }
        };
    let words = match kind {
        _ if args_str.is_empty() => Vec::new(),
        Keyword::Add | Keyword::Copy | Keyword::Volume => {
            maybe_json(&mut ins, errors, split_ws(args_str, args_base))
        }
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
            maybe_json(&mut ins, errors, whole())
        }
        Keyword::Arg => parse_words(args_str, args_base, escape),
        Keyword::Env | Keyword::Label => {
            name_val(&mut ins, args_str, args_base, escape, map, errors)
        }
        Keyword::Expose | Keyword::From => split_ws(args_str, args_base),
        Keyword::Healthcheck => {
            let typ_len = args_str.find(is_space).unwrap_or(args_str.len());
            let after = args_str.get(typ_len..).unwrap_or("");
            let cmd = after.trim_start_matches(is_space);
            let cmd_base = args_base + typ_len + (after.len() - cmd.len());
            let mut w = vec![LWord {
                start: args_base,
                end: args_base + typ_len,
                text: args_str.get(..typ_len).unwrap_or("").to_owned(),
            }];
            if !cmd.is_empty() {
                match parse_json(cmd, cmd_base) {
                    JsonForm::Strings(j) => {
                        ins.json = true;
                        w.extend(j);
                    }
                    JsonForm::NotStringArray => errors.push(SyntaxError::parse(
                        map.range(cmd_base, cmd_base + cmd.len()),
                        "when using JSON array syntax, arrays must be comprised of strings only"
                            .to_owned(),
                    )),
                    JsonForm::NotJson => w.push(LWord {
                        start: cmd_base,
                        end: cmd_base + cmd.len(),
                        text: cmd.to_owned(),
                    }),
                }
            }
            w
        }
        Keyword::Onbuild => {
            let off = args_base - base;
            let sub = line.get(off..off + args_str.len()).unwrap_or("");
            ins.trigger = Some(Box::new(parse_node(sub, args_base, map, escape, errors)));
            whole()
        }
        Keyword::Maintainer
        | Keyword::StopSignal
        | Keyword::User
        | Keyword::Workdir
        | Keyword::Unknown => whole(),
    };
    ins.args = words.into_iter().map(|w| word(map, w)).collect();
    ins
}

/// A flag word, split into name and value with source ranges.
fn flag(line: &str, base: usize, map: &SegMap, w: LWord) -> Flag {
    let raw = line.get(w.start - base..w.end - base).unwrap_or("");
    let (name, value) = match w.text.get(2..).unwrap_or("").split_once('=') {
        Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
        None => (w.text.get(2..).unwrap_or("").to_owned(), None),
    };
    let (name_range, value_range) = match raw.find('=') {
        Some(eq) => (
            map.range(w.start, w.start + eq),
            Some(map.range(w.start + eq + 1, w.end)),
        ),
        None => (map.range(w.start, w.end), None),
    };
    Flag {
        text: w.text,
        name,
        value,
        range: map.range(w.start, w.end),
        name_range,
        value_range,
    }
}

/// BuildKit's `parseNameVal` for ENV and LABEL: `k=v k2=v2` or the legacy `k v`.
fn name_val(
    ins: &mut Instruction,
    rest: &str,
    base: usize,
    escape: char,
    map: &SegMap,
    errors: &mut Vec<SyntaxError>,
) -> Vec<LWord> {
    let words = parse_words(rest, base, escape);
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let key = ins.keyword.to_ascii_uppercase();
    if !first.text.contains('=') {
        ins.legacy_key_value = true;
        let Some(split) = rest.find(is_ws_delim) else {
            errors.push(SyntaxError::parse(
                map.range(base, base + rest.len()),
                format!("{key} must have two arguments: `{key} name=value` (or the legacy `{key} name value`)"),
            ));
            return Vec::new();
        };
        let value = rest
            .get(split..)
            .unwrap_or("")
            .trim_start_matches(is_ws_delim);
        let vstart = base + rest.len() - value.len();
        return vec![
            LWord {
                start: base,
                end: base + split,
                text: rest.get(..split).unwrap_or("").to_owned(),
            },
            LWord {
                start: vstart,
                end: base + rest.len(),
                text: value.to_owned(),
            },
        ];
    }
    let mut out = Vec::with_capacity(words.len() * 2);
    for w in words {
        let Some(eq) = w.text.find('=') else {
            errors.push(SyntaxError::parse(
                map.range(w.start, w.end),
                format!(
                    "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                    w.text
                ),
            ));
            continue;
        };
        out.push(LWord {
            start: w.start,
            end: w.start + eq,
            text: w.text.get(..eq).unwrap_or("").to_owned(),
        });
        out.push(LWord {
            start: w.start + eq + 1,
            end: w.end,
            text: w.text.get(eq + 1..).unwrap_or("").to_owned(),
        });
    }
    out
}
