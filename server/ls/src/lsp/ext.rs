//! Custom requests, beyond the LSP specification.
//!
//! `dockerfile-ls/syntaxTree` — params `{ "textDocument": { "uri" } }`; result
//! `{ "tree": string, "grammarErrors": Range[] }`: the document's tree-sitter tree (one node per
//! line, indented by depth, with its byte range) after bringing it up to date incrementally,
//! and the ranges where the grammar produced ERROR or MISSING nodes. Those ranges are not
//! diagnostics (the grammar rejects much that BuildKit builds); the request exists for
//! debugging the grammar and for tests that check the incremental tree.

use serde::Deserialize;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use super::convert::to_proto;
use super::session::Session;

/// The parameters of `dockerfile-ls/syntaxTree`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyntaxTreeParams {
    /// The document.
    pub text_document: TextDocumentIdentifier,
}

/// Answers `dockerfile-ls/syntaxTree` (`null` for a document that is not open).
pub fn syntax_tree(session: &Session, p: &SyntaxTreeParams) -> Result<Value> {
    let enc = session.caps().encoding;
    let Some(dump) = session.tree_dump(&p.text_document.uri) else {
        return Ok(Value::Null);
    };
    let errors: Vec<_> = dump
        .unclean
        .iter()
        .map(|r| to_proto::range(&dump.rope, *r, enc))
        .collect();
    Ok(json!({ "tree": dump.tree, "grammarErrors": errors }))
}
