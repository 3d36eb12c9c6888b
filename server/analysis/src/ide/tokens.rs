//! Semantic tokens, read from the same instructions and model as the diagnostics, so that
//! highlighting agrees with BuildKit's parse (here-documents and the escape directive
//! included). Tokens never overlap, never span lines, and come in document order; computing
//! those of a range looks only at the instructions and lines in it.

use crate::Analysis;
use crate::model::Base;
use crate::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// Token types, in the order of the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// An instruction keyword, `AS`.
    Keyword,
    /// A `--flag` name, a `--mount` key.
    Property,
    /// A stage name, where declared or referenced.
    Class,
    /// A base image.
    Namespace,
    /// An ARG/ENV name or `$NAME`.
    Variable,
    /// A comment.
    Comment,
    /// A parser directive.
    Macro,
    /// A port number.
    Number,
    /// A here-document marker or terminator.
    String,
}

impl TokenType {
    /// Every type, in legend order.
    pub const ALL: [TokenType; 9] = [
        TokenType::Keyword,
        TokenType::Property,
        TokenType::Class,
        TokenType::Namespace,
        TokenType::Variable,
        TokenType::Comment,
        TokenType::Macro,
        TokenType::Number,
        TokenType::String,
    ];
}

/// Token modifiers, as bits.
pub mod modifiers {
    /// Where a stage or variable is declared.
    pub const DECLARATION: u32 = 1;
    /// MAINTAINER.
    pub const DEPRECATED: u32 = 1 << 1;
    /// A predefined build argument.
    pub const DEFAULT_LIBRARY: u32 = 1 << 2;
    /// The names, in bit order (the legend).
    pub const NAMES: [&str; 3] = ["declaration", "deprecated", "defaultLibrary"];
}

/// One semantic token: a range of one line and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is (within one line).
    pub range: TextRange,
    /// What the range is (a keyword, a flag, a variable, …).
    pub kind: TokenType,
    /// Its modifier bits.
    pub modifiers: u32,
}

/// The tokens of the whole document. A large one is cut at instructions into a few parts
/// whose tokens are found on every core (each part's range holds the tokens that start in
/// it, so the parts join without a seam).
#[must_use]
pub fn tokens(analysis: &Analysis) -> Vec<Token> {
    let len = analysis.text().len_bytes();
    let ins = &analysis.parsed().instructions;
    if ins.len() < PARALLEL_TOKENS {
        return tokens_in(analysis, TextRange::new(0, len));
    }
    const PARTS: usize = 8;
    let mut cuts: Vec<usize> = (1..PARTS)
        .filter_map(|j| ins.get(ins.len() * j / PARTS))
        .map(|i| i.keyword_range.start)
        .filter(|c| *c > 0)
        .collect();
    cuts.dedup();
    // Ranges hold both ends: each part ends just before the next one's cut.
    let parts: Vec<TextRange> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().map(|c| c - 1).chain(std::iter::once(len)))
        .map(|(a, b)| TextRange::new(a, b))
        .collect();
    // Built once here rather than raced for by the workers.
    let _ = analysis.variables();
    crate::concurrent::parallel_map(&parts, |r| tokens_in(analysis, *r))
        .into_iter()
        .flatten()
        .collect()
}

/// From this many instructions on, [`tokens`] uses every core.
const PARALLEL_TOKENS: usize = 2_000;

/// The tokens that start inside `range`.
///
/// One walk over the instructions in `range` and the gaps between them: each instruction's
/// tokens (its own, its stage's, the stage references and variables in it, the comment lines
/// inside it) are gathered and put in order on their own, so the whole costs what the range
/// holds, with no sort of the document's tokens.
#[must_use]
pub fn tokens_in(analysis: &Analysis, range: TextRange) -> Vec<Token> {
    let parsed = analysis.parsed();
    let model = analysis.model();
    let vars = analysis.variables();
    let ins = &parsed.instructions;
    let rope = analysis.text();
    let first = ins.partition_point(|i| i.range.end < range.start);
    let last = ins.partition_point(|i| i.range.start <= range.end);
    // The lines of `range`, whole; the parser directives at the top are macros, not comments.
    let lines = Lines {
        from: crate::text::line_range(rope, range.start)
            .start
            .max(parsed.directives.last().map_or(0, |d| d.range.end)),
        to: crate::text::line_range(rope, range.end).end,
    };
    let mut w = Walk {
        text: crate::text::ForwardText::new(rope),
        bucket: Vec::new(),
        out: Vec::new(),
    };
    // The model lists the FROM references first, then the others; each part is in
    // instruction order.
    let froms = model
        .stage_refs
        .partition_point(|r| r.kind == crate::model::RefKind::From);
    let (from_refs, other_refs) = model.stage_refs.split_at(froms.min(model.stage_refs.len()));
    let (mut from_refs, mut other_refs) = (
        refs_from(from_refs, first).iter().peekable(),
        refs_from(other_refs, first).iter().peekable(),
    );
    let mut uses = vars
        .uses
        .iter()
        .skip(vars.uses.partition_point(|u| u.instruction < first))
        .peekable();
    let mut decls = vars
        .decls
        .iter()
        .skip(vars.decls.partition_point(|d| d.instruction < first))
        .peekable();
    for k in first..=last {
        if k == 0 {
            for d in &parsed.directives {
                w.push(d.range, TokenType::Macro, 0);
            }
        }
        // Gap lines outside `range` need no reading.
        let gap = parsed.gap(k).0;
        let (mut from, to) = (gap.start.max(lines.from), gap.end.min(lines.to));
        // A range that starts after a lone CR starts inside one of BuildKit's lines: the
        // line is read from its start, which decides whether it is a comment.
        if from > gap.start && from < to && rope.get_byte(from - 1) == Some(b'\r') {
            let before = crate::text::slice(rope, TextRange::new(gap.start, from));
            from = gap.start + before.rfind('\n').map_or(0, |i| i + 1);
        }
        if from < to {
            w.comments(TextRange::new(from, to), 0, &[], lines);
        }
        // A directive's value may hold a lone CR, which breaks the line for LSP.
        w.flush(k == 0);
        let Some(i) = ins.get(k).filter(|_| k < last) else {
            continue;
        };
        instruction(&mut w, i);
        if let Some(t) = &i.trigger {
            instruction(&mut w, t);
        }
        if let Some(s) = model.stage_at(k).filter(|s| s.from == k) {
            if let Some(n) = s.name_range {
                w.push(n, TokenType::Class, modifiers::DECLARATION);
                if let Some(as_word) = i.args.get(1) {
                    w.push(as_word.range, TokenType::Keyword, 0);
                }
            }
            if matches!(s.base, Base::Image(_) | Base::Scratch) && !s.base_text.contains('$') {
                w.push(s.base_range, TokenType::Namespace, 0);
            }
        }
        for refs in [&mut from_refs, &mut other_refs] {
            while let Some(r) = refs.next_if(|r| r.instruction <= k) {
                if r.instruction == k && r.target.stage().is_some() {
                    w.push(r.range, TokenType::Class, 0);
                }
            }
        }
        while let Some(u) = uses.next_if(|u| u.instruction <= k) {
            let m = if crate::catalog::args::predefined(&u.name).is_some() {
                modifiers::DEFAULT_LIBRARY
            } else {
                0
            };
            w.push(u.range, TokenType::Variable, m);
        }
        while let Some(d) = decls.next_if(|d| d.instruction <= k) {
            w.push(d.name_range, TokenType::Variable, modifiers::DECLARATION);
        }
        // A token can cross a line break only in an instruction continued over lines (a
        // word is never cut by a lone CR: BuildKit splits words at it); comment lines can
        // be inside one too.
        let continued = i.start_line != i.end_line;
        if continued {
            let heredocs: Vec<&crate::syntax::Heredoc> = i
                .heredocs
                .iter()
                .chain(i.trigger.iter().flat_map(|t| t.heredocs.iter()))
                .collect();
            let within = TextRange::new(i.keyword_range.start, i.range.end);
            w.comments(within, 1, &heredocs, lines);
        }
        w.flush(continued);
    }
    let mut out = w.out;
    out.retain(|t| t.range.start >= range.start && t.range.start <= range.end);
    out
}

/// The references of `refs` (in instruction order) from instruction `first` on.
fn refs_from(refs: &[crate::model::StageRef], first: usize) -> &[crate::model::StageRef] {
    refs.get(refs.partition_point(|r| r.instruction < first)..)
        .unwrap_or_default()
}

/// The byte bounds of the whole lines a range request covers.
#[derive(Clone, Copy)]
struct Lines {
    from: usize,
    to: usize,
}

/// The tokens found so far, and those of the instruction (or gap) at hand.
struct Walk<'a> {
    text: crate::text::ForwardText<'a>,
    bucket: Vec<Token>,
    out: Vec<Token>,
}

impl Walk<'_> {
    /// Adds a token of the instruction at hand, unless it is empty.
    fn push(&mut self, range: TextRange, kind: TokenType, modifiers: u32) {
        if !range.is_empty() {
            self.bucket.push(Token {
                range,
                kind,
                modifiers,
            });
        }
    }

    /// Puts the tokens at hand in order after those found so far: where two overlap, the
    /// more specific (shorter) one wins. `check`: they may cross line breaks, and are cut
    /// there.
    fn flush(&mut self, check: bool) {
        self.bucket.sort_by_key(|t| (t.range.start, t.range.len()));
        for t in self.bucket.drain(..) {
            if self.out.last().is_some_and(|l| t.range.start < l.range.end) {
                continue;
            }
            if !check {
                self.out.push(t);
                continue;
            }
            let piece = self.text.get(t.range);
            if !piece.bytes().any(|b| b == b'\n' || b == b'\r') {
                self.out.push(t);
                continue;
            }
            for (offset, line) in crate::text::lsp_lines(&piece) {
                let start = t.range.start + offset;
                if !line.trim().is_empty() {
                    self.out.push(Token {
                        range: TextRange::new(start, start + line.len()),
                        ..t
                    });
                }
            }
        }
    }

    /// Comment lines in `region` (after its first `skip` lines and on `lines`), outside
    /// `heredocs`' bodies (a `#` line there is the script's or the file's, not ours).
    /// `region` starts a line as BuildKit counts them (at an LF), and whether a line is a
    /// comment is decided as BuildKit does; a comment line that a lone CR breaks is one
    /// token per LSP line.
    fn comments(
        &mut self,
        region: TextRange,
        skip: usize,
        heredocs: &[&crate::syntax::Heredoc],
        lines: Lines,
    ) {
        if region.end <= lines.from || region.start >= lines.to {
            return;
        }
        let body = self.text.get(region);
        for (at, line) in crate::text::lf_lines(&body).skip(skip) {
            let mut at = region.start + at;
            let mut line = line;
            // BuildKit drops a byte-order mark from the first line.
            if at == 0
                && let Some(rest) = line.strip_prefix('\u{feff}')
            {
                (at, line) = (at + '\u{feff}'.len_utf8(), rest);
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            let code = line.trim_start_matches(crate::syntax::words::is_space);
            if !code.starts_with('#') {
                continue;
            }
            let start = at + (line.len() - code.len());
            if heredocs
                .iter()
                .any(|h| h.body_range.touches(start) && !h.body_range.is_empty())
            {
                continue;
            }
            for (offset, piece) in crate::text::lsp_lines(code) {
                let piece_start = start + offset;
                if piece.is_empty() || piece_start < lines.from || piece_start >= lines.to {
                    continue;
                }
                self.bucket.push(Token {
                    range: TextRange::new(piece_start, piece_start + piece.len()),
                    kind: TokenType::Comment,
                    modifiers: 0,
                });
            }
        }
    }
}

fn instruction(w: &mut Walk<'_>, i: &Instruction) {
    let m = if i.kind == Keyword::Maintainer {
        modifiers::DEPRECATED
    } else {
        0
    };
    w.push(i.keyword_range, TokenType::Keyword, m);
    for f in &i.flags {
        w.push(f.name_range, TokenType::Property, 0);
    }
    for h in &i.heredocs {
        w.push(h.marker_range, TokenType::String, 0);
    }
    if i.kind == Keyword::Expose {
        for w_ in &i.args {
            let digits = w_.text.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && !w_.text.contains('$') {
                w.push(
                    TextRange::new(w_.range.start, w_.range.start + digits),
                    TokenType::Number,
                    0,
                );
            }
        }
    }
    if i.kind == Keyword::Healthcheck
        && let Some(a) = i.args.first()
    {
        w.push(a.range, TokenType::Keyword, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;

    #[test]
    fn a_large_document_gets_the_same_tokens_on_every_core() {
        let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=alpine\n");
        for k in 0..800 {
            text.push_str(&format!(
                "# stage {k}\nFROM ${{BASE}} AS s{k}\nRUN --mount=type=cache,target=/c \\\n  # inside\n  echo $HOME \\\n  done\nCOPY --from=s{k} /a /b\n\n"
            ));
        }
        let a = Analysis::from_text(&text, &BuildConfig::default());
        assert!(a.parsed().instructions.len() >= PARALLEL_TOKENS);
        let whole = tokens_in(&a, TextRange::new(0, text.len()));
        assert!(whole.len() > 8_000);
        assert_eq!(tokens(&a), whole);
    }
}
