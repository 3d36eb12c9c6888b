//! `textDocument/references` and `textDocument/documentHighlight`: every occurrence of the
//! stage or variable under the cursor.

use dockerfile_analysis::ide::references::{self, Access};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightParams, Location, ReferenceParams,
};

use super::guard;
use crate::lsp::convert::{from_proto, ide, to_proto};
use crate::lsp::session::Snapshot;

/// Answers a references request; `None` for positions on nothing.
pub fn references(snap: &Snapshot, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let pos = p.text_document_position;
    let uri = pos.text_document.uri;
    let with_declaration = p.context.include_declaration;
    guard("references", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let (_, occ) = references::occurrences(&snap.analysis, offset)?;
        Some(
            occ.iter()
                .filter(|o| with_declaration || o.access == Access::Read)
                .map(|o| Location {
                    uri: uri.clone(),
                    range: to_proto::range(rope, o.range, snap.encoding),
                })
                .collect(),
        )
    })
}

/// Answers a document highlight request.
pub fn highlight(
    snap: &Snapshot,
    p: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let pos = p.text_document_position_params;
    guard("documentHighlight", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let (_, occ) = references::occurrences(&snap.analysis, offset)?;
        Some(ide::highlights(rope, &occ, snap.encoding))
    })
}
