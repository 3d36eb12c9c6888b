//! `textDocument/definition`: stage references to their stage, variables to their ARG/ENV.

use dockerfile_analysis::ide::definition;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, LocationLink,
};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::{from_proto, to_proto};
use crate::lsp::session::Snapshot;

/// Answers a definition request; `None` for unknown documents or positions on nothing.
pub fn goto_definition(
    snap: &Snapshot,
    caps: ClientCaps,
    p: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let uri = p.text_document_position_params.text_document.uri;
    let links = caps.definition_links;
    guard("definition", || {
        let rope = snap.analysis.text();
        let enc = snap.encoding;
        let offset = from_proto::offset(rope, p.text_document_position_params.position, enc);
        let t = definition::definition(&snap.analysis, offset)?;
        Some(if links {
            GotoDefinitionResponse::Link(vec![LocationLink {
                origin_selection_range: Some(to_proto::range(rope, t.origin, enc)),
                target_uri: uri.clone(),
                target_range: to_proto::range(rope, t.full, enc),
                target_selection_range: to_proto::range(rope, t.focus, enc),
            }])
        } else {
            GotoDefinitionResponse::Scalar(Location {
                uri: uri.clone(),
                range: to_proto::range(rope, t.focus, enc),
            })
        })
    })
}
