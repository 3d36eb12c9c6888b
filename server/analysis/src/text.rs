//! Text primitives: byte ranges, edits, and an iterator over the physical lines of a rope the
//! way BuildKit splits them (on LF only; a CR before the LF stays part of the line's text).
//!
//! LSP line/column conversion does not live here: the LSP crate converts positions over the
//! rope itself (ropey is built with `cr_lines`, so LF, CR and CRLF break LSP lines).

use std::borrow::Cow;

use ropey::{Rope, RopeSlice};

/// A half-open range of byte offsets into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    /// The first byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end`; the bounds are put in order if they are not.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    /// An empty range at `offset`.
    #[must_use]
    pub fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// The number of bytes covered.
    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range or on its end (the cursor right after a word
    /// still "touches" it, as editors expect for hover and go-to-definition).
    #[must_use]
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// The range moved `by` bytes forward (from a position relative to an instruction to the
    /// document's).
    #[must_use]
    pub fn after(self, by: usize) -> Self {
        TextRange {
            start: self.start.saturating_add(by),
            end: self.end.saturating_add(by),
        }
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One replacement of a range of text by new text: what a fix or a formatting edit is made
/// of, and the unit of incremental change (`Document::apply_edit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// The text replaced (empty to insert).
    pub range: TextRange,
    /// What replaces it.
    pub new_text: String,
}

impl TextEdit {
    /// Applies the edit to `rope`, its range clamped to the text and to char boundaries (any
    /// input is safe).
    pub fn apply_to_rope(&self, rope: &mut Rope) {
        let start = floor_char_boundary(rope, self.range.start);
        let end = floor_char_boundary(rope, self.range.end).max(start);
        let (start, end) = (rope.byte_to_char(start), rope.byte_to_char(end));
        rope.remove(start..end);
        rope.insert(start, &self.new_text);
    }

    /// Replaces `range` with `new_text`.
    #[must_use]
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> TextEdit {
        TextEdit {
            range,
            new_text: new_text.into(),
        }
    }

    /// Inserts `text` at `offset`.
    #[must_use]
    pub fn insert(offset: usize, text: impl Into<String>) -> TextEdit {
        TextEdit::replace(TextRange::new(offset, offset), text)
    }

    /// Deletes `range`.
    #[must_use]
    pub fn delete(range: TextRange) -> TextEdit {
        TextEdit::replace(range, "")
    }
}

/// The line break a file uses, for the lines an edit adds: `\r\n` when its first line break
/// is one, else `\n`.
#[must_use]
pub fn line_break_of(rope: &Rope) -> &'static str {
    let first_lf = rope.bytes().position(|b| b == b'\n');
    match first_lf {
        Some(i) if i > 0 && rope.get_byte(i - 1) == Some(b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The length of the byte-order mark the text starts with (3, or 0): an edit at the very
/// start of the file goes after it.
#[must_use]
pub fn bom_len(rope: &Rope) -> usize {
    let bom = [0xEF, 0xBB, 0xBF];
    if (0..3).all(|i| rope.get_byte(i) == bom.get(i).copied()) {
        3
    } else {
        0
    }
}

/// One physical line, as BuildKit's scanner sees it: the bytes between two LF characters.
#[derive(Debug, Clone)]
pub(crate) struct PhysLine<'a> {
    /// Byte offset of the line's first byte in the document.
    pub(crate) start: usize,
    /// The line's text without its LF (a CR before the LF is kept).
    pub(crate) text: Cow<'a, str>,
    /// Zero-based line number, counting LF characters.
    pub(crate) index: u32,
}

/// Iterates over a rope's LF-separated lines without copying the text, except for the rare
/// line that straddles two rope chunks. Like Go's `bufio.ScanLines`, a final LF does not start
/// an empty last line.
pub(crate) struct LfLines<'a> {
    chunks: ropey::iter::Chunks<'a>,
    cur: &'a str,
    cur_start: usize,
    pos: usize,
    index: u32,
}

impl<'a> LfLines<'a> {
    pub(crate) fn new(rope: &'a Rope) -> Self {
        Self {
            chunks: rope.chunks(),
            cur: "",
            cur_start: 0,
            pos: 0,
            index: 0,
        }
    }

    /// The lines from byte `at` (which must start a line), the first numbered `index`.
    pub(crate) fn at(rope: &'a Rope, at: usize, index: u32) -> Self {
        let at = at.min(rope.len_bytes());
        let (mut chunks, chunk_start, _, _) = rope.chunks_at_byte(at);
        let cur = chunks.next().unwrap_or("");
        Self {
            chunks,
            cur,
            cur_start: chunk_start,
            pos: at - chunk_start,
            index,
        }
    }

    fn emit(&mut self, start: usize, text: Cow<'a, str>) -> PhysLine<'a> {
        let line = PhysLine {
            start,
            text,
            index: self.index,
        };
        self.index = self.index.saturating_add(1);
        line
    }
}

impl<'a> Iterator for LfLines<'a> {
    type Item = PhysLine<'a>;

    fn next(&mut self) -> Option<PhysLine<'a>> {
        let mut carry: Option<(usize, String)> = None;
        loop {
            let cur: &'a str = self.cur;
            let rest: &'a str = cur.get(self.pos..).unwrap_or("");
            if rest.is_empty() {
                if let Some(chunk) = self.chunks.next() {
                    self.cur_start += cur.len();
                    self.cur = chunk;
                    self.pos = 0;
                    continue;
                }
                return carry.map(|(start, text)| self.emit(start, Cow::Owned(text)));
            }
            let abs = self.cur_start + self.pos;
            if let Some(i) = rest.find('\n') {
                let piece = rest.get(..i).unwrap_or("");
                self.pos += i + 1;
                return Some(match carry.take() {
                    Some((start, mut buf)) => {
                        buf.push_str(piece);
                        self.emit(start, Cow::Owned(buf))
                    }
                    None => self.emit(abs, Cow::Borrowed(piece)),
                });
            }
            match &mut carry {
                Some((_, buf)) => buf.push_str(rest),
                None => carry = Some((abs, rest.to_owned())),
            }
            self.pos = cur.len();
        }
    }
}

/// The largest char boundary of `rope` at or before `offset` (clamped to the text's length).
#[must_use]
pub fn floor_char_boundary(rope: &Rope, offset: usize) -> usize {
    let offset = offset.min(rope.len_bytes());
    // One descent of the rope to the chunk, then at most three steps back in it.
    let (chunk, start, _, _) = rope.chunk_at_byte(offset);
    let mut i = offset - start;
    while i > 0 && !chunk.is_char_boundary(i) {
        i -= 1;
    }
    start + i
}

/// The rope's lines from line `first` on, each with its number and the byte it starts at:
/// one walk, instead of two searches of the rope per line.
pub fn lines_from(
    rope: &Rope,
    first: usize,
) -> impl Iterator<Item = (usize, usize, RopeSlice<'_>)> {
    let first = first.min(rope.len_lines());
    let mut start = rope.line_to_byte(first);
    rope.lines_at(first).enumerate().map(move |(k, line)| {
        let at = start;
        start += line.len_bytes();
        (first + k, at, line)
    })
}

/// The position of byte `offset` for people: 1-based line and 1-based column counted in
/// characters (what the CLI prints; editors get LSP positions from the server instead).
/// Lines break at LF, CR and CRLF; a UTF-8 byte-order mark takes no column.
#[must_use]
pub fn line_col(rope: &Rope, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(rope, offset.min(rope.len_bytes()));
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let col = ch - rope.line_to_char(line);
    // A byte-order mark is no column anyone sees.
    let col = if line == 0 && rope.get_char(0) == Some('\u{feff}') {
        col.saturating_sub(1)
    } else {
        col
    };
    (
        u32::try_from(line + 1).unwrap_or(u32::MAX),
        u32::try_from(col + 1).unwrap_or(u32::MAX),
    )
}

/// The whole line holding `offset` (clamped to the text), its line break included.
#[must_use]
pub fn line_range(rope: &Rope, offset: usize) -> TextRange {
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    TextRange::new(
        rope.line_to_byte(line),
        rope.line_to_byte((line + 1).min(rope.len_lines())),
    )
}

/// Reads pieces of a rope front to back: it walks the rope's chunks forward, so a run of
/// reads in document order costs the text between them, not a search of the rope each
/// (reading behind the last piece, or far ahead of it, searches once and goes on from there).
pub struct ForwardText<'a> {
    rope: &'a Rope,
    chunks: ropey::iter::Chunks<'a>,
    chunk: &'a str,
    chunk_start: usize,
}

/// How far ahead [`ForwardText`] reads on rather than searching the rope.
const FAR: usize = 64 * 1024;

impl<'a> ForwardText<'a> {
    /// A reader at the start of `rope`.
    #[must_use]
    pub fn new(rope: &'a Rope) -> Self {
        let mut chunks = rope.chunks();
        let chunk = chunks.next().unwrap_or("");
        Self {
            rope,
            chunks,
            chunk,
            chunk_start: 0,
        }
    }

    /// The text of `range`, as [`slice`] gives it; borrowed when one chunk holds it all.
    pub fn get(&mut self, range: TextRange) -> Cow<'a, str> {
        let len = self.rope.len_bytes();
        let start = range.start.min(len);
        let end = range.end.min(len).max(start);
        // Behind, or far ahead (walking there chunk by chunk would cost more than a search):
        // search the rope once.
        if start < self.chunk_start || start - self.chunk_start > FAR {
            let (mut chunks, chunk_start, _, _) = self.rope.chunks_at_byte(start);
            self.chunk = chunks.next().unwrap_or("");
            self.chunks = chunks;
            self.chunk_start = chunk_start;
        }
        while start >= self.chunk_start + self.chunk.len() {
            let Some(next) = self.chunks.next() else {
                break;
            };
            self.chunk_start += self.chunk.len();
            self.chunk = next;
        }
        let piece = self
            .chunk
            .get(start - self.chunk_start..end.saturating_sub(self.chunk_start));
        match piece {
            Some(p) if start >= self.chunk_start => Cow::Borrowed(p),
            _ => slice(self.rope, TextRange::new(start, end)),
        }
    }
}

/// The first LF or CR in `bytes`: a word at a time, since this is how the outline, the
/// tokens and position conversion find lines in the text between two places.
#[must_use]
pub fn find_line_break(bytes: &[u8]) -> Option<usize> {
    find_bytes(bytes, b'\n', b'\r')
}

/// The first `a` or `b` in `bytes`, a word at a time (the lines searched are short: a
/// general search costs more to set up than it saves).
fn find_bytes(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Non-zero when some byte of `v` is zero.
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut words = bytes.chunks_exact(8);
    let mut skipped = 0;
    for w in words.by_ref() {
        let v = u64::from_ne_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
        if zero_byte(v ^ (ONES * u64::from(a))) | zero_byte(v ^ (ONES * u64::from(b))) != 0 {
            break;
        }
        skipped += 8;
    }
    bytes
        .get(skipped..)
        .unwrap_or_default()
        .iter()
        .position(|c| *c == a || *c == b)
        .map(|i| skipped + i)
}

/// The lines of `text` as LSP counts them (LF, CR and CRLF end a line): each line's offset
/// in `text` and its text without the break. A break at the very end starts no empty line.
pub fn lsp_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let rest = bytes.get(start..).unwrap_or_default();
        let (end, next) = match find_line_break(rest) {
            Some(i) => {
                let brk = start + i;
                let crlf = bytes.get(brk) == Some(&b'\r') && bytes.get(brk + 1) == Some(&b'\n');
                (brk, brk + if crlf { 2 } else { 1 })
            }
            None => (bytes.len(), bytes.len()),
        };
        at = next;
        Some((start, text.get(start..end).unwrap_or_default()))
    })
}

/// Whether `rope` has a CR that is not the first half of a CRLF: such a CR ends a line for
/// LSP (and for the rope) but not for BuildKit, whose lines end at LF only.
#[must_use]
pub fn has_lone_cr(rope: &Rope) -> bool {
    // The rope counts LSP's line breaks; a CRLF is one, so there is a lone CR exactly when
    // there are more breaks than LFs. Counting bytes is one vectorised pass, however many
    // CRs the text has.
    let lf: usize = rope
        .chunks()
        .map(|c| c.bytes().filter(|b| *b == b'\n').count())
        .sum();
    rope.len_lines().saturating_sub(1) > lf
}

/// BuildKit's lines (LF-counted, as instructions number them) as LSP lines, which a lone CR
/// also ends. In nearly every file the two are the same: then this holds no table, and
/// finding that out costs one count of the LFs.
#[derive(Debug, Clone)]
pub struct LineMap {
    /// The LSP line each LF line starts on, when the two differ.
    starts: Option<Vec<usize>>,
    /// The line of the text's last byte.
    last: usize,
}

impl LineMap {
    /// The map for `rope` (a table only if it has a lone CR).
    #[must_use]
    pub fn new(rope: &Rope) -> Self {
        let last = rope.byte_to_line(rope.len_bytes().saturating_sub(1));
        if !has_lone_cr(rope) {
            return Self { starts: None, last };
        }
        let mut starts = vec![0];
        let (mut line, mut cr) = (0, false);
        for chunk in rope.chunks() {
            for &b in chunk.as_bytes() {
                if cr && b != b'\n' {
                    line += 1;
                }
                cr = b == b'\r';
                if b == b'\n' {
                    line += 1;
                    starts.push(line);
                }
            }
        }
        Self {
            starts: Some(starts),
            last,
        }
    }

    /// The LSP line that LF line `lf` starts on.
    #[must_use]
    pub fn start(&self, lf: usize) -> usize {
        match &self.starts {
            None => lf,
            Some(s) => s.get(lf).copied().unwrap_or(self.last),
        }
    }

    /// The last LSP line of LF line `lf`.
    #[must_use]
    pub fn end(&self, lf: usize) -> usize {
        match &self.starts {
            None => lf,
            Some(s) => s
                .get(lf + 1)
                .map_or(self.last, |next| next.saturating_sub(1)),
        }
    }
}

/// The lines of `text` as BuildKit reads them (LF ends a line): each line's offset in
/// `text` and its text without the LF. A final LF starts no empty line.
pub fn lf_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..).filter(|r| !r.is_empty())?;
        let start = at;
        let len = find_bytes(rest.as_bytes(), b'\n', b'\n').unwrap_or(rest.len());
        at += len + 1;
        Some((start, rest.get(..len).unwrap_or_default()))
    })
}

/// The text of `range` (clamped to the document and to char boundaries).
#[must_use]
pub fn slice(rope: &Rope, range: TextRange) -> Cow<'_, str> {
    let start = floor_char_boundary(rope, range.start);
    let end = floor_char_boundary(rope, range.end).max(start);
    rope.get_byte_slice(start..end)
        .map_or(Cow::Borrowed(""), Cow::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(rope: &Rope) -> Vec<(usize, String, u32)> {
        LfLines::new(rope)
            .map(|l| (l.start, l.text.into_owned(), l.index))
            .collect()
    }

    #[test]
    fn splits_on_lf_only_and_keeps_cr() {
        let rope = Rope::from_str("a\r\nb\rc\n\nd");
        assert_eq!(
            lines(&rope),
            vec![
                (0, "a\r".to_owned(), 0),
                (3, "b\rc".to_owned(), 1),
                (7, String::new(), 2),
                (8, "d".to_owned(), 3)
            ]
        );
        assert!(lines(&Rope::from_str("")).is_empty());
        assert_eq!(lines(&Rope::from_str("x\n")), vec![(0, "x".to_owned(), 0)]);
    }

    #[test]
    fn lines_straddling_chunks_are_joined() {
        let long = "é".repeat(3000);
        let text = format!("{long}\nRUN x\n{long}");
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 2);
        let got = lines(&rope);
        assert_eq!(got.len(), 3);
        assert_eq!(got.first().map(|l| l.1.clone()), Some(long.clone()));
        assert_eq!(
            got.get(1).map(|l| (l.0, l.1.as_str())),
            Some((long.len() + 1, "RUN x"))
        );
        assert_eq!(got.get(2).map(|l| l.1.clone()), Some(long));
    }

    #[test]
    fn forward_text_reads_like_slice_in_any_order() {
        // Past FAR bytes, so that reading far ahead searches the rope.
        let long = "é𝄞ab\n".repeat(FAR / 9 + 100);
        let text = format!("FROM a\r\n{long}RUN x\r{long}");
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 2);
        let n = text.len() + 3;
        let ranges: Vec<TextRange> = (0..n)
            .step_by(13)
            .map(|i| TextRange::new(i, i + (i % 41)))
            .chain((0..n).rev().step_by(17).map(|i| TextRange::new(i, i + 5)))
            .chain(
                (0..n)
                    .step_by(7)
                    .map(|i| TextRange::new((i * 7919) % n, (i * 7919) % n + 9)),
            )
            .collect();
        let mut f = ForwardText::new(&rope);
        for r in ranges {
            assert_eq!(f.get(r), slice(&rope, r), "{r:?}");
        }
    }

    #[test]
    fn slice_floors_both_ends_to_char_boundaries() {
        let text = "aé𝄞\n".repeat(2000);
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 2);
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        for start in (0..text.len() + 4).step_by(3) {
            for len in [0, 1, 2, 5, 11, 1500] {
                let (a, b) = (floor(start), floor(start + len));
                assert_eq!(floor_char_boundary(&rope, start), a);
                let want = text.get(a..b.max(a)).unwrap_or_default();
                assert_eq!(slice(&rope, TextRange::new(start, start + len)), want);
            }
        }
    }

    #[test]
    fn line_map_counts_lone_crs_as_lsp_breaks() {
        let long = format!("{}\r\n", "x".repeat(3000));
        for text in [
            "a\nb\rc\nd\r\ne\n",
            "a\r\nb\r\n",
            "\r",
            "",
            "x\ry\rz",
            "é\r\r\n\n\r",
            long.as_str(),
            &format!("{long}q\rw\n{long}"),
        ] {
            let rope = Rope::from_str(text);
            let map = LineMap::new(&rope);
            let lone = text
                .char_indices()
                .any(|(i, c)| c == '\r' && text.get(i + 1..i + 2) != Some("\n"));
            assert_eq!(has_lone_cr(&rope), lone, "{text:?}");
            // Each LF line starts on the line of its first byte and ends on the line of its
            // last (its LF included).
            for (k, (at, line)) in lf_lines(text).enumerate() {
                assert_eq!(map.start(k), rope.byte_to_line(at), "{text:?} line {k}");
                let last = (at + line.len()).min(text.len() - 1);
                assert_eq!(map.end(k), rope.byte_to_line(last), "{text:?} line {k}");
            }
        }
    }

    #[test]
    fn lf_lines_split_at_lf_only() {
        let got: Vec<(usize, &str)> = lf_lines("a\rb\n\nc\r\n").collect();
        assert_eq!(got, [(0, "a\rb"), (4, ""), (5, "c\r")]);
        assert_eq!(lf_lines("").count(), 0);
        assert_eq!(lf_lines("x").collect::<Vec<_>>(), [(0, "x")]);
    }

    #[test]
    fn lsp_lines_break_where_the_rope_does() {
        for text in ["a\r\nb\rc\n\nd", "", "x\n", "\r\r\n\n", "é\r", "no break"] {
            let rope = Rope::from_str(text);
            let mut want: Vec<(usize, String)> = lines_from(&rope, 0)
                .map(|(_, at, l)| (at, l.to_string().trim_end_matches(['\n', '\r']).to_owned()))
                .collect();
            // The rope counts an empty line after a final break; LSP clients do too, but it
            // holds nothing to read.
            if want
                .last()
                .is_some_and(|l| l.1.is_empty() && l.0 == text.len())
            {
                want.pop();
            }
            let got: Vec<(usize, String)> =
                lsp_lines(text).map(|(at, l)| (at, l.to_owned())).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn find_line_break_finds_the_first_lf_or_cr() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789é\r\n".repeat(3);
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let rest = bytes.get(from..).unwrap_or_default();
            let want = rest.iter().position(|b| *b == b'\n' || *b == b'\r');
            assert_eq!(find_line_break(rest), want, "{from}");
        }
        assert_eq!(find_line_break(b""), None);
        assert_eq!(find_line_break(&[0x8a; 20]), None);
    }
}
