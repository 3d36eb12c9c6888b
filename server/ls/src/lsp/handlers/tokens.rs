//! `textDocument/semanticTokens/full`, `/full/delta` and `/range`. The last full result of
//! each document is kept (with its result id) so that a delta request sends only what changed.

use dockerfile_analysis::ide::tokens;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    Range, SemanticTokens, SemanticTokensDelta, SemanticTokensFullDeltaResult,
    SemanticTokensRangeResult, SemanticTokensResult,
};

use super::guard;
use crate::lsp::convert::{from_proto, ide};
use crate::lsp::session::{Session, Snapshot};

fn compute(snap: &Snapshot) -> Result<Vec<tower_lsp_server::ls_types::SemanticToken>> {
    guard("semanticTokens", || {
        let t = tokens::tokens(&snap.analysis);
        ide::semantic_tokens(snap.analysis.text(), &t, snap.encoding)
    })
}

/// Every token of the document.
pub fn full(
    session: &Session,
    snap: &Snapshot,
    uri: &tower_lsp_server::ls_types::Uri,
) -> Result<Option<SemanticTokensResult>> {
    let data = compute(snap)?;
    let id = session.sent_tokens.remember(uri, data.clone());
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: Some(id),
        data,
    })))
}

/// The change since `previous` (the whole set if it is no longer known).
pub fn delta(
    session: &Session,
    snap: &Snapshot,
    uri: &tower_lsp_server::ls_types::Uri,
    previous: &str,
) -> Result<Option<SemanticTokensFullDeltaResult>> {
    let data = compute(snap)?;
    let old = session.sent_tokens.remembered(uri, previous);
    let id = session.sent_tokens.remember(uri, data.clone());
    Ok(Some(match old {
        Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id: Some(id),
            edits: ide::token_edits(&old, &data),
        }),
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
            result_id: Some(id),
            data,
        }),
    }))
}

/// The tokens that start in `range` (only its instructions and lines are looked at).
pub fn range(snap: &Snapshot, range: Range) -> Result<Option<SemanticTokensRangeResult>> {
    guard("semanticTokens/range", || {
        let rope = snap.analysis.text();
        let r = from_proto::text_range(rope, range, snap.encoding);
        let t = tokens::tokens_in(&snap.analysis, r);
        Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data: ide::semantic_tokens(rope, &t, snap.encoding),
        }))
    })
}
