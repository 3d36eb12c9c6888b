//! Custom requests, beyond the LSP specification.
//!
//! `dockerfile-ls/syntaxTree` — params `{ "textDocument": { "uri" } }`; result
//! `{ "tree": string, "grammarErrors": Range[] }`: the document's tree-sitter tree (one node per
//! line, indented by depth, with its byte range) after bringing it up to date incrementally,
//! and the ranges where the grammar produced ERROR or MISSING nodes. Those ranges are not
//! diagnostics (the grammar rejects much that BuildKit builds); the request exists for
//! debugging the grammar and for tests that check the incremental tree.
//!
//! `dockerfile-ls/stageGraph` — params `{ "textDocument": { "uri" }, "target"?: string }`;
//! result `{ "graph": { "target", "nodes": [{ "id", "label", "kind": "stage"|"image",
//! "reached" }], "edges": [{ "from", "to", "kind" }] }, "mermaid": string, "svg": string|null }`:
//! the stage graph (edges point from what is used to the stage that uses it; `reached` is
//! whether a build of the target, by default the last stage, builds or pulls the node), as
//! data, as a Mermaid flowchart and as an SVG picture. `null` for a document that is not
//! open; an error when `target` names no stage.

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

/// The parameters of `dockerfile-ls/stageGraph`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageGraphParams {
    /// The document.
    pub text_document: TextDocumentIdentifier,
    /// The stage a build targets (default: the last one).
    pub target: Option<String>,
}

/// Answers `dockerfile-ls/stageGraph` for a snapshot.
///
/// # Errors
/// When the target names no stage (InvalidParams), or the analysis panics.
pub fn stage_graph(snap: &super::session::Snapshot, target: Option<&str>) -> Result<Value> {
    let graph = super::handlers::guard("stageGraph", || {
        dockerfile_analysis::ide::graph::stage_graph(&snap.analysis, target)
    })?
    .map_err(tower_lsp_server::jsonrpc::Error::invalid_params)?;
    Ok(json!({
        "graph": graph.to_json(),
        "mermaid": graph.to_mermaid(),
        "svg": crate::graph_svg::render(&graph),
    }))
}
