//! The logical instructions of a Dockerfile, as BuildKit's parser produces them, with the
//! source range of every part (keyword, flags, arguments, heredocs).

use crate::text::TextRange;

pub use crate::catalog::instructions::Keyword;

/// A word of an instruction: its text as BuildKit's parser reports it and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text (for JSON form: the decoded string; otherwise quotes are kept, as BuildKit does).
    pub text: String,
    /// Where the word is in the source. A word continued over lines covers the continuation.
    pub range: TextRange,
}

/// A `--name[=value]` flag of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The flag as BuildKit reports it: quotes removed, e.g. `--from=builder`.
    pub text: String,
    /// The name without the dashes, e.g. `from`.
    pub name: String,
    /// The value after `=`, if there is one (`--link` has none).
    pub value: Option<String>,
    /// The whole flag in the source.
    pub range: TextRange,
    /// The name in the source, dashes included.
    pub name_range: TextRange,
    /// The value in the source (quotes included), if there is one.
    pub value_range: Option<TextRange>,
}

/// A here-document attached to a RUN, COPY or ADD instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, unquoted (`EOF` for `<<"EOF"`).
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// Whether variables in the body are expanded (no part of the marker was quoted).
    pub expand: bool,
    /// The file descriptor before `<<` (0 when absent).
    pub fd: u32,
    /// The marker in the instruction line, e.g. `<<-"EOT"`.
    pub marker_range: TextRange,
    /// The body lines, without the terminator line.
    pub body_range: TextRange,
    /// The body as BuildKit reads it (each line followed by `\n`).
    pub content: String,
    /// Whether the terminator line was found before the end of the file.
    pub terminated: bool,
}

/// Maps byte offsets of a logical line (continuations joined, comment lines dropped) back to
/// byte offsets in the source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SegMap {
    /// `(logical offset, source offset)` of the start of each joined piece, in order.
    segs: Vec<(usize, usize)>,
}

impl SegMap {
    pub(crate) fn push(&mut self, logical: usize, source: usize) {
        self.segs.push((logical, source));
    }

    /// The source offset of logical offset `l`, seen as the start of something.
    pub(crate) fn start(&self, l: usize) -> usize {
        let i = self.segs.partition_point(|(ls, _)| *ls <= l);
        self.segs
            .get(i.saturating_sub(1))
            .map_or(l, |(ls, ss)| ss + (l - ls))
    }

    /// The source offset of logical offset `l`, seen as the (exclusive) end of something: an
    /// end that falls on a joint belongs to the piece before it.
    pub(crate) fn end(&self, l: usize) -> usize {
        let i = self.segs.partition_point(|(ls, _)| *ls < l);
        self.segs
            .get(i.saturating_sub(1))
            .map_or(l, |(ls, ss)| ss + l.saturating_sub(*ls))
    }

    pub(crate) fn range(&self, start: usize, end: usize) -> TextRange {
        if start == end {
            return TextRange::empty(self.start(start));
        }
        TextRange::new(self.start(start), self.end(end))
    }
}

/// One logical instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword as written (case preserved).
    pub keyword: String,
    /// The keyword's meaning.
    pub kind: Keyword,
    /// From the keyword to the end of the instruction's last line (heredoc bodies included).
    pub range: TextRange,
    /// The keyword in the source.
    pub keyword_range: TextRange,
    /// Zero-based line of the keyword.
    pub start_line: u32,
    /// Zero-based last line BuildKit assigns to the instruction.
    pub end_line: u32,
    /// For an instruction in JSON form, its logical line (continuations joined, comment
    /// lines dropped: BuildKit's `Original`), where the offsets of an exec-form script are
    /// read; empty otherwise (it would be a copy of every instruction's text).
    pub(crate) json_source: String,
    /// The leading `--flag` words.
    pub flags: Vec<Flag>,
    /// BuildKit's argument list ("value"): JSON elements, white-space separated words, or the
    /// whole remaining text, depending on the instruction. ENV/LABEL give key, value, key, ….
    pub args: Vec<Word>,
    /// Everything after the flags, in the source (absent when there is nothing).
    pub args_range: Option<TextRange>,
    /// Whether the arguments are in JSON (exec) form.
    pub json: bool,
    /// ENV/LABEL in the legacy `KEY value` form.
    pub legacy_key_value: bool,
    /// Here-documents, in the order of their markers.
    pub heredocs: Vec<Heredoc>,
    /// The trigger of an ONBUILD instruction.
    pub trigger: Option<Box<Instruction>>,
    /// The comment lines right above the instruction (BuildKit's `PrevComment`).
    pub comments: Vec<String>,
    /// What BuildKit would reject in this instruction.
    pub errors: Vec<crate::syntax::SyntaxError>,
    /// Blank lines inside the continued instruction (BuildKit warns; a future release errors).
    pub empty_continuation_lines: Vec<TextRange>,
    /// Where scanning resumes after this instruction: the start of the line after its last.
    pub(crate) next_line: usize,
    pub(crate) map: SegMap,
    /// The shell script of a RUN, parsed on first use and kept while the instruction is
    /// reused by incremental rescans (its ranges are relative to the keyword).
    pub(crate) shell: crate::syntax::shell::ShellCache,
    /// What a later layer derives from this instruction alone, kept while incremental
    /// rescans reuse it (the rule engine keeps a RUN's findings here). Opaque to the syntax.
    pub(crate) derived: DerivedSlot,
}

/// See [`Instruction::derived`]: computed once, ignored by equality and debug output.
pub(crate) type DerivedSlot =
    crate::concurrent::Memo<std::sync::Arc<dyn std::any::Any + Send + Sync>>;

impl Instruction {
    /// The instruction as it runs: the trigger of an `ONBUILD`, else itself.
    #[must_use]
    pub fn effective(&self) -> &Instruction {
        match (&self.kind, &self.trigger) {
            (Keyword::Onbuild, Some(t)) => t,
            _ => self,
        }
    }

    /// Moves the instruction by `delta` bytes and `lines` lines (text was inserted or removed
    /// before it).
    pub(crate) fn shift(&mut self, delta: isize, lines: i64) {
        self.shift_bytes(delta);
        let line = |l: u32| u32::try_from(i64::from(l) + lines).unwrap_or(0);
        self.start_line = line(self.start_line);
        self.end_line = line(self.end_line);
        self.next_line = self.next_line.saturating_add_signed(delta);
    }

    fn shift_bytes(&mut self, delta: isize) {
        let sh = |r: &mut TextRange| {
            r.start = r.start.saturating_add_signed(delta);
            r.end = r.end.saturating_add_signed(delta);
        };
        sh(&mut self.range);
        sh(&mut self.keyword_range);
        if let Some(r) = self.args_range.as_mut() {
            sh(r);
        }
        for f in &mut self.flags {
            sh(&mut f.range);
            sh(&mut f.name_range);
            if let Some(r) = f.value_range.as_mut() {
                sh(r);
            }
        }
        for w in &mut self.args {
            sh(&mut w.range);
        }
        for h in &mut self.heredocs {
            sh(&mut h.marker_range);
            sh(&mut h.body_range);
        }
        for e in &mut self.errors {
            sh(&mut e.range);
        }
        for r in &mut self.empty_continuation_lines {
            sh(r);
        }
        for seg in &mut self.map.segs {
            seg.1 = seg.1.saturating_add_signed(delta);
        }
        if let Some(t) = self.trigger.as_mut() {
            t.shift_bytes(delta);
        }
    }

    /// The flag named `name` (the last one when repeated), case-sensitively like BuildKit.
    #[must_use]
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// All flags named `name`, in order (for repeatable flags such as `--mount`).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The source range of a sub-range of a word's text. For words whose text is the raw
    /// source (everything but JSON strings), `start..end` are byte offsets into `word.text`.
    #[must_use]
    pub fn word_subrange(&self, word: &Word, start: usize, end: usize) -> TextRange {
        let l0 = self.logical_of(word.range.start);
        self.map.range(l0 + start, l0 + end)
    }

    /// The source range of bytes `start..end` of a flag's value.
    #[must_use]
    pub fn flag_value_subrange(&self, flag: &Flag, start: usize, end: usize) -> Option<TextRange> {
        let vr = flag.value_range?;
        let l0 = self.logical_of(vr.start);
        Some(self.map.range(l0 + start, l0 + end))
    }

    /// The logical offset of a source offset that lies on a piece of this instruction.
    fn logical_of(&self, source: usize) -> usize {
        let i = self.map.segs.partition_point(|(_, ss)| *ss <= source);
        self.map
            .segs
            .get(i.saturating_sub(1))
            .map_or(0, |(ls, ss)| ls + (source - ss))
    }
}

/// One option of a `--mount` flag: `key=value`, or a bare `key` such as `rw` or `required`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountOption {
    /// The key, lower-cased (BuildKit reads keys case-insensitively).
    pub key: String,
    /// The value after `=`.
    pub value: Option<String>,
    /// The whole option in the source.
    pub range: TextRange,
    /// The value in the source.
    pub value_range: Option<TextRange>,
}

/// A `RUN --mount=…` flag, split into its comma-separated options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The index of the flag in [`Instruction::flags`].
    pub flag: usize,
    /// The options, in order.
    pub options: Vec<MountOption>,
}

impl Mount {
    /// The option named `key` (lower case).
    #[must_use]
    pub fn option(&self, key: &str) -> Option<&MountOption> {
        self.options.iter().find(|o| o.key == key)
    }

    /// The mount type: `bind` (the default), `cache`, `tmpfs`, `secret` or `ssh`.
    #[must_use]
    pub fn kind(&self) -> &str {
        self.option("type")
            .and_then(|o| o.value.as_deref())
            .unwrap_or("bind")
    }
}

impl Instruction {
    /// The `--mount` flags of a RUN instruction, parsed.
    #[must_use]
    pub fn mounts(&self) -> Vec<Mount> {
        let mut out = Vec::new();
        for (index, f) in self.flags.iter().enumerate() {
            if f.name != "mount" {
                continue;
            }
            let Some(v) = &f.value else { continue };
            let mut options = Vec::new();
            let mut start = 0;
            for (i, c) in v.char_indices().chain(std::iter::once((v.len(), ','))) {
                if c != ',' {
                    continue;
                }
                let field = v.get(start..i).unwrap_or("");
                if !field.is_empty() {
                    let range = self.flag_value_subrange(f, start, i).unwrap_or(f.range);
                    let (key, value, value_range) = match field.split_once('=') {
                        Some((k, val)) => {
                            let vs = start + k.len() + 1;
                            (k, Some(val.to_owned()), self.flag_value_subrange(f, vs, i))
                        }
                        None => (field, None, None),
                    };
                    options.push(MountOption {
                        key: key.trim().to_ascii_lowercase(),
                        value,
                        range,
                        value_range,
                    });
                }
                start = i + 1;
            }
            out.push(Mount {
                flag: index,
                options,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analysis, BuildConfig};

    #[test]
    fn mount_options_with_ranges() {
        let text = "FROM a\nRUN --mount=type=cache,target=/root/.cache,rw \\\n    --mount=type=secret,id=npm,required true\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let run = a
            .parsed()
            .instructions
            .get(1)
            .map(super::Instruction::mounts)
            .unwrap_or_default();
        let summary: Vec<(String, Vec<String>)> = run
            .iter()
            .map(|m| {
                let opts = m
                    .options
                    .iter()
                    .map(|o| {
                        format!(
                            "{}={:?}@{}",
                            o.key,
                            o.value,
                            crate::text::slice(a.text(), o.range)
                        )
                    })
                    .collect();
                (m.kind().to_owned(), opts)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "cache".to_owned(),
                    vec![
                        "type=Some(\"cache\")@type=cache".to_owned(),
                        "target=Some(\"/root/.cache\")@target=/root/.cache".to_owned(),
                        "rw=None@rw".to_owned()
                    ]
                ),
                (
                    "secret".to_owned(),
                    vec![
                        "type=Some(\"secret\")@type=secret".to_owned(),
                        "id=Some(\"npm\")@id=npm".to_owned(),
                        "required=None@required".to_owned()
                    ]
                ),
            ]
        );
    }
}
