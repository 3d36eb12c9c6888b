//! The document's structure for editors: the outline (stages → instructions → the keys an
//! ARG, ENV, LABEL or EXPOSE declares; global ARGs first), folding ranges (stages, continued
//! instructions with their here-documents, comment blocks) and selection ranges (word →
//! flag or argument → instruction → stage → file).

use crate::Analysis;
use crate::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// A build stage.
    Stage,
    /// An instruction.
    Instruction,
    /// An ARG or ENV name.
    Variable,
    /// A LABEL key.
    Label,
    /// An EXPOSE port.
    Port,
}

/// One outline entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineSymbol {
    /// What the outline shows.
    pub name: String,
    /// Shown beside the name (a stage's base image, a variable's value).
    pub detail: Option<String>,
    /// What it is.
    pub kind: SymbolKind,
    /// Everything it covers.
    pub range: TextRange,
    /// What to select when it is chosen.
    pub selection: TextRange,
    /// The entries nested in it (a stage's instructions).
    pub children: Vec<OutlineSymbol>,
    /// MAINTAINER and the like.
    pub deprecated: bool,
}

/// The longest instruction name the outline shows before cutting it with `…`.
const NAME_CHARS: usize = 60;

fn instruction_name(ins: &Instruction) -> String {
    let keyword = if ins.kind == Keyword::Unknown {
        ins.keyword.clone()
    } else {
        ins.kind.as_str().to_owned()
    };
    let mut words = vec![keyword];
    words.extend(ins.flags.iter().map(|f| f.text.clone()));
    if matches!(ins.kind, Keyword::Env | Keyword::Label) {
        words.extend(ins.args.chunks(2).map(|p| {
            let text: Vec<&str> = p.iter().map(|w| w.text.as_str()).collect();
            text.join("=")
        }));
    } else {
        words.extend(ins.args.iter().map(|w| w.text.replace(['\n', '\r'], " ")));
    }
    // One line: continuations and runs of spaces become one space.
    let full = words
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if full.chars().count() <= NAME_CHARS {
        return full;
    }
    let cut: String = full.chars().take(NAME_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn children(ins: &Instruction) -> Vec<OutlineSymbol> {
    let leaf = |name: String, detail: Option<String>, kind, range| OutlineSymbol {
        name,
        detail,
        kind,
        range,
        selection: range,
        children: Vec::new(),
        deprecated: false,
    };
    match ins.kind {
        Keyword::Arg => ins
            .args
            .iter()
            .map(|w| match w.text.split_once('=') {
                Some((n, v)) => leaf(
                    n.to_owned(),
                    Some(v.to_owned()),
                    SymbolKind::Variable,
                    w.range,
                ),
                None => leaf(w.text.clone(), None, SymbolKind::Variable, w.range),
            })
            .collect(),
        Keyword::Env | Keyword::Label => ins
            .args
            .chunks(2)
            .filter_map(|pair| {
                let k = pair.first()?;
                let v = pair.get(1);
                let kind = if ins.kind == Keyword::Env {
                    SymbolKind::Variable
                } else {
                    SymbolKind::Label
                };
                let range = v.map_or(k.range, |v| k.range.cover(v.range));
                Some(OutlineSymbol {
                    selection: k.range,
                    ..leaf(k.text.clone(), v.map(|v| v.text.clone()), kind, range)
                })
            })
            .collect(),
        Keyword::Expose => ins
            .args
            .iter()
            .map(|w| leaf(w.text.clone(), None, SymbolKind::Port, w.range))
            .collect(),
        _ => Vec::new(),
    }
}

fn instruction_symbol(ins: &Instruction) -> OutlineSymbol {
    OutlineSymbol {
        name: instruction_name(ins),
        detail: None,
        kind: SymbolKind::Instruction,
        range: ins.range,
        selection: ins.keyword_range,
        children: children(ins),
        deprecated: ins.kind == Keyword::Maintainer,
    }
}

/// Past this many instructions the outline holds the stages (and what comes before the
/// first) without their instructions: an entry per instruction of a generated 10,000-line
/// file is 3 MB of JSON, which editors request again after every edit, and an outline that
/// long is no overview. Breadcrumbs still show the stage.
pub const DETAILED_OUTLINE_LIMIT: usize = 2_000;

/// The outline: instructions before the first stage (global ARGs), then one entry per stage
/// named after it (or `stage N`) with its base image as detail, holding its instructions
/// (up to [`DETAILED_OUTLINE_LIMIT`] instructions in the document).
#[must_use]
pub fn document_symbols(analysis: &Analysis) -> Vec<OutlineSymbol> {
    let ins = &analysis.parsed().instructions;
    let model = analysis.model();
    let detailed = ins.len() <= DETAILED_OUTLINE_LIMIT;
    let first = model.stages.first().map_or(ins.len(), |s| s.from);
    let mut out: Vec<OutlineSymbol> = ins
        .get(..first)
        .unwrap_or_default()
        .iter()
        .map(instruction_symbol)
        .collect();
    for s in &model.stages {
        let Some(from) = ins.get(s.from) else {
            continue;
        };
        let body = ins.get(s.from + 1..s.end).unwrap_or_default();
        out.push(OutlineSymbol {
            name: s
                .name
                .clone()
                .unwrap_or_else(|| format!("stage {}", s.index)),
            detail: Some(format!("FROM {}", s.base_text)),
            kind: SymbolKind::Stage,
            range: s.range,
            selection: s.name_range.unwrap_or(from.keyword_range),
            children: if detailed {
                body.iter().map(instruction_symbol).collect()
            } else {
                Vec::new()
            },
            deprecated: false,
        });
    }
    name_the_unnamed(&mut out);
    out
}

/// LSP forbids empty symbol names (VS Code rejects the whole outline over one): a symbol
/// whose text is empty or blank (a lone `\` line, `ARG =x`) gets a placeholder.
fn name_the_unnamed(symbols: &mut [OutlineSymbol]) {
    for s in symbols {
        if s.name.trim().is_empty() {
            s.name = "(unnamed)".to_owned();
        }
        name_the_unnamed(&mut s.children);
    }
}

/// What a folding range folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// A stage, or a continued instruction: code. (LSP's `region` kind is for blocks
    /// between `#region` markers, which an editor's "fold all regions" folds; a stage is
    /// not one, so the LSP layer sends these without a kind.)
    Block,
    /// Consecutive comment lines.
    Comment,
}

/// A range of lines (zero-based, both included, counted as LSP counts them) that can be
/// folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// The first line (stays visible).
    pub start_line: usize,
    /// The last line folded away.
    pub end_line: usize,
    /// What it is.
    pub kind: FoldKind,
}

/// Folding ranges, ordered by their first line: every stage, every instruction over several
/// lines (a here-document included), and every block of two or more comment lines between
/// instructions. Linear in the file. Lines are BuildKit's (a comment line is one as BuildKit
/// reads it) placed on LSP's lines, which differ only where a lone CR breaks a line.
#[must_use]
pub fn folding_ranges(analysis: &Analysis) -> Vec<Fold> {
    let rope = analysis.text();
    let map = crate::text::LineMap::new(rope);
    let ins = &analysis.parsed().instructions;
    let lines = |i: &Instruction| (i.start_line as usize, i.end_line as usize);
    let mut out = Vec::new();
    // LF lines `a` to `b` (both included), when they are more than one LSP line.
    let mut push = |a: usize, b: usize, kind: FoldKind| {
        let (start_line, end_line) = (map.start(a), map.end(b));
        if end_line > start_line {
            out.push(Fold {
                start_line,
                end_line,
                kind,
            });
        }
    };
    for s in &analysis.model().stages {
        let a = ins.get(s.from).map(|i| lines(i).0);
        let b = ins.get(s.end.saturating_sub(1)).map(|i| lines(i).1);
        if let (Some(a), Some(b)) = (a, b) {
            push(a, b, FoldKind::Block);
        }
    }
    for i in ins {
        let (a, b) = lines(i);
        push(a, b, FoldKind::Block);
    }
    // Comment blocks: lines whose first non-space is `#` between instructions (only those
    // lines are read); a block of one line is folded only if a lone CR makes it several.
    let parsed = analysis.parsed();
    let mut text = crate::text::ForwardText::new(rope);
    for k in 0..=ins.len() {
        let (gap, first_line) = parsed.gap(k);
        if gap.is_empty() {
            continue;
        }
        let mut block: Option<(usize, usize)> = None;
        for (n, (_, line)) in crate::text::lf_lines(&text.get(gap)).enumerate() {
            let n = first_line + n;
            // BuildKit drops a byte-order mark from the first line.
            let line = if n == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let comment = line
                .trim_start_matches(crate::syntax::words::is_space)
                .starts_with('#');
            match (comment, block) {
                (true, Some((a, _))) => block = Some((a, n)),
                (true, None) => block = Some((n, n)),
                (false, Some((a, b))) => {
                    push(a, b, FoldKind::Comment);
                    block = None;
                }
                (false, None) => {}
            }
        }
        if let Some((a, b)) = block {
            push(a, b, FoldKind::Comment);
        }
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out
}

/// The ranges to grow a selection through from `offset`, innermost first: the word, the flag
/// or argument, the instruction, the stage, the whole file. Each strictly holds the one
/// before it.
#[must_use]
pub fn selection_ranges(analysis: &Analysis, offset: usize) -> Vec<TextRange> {
    let rope = analysis.text();
    let mut out: Vec<TextRange> = Vec::new();
    let mut push = |r: TextRange| {
        let grows = out
            .last()
            .is_none_or(|l| r.start <= l.start && l.end <= r.end && r != *l);
        if grows && !r.is_empty() {
            out.push(r);
        }
    };
    if let Some(s) = super::symbol_at::symbol_at(analysis, offset) {
        push(s.range);
    }
    if let Some(i) = analysis
        .instruction_at(offset)
        .and_then(|i| analysis.parsed().instructions.get(i))
    {
        let this = match i.trigger.as_deref() {
            Some(t) if t.range.touches(offset) => t,
            _ => i,
        };
        for f in &this.flags {
            if f.range.touches(offset) {
                if let Some(v) = f.value_range.filter(|r| r.touches(offset)) {
                    push(v);
                }
                push(f.range);
            }
        }
        for w in &this.args {
            if w.range.touches(offset) {
                push(w.range);
            }
        }
        if let Some(a) = this.args_range.filter(|r| r.touches(offset)) {
            push(a);
        }
        push(this.range);
        push(i.range);
        if let Some(s) = analysis
            .model()
            .stage_at(analysis.instruction_at(offset).unwrap_or(usize::MAX))
        {
            push(s.range);
        }
    }
    push(TextRange::new(0, rope.len_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use crate::{Analysis, BuildConfig};

    /// Issue #25, item 8: no symbol has an empty name.
    #[test]
    fn every_symbol_has_a_name() {
        fn names(s: &[super::OutlineSymbol], out: &mut Vec<String>) {
            for x in s {
                out.push(x.name.clone());
                names(&x.children, out);
            }
        }
        for text in ["FROM alpine:3\n\\\n", "FROM a\nARG =x\nENV =y\n"] {
            let a = Analysis::from_text(text, &BuildConfig::default());
            let mut all = Vec::new();
            names(&super::document_symbols(&a), &mut all);
            assert!(
                all.iter().all(|n| !n.trim().is_empty()),
                "{text:?}: {all:?}"
            );
            assert!(all.iter().any(|n| n == "(unnamed)"), "{text:?}: {all:?}");
        }
    }

    #[test]
    fn a_huge_document_gets_an_outline_of_stages() {
        let stage = "FROM alpine:3.22 AS s\nRUN true\nCOPY a b\nENV A=1\n";
        let stages = super::DETAILED_OUTLINE_LIMIT / 4 + 1;
        let text = format!("ARG V=1\n{}", stage.repeat(stages));
        let a = Analysis::from_text(&text, &BuildConfig::default());
        let outline = super::document_symbols(&a);
        // The global ARG, then one childless entry per stage.
        assert_eq!(outline.len(), stages + 1);
        assert!(outline.iter().skip(1).all(|s| s.children.is_empty()));
        let small = Analysis::from_text(&text[..8 + stage.len()], &BuildConfig::default());
        let detailed = super::document_symbols(&small);
        assert_eq!(detailed.last().map(|s| s.children.len()), Some(3));
    }
}
