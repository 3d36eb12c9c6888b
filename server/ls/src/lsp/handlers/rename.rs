//! `textDocument/prepareRename` and `textDocument/rename` for stages and ARG/ENV variables.
//! A refusal (an invalid or taken name, an unnamed stage, a predefined variable) is an error
//! reply whose message says why, which editors show to the user.

use dockerfile_analysis::Fix;
use dockerfile_analysis::ide::{references, rename};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, WorkspaceEdit,
};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::edit::{add_edits, workspace_edit};
use crate::lsp::convert::{from_proto, to_proto};
use crate::lsp::session::{Session, Snapshot};

/// LSP's RequestFailed: the request was valid but cannot be done (the specification's code
/// for a refused rename).
const REQUEST_FAILED: i64 = -32803;

fn refused(message: String) -> Error {
    Error {
        code: ErrorCode::from(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}

/// Answers a prepareRename request: the range and current name, or why it cannot be renamed.
pub fn prepare(
    snap: &Snapshot,
    p: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let answer = guard("prepareRename", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, p.position, snap.encoding);
        rename::prepare(&snap.analysis, offset).map(|r| {
            PrepareRenameResponse::RangeWithPlaceholder {
                range: to_proto::range(rope, r.range, snap.encoding),
                placeholder: r.placeholder,
            }
        })
    })?;
    answer.map(Some).map_err(refused)
}

/// Answers a rename request with one workspace edit that also renames the stage in the
/// targets of build files (Compose, Bake, CI) and the ARG in their build arguments.
pub fn rename_across(
    session: &Session,
    snap: &Snapshot,
    caps: ClientCaps,
    p: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let pos = p.text_document_position.clone();
    let new_name = p.new_name.clone();
    let Some(mut edit) = rename(snap, caps, p)? else {
        return Ok(None);
    };
    let across = guard("rename", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let (target, _) = references::occurrences(&snap.analysis, offset)?;
        Some(super::references::in_build_files(
            session,
            snap,
            &pos.text_document.uri,
            target,
        ))
    })?;
    for (uri, version, rope, ranges) in across.unwrap_or_default() {
        let edits = ranges
            .into_iter()
            .map(|r| dockerfile_analysis::TextEdit::replace(r, new_name.clone()))
            .collect();
        add_edits(&mut edit, &uri, version, &rope, edits, snap.encoding);
    }
    Ok(Some(edit))
}

/// Answers a rename request with one workspace edit (versioned when the client supports it).
pub fn rename(snap: &Snapshot, caps: ClientCaps, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let pos = p.text_document_position;
    let uri = pos.text_document.uri;
    let answer = guard("rename", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        rename::rename(&snap.analysis, offset, &p.new_name).map(|edits| {
            let fix = Fix::suggested(format!("Rename to {}", p.new_name), edits);
            workspace_edit(snap, &uri, &fix, caps)
        })
    })?;
    answer.map_err(refused)
}
