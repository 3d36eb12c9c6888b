//! An open document: its text in a rope, its logical instructions (rescanned per edit, see
//! [`Document::parsed`]) and, once something asked for one, its tree-sitter tree. Edits are
//! applied one by one, in order (each against the text the previous one left); a tree, when
//! there is one, is told about each of them with `Tree::edit`, so it always matches the
//! text. The reparse (with the old tree, reusing everything the edits did not touch) happens
//! once per batch, either right away ([`Document::reparse`]) or off the latency-critical path:
//! [`Document::pending_reparse`] hands out what a background parse needs and
//! [`Document::install_tree`] takes the result back if no edit came in the meantime.

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::Analysis;
use crate::model::BuildConfig;
use std::sync::Arc;

use crate::syntax::scan::{self, Dirty, Parsed};
use crate::syntax::tree;
use crate::text::{TextEdit, TextRange, floor_char_boundary};

/// The tree-sitter tree is made on demand: the instructions, the model and every feature
/// come from the BuildKit-exact scanner, and a tree costs about 2 KiB per line (over 100 MiB
/// for the benchmark's generated 50,000-line file). Once [`Document::reparse`] made one (the
/// `syntaxTree` request, the CLI), each edit is applied to it and [`Document::pending_reparse`]
/// keeps it up to date in the background — for documents up to this size (1 MiB, about
/// 30,000 lines); past it the next edit drops it.
pub const TREE_LIMIT: usize = 1 << 20;

/// An editable document.
pub struct Document {
    rope: Rope,
    parser: Option<Parser>,
    tree: Option<Tree>,
    /// Edits applied since the last parse.
    dirty: bool,
    /// Counts edits, so that a tree parsed in the background is only installed if it parsed
    /// the current text.
    revision: u64,
    /// The logical instructions as of the last [`Document::parsed`], shared with snapshots.
    parsed: Option<Arc<Parsed>>,
    /// What the edits since then changed.
    changed: Option<Dirty>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("len", &self.rope.len_bytes())
            .field("dirty", &self.dirty)
            .finish_non_exhaustive()
    }
}

impl Document {
    /// A document holding `text`. Nothing is parsed yet: the tree on the first
    /// [`Document::reparse`] (or in the background), the instructions on the first
    /// [`Document::parsed`].
    #[must_use]
    pub fn new(text: &str) -> Self {
        Document {
            rope: Rope::from_str(text),
            parser: tree::new_parser(),
            tree: None,
            dirty: true,
            revision: 0,
            parsed: None,
            changed: None,
        }
    }

    /// Frees what can be recomputed from the text — the tree and the instructions — for a
    /// document nobody is working on. The next use parses from scratch.
    pub fn shed(&mut self) {
        self.tree = None;
        self.parsed = None;
        self.changed = None;
        self.dirty = true;
    }

    /// Whether the document holds a tree or instructions (what [`Document::shed`] frees).
    #[must_use]
    pub fn holds_cache(&self) -> bool {
        self.tree.is_some() || self.parsed.is_some()
    }

    /// The current text.
    #[must_use]
    pub fn text(&self) -> &Rope {
        &self.rope
    }

    /// The current tree: edited to match the text, reparsed as of the last
    /// [`Document::reparse`] or [`Document::install_tree`].
    #[must_use]
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    /// Replaces the whole text (a full-document change); the next parse starts afresh.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.tree = None;
        self.dirty = true;
        self.revision += 1;
        self.parsed = None;
        self.changed = None;
    }

    /// Applies one edit. The range is clamped to the text and to char boundaries, so any
    /// input is safe. The tree is edited to match; call [`Document::reparse`] after the
    /// last edit of a batch.
    pub fn apply_edit(&mut self, edit: &TextEdit) {
        let start = floor_char_boundary(&self.rope, edit.range.start);
        let old_end = floor_char_boundary(&self.rope, edit.range.end).max(start);
        let start_position = self.point(start);
        let old_end_position = self.point(old_end);
        let start_char = self.rope.byte_to_char(start);
        let old_end_char = self.rope.byte_to_char(old_end);
        self.rope.remove(start_char..old_end_char);
        self.rope.insert(start_char, &edit.new_text);
        let new_end = start + edit.new_text.len();
        self.changed = Some(Dirty::merge(self.changed, start, old_end, new_end));
        if let Some(t) = self.tree.as_mut() {
            let new_end_position = point_of(&self.rope, new_end);
            t.edit(&InputEdit {
                start_byte: start,
                old_end_byte: old_end,
                new_end_byte: new_end,
                start_position,
                old_end_position,
                new_end_position,
            });
        }
        self.dirty = true;
        self.revision += 1;
        if self.rope.len_bytes() > TREE_LIMIT {
            // Nothing semantic reads the tree; past the limit it is not kept up to date.
            self.tree = None;
        }
    }

    /// The number of edits applied so far.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What a background reparse needs: the text, the edited old tree and the revision they
    /// belong to; `None` if the tree is up to date, or if there is none to keep up to date
    /// (see [`TREE_LIMIT`]).
    #[must_use]
    pub fn pending_reparse(&self) -> Option<(Rope, Option<Tree>, u64)> {
        (self.dirty && self.tree.is_some() && self.rope.len_bytes() <= TREE_LIMIT)
            .then(|| (self.rope.clone(), self.tree.clone(), self.revision))
    }

    /// Installs a tree parsed in the background for `revision`; refused (returns false) if
    /// edits came in since, in which case the current, edited tree stays.
    pub fn install_tree(&mut self, tree: Tree, revision: u64) -> bool {
        if revision != self.revision {
            return false;
        }
        self.tree = Some(tree);
        self.dirty = false;
        true
    }

    /// Reparses after edits, reusing the edited old tree.
    pub fn reparse(&mut self) {
        if !self.dirty {
            return;
        }
        if let Some(parser) = self.parser.as_mut() {
            self.tree = tree::parse(parser, &self.rope, self.tree.as_ref());
        }
        self.dirty = false;
    }

    /// An immutable snapshot of the current state, fully analysed. Cheap to share: the rope
    /// and the tree are reference-counted.
    #[must_use]
    pub fn analysis(&mut self, config: &BuildConfig) -> Analysis {
        self.reparse();
        let parsed = self.parsed();
        Analysis::with_parsed(self.rope.clone(), self.tree.clone(), parsed, config)
    }

    /// The logical instructions of the current text. Only the part the edits since the last
    /// call touched is scanned again ([`scan::rescan`]); the result is shared, not copied.
    pub fn parsed(&mut self) -> Arc<Parsed> {
        let changed = self.changed.take();
        match (self.parsed.as_mut(), changed) {
            (Some(p), Some(d)) => scan::rescan(Arc::make_mut(p), &self.rope, d),
            (Some(_), None) => {}
            (None, _) => self.parsed = Some(Arc::new(scan::scan(&self.rope))),
        }
        self.parsed.clone().unwrap_or_default()
    }

    fn point(&self, byte: usize) -> Point {
        point_of(&self.rope, byte)
    }
}

/// The tree-sitter point of a byte offset: row and byte column. Rows follow the rope's lines
/// (which also break at a lone CR, where tree-sitter counts only LF); the tree's points are
/// informational only, everything here works on byte offsets.
fn point_of(rope: &Rope, byte: usize) -> Point {
    let byte = byte.min(rope.len_bytes());
    let row = rope.byte_to_line(byte);
    Point {
        row,
        column: byte - rope.line_to_byte(row),
    }
}

/// Equality of documents for tests: same text and same tree (as an S-expression plus the
/// byte ranges of every node).
#[must_use]
pub fn tree_fingerprint(tree: Option<&Tree>) -> String {
    let Some(t) = tree else { return String::new() };
    let mut out = String::new();
    let mut cursor = t.walk();
    let mut depth = 0usize;
    loop {
        let n = cursor.node();
        let r = TextRange::new(n.start_byte(), n.end_byte());
        out.push_str(&format!(
            "{}{} {}..{}\n",
            " ".repeat(depth),
            n.kind(),
            r.start,
            r.end
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth = depth.saturating_sub(1);
        }
    }
}
