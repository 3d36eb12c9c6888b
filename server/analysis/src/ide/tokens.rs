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

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is (within one line).
    pub range: TextRange,
    /// Its type.
    pub kind: TokenType,
    /// Its modifier bits.
    pub modifiers: u32,
}

/// The tokens of the whole document.
#[must_use]
pub fn tokens(analysis: &Analysis) -> Vec<Token> {
    tokens_in(analysis, TextRange::new(0, analysis.text().len_bytes()))
}

/// The tokens that start inside `range`.
#[must_use]
pub fn tokens_in(analysis: &Analysis, range: TextRange) -> Vec<Token> {
    let mut raw: Vec<Token> = Vec::new();
    let parsed = analysis.parsed();
    let model = analysis.model();
    let push = |raw: &mut Vec<Token>, r: TextRange, kind, modifiers| {
        if !r.is_empty() {
            raw.push(Token {
                range: r,
                kind,
                modifiers,
            });
        }
    };
    for d in &parsed.directives {
        push(&mut raw, d.range, TokenType::Macro, 0);
    }
    let ins = &parsed.instructions;
    let first = ins.partition_point(|i| i.range.end < range.start);
    let last = ins.partition_point(|i| i.range.start <= range.end);
    for (index, i) in ins.iter().enumerate().take(last).skip(first) {
        instruction(&mut raw, i);
        if let Some(t) = &i.trigger {
            instruction(&mut raw, t);
        }
        if let Some(s) = model.stage_at(index).filter(|s| s.from == index) {
            if let Some(n) = s.name_range {
                push(&mut raw, n, TokenType::Class, modifiers::DECLARATION);
                if let Some(as_word) = i.args.get(1) {
                    push(&mut raw, as_word.range, TokenType::Keyword, 0);
                }
            }
            if matches!(s.base, Base::Image(_) | Base::Scratch) && !s.base_text.contains('$') {
                push(&mut raw, s.base_range, TokenType::Namespace, 0);
            }
        }
    }
    for r in &model.stage_refs {
        if r.instruction < first || r.instruction >= last {
            continue;
        }
        if r.target.stage().is_some() {
            push(&mut raw, r.range, TokenType::Class, 0);
        }
    }
    let vars = analysis.variables();
    let from_use = vars.uses.partition_point(|u| u.instruction < first);
    for u in vars
        .uses
        .iter()
        .skip(from_use)
        .take_while(|u| u.instruction < last)
    {
        let m = if crate::catalog::args::predefined(&u.name).is_some() {
            modifiers::DEFAULT_LIBRARY
        } else {
            0
        };
        push(&mut raw, u.range, TokenType::Variable, m);
    }
    let from_decl = vars.decls.partition_point(|d| d.instruction < first);
    for d in vars
        .decls
        .iter()
        .skip(from_decl)
        .take_while(|d| d.instruction < last)
    {
        push(
            &mut raw,
            d.name_range,
            TokenType::Variable,
            modifiers::DECLARATION,
        );
    }
    comments(analysis, range, &mut raw);
    // In document order; where two overlap, the more specific (shorter) one wins.
    raw.sort_by_key(|t| (t.range.start, t.range.len()));
    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    for t in raw {
        if out.last().is_some_and(|l| t.range.start < l.range.end) {
            continue;
        }
        split_lines(analysis, t, &mut out);
    }
    out.retain(|t| t.range.start >= range.start && t.range.start <= range.end);
    out
}

/// Adds a token unless it is empty.
fn push(raw: &mut Vec<Token>, range: TextRange, kind: TokenType, modifiers: u32) {
    if !range.is_empty() {
        raw.push(Token {
            range,
            kind,
            modifiers,
        });
    }
}

fn instruction(raw: &mut Vec<Token>, i: &Instruction) {
    let m = if i.kind == Keyword::Maintainer {
        modifiers::DEPRECATED
    } else {
        0
    };
    push(raw, i.keyword_range, TokenType::Keyword, m);
    for f in &i.flags {
        push(raw, f.name_range, TokenType::Property, 0);
    }
    for h in &i.heredocs {
        push(raw, h.marker_range, TokenType::String, 0);
    }
    if i.kind == Keyword::Expose {
        for w in &i.args {
            let digits = w.text.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && !w.text.contains('$') {
                push(
                    raw,
                    TextRange::new(w.range.start, w.range.start + digits),
                    TokenType::Number,
                    0,
                );
            }
        }
    }
    if i.kind == Keyword::Healthcheck
        && let Some(w) = i.args.first()
    {
        push(raw, w.range, TokenType::Keyword, 0);
    }
}

/// Comment lines outside instructions and inside continued ones (BuildKit drops both),
/// among the lines of `range`.
fn comments(analysis: &Analysis, range: TextRange, raw: &mut Vec<Token>) {
    let rope = analysis.text();
    let directives = analysis.parsed().directives.len();
    let (a, b) = (
        rope.byte_to_line(range.start.min(rope.len_bytes())),
        rope.byte_to_line(range.end.min(rope.len_bytes())),
    );
    for (n, start, line) in crate::text::lines_from(rope, a.max(directives)) {
        if n > b {
            break;
        }
        let lead = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
        if line.get_char(lead) != Some('#') {
            continue;
        }
        // A `#` line inside a here-document body is the script's or the file's, not ours.
        let at = start + lead;
        let in_heredoc = analysis
            .instruction_at(at)
            .and_then(|i| analysis.parsed().instructions.get(i))
            .is_some_and(|i| {
                i.heredocs
                    .iter()
                    .chain(i.trigger.iter().flat_map(|t| t.heredocs.iter()))
                    .any(|h| h.body_range.touches(at) && !h.body_range.is_empty())
            });
        if in_heredoc {
            continue;
        }
        let text = line.to_string();
        let body = text.trim_end_matches(['\n', '\r']);
        raw.push(Token {
            range: TextRange::new(at, start + body.len()),
            kind: TokenType::Comment,
            modifiers: 0,
        });
    }
}

/// A token cut at line breaks (a flag or word continued over lines).
fn split_lines(analysis: &Analysis, t: Token, out: &mut Vec<Token>) {
    let rope = analysis.text();
    let end = t.range.end.min(rope.len_bytes());
    // Nearly every token is on one line: a look at its bytes says so.
    let one_line = rope
        .get_byte_slice(t.range.start.min(end)..end)
        .is_some_and(|s| !s.bytes().any(|b| b == b'\n' || b == b'\r'));
    if one_line {
        out.push(t);
        return;
    }
    let first = rope.byte_to_line(t.range.start.min(end));
    let last = rope.byte_to_line(end);
    if first == last {
        out.push(t);
        return;
    }
    for n in first..=last {
        let ls = rope.line_to_byte(n).max(t.range.start);
        let le = crate::text::line_range(rope, rope.line_to_byte(n)).end;
        let text = crate::text::slice(rope, TextRange::new(ls, le.min(end)));
        let trimmed = text.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            out.push(Token {
                range: TextRange::new(ls, ls + trimmed.len()),
                ..t
            });
        }
    }
}
