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
    /// Everything BuildKit would reject, with precise ranges: the directives' errors, each
    /// instruction's own errors (which travel with the instruction), then the file's.
    pub errors: Vec<SyntaxError>,
    /// Errors of the parser directives.
    directive_errors: Vec<SyntaxError>,
    /// The length of the text that was scanned.
    text_len: usize,
}

/// The region an edit sequence changed: `lo..old_hi` of the old text became `lo..new_hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dirty {
    /// Where the changes start (the same in the old and the new text).
    pub lo: usize,
    /// Where they end in the old text.
    pub old_hi: usize,
    /// Where they end in the new text.
    pub new_hi: usize,
}

impl Dirty {
    /// The region after one more edit (`start..old_end` replaced by text ending at `new_end`,
    /// in the coordinates of the text as it was just before this edit).
    #[must_use]
    pub fn merge(prev: Option<Dirty>, start: usize, old_end: usize, new_end: usize) -> Dirty {
        let Some(d) = prev else {
            return Dirty {
                lo: start,
                old_hi: old_end,
                new_hi: new_end,
            };
        };
        let shift = |x: usize, by: isize| x.saturating_add_signed(by);
        let region_delta = d.new_hi as isize - d.old_hi as isize;
        let edit_delta = new_end as isize - old_end as isize;
        // Where `old_end` was in the text before the whole sequence.
        let old_end_before = if old_end <= d.lo {
            old_end
        } else if old_end >= d.new_hi {
            shift(old_end, -region_delta)
        } else {
            d.old_hi
        };
        Dirty {
            lo: d.lo.min(start),
            old_hi: d.old_hi.max(old_end_before),
            new_hi: shift(d.new_hi.max(old_end), edit_delta),
        }
    }
}

/// Names of the parser directives BuildKit recognises.
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Scans the whole document.
#[must_use]
pub fn scan(rope: &Rope) -> Parsed {
    let mut s = Scanner::new(rope);
    let mut instructions = Vec::new();
    while let Some(i) = s.next_instruction() {
        instructions.push(i);
    }
    let mut p = Parsed {
        directives: s.directives,
        escape: s.escape,
        instructions,
        errors: Vec::new(),
        directive_errors: s.directive_errors,
        text_len: rope.len_bytes(),
    };
    p.collect_errors();
    p
}

/// Brings `p` (the scan of the text before some edits) up to date with `rope` (the text
/// after them), `dirty` being the region they changed. Instructions before the region are
/// kept; scanning resumes at the end of the last of them and stops as soon as a new
/// instruction ends where an old one ended, past the region: from there on the text and the
/// scanner's state are the same as before, so the old instructions are kept too, shifted.
/// The result equals a full scan of `rope` (a property test checks this).
pub fn rescan(p: &mut Parsed, rope: &Rope, dirty: Dirty) {
    let new_len = rope.len_bytes();
    let delta = dirty.new_hi as isize - dirty.old_hi as isize;
    let old_len = p.text_len;
    // The first instruction the edits can touch: one that ends after the region starts, or
    // that ran into the end of the text (appending to the text extends it).
    let k = p.instructions.partition_point(|i| {
        i.next_line < dirty.lo || (i.next_line == dirty.lo && i.next_line != old_len)
    });
    let Some(prev) = k.checked_sub(1).and_then(|i| p.instructions.get(i)) else {
        // The directives or the first instruction changed: scan everything.
        *p = scan(rope);
        return;
    };
    let mut s = Scanner::resume(rope, prev.next_line, prev.end_line + 1, p.escape);
    let mut produced = Vec::new();
    let mut resync = None;
    while let Some(ins) = s.next_instruction() {
        let (next, end_line) = (ins.next_line, ins.end_line);
        produced.push(ins);
        if next >= dirty.new_hi && next < new_len {
            let old_next = next.saturating_add_signed(-delta);
            let rest = p.instructions.get(k..).unwrap_or_default();
            if let Ok(j) = rest.binary_search_by_key(&old_next, |i| i.next_line) {
                let j = k + j;
                let old_end_line = p.instructions.get(j).map_or(end_line, |i| i.end_line);
                resync = Some((j, i64::from(end_line) - i64::from(old_end_line)));
                break;
            }
        }
    }
    match resync {
        Some((j, line_delta)) => {
            for i in p.instructions.iter_mut().skip(j + 1) {
                i.shift(delta, line_delta);
            }
            p.instructions.splice(k..=j, produced);
        }
        None => {
            p.instructions.truncate(k);
            p.instructions.extend(produced);
        }
    }
    p.text_len = new_len;
    p.collect_errors();
}

impl Parsed {
    /// What lies between instruction `k - 1` and instruction `k` (for `k` = 0, before the
    /// first; for `k` = the count, after the last): blank lines, comment lines, lines of a
    /// lone continuation, and the indentation before `k`'s keyword. Returns the bytes and
    /// the LF-counted number of their first line.
    #[must_use]
    pub fn gap(&self, k: usize) -> (TextRange, usize) {
        let (start, line) = match k.checked_sub(1).and_then(|p| self.instructions.get(p)) {
            Some(p) => (p.next_line, p.end_line as usize + 1),
            None => (0, 0),
        };
        let end = self
            .instructions
            .get(k)
            .map_or(self.text_len, |i| i.keyword_range.start);
        (TextRange::new(start, end.max(start)), line)
    }

    fn collect_errors(&mut self) {
        self.errors.clear();
        self.errors.extend(self.directive_errors.iter().cloned());
        for i in &self.instructions {
            self.errors.extend(i.errors.iter().cloned());
        }
        validate::file(&self.instructions, &mut self.errors);
    }
}

/// BuildKit's line-by-line reader, one logical instruction at a time.
struct Scanner<'a> {
    lines: LfLines<'a>,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    directive_errors: Vec<SyntaxError>,
    text_len: usize,
}

impl<'a> Scanner<'a> {
    fn new(rope: &'a Rope) -> Self {
        Scanner {
            lines: LfLines::new(rope),
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            directive_errors: Vec::new(),
            text_len: rope.len_bytes(),
        }
    }

    /// Continues at the start of line `line` (byte `at`), after an instruction.
    fn resume(rope: &'a Rope, at: usize, line: u32, escape: char) -> Self {
        Scanner {
            lines: LfLines::at(rope, at, line),
            escape,
            directives_done: true,
            directives: Vec::new(),
            directive_errors: Vec::new(),
            text_len: rope.len_bytes(),
        }
    }

    /// The byte after a consumed line (after its LF, or the end of the text).
    fn after(&self, line: &crate::text::PhysLine<'_>) -> usize {
        (line.start + line.text.len() + 1).min(self.text_len)
    }

    fn next_instruction(&mut self) -> Option<Instruction> {
        let ins = self.read_instruction();
        if ins.is_some() {
            crate::work_counters::scanned_one();
        }
        ins
    }

    fn read_instruction(&mut self) -> Option<Instruction> {
        let mut comments: Vec<String> = Vec::new();
        while let Some(pl) = self.lines.next() {
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
            let mut is_directive = false;
            if !self.directives_done {
                is_directive = self.directive(token, token_start);
                self.directives_done = !is_directive;
            }
            if token.starts_with('#') {
                // A parser directive is no comment of the first instruction (BuildKit strips
                // it from `PrevComment`): `# check=skip=all` at the top is the file's.
                if is_directive {
                    continue;
                }
                let c = token.get(1..).unwrap_or("").trim();
                if c.is_empty() {
                    comments.clear();
                } else {
                    comments.push(c.to_owned());
                }
                continue;
            }
            let (content, eol) = trim_continuation(token, self.escape);
            if eol && content.is_empty() {
                continue;
            }
            let mut ins = self.instruction(&pl, token, token_start, content, eol);
            ins.comments = comments;
            return Some(ins);
        }
        None
    }

    /// Reads the rest of an instruction whose first line is `pl`.
    fn instruction(
        &mut self,
        pl: &crate::text::PhysLine<'_>,
        token: &str,
        token_start: usize,
        content: &str,
        eol: bool,
    ) -> Instruction {
        let mut eol = eol;
        let mut logical = String::with_capacity(content.len());
        let mut map = SegMap::default();
        map.push(0, token_start);
        logical.push_str(content);
        let mut end_line = pl.index;
        let mut end_byte = token_start + token.len();
        let mut next_line = self.after(pl);
        let mut empty_lines = Vec::new();
        while !eol {
            let Some(nl) = self.lines.next() else { break };
            end_line = nl.index;
            next_line = self.after(&nl);
            let t = trim_newline(&nl.text);
            let stripped = t.trim_start_matches(is_space);
            if stripped.starts_with('#') {
                continue;
            }
            if stripped.is_empty() {
                empty_lines.push(TextRange::new(nl.start, nl.start + t.len()));
                continue;
            }
            let (c, e) = trim_continuation(t, self.escape);
            map.push(logical.len(), nl.start);
            logical.push_str(c);
            end_byte = nl.start + t.len();
            eol = e;
        }
        let mut errors = Vec::new();
        let mut ins = parse_node(&logical, 0, &map, self.escape, &mut errors);
        ins.start_line = pl.index;
        ins.empty_continuation_lines = empty_lines;
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
                    body_range: TextRange::empty(next_line),
                    content: String::new(),
                    terminated: false,
                };
                let mut body_end = None;
                for hl in self.lines.by_ref() {
                    end_line = hl.index;
                    next_line = (hl.start + hl.text.len() + 1).min(self.text_len);
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
                    errors.push(SyntaxError::parse(
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
        ins.next_line = next_line;
        ins.range = TextRange::new(ins.keyword_range.start, end_byte.max(ins.keyword_range.end));
        if ins.json {
            ins.json_source = logical;
        }
        // The map first: validation reports ranges inside flag values (mount options).
        ins.map = map;
        validate::instruction(&ins, &mut errors);
        ins.errors = errors;
        ins
    }

    /// Parses a parser directive line; returns false once the directives are over.
    fn directive(&mut self, token: &str, start: usize) -> bool {
        let Some(d) = parse_directive(token, start) else {
            return false;
        };
        if self.directives.iter().any(|o| o.name == d.name) {
            self.directive_errors.push(SyntaxError::parse(
                d.range,
                format!("only one {} parser directive can be used", d.name),
            ));
        } else if d.name == "escape" {
            match d.value.as_str() {
                "`" => self.escape = '`',
                "\\" => self.escape = '\\',
                v => self.directive_errors.push(SyntaxError::parse(
                    d.value_range,
                    format!("invalid escape token '{v}' does not match ` or \\"),
                )),
            }
        }
        self.directives.push(d);
        true
    }
}

/// Go's `trimNewline`: drops trailing CR and LF characters.
fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

/// BuildKit's `trimContinuationCharacter`: `<escape>[ \t]*$` continues the line, unless the
/// escape character is itself escaped: a line ending in `\\` (or any longer run of escape
/// characters) ends the instruction (BuildKit's `trailing-backslash` test).
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    match body.strip_suffix(escape) {
        Some(rest) if !rest.ends_with(escape) => (rest, false),
        _ => (line, true),
    }
}

/// A parser directive, if `token` (a line without leading white space) is one of the
/// recognised ones: BuildKit's `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`.
fn parse_directive(token: &str, start: usize) -> Option<Directive> {
    let rest = token.strip_prefix('#')?;
    let name_off = 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let name_len = token
        .get(name_off..)
        .unwrap_or("")
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphabetic() || (*i > 0 && c.is_ascii_digit())))
        .map_or(token.len() - name_off, |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let name = token.get(name_off..name_off + name_len).unwrap_or("");
    let after = token.get(name_off + name_len..).unwrap_or("");
    let value_part = after.trim_start_matches([' ', '\t']).strip_prefix('=')?;
    let value_trimmed = value_part.trim_start_matches([' ', '\t']);
    let value = value_trimmed.trim_end_matches([' ', '\t']);
    let lname = name.to_ascii_lowercase();
    if value.is_empty() || !DIRECTIVES.contains(&lname.as_str()) {
        return None;
    }
    let value_start = start + token.len() - value_trimmed.len();
    Some(Directive {
        name: lname,
        value: value.to_owned(),
        range: TextRange::new(start, start + token.len()),
        name_range: TextRange::new(start + name_off, start + name_off + name_len),
        value_range: TextRange::new(value_start, value_start + value.len()),
    })
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
        json_source: String::new(),
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
        map: SegMap::default(),
        errors: Vec::new(),
        empty_continuation_lines: Vec::new(),
        next_line: 0,
        shell: super::shell::ShellCache::default(),
        derived: super::instruction::DerivedSlot::default(),
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
            let mut trigger = parse_node(sub, args_base, map, escape, errors);
            if trigger.json {
                trigger.json_source = sub.to_owned();
            }
            trigger.map = map.clone();
            ins.trigger = Some(Box::new(trigger));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `edit` to `text` and checks that the incremental rescan equals a full scan,
    /// returning how many instructions the rescan had to produce.
    fn rescan_case(text: &str, start: usize, end: usize, insert: &str) -> Parsed {
        let mut p = scan(&Rope::from_str(text));
        let mut new = text.to_owned();
        new.replace_range(start..end, insert);
        let rope = Rope::from_str(&new);
        rescan(
            &mut p,
            &rope,
            Dirty::merge(None, start, end, start + insert.len()),
        );
        assert_eq!(p, scan(&rope), "rescan differs from a full scan of {new:?}");
        p
    }

    #[test]
    fn rescan_resyncs_and_shifts_what_follows() {
        let text = "FROM a AS b\nRUN one\n# note\nRUN two \\\n  more\nCOPY --from=b x y\nRUN <<EOF\nbody\nEOF\nCMD [\"z\"]\n";
        let at = text.find("one").unwrap_or(0);
        // Typing inside an instruction, inserting a line, joining lines with a continuation,
        // opening a heredoc that swallows the rest, deleting across instructions.
        let p = rescan_case(text, at, at, "xx");
        assert_eq!(p.instructions.get(3).map(|i| i.start_line), Some(5));
        let p = rescan_case(text, at + 3, at + 3, "\nRUN inserted");
        assert_eq!(p.instructions.len(), 7);
        assert_eq!(
            p.instructions
                .get(4)
                .map(|i| (i.start_line, i.keyword_range.start)),
            Some((6, text.find("COPY").unwrap_or(0) + 13))
        );
        rescan_case(text, at + 3, at + 3, " \\");
        let p = rescan_case(text, at + 3, at + 3, " <<END");
        assert_eq!(p.errors.len(), 1, "the heredoc is unterminated");
        rescan_case(text, at, text.find("COPY").unwrap_or(0), "");
        rescan_case(text, text.len(), text.len(), "RUN appended");
        rescan_case("FROM a\nRUN x", 12, 12, "yz");
    }

    #[test]
    fn merged_regions_cover_every_edit() {
        // "abcdef": replace "b" by "XY" (-> "aXYcdef"), then delete "de" (-> "aXYcf").
        let d = Dirty::merge(None, 1, 2, 3);
        let d = Dirty::merge(Some(d), 4, 6, 4);
        assert_eq!(
            d,
            Dirty {
                lo: 1,
                old_hi: 5,
                new_hi: 4
            }
        );
        // An edit before the region shifts it.
        let d = Dirty::merge(
            Some(Dirty {
                lo: 10,
                old_hi: 12,
                new_hi: 15,
            }),
            0,
            0,
            2,
        );
        assert_eq!(
            d,
            Dirty {
                lo: 0,
                old_hi: 12,
                new_hi: 17
            }
        );
    }
}
