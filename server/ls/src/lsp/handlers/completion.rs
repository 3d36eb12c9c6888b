//! `textDocument/completion` and `completionItem/resolve`: items from the catalog and the
//! snapshot's model (never from running rules), documentation filled in on resolve.

use dockerfile_analysis::ide::completion;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CompletionItem, CompletionParams, CompletionResponse};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::{from_proto, ide};
use crate::lsp::session::Snapshot;

/// The characters after which the editor asks for completion by itself.
#[must_use]
pub fn trigger_characters() -> Vec<String> {
    ["$", "{", "-", "=", ",", ":", "/", "#"]
        .map(str::to_owned)
        .to_vec()
}

/// Answers a completion request.
pub fn completion(
    snap: &Snapshot,
    caps: ClientCaps,
    p: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let pos = p.text_document_position;
    let caps = caps.completion;
    guard("completion", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let items = completion::completions(&snap.analysis, offset);
        ide::completion_response(rope, &items, snap.encoding, caps)
    })
}

/// Fills in an item's documentation.
pub fn resolve(caps: ClientCaps, item: CompletionItem) -> Result<CompletionItem> {
    let markdown = caps.completion.markdown;
    let fallback = item.clone();
    Ok(guard("completionItem/resolve", || {
        ide::resolve_item(item, markdown)
    })
    .unwrap_or(fallback))
}
