//! "What is at this offset": the one lookup that hover, go to definition, references,
//! highlight and rename share. It names the most specific thing under the cursor — a
//! variable inside a flag value wins over the flag, a stage reference over the `--from` flag.

use crate::Analysis;
use crate::model::{Base, RefTarget};
use crate::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// An instruction, or the trigger of an ONBUILD instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsRef {
    /// The index in [`crate::Parsed::instructions`].
    pub index: usize,
    /// Whether it is the ONBUILD trigger of that instruction.
    pub trigger: bool,
}

impl InsRef {
    /// The instruction itself.
    #[must_use]
    pub fn get(self, analysis: &Analysis) -> Option<&Instruction> {
        let ins = analysis.parsed().instructions.get(self.index)?;
        if self.trigger {
            ins.trigger.as_deref()
        } else {
            Some(ins)
        }
    }
}

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Symbol {
    /// A parser directive (`# syntax=…`), by index in [`crate::Parsed::directives`].
    Directive(usize),
    /// An instruction keyword.
    Keyword(InsRef),
    /// A flag's name (`--from`).
    FlagName {
        /// The instruction.
        ins: InsRef,
        /// The index in its flags.
        flag: usize,
    },
    /// A flag's value (`--network=none`).
    FlagValue {
        /// The instruction.
        ins: InsRef,
        /// The index in its flags.
        flag: usize,
    },
    /// One `key=value` option of a `RUN --mount` flag.
    MountOption {
        /// The instruction.
        ins: InsRef,
        /// The index of the `--mount` flag among all flags.
        flag: usize,
        /// The option's index in the mount.
        option: usize,
        /// Whether the cursor is on the value rather than the key.
        on_value: bool,
    },
    /// The name a stage is declared with (`AS build`).
    StageName(usize),
    /// A stage reference, by index in [`crate::Model::stage_refs`].
    StageRef(usize),
    /// The image a FROM names (not a stage), by stage index.
    Image(usize),
    /// A variable use, by index in [`crate::Variables::uses`].
    VarUse(usize),
    /// An ARG/ENV declaration's name, by index in [`crate::Variables::decls`].
    VarDecl(usize),
    /// A here-document's marker (`<<EOF`) or its terminator line.
    Heredoc {
        /// The instruction.
        ins: InsRef,
        /// The index in its heredocs.
        heredoc: usize,
    },
    /// The signal of a STOPSIGNAL.
    Signal(InsRef),
}

/// A symbol and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolAt {
    /// What it is.
    pub symbol: Symbol,
    /// Where it is.
    pub range: TextRange,
}

fn at(symbol: Symbol, range: TextRange) -> Option<SymbolAt> {
    Some(SymbolAt { symbol, range })
}

/// The most specific symbol at `offset` (a cursor right after a word is still on it).
#[must_use]
pub fn symbol_at(analysis: &Analysis, offset: usize) -> Option<SymbolAt> {
    let parsed = analysis.parsed();
    if let Some((i, d)) = parsed
        .directives
        .iter()
        .enumerate()
        .find(|(_, d)| d.range.touches(offset))
    {
        return at(Symbol::Directive(i), d.range);
    }
    let index = analysis.instruction_at(offset)?;
    let outer = parsed.instructions.get(index)?;
    if let Some(found) = variable_at(analysis, index, offset) {
        return Some(found);
    }
    let model = analysis.model();
    if let Some((k, r)) = model
        .stage_refs
        .iter()
        .enumerate()
        .find(|(_, r)| r.instruction == index && r.range.touches(offset))
    {
        // A FROM that names an image is about the image, not a stage.
        let image = r.kind == crate::model::RefKind::From
            && matches!(r.target, RefTarget::Image | RefTarget::Dynamic);
        if !image {
            return at(Symbol::StageRef(k), r.range);
        }
    }
    if let Some(stage) = model.stage_at(index)
        && stage.from == index
    {
        if let Some(r) = stage.name_range.filter(|r| r.touches(offset)) {
            return at(Symbol::StageName(stage.index), r);
        }
        if stage.base_range.touches(offset) && !matches!(stage.base, Base::Stage(_)) {
            return at(Symbol::Image(stage.index), stage.base_range);
        }
    }
    let (ins, this) = match outer.trigger.as_deref() {
        Some(t) if t.range.touches(offset) && !outer.keyword_range.touches(offset) => (
            InsRef {
                index,
                trigger: true,
            },
            t,
        ),
        _ => (
            InsRef {
                index,
                trigger: false,
            },
            outer,
        ),
    };
    in_instruction(analysis, ins, this, offset)
}

/// A variable declaration or use in instruction `index` at `offset`.
fn variable_at(analysis: &Analysis, index: usize, offset: usize) -> Option<SymbolAt> {
    let vars = analysis.variables();
    let first = vars.uses.partition_point(|u| u.instruction < index);
    for (k, u) in vars.uses.iter().enumerate().skip(first) {
        if u.instruction != index {
            break;
        }
        if u.range.touches(offset) {
            return at(Symbol::VarUse(k), u.range);
        }
    }
    let first = vars.decls.partition_point(|d| d.instruction < index);
    for (k, d) in vars.decls.iter().enumerate().skip(first) {
        if d.instruction != index {
            break;
        }
        if d.name_range.touches(offset) {
            return at(Symbol::VarDecl(k), d.name_range);
        }
    }
    None
}

fn in_instruction(
    analysis: &Analysis,
    ins: InsRef,
    this: &Instruction,
    offset: usize,
) -> Option<SymbolAt> {
    if this.keyword_range.touches(offset) {
        return at(Symbol::Keyword(ins), this.keyword_range);
    }
    for (fi, f) in this.flags.iter().enumerate() {
        if f.name_range.touches(offset) {
            return at(Symbol::FlagName { ins, flag: fi }, f.name_range);
        }
        let Some(vr) = f.value_range.filter(|r| r.touches(offset)) else {
            continue;
        };
        if f.name == "mount"
            && let Some(m) = this.mounts().into_iter().find(|m| m.flag == fi)
            && let Some((oi, o)) = m
                .options
                .iter()
                .enumerate()
                .find(|(_, o)| o.range.touches(offset))
        {
            let on_value = o.value_range.is_some_and(|r| r.touches(offset));
            let range = if on_value {
                o.value_range.unwrap_or(o.range)
            } else {
                TextRange::new(
                    o.range.start,
                    (o.range.start + o.key.len()).min(o.range.end),
                )
            };
            return at(
                Symbol::MountOption {
                    ins,
                    flag: fi,
                    option: oi,
                    on_value,
                },
                range,
            );
        }
        return at(Symbol::FlagValue { ins, flag: fi }, vr);
    }
    for (hi, h) in this.heredocs.iter().enumerate() {
        if h.marker_range.touches(offset) {
            return at(Symbol::Heredoc { ins, heredoc: hi }, h.marker_range);
        }
        if let Some(t) = heredoc_terminator(analysis, h).filter(|t| t.touches(offset)) {
            return at(Symbol::Heredoc { ins, heredoc: hi }, t);
        }
    }
    if this.kind == Keyword::StopSignal
        && let Some(w) = this.args.first().filter(|w| w.range.touches(offset))
    {
        return at(Symbol::Signal(ins), w.range);
    }
    None
}

/// The terminator line of a here-document (its text without the line break), if it has one.
#[must_use]
pub fn heredoc_terminator(analysis: &Analysis, h: &crate::syntax::Heredoc) -> Option<TextRange> {
    if !h.terminated {
        return None;
    }
    let rope = analysis.text();
    // The body ends at the end of its last line (before the line break); an empty body is
    // an empty range at the start of the terminator line.
    let mut line = crate::text::line_range(rope, h.body_range.end);
    if !h.body_range.is_empty() {
        line = crate::text::line_range(rope, line.end);
    }
    let text = crate::text::slice(rope, line);
    let trimmed = text.trim_end_matches(['\r', '\n']);
    Some(TextRange::new(line.start, line.start + trimmed.len()))
}
