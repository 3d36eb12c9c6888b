//! `textDocument/hover`: documentation of whatever is under the cursor, and of the findings
//! there (reusing the findings already computed for this version).

use dockerfile_analysis::ide::hover;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverParams};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::diagnostic::docs_url;
use crate::lsp::convert::{from_proto, ide};
use crate::lsp::session::Snapshot;

/// Answers a hover request; `None` for positions on nothing.
pub fn hover(snap: &Snapshot, caps: ClientCaps, p: HoverParams) -> Result<Option<Hover>> {
    let pos = p.text_document_position_params;
    let markdown = caps.hover_markdown;
    guard("hover", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let link = |id: &str| docs_url(id).map(|u| u.as_str().to_owned());
        let h = hover::hover(&snap.analysis, offset, snap.findings(), &link)?;
        Some(ide::hover(rope, &h, snap.encoding, markdown))
    })
}
