//! `textDocument/documentSymbol`, `foldingRange`, `selectionRange` and `workspace/symbol`
//! (the stages of every open document).

use dockerfile_analysis::ide::outline;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbolResponse, FoldingRange, Location, OneOf, Position, SelectionRange, SymbolKind,
    Uri, WorkspaceSymbol, WorkspaceSymbolResponse,
};

use super::guard;
use crate::lsp::convert::{from_proto, ide, to_proto};
use crate::lsp::session::{Session, Snapshot};

/// The outline.
pub fn document_symbol(snap: &Snapshot) -> Result<Option<DocumentSymbolResponse>> {
    guard("documentSymbol", || {
        let syms = outline::document_symbols(&snap.analysis);
        Some(DocumentSymbolResponse::Nested(ide::document_symbols(
            snap.analysis.text(),
            &syms,
            snap.encoding,
        )))
    })
}

/// Folding ranges.
pub fn folding_range(snap: &Snapshot) -> Result<Option<Vec<FoldingRange>>> {
    guard("foldingRange", || {
        Some(ide::folding_ranges(&outline::folding_ranges(
            &snap.analysis,
        )))
    })
}

/// Selection ranges, one chain per position.
pub fn selection_range(
    snap: &Snapshot,
    positions: &[Position],
) -> Result<Option<Vec<SelectionRange>>> {
    guard("selectionRange", || {
        let rope = snap.analysis.text();
        positions
            .iter()
            .map(|p| {
                let offset = from_proto::offset(rope, *p, snap.encoding);
                ide::selection_range(
                    rope,
                    &outline::selection_ranges(&snap.analysis, offset),
                    snap.encoding,
                )
            })
            .collect()
    })
}

/// The stages of every open document whose name holds `query` (case-insensitively).
pub fn workspace_symbol(session: &Session, query: &str) -> Result<Option<WorkspaceSymbolResponse>> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for uri in session.uris() {
        let Some(snap) = session.snapshot(&uri) else {
            continue;
        };
        let found = guard("workspace/symbol", || stages(&snap, &uri, &query))?;
        out.extend(found);
    }
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}

fn stages(snap: &Snapshot, uri: &Uri, query: &str) -> Vec<WorkspaceSymbol> {
    let rope = snap.analysis.text();
    let file = uri
        .path()
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    outline::document_symbols(&snap.analysis)
        .into_iter()
        .filter(|s| s.kind == outline::SymbolKind::Stage && s.name.to_lowercase().contains(query))
        .map(|s| WorkspaceSymbol {
            name: s.name,
            kind: SymbolKind::CLASS,
            tags: None,
            container_name: Some(file.clone()),
            location: OneOf::Left(Location {
                uri: uri.clone(),
                range: to_proto::range(rope, s.selection, snap.encoding),
            }),
            data: None,
        })
        .collect()
}
