//! The only place where LSP types and analysis types meet: positions here, findings in
//! `diagnostic`, fixes and renames in `edit`, the editor features' answers in `ide`.
//!
//! LSP lines break at LF, CR and CRLF (the rope is built with ropey's `cr_lines`); columns
//! count UTF-8 bytes, UTF-16 code units or code points, as negotiated. Every conversion from
//! the client is clamped: a line past the end means the end of the text, a column past the end
//! of its line means the end of that line (before its line break), a column inside a
//! character means the start of that character.

pub mod diagnostic;
pub mod edit;
pub mod ide;

use dockerfile_analysis::{Rope, TextRange};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The negotiated unit of LSP columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Unicode code points.
    Utf32,
}

impl Encoding {
    /// The encoding to use given the client's offer: UTF-8 if offered (no conversion needed),
    /// else UTF-32, else UTF-16, which every client supports.
    #[must_use]
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// The LSP name.
    #[must_use]
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Conversions from the protocol's positions to byte offsets.
pub mod from_proto {
    use super::{Encoding, Position, Range, Rope, TextRange};

    /// The byte offset of `pos`, clamped to the text.
    #[must_use]
    pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let line_start = rope.line_to_char(line);
        let slice = rope.line(line);
        let content = slice.len_chars() - line_break_chars(&slice);
        let col = pos.character as usize;
        let chars = match enc {
            Encoding::Utf8 => slice.byte_to_char(col.min(slice.len_bytes())),
            Encoding::Utf16 => slice.utf16_cu_to_char(col.min(slice.len_utf16_cu())),
            Encoding::Utf32 => col,
        };
        rope.char_to_byte(line_start + chars.min(content))
    }

    /// The byte range of `range`, clamped and ordered.
    #[must_use]
    pub fn text_range(rope: &Rope, range: Range, enc: Encoding) -> TextRange {
        TextRange::new(offset(rope, range.start, enc), offset(rope, range.end, enc))
    }

    fn line_break_chars(slice: &dockerfile_analysis::RopeSlice<'_>) -> usize {
        let n = slice.len_chars();
        let last = if n > 0 { Some(slice.char(n - 1)) } else { None };
        let before = if n > 1 { Some(slice.char(n - 2)) } else { None };
        match (before, last) {
            (Some('\r'), Some('\n')) => 2,
            (_, Some('\n' | '\r')) => 1,
            _ => 0,
        }
    }
}

/// Conversions from byte offsets to the protocol's positions.
pub mod to_proto {
    use super::{Encoding, Position, Range, Rope, TextRange};

    /// The start of the character holding byte `offset` (at most `len_bytes`), from the one
    /// chunk that holds it.
    fn floor_char_boundary(rope: &Rope, offset: usize) -> usize {
        let (chunk, start, _, _) = rope.chunk_at_byte(offset);
        let mut i = offset - start;
        while i > 0 && !chunk.is_char_boundary(i) {
            i -= 1;
        }
        start + i
    }

    /// How far into a line the column is counted by scanning its text; past this, by the
    /// rope's indices (a long minified line must not make each conversion linear).
    const SCAN_LIMIT: usize = 256;

    /// The same for text that is checked to be ASCII (a byte is a column, and the check is
    /// fast).
    const ASCII_SCAN_LIMIT: usize = 4096;

    /// The position of byte `offset` (clamped to the text; inside a character, that
    /// character's start).
    #[must_use]
    pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
        let offset = floor_char_boundary(rope, offset.min(rope.len_bytes()));
        let line = rope.byte_to_line(offset);
        let start = rope.line_to_byte(line);
        let col = match enc {
            Encoding::Utf8 => offset - start,
            _ if offset - start <= SCAN_LIMIT => {
                let prefix = rope.byte_slice(start..offset);
                match enc {
                    Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                    _ => prefix.len_chars(),
                }
            }
            Encoding::Utf16 => {
                rope.char_to_utf16_cu(rope.byte_to_char(offset))
                    - rope.char_to_utf16_cu(rope.byte_to_char(start))
            }
            Encoding::Utf32 => rope.byte_to_char(offset) - rope.byte_to_char(start),
        };
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// Converts many offsets that mostly come in document order (tokens, outline entries,
    /// findings): it remembers the line of the last one and where in it the last column was
    /// counted, so each conversion costs the distance from the previous one, not two
    /// searches of the rope. Any order is correct; going back costs a search.
    pub struct Cursor<'a> {
        rope: &'a Rope,
        enc: Encoding,
        /// The current line, its first byte and the byte after it (its break included).
        line: usize,
        start: usize,
        end: usize,
        /// The current line's text (from `start`), when one chunk of the rope holds it all:
        /// then a column is counted on it without a search of the rope.
        text: Option<&'a str>,
        /// The chunk of the rope that holds the line's break (or its start, after a
        /// search), where it starts, and the chunks after it: the next lines are found by
        /// reading on, without a search of the rope.
        chunk: &'a str,
        chunk_start: usize,
        chunks: ropey::iter::Chunks<'a>,
        /// A byte offset in the line (a character boundary) and its column.
        at: usize,
        col: usize,
    }

    impl<'a> Cursor<'a> {
        /// A cursor at the start of `rope`.
        #[must_use]
        pub fn new(rope: &'a Rope, enc: Encoding) -> Self {
            let mut c = Cursor {
                rope,
                enc,
                line: 0,
                start: 0,
                end: 0,
                text: None,
                chunk: "",
                chunk_start: 0,
                chunks: rope.chunks(),
                at: 0,
                col: 0,
            };
            c.seek_line(0);
            c
        }

        fn seek_line(&mut self, line: usize) {
            let lines = self.rope.len_lines();
            self.line = line.min(lines.saturating_sub(1));
            self.start = self.rope.line_to_byte(self.line);
            self.end = if self.line + 1 < lines {
                self.rope.line_to_byte(self.line + 1)
            } else {
                usize::MAX
            };
            let (mut chunks, chunk_start, _, _) = self.rope.chunks_at_byte(self.start);
            let chunk = chunks.next().unwrap_or("");
            (self.chunk, self.chunk_start, self.chunks) = (chunk, chunk_start, chunks);
            let to = self.end.min(self.rope.len_bytes());
            self.text = chunk.get(self.start - chunk_start..to.saturating_sub(chunk_start));
            self.at = self.start;
            self.col = 0;
        }

        /// Moves to the line holding `offset` (after the current one) by reading the text
        /// in between, chunk after chunk; false when that would mean reading far (then a
        /// search of the rope is cheaper) or when the end of the text is near.
        fn step_to(&mut self, offset: usize) -> bool {
            const MAX_STEP: usize = 4096;
            if offset.saturating_sub(self.end) > MAX_STEP {
                return false;
            }
            while offset >= self.end {
                let next = self.end;
                let mut from = next;
                // The break that ends the line starting at `next`, from the chunks on.
                let end = loop {
                    while from >= self.chunk_start + self.chunk.len() {
                        let Some(c) = self.chunks.next() else {
                            return false;
                        };
                        self.chunk_start += self.chunk.len();
                        self.chunk = c;
                    }
                    let bytes = self.chunk.as_bytes();
                    let rest = bytes.get(from - self.chunk_start..).unwrap_or_default();
                    match dockerfile_analysis::text::find_line_break(rest) {
                        Some(brk) => match (rest.get(brk), rest.get(brk + 1)) {
                            (Some(b'\r'), Some(b'\n')) => break from + brk + 2,
                            // A CR that ends the chunk may be half of a CRLF.
                            (Some(b'\r'), None) => return false,
                            _ => break from + brk + 1,
                        },
                        None => from = self.chunk_start + bytes.len(),
                    }
                };
                self.line += 1;
                self.start = next;
                self.end = end;
                self.text = next
                    .checked_sub(self.chunk_start)
                    .and_then(|a| self.chunk.get(a..end - self.chunk_start));
            }
            self.at = self.start;
            self.col = 0;
            true
        }

        /// The positions of many byte offsets, in any order: converted in document order
        /// (one forward walk), returned in the order given.
        pub fn positions(&mut self, offsets: &[usize]) -> Vec<Position> {
            let mut order: Vec<usize> = (0..offsets.len()).collect();
            order.sort_by_key(|k| offsets.get(*k).copied().unwrap_or(0));
            let mut out = vec![Position::default(); offsets.len()];
            for k in order {
                let at = offsets.get(k).copied().unwrap_or(0);
                let p = self.position(at);
                if let Some(slot) = out.get_mut(k) {
                    *slot = p;
                }
            }
            out
        }

        /// The position of byte `offset`, as [`position`] computes it.
        pub fn position(&mut self, offset: usize) -> Position {
            let offset = offset.min(self.rope.len_bytes());
            if offset < self.start || (offset >= self.end && !self.step_to(offset)) {
                self.seek_line(self.rope.byte_to_line(offset));
            }
            // A line starts at a character boundary: flooring stays in the line.
            let offset = match self.text {
                Some(t) => {
                    let mut i = offset - self.start;
                    while i > 0 && !t.is_char_boundary(i) {
                        i -= 1;
                    }
                    self.start + i
                }
                None => floor_char_boundary(self.rope, offset),
            };
            if offset < self.at {
                self.at = self.start;
                self.col = 0;
            }
            let between = self
                .text
                .and_then(|t| t.get(self.at - self.start..offset - self.start));
            let col = match (self.enc, between) {
                (Encoding::Utf8, _) => offset - self.start,
                (_, Some(s)) if s.len() <= ASCII_SCAN_LIMIT && s.is_ascii() => self.col + s.len(),
                (_, Some(s)) if s.len() <= SCAN_LIMIT => {
                    self.col
                        + match self.enc {
                            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
                            _ => s.chars().count(),
                        }
                }
                _ if offset - self.at <= SCAN_LIMIT => {
                    let prefix = self.rope.byte_slice(self.at..offset);
                    let n: usize = match self.enc {
                        Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                        _ => prefix.len_chars(),
                    };
                    self.col + n
                }
                (Encoding::Utf16, _) => {
                    self.rope.char_to_utf16_cu(self.rope.byte_to_char(offset))
                        - self
                            .rope
                            .char_to_utf16_cu(self.rope.byte_to_char(self.start))
                }
                _ => self.rope.byte_to_char(offset) - self.rope.byte_to_char(self.start),
            };
            self.at = offset;
            self.col = col;
            Position {
                line: u32::try_from(self.line).unwrap_or(u32::MAX),
                character: u32::try_from(col).unwrap_or(u32::MAX),
            }
        }

        /// The LSP range of a byte range.
        pub fn range(&mut self, r: TextRange) -> Range {
            Range {
                start: self.position(r.start),
                end: self.position(r.end),
            }
        }
    }

    /// The LSP range of a byte range.
    #[must_use]
    pub fn range(rope: &Rope, r: TextRange, enc: Encoding) -> Range {
        Range {
            start: position(rope, r.start, enc),
            end: position(rope, r.end, enc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn the_cursor_agrees_with_position_in_any_order() {
        let long = "é".repeat(200);
        // A long line, ASCII after its first character: past both scan limits, and across
        // the rope's chunks.
        let ascii = "x".repeat(5000);
        let text = format!("FROM a\r\nRUN é𝄞x\rCMD y\n{long}𝄞{long}\nz\n\né{ascii}");
        // Many short lines over many chunks, with every kind of break (a CRLF may straddle
        // two chunks), walked forward line after line.
        let short: String = (0..700)
            .map(|k| format!("L{k} é{}", ["\n", "\r\n", "\r"][k % 3]))
            .collect();
        for text in [text, short] {
            let rope = Rope::from_str(&text);
            let n = text.len() + 2;
            // In order, in reverse, jumping about (every offset, mid-character ones too),
            // and in bulk.
            let orders: [Vec<usize>; 3] = [
                (0..n).collect(),
                (0..n).rev().collect(),
                (0..n).map(|i| (i * 7919) % n).collect(),
            ];
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for order in &orders {
                    let want: Vec<Position> = order
                        .iter()
                        .map(|o| to_proto::position(&rope, *o, enc))
                        .collect();
                    let mut c = to_proto::Cursor::new(&rope, enc);
                    for (o, w) in order.iter().zip(&want) {
                        assert_eq!(c.position(*o), *w, "{enc:?} {o}");
                    }
                    let mut c = to_proto::Cursor::new(&rope, enc);
                    assert_eq!(c.positions(order), want, "{enc:?} in bulk");
                }
            }
        }
    }

    #[test]
    fn round_trips_in_every_encoding() {
        // "é" is 2 UTF-8 bytes / 1 UTF-16 unit; "𝄞" is 4 bytes / 2 units / 1 code point.
        let rope = Rope::from_str("FROM a\r\nRUN é𝄞x\rCMD y\n");
        let x = "FROM a\r\nRUN é𝄞".len();
        for (enc, col) in [
            (Encoding::Utf8, 10),
            (Encoding::Utf16, 7),
            (Encoding::Utf32, 6),
        ] {
            assert_eq!(to_proto::position(&rope, x, enc), pos(1, col), "{enc:?}");
            assert_eq!(from_proto::offset(&rope, pos(1, col), enc), x, "{enc:?}");
        }
        // A lone CR breaks the line for LSP.
        assert_eq!(
            to_proto::position(&rope, rope.len_bytes() - 2, Encoding::Utf16),
            pos(2, 4)
        );
    }

    #[test]
    fn long_lines_convert_like_short_ones() {
        // Past the scan limit the rope's indices are used: both ways agree.
        let line = "é𝄞x".repeat(200);
        let rope = Rope::from_str(&format!("FROM a\n{line}\n"));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for off in (7..rope.len_bytes()).step_by(7) {
                let p = to_proto::position(&rope, off, enc);
                let back = from_proto::offset(&rope, p, enc);
                assert_eq!(
                    back,
                    dockerfile_analysis::text::floor_char_boundary(&rope, off),
                    "{enc:?} {off}"
                );
            }
        }
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let rope = Rope::from_str("ab\r\ncd");
        assert_eq!(from_proto::offset(&rope, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(from_proto::offset(&rope, pos(9, 0), Encoding::Utf16), 6);
        assert_eq!(from_proto::offset(&rope, pos(1, 99), Encoding::Utf8), 6);
        // Inside a surrogate pair or a multi-byte char: the start of that char.
        let rope = Rope::from_str("𝄞x");
        assert_eq!(from_proto::offset(&rope, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(from_proto::offset(&rope, pos(0, 2), Encoding::Utf8), 0);
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
