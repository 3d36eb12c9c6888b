//! RUN commands as the shell sees them: the command text (continuations joined, as BuildKit
//! passes it to `/bin/sh -c`) and heredoc scripts are parsed with tree-sitter-bash, and every
//! simple command comes out as words with their source ranges, so that rules can point at the
//! exact flag or package.

use std::cell::RefCell;
use std::sync::Arc;

use tree_sitter::{Node, Parser};

use crate::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// The text of a shell word: shared, because every snapshot copies the cached scripts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShellText(Arc<str>);

impl From<&str> for ShellText {
    fn from(s: &str) -> Self {
        ShellText(s.into())
    }
}

impl ShellText {
    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for ShellText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for ShellText {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<str> for ShellText {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl std::fmt::Display for ShellText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One shell word: its text with quotes removed, and where it is in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The text, unquoted.
    pub text: ShellText,
    /// The source range.
    pub range: TextRange,
}

/// A simple command (`apt-get install -y curl`), wrappers such as `sudo` or `env X=1`
/// removed into `wrapper`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    /// The command name and its arguments.
    pub words: Vec<ShellWord>,
    /// The wrapper command (`sudo`, `env`, …) it was run through, if any.
    pub wrapper: Option<ShellWord>,
    /// The wrapper's own options and their values (`-u`, `app` of `sudo -u app`).
    pub wrapper_args: Vec<ShellWord>,
    /// The whole command's source range.
    pub range: TextRange,
}

impl ShellCommand {
    /// The command name (`apt-get`), without a directory (`/usr/bin/apt-get` → `apt-get`).
    #[must_use]
    pub fn name(&self) -> &str {
        self.words
            .first()
            .map_or("", |w| w.text.rsplit('/').next().unwrap_or(&w.text))
    }

    /// The arguments after the name.
    #[must_use]
    pub fn args(&self) -> &[ShellWord] {
        self.words.get(1..).unwrap_or_default()
    }

    /// The user a `sudo -u USER` (or `--user=USER`) wrapper runs the command as.
    #[must_use]
    pub fn sudo_user(&self) -> Option<&str> {
        self.wrapper
            .as_ref()
            .filter(|w| w.text.rsplit('/').next() == Some("sudo"))?;
        let mut args = self.wrapper_args.iter();
        while let Some(a) = args.next() {
            if a.text == "-u" || a.text == "--user" {
                return args.next().map(|v| v.text.as_str());
            }
            if let Some(v) = a.text.strip_prefix("--user=") {
                return Some(v);
            }
            if let Some(v) = a.text.strip_prefix("-u").filter(|v| !v.is_empty()) {
                return Some(v);
            }
        }
        None
    }

    /// pip's own arguments when the command runs pip: `pip`, `pip2`, `pip3`, `pip3.12`, or
    /// `python… -m pip` (whose arguments after `pip` are returned).
    #[must_use]
    pub fn pip_args(&self) -> Option<&[ShellWord]> {
        let name = self.name();
        if let Some(v) = name.strip_prefix("pip") {
            return v
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
                .then(|| self.args());
        }
        let v = name.strip_prefix("python")?;
        if !v.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let args = self.args();
        let m = args.iter().position(|w| w.text == "-m")?;
        args.get(m + 1)
            .filter(|w| w.text == "pip")
            .and_then(|_| args.get(m + 2..))
    }

    /// Whether the command only simulates (`apt-get install -s`, `--dry-run`): nothing is
    /// installed.
    #[must_use]
    pub fn simulates(&self) -> bool {
        self.has_flag(&[
            "-s",
            "--simulate",
            "--just-print",
            "--dry-run",
            "--recon",
            "--no-act",
        ])
    }

    /// The first argument that is not an option (the subcommand of `apt-get install`).
    #[must_use]
    pub fn subcommand(&self) -> Option<&ShellWord> {
        self.args().iter().find(|w| !w.text.starts_with('-'))
    }

    /// Whether any argument is one of `flags` (`--flag=value` counts as `--flag`), or a
    /// bundle of short options containing one of the single-letter `flags` (`-qy` has `-y`).
    #[must_use]
    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.args().iter().any(|w| {
            let t = w.text.split('=').next().unwrap_or_default();
            flags.contains(&t)
                || (t.starts_with('-')
                    && !t.starts_with("--")
                    && t.len() > 2
                    && flags.iter().any(|f| {
                        f.len() == 2 && f.starts_with('-') && t.contains(f.get(1..).unwrap_or("\0"))
                    }))
        })
    }
}

/// A `|` (or `|&`) of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipe {
    /// The `|` (or `|&`) operator's range.
    pub range: TextRange,
    /// The name of the simple command that feeds it (`curl` in `curl … | sh`); empty when the
    /// left side is something else (a subshell, a compound command).
    pub left: ShellText,
    /// The name of the simple command it feeds (`sh` in `curl … | sh`), or empty.
    pub right: ShellText,
    /// The arguments of that command (`-c`, `-` of `sha256sum -c -`).
    pub right_args: Vec<ShellText>,
    /// Whether the pipeline is inside a command substitution used as an argument (`go test
    /// $(go list ./... | grep -v e2e)`): its status is lost there, whatever the shell options.
    pub in_argument: bool,
}

/// The shell view of one RUN instruction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// The simple commands, in order.
    pub commands: Vec<ShellCommand>,
    /// The `|` operators of pipelines (not the `|` of `case` patterns).
    pub pipes: Vec<Pipe>,
    /// The distinct command names, sorted, made on first use.
    names: NameIndex,
}

impl Script {
    /// The commands named `name`.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ShellCommand> + 'a {
        self.commands.iter().filter(move |c| c.name() == name)
    }

    /// Whether a command is named `name`: a lookup in the script's index of names (made once
    /// per script, and kept with the cached script), for whole-file rules that skip the
    /// scripts without the commands they look at.
    #[must_use]
    pub fn mentions(&self, name: &str) -> bool {
        let (mask, names) = self.names.0.get_or_init(|| {
            let mut all: Vec<Box<str>> = self.commands.iter().map(|c| c.name().into()).collect();
            all.sort_unstable();
            all.dedup();
            let mask = all.iter().fold(0, |m, n| m | name_bit(n));
            (mask, all.into_boxed_slice())
        });
        // Most scripts lack the command asked about: one bit of the mask tells most of them.
        mask & name_bit(name) != 0 && names.binary_search_by(|n| (**n).cmp(name)).is_ok()
    }
}

/// A bit for a command name (FNV-1a, folded to 64 bits): the names of a script set the bits
/// of [`Script::mentions`]'s mask.
fn name_bit(name: &str) -> u64 {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    1 << (h % 64)
}

/// [`Script::mentions`]'s index: the mask of the names' bits and the names, sorted.
type NameIndex = crate::concurrent::Memo<(u64, Box<[Box<str>]>)>;

/// A RUN's parsed script with ranges relative to the instruction's start, computed once per
/// instruction. Instructions that an incremental rescan reuses (shifted) keep it, so a
/// keystroke re-parses only the RUN it touched. Ignored by equality and debug output.
pub(crate) type ShellCache = crate::concurrent::Memo<Option<Arc<Script>>>;

impl Script {
    /// The script with every range moved by `delta` bytes.
    fn shifted(&self, delta: isize) -> Script {
        let sh = |r: TextRange| {
            TextRange::new(
                r.start.saturating_add_signed(delta),
                r.end.saturating_add_signed(delta),
            )
        };
        let word = |w: &ShellWord| ShellWord {
            text: w.text.clone(),
            range: sh(w.range),
        };
        Script {
            commands: self
                .commands
                .iter()
                .map(|c| ShellCommand {
                    words: c.words.iter().map(word).collect(),
                    wrapper: c.wrapper.as_ref().map(word),
                    wrapper_args: c.wrapper_args.iter().map(word).collect(),
                    range: sh(c.range),
                })
                .collect(),
            pipes: self
                .pipes
                .iter()
                .map(|p| Pipe {
                    range: sh(p.range),
                    left: p.left.clone(),
                    right: p.right.clone(),
                    right_args: p.right_args.clone(),
                    in_argument: p.in_argument,
                })
                .collect(),
            names: self.names.clone(),
        }
    }
}

/// The script of `ins` with absolute ranges, from its cache (parsed on first use).
#[must_use]
pub fn script_of(ins: &Instruction) -> Option<Script> {
    let start = isize::try_from(ins.range.start).ok()?;
    cached_relative(ins)?.map(|s| s.shifted(start))
}

/// The cached script of `ins` relative to its start (parsed on first use): what a check
/// that does not look at positions can read without copying it.
pub(crate) fn relative_script(ins: &Instruction) -> Option<&Script> {
    cached_relative(ins).flatten().map(|s| &**s)
}

/// The cached script of `ins` relative to its start (parsed on first use); `Some(None)` when
/// it has none.
fn cached_relative(ins: &Instruction) -> Option<Option<&Arc<Script>>> {
    let start = isize::try_from(ins.range.start).ok()?;
    Some(
        ins.shell
            .0
            .get_or_init(|| parse_run(ins).map(|s| Arc::new(s.shifted(-start))))
            .as_ref(),
    )
}

/// Whether [`script_of`] has a script for `ins` (parsing it on first use, without copying
/// it to the document's offsets).
pub(crate) fn has_script(ins: &Instruction) -> bool {
    relative_script(ins).is_some()
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_bash::LANGUAGE.into()).ok().map(|()| p)
    });
}

/// Parses the command of a RUN (and its heredoc scripts): the shell form, or the exec form
/// when it runs a POSIX shell's `-c` script (`["sh", "-c", "…"]`). None for other exec forms
/// and for an instruction that is not a RUN.
#[must_use]
pub fn parse_run(ins: &Instruction) -> Option<Script> {
    if ins.kind != Keyword::Run {
        return None;
    }
    crate::work_counters::parsed_one_script();
    if ins.json {
        return parse_exec_form(ins);
    }
    let mut script = Script::default();
    if let Some(w) = ins.args.first() {
        let map = |s: usize, e: usize| ins.word_subrange(w, s, e);
        parse_into(&w.text, &map, &mut script);
    }
    for h in &ins.heredocs {
        // Map offsets straight into the body when it is verbatim (no tab stripping).
        // (The content may carry the final line break the body range stops before.)
        let verbatim = h.content.len().abs_diff(h.body_range.len()) <= 1;
        let start = h.body_range.start;
        let body = h.body_range;
        let map = move |s: usize, e: usize| {
            if verbatim {
                TextRange::new((start + s).min(body.end), (start + e).min(body.end))
            } else {
                body
            }
        };
        parse_into(&h.content, &map, &mut script);
    }
    Some(script)
}

/// Parses a shell script that is not in a Dockerfile (a CI step, a Makefile recipe): ranges
/// are offsets in `text` moved by `base`.
#[must_use]
pub fn parse_text(text: &str, base: usize) -> Script {
    let mut script = Script::default();
    let map = |s: usize, e: usize| TextRange::new(base + s, base + e);
    parse_into(text, &map, &mut script);
    script
}

/// `RUN ["sh", "-c", "script", …]` (any POSIX shell, options such as `-ec`): the script,
/// with each of its bytes mapped to its place inside the JSON string. None when the form is
/// different, or when the string's source cannot be matched byte for byte (a JSON string
/// continued over lines).
fn parse_exec_form(ins: &Instruction) -> Option<Script> {
    let shell = ins.args.first()?;
    let exe = shell.text.rsplit('/').next().unwrap_or_default();
    if !matches!(exe, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh") {
        return None;
    }
    let opt = ins.args.get(1)?;
    let o = opt.text.as_str();
    if !(o.starts_with('-') && !o.starts_with("--") && o.ends_with('c')) {
        return None;
    }
    let word = ins.args.get(2)?;
    let offsets = json_string_offsets(ins, word)?;
    let map = |s: usize, e: usize| {
        let at = |i: usize| offsets.get(i).copied().unwrap_or(word.range.end);
        TextRange::new(at(s), at(e))
    };
    let mut script = Script::default();
    parse_into(&word.text, &map, &mut script);
    Some(script)
}

/// For a JSON string word: the source offset of each byte of its decoded text, plus one for
/// its end. None when the source is not the JSON string that decodes to the text.
fn json_string_offsets(ins: &Instruction, word: &crate::syntax::Word) -> Option<Vec<usize>> {
    let from = word.range.start.checked_sub(ins.range.start)?;
    let to = word.range.end.checked_sub(ins.range.start)?;
    let src = ins.json_source.get(from..to)?;
    let inner = src.strip_prefix('"')?.strip_suffix('"')?;
    let base = word.range.start + 1;
    let mut decoded = String::with_capacity(inner.len());
    let mut offsets = Vec::with_capacity(inner.len() + 1);
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ch = if c == '\\' {
            let (_, e) = chars.next()?;
            match e {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                '/' | '\\' | '"' => e,
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                }
                _ => return None,
            }
        } else {
            c
        };
        for _ in 0..ch.len_utf8() {
            offsets.push(base + i);
        }
        decoded.push(ch);
    }
    offsets.push(word.range.end - 1);
    (decoded == word.text).then_some(offsets)
}

/// How deep `sh -c '…'` scripts inside scripts are followed.
const MAX_NESTING: u32 = 3;

fn parse_into(text: &str, map: &dyn Fn(usize, usize) -> TextRange, out: &mut Script) {
    parse_nested(text, map, out, 0);
}

/// `text` as tree-sitter-bash can read it safely. Its scanner passes the character after `{`
/// to C's `isdigit`, which reads outside its table for characters above U+00FF (a crash on
/// `echo {` followed by U+10FFFF): each such character becomes `é`s and `a`s of the same
/// length in bytes, so every offset is unchanged. Shell syntax is all ASCII, so they stay
/// what they were, parts of words (bash does not split on Unicode spaces either).
fn safe_for_bash(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| u32::from(c) <= 0xFF) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c.len_utf8() {
            _ if u32::from(c) <= 0xFF => out.push(c),
            3 => out.push_str("\u{e9}a"),
            4 => out.push_str("\u{e9}\u{e9}"),
            _ => out.push('\u{e9}'),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn parse_nested(text: &str, map: &dyn Fn(usize, usize) -> TextRange, out: &mut Script, depth: u32) {
    let safe = safe_for_bash(text);
    let tree = PARSER.with(|p| p.borrow_mut().as_mut().and_then(|p| p.parse(&*safe, None)));
    let Some(tree) = tree else { return };
    let mut found: Vec<ShellCommand> = Vec::new();
    // A pre-order walk with one cursor (no allocation per node): commands nest (command
    // substitutions, subshells), so every node is visited.
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        match node.kind() {
            "command" => {
                if let Some(c) = command(node, text, map) {
                    found.push(c);
                }
                // `sh -c 'script'`: the script's commands count as the RUN's own.
                if depth < MAX_NESTING
                    && let Some((start, inner)) = dash_c_script(node, text)
                {
                    let nested = |s: usize, e: usize| map(start + s, start + e);
                    let mut sub = Script::default();
                    parse_nested(inner, &nested, &mut sub, depth + 1);
                    found.extend(sub.commands);
                    out.pipes.extend(sub.pipes);
                }
            }
            "|" | "|&" if node.parent().is_some_and(|p| p.kind() == "pipeline") => {
                // The left side's name: a simple command's; for a group or subshell of only
                // `echo`/`printf`, that name (it only prints); else empty.
                let left = node.prev_named_sibling();
                let left_name = match left.map(|l| l.kind()) {
                    Some("command") => left
                        .and_then(|l| command(l, text, map))
                        .map(|c| c.name().to_owned())
                        .unwrap_or_default(),
                    Some("compound_statement" | "subshell") => left
                        .map(|l| printing_only(l, text, map))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let right = node
                    .next_named_sibling()
                    .filter(|r| r.kind() == "command")
                    .and_then(|r| command(r, text, map));
                out.pipes.push(Pipe {
                    range: map(node.start_byte(), node.end_byte()),
                    left: ShellText(left_name.into()),
                    right: ShellText(
                        right
                            .as_ref()
                            .map(|c| c.name().to_owned())
                            .unwrap_or_default()
                            .into(),
                    ),
                    right_args: right
                        .map(|c| c.args().iter().map(|w| w.text.clone()).collect())
                        .unwrap_or_default(),
                    in_argument: in_argument_substitution(node),
                });
            }
            _ => {}
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    found.sort_by_key(|c| c.range.start);
    out.commands.extend(found);
}

/// For a `{ …; }` group or `( … )` subshell: `echo` or `printf` when every command in it is
/// one of those (it only prints), else empty.
fn printing_only(group: Node, text: &str, map: &dyn Fn(usize, usize) -> TextRange) -> String {
    let mut name = String::new();
    let mut cursor = group.walk();
    let mut stack = vec![group];
    while let Some(n) = stack.pop() {
        if n.kind() == "command" {
            let c = command(n, text, map)
                .map(|c| c.name().to_owned())
                .unwrap_or_default();
            if !matches!(c.as_str(), "echo" | "printf") {
                return String::new();
            }
            if name.is_empty() {
                name = c;
            }
            continue;
        }
        stack.extend(n.named_children(&mut cursor));
    }
    name
}

/// Whether `pipe` is inside a command substitution that is a command's argument (not the
/// value of an assignment, whose status `set -e` sees).
fn in_argument_substitution(pipe: Node) -> bool {
    let mut n = pipe.parent();
    while let Some(p) = n {
        if p.kind() == "command_substitution" {
            let mut up = p.parent();
            while let Some(u) = up {
                match u.kind() {
                    "variable_assignment" | "declaration_command" => return false,
                    "command" => return true,
                    _ => up = u.parent(),
                }
            }
            return false;
        }
        n = p.parent();
    }
    false
}

/// The script of `sh -c '…'` (bash, ash, dash, zsh, ksh; options such as `-ec` or `-xc`;
/// `sudo`/`env` before it) when it is written verbatim in the source: its start offset in
/// `text` and its text. A script with backslashes inside double quotes is left alone, since
/// its offsets would not match the source.
fn dash_c_script<'t>(node: Node, text: &'t str) -> Option<(usize, &'t str)> {
    let mut cursor = node.walk();
    let words: Vec<Node> = node
        .children(&mut cursor)
        .filter(|c| {
            matches!(
                c.kind(),
                "command_name" | "word" | "string" | "raw_string" | "concatenation"
            )
        })
        .collect();
    let src = |n: &Node| text.get(n.start_byte()..n.end_byte()).unwrap_or_default();
    let mut i = 0;
    // Wrappers and their options.
    while let Some(w) = words.get(i) {
        let name = src(w).rsplit('/').next().unwrap_or_default();
        if matches!(name, "sudo" | "env" | "exec" | "nice" | "nohup" | "command") {
            i += 1;
            while words
                .get(i)
                .is_some_and(|x| src(x).starts_with('-') || (name == "env" && src(x).contains('=')))
            {
                i += 1;
            }
        } else {
            break;
        }
    }
    let shell = words.get(i).map(src)?.rsplit('/').next()?;
    if !matches!(shell, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh") {
        return None;
    }
    // Options up to the one that ends in `c`; the script is the next word.
    let mut j = i + 1;
    loop {
        let o = src(words.get(j)?);
        if !o.starts_with('-') || o.starts_with("--") {
            return None;
        }
        j += 1;
        if o.ends_with('c') {
            break;
        }
    }
    let script = words.get(j)?;
    let raw = src(script);
    match script.kind() {
        "raw_string" => Some((
            script.start_byte() + 1,
            raw.get(1..raw.len().checked_sub(1)?)?,
        )),
        "string" if !raw.contains('\\') => Some((
            script.start_byte() + 1,
            raw.get(1..raw.len().checked_sub(1)?)?,
        )),
        "word" if !raw.contains(['\\', '"', '\'']) => Some((script.start_byte(), raw)),
        _ => None,
    }
}

fn unquote(node: Node, text: &str) -> String {
    let raw = text
        .get(node.start_byte()..node.end_byte())
        .unwrap_or_default();
    match node.kind() {
        "string" | "raw_string" | "concatenation" | "word" => raw
            .chars()
            .filter(|c| *c != '"' && *c != '\'')
            .collect::<String>()
            .replace("\\\n", ""),
        _ => raw.to_owned(),
    }
}

fn command(
    node: Node,
    text: &str,
    map: &dyn Fn(usize, usize) -> TextRange,
) -> Option<ShellCommand> {
    let mut words = Vec::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        let word = match child.kind() {
            "command_name"
            | "word"
            | "string"
            | "raw_string"
            | "concatenation"
            | "number"
            | "simple_expansion"
            | "expansion"
            | "command_substitution" => child,
            _ => continue,
        };
        words.push(ShellWord {
            text: ShellText(unquote(word, text).into()),
            range: map(word.start_byte(), word.end_byte()),
        });
    }
    // Wrappers: `sudo [opts] cmd …`, `env [VAR=x] cmd …`, `command`, `exec`, `nice`, `time`.
    let mut wrapper = None;
    let mut wrapper_args = Vec::new();
    while let Some(first) = words.first() {
        let name = first.text.rsplit('/').next().unwrap_or_default().to_owned();
        if !matches!(
            name.as_str(),
            "sudo" | "env" | "command" | "exec" | "nice" | "time" | "nohup"
        ) {
            break;
        }
        let w = words.remove(0);
        wrapper_args.clear();
        while let Some(x) = words.first() {
            let option = x.text.starts_with('-');
            if !(option || (name == "env" && x.text.contains('='))) {
                break;
            }
            // sudo's options that take the next word as their value (`-u user`).
            let takes_value = name == "sudo"
                && matches!(
                    x.text.as_str(),
                    "-u" | "-g" | "-C" | "-D" | "-p" | "-r" | "-t" | "-U" | "-T" | "-h"
                );
            wrapper_args.push(words.remove(0));
            if takes_value && !words.is_empty() {
                wrapper_args.push(words.remove(0));
            }
        }
        wrapper = Some(w);
    }
    if words.is_empty() && wrapper.is_none() {
        return None;
    }
    Some(ShellCommand {
        words,
        wrapper,
        wrapper_args,
        range: map(node.start_byte(), node.end_byte()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn characters_that_crash_the_bash_scanner_keep_their_offsets() {
        for text in [
            "echo {\u{10FFFF}",
            "echo {1..\u{10FFFF}}",
            "echo \u{3000}中 {x,y} 😀 é",
        ] {
            let safe = super::safe_for_bash(text);
            assert_eq!(safe.len(), text.len());
            assert!(safe.chars().all(|c| u32::from(c) <= 0xFF));
            // Offsets land on the same boundaries.
            assert!(text.char_indices().all(|(i, _)| safe.is_char_boundary(i)));
            let s = super::parse_text(text, 0);
            assert_eq!(
                s.commands.first().map(super::ShellCommand::name),
                Some("echo")
            );
        }
    }

    use super::*;
    use crate::{Analysis, BuildConfig};

    fn script(text: &str) -> (Analysis, Script) {
        let a = Analysis::from_text(text, &BuildConfig::default());
        let run = a
            .parsed()
            .instructions
            .iter()
            .find(|i| i.kind == Keyword::Run)
            .and_then(parse_run)
            .unwrap();
        (a, run)
    }

    #[test]
    fn mentions_knows_exactly_the_commands_named() {
        let (_, s) = script("FROM a\nRUN apt-get update && curl -fsSL x | sh; cargo chef cook\n");
        for name in ["apt-get", "curl", "sh", "cargo"] {
            assert!(s.mentions(name), "{name}");
        }
        // Absent names, many of which share a bit of the mask with a present one.
        let absent = (0..500).map(|k| format!("cmd{k}"));
        for name in absent.chain(["apt", "chef", "", "Cargo"].map(String::from)) {
            assert!(!s.mentions(&name), "{name}");
        }
    }

    #[test]
    fn commands_words_and_ranges_through_continuations() {
        let text =
            "FROM a\nRUN apt-get update \\\n && sudo apt-get install -qy \"curl\" | tee log\n";
        let (a, s) = script(text);
        let names: Vec<&str> = s.commands.iter().map(ShellCommand::name).collect();
        assert_eq!(names, ["apt-get", "apt-get", "tee"]);
        let install = &s.commands[1];
        assert_eq!(install.wrapper.as_ref().unwrap().text, "sudo");
        assert!(install.has_flag(&["-y"]));
        assert!(!install.has_flag(&["--no-install-recommends"]));
        let curl = install.args().last().unwrap();
        assert_eq!(curl.text, "curl");
        assert_eq!(crate::text::slice(a.text(), curl.range), "\"curl\"");
        assert_eq!(s.pipes.len(), 1);
        assert_eq!(crate::text::slice(a.text(), s.pipes[0].range), "|");
    }

    #[test]
    fn heredoc_scripts() {
        let text = "FROM a\nRUN <<EOF\nset -e\napk add curl\nEOF\n";
        let (a, s) = script(text);
        let apk = s.named("apk").next().unwrap();
        assert_eq!(crate::text::slice(a.text(), apk.range), "apk add curl");
    }
}
