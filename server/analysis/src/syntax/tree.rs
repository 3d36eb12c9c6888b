//! The tree-sitter side of the syntax layer: a parser for the tree-sitter-dockerfile grammar
//! (packaged as `arborium-dockerfile`) that reads the text straight from the rope's chunks,
//! so an incremental reparse never copies the document.

use ropey::Rope;
use tree_sitter::{Language, Node, Parser, Tree};

use crate::text::TextRange;

/// The tree-sitter language of Dockerfiles.
#[must_use]
pub fn language() -> Language {
    arborium_dockerfile::language().into()
}

/// A parser set up for Dockerfiles, or `None` if the grammar cannot be loaded (an ABI
/// mismatch between the grammar and the tree-sitter runtime: a build problem, not input).
#[must_use]
pub fn new_parser() -> Option<Parser> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    Some(parser)
}

/// Parses `rope`, reusing the unchanged parts of `old` (which must already have been told
/// about the edits with `Tree::edit`).
pub fn parse(parser: &mut Parser, rope: &Rope, old: Option<&Tree>) -> Option<Tree> {
    parse_cancellable(parser, rope, old, &|| false)
}

/// Like [`parse`], but gives up (returning `None`) as soon as `cancel` says so; tree-sitter
/// asks regularly while it parses. The parser is reset after a cancelled parse, so the next
/// parse starts cleanly.
pub fn parse_cancellable(
    parser: &mut Parser,
    rope: &Rope,
    old: Option<&Tree>,
    cancel: &dyn Fn() -> bool,
) -> Option<Tree> {
    let len = rope.len_bytes();
    let mut read = |byte: usize, _: tree_sitter::Point| -> &[u8] {
        if byte >= len {
            return &[];
        }
        let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
        chunk.as_bytes().get(byte - chunk_start..).unwrap_or(&[])
    };
    let mut progress = |_: &tree_sitter::ParseState| {
        if cancel() {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
    let tree = parser.parse_with_options(&mut read, old, Some(options));
    if tree.is_none() {
        parser.reset();
    }
    tree
}

/// The ranges of the ERROR and MISSING nodes of a tree: where the grammar could not follow
/// the text. These are never diagnostics by themselves (the grammar rejects many files that
/// BuildKit builds); they tell which regions the tree does not cover cleanly.
#[must_use]
pub fn unclean_ranges(tree: &Tree) -> Vec<TextRange> {
    let mut out = Vec::new();
    let root = tree.root_node();
    if !root.has_error() {
        return out;
    }
    let mut cursor = root.walk();
    collect_errors(root, &mut cursor, &mut out);
    out
}

fn collect_errors<'t>(
    node: Node<'t>,
    cursor: &mut tree_sitter::TreeCursor<'t>,
    out: &mut Vec<TextRange>,
) {
    if node.is_error() || node.is_missing() {
        out.push(TextRange::new(node.start_byte(), node.end_byte()));
        return;
    }
    let children: Vec<Node<'t>> = node.children(cursor).filter(Node::has_error).collect();
    for child in children {
        collect_errors(child, cursor, out);
    }
}
