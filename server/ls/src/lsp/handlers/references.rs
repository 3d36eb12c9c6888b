//! `textDocument/references` and `textDocument/documentHighlight`: every occurrence of the
//! stage or variable under the cursor.

use dockerfile_analysis::builds::ide as build_ide;
use dockerfile_analysis::ide::references::{self, Access};
use dockerfile_analysis::model::VarKind;
use dockerfile_analysis::{Rope, TextRange};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightParams, Location, ReferenceParams, Uri,
};

use super::guard;
use crate::lsp::convert::{from_proto, ide, to_proto};
use crate::lsp::session::{Session, Snapshot};

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

/// The places in build files (Compose, Bake, CI) that name what `target` is: the targets
/// that build the stage, the build arguments that set the ARG. Each with its file's URI
/// (and version when open), text and ranges.
pub fn in_build_files(
    session: &Session,
    snap: &Snapshot,
    uri: &Uri,
    target: references::Target,
) -> Vec<(Uri, Option<i32>, Rope, Vec<TextRange>)> {
    let arg_name = match target {
        references::Target::Variable { decl: Some(d) } => snap
            .analysis
            .variables()
            .decls
            .get(d)
            .filter(|d| d.kind == VarKind::Arg)
            .map(|d| d.name.as_str().to_owned()),
        _ => None,
    };
    let mut out = Vec::new();
    for b in session.builds_of(uri) {
        let (path, text, file, entries) = (b.path, b.text, b.file, b.entries);
        let ranges = match (target, &arg_name) {
            (references::Target::Stage(s), _) => {
                build_ide::targets_naming(&file, &entries, &snap.analysis, s)
            }
            (_, Some(name)) => build_ide::args_naming(&file, &entries, name),
            _ => Vec::new(),
        };
        if ranges.is_empty() {
            continue;
        }
        let (build_uri, version) = match session.open_build_at(&path) {
            Some((u, v)) => (u, Some(v)),
            None => match Uri::from_file_path(&path) {
                Some(u) => (u, None),
                None => continue,
            },
        };
        out.push((build_uri, version, Rope::from_str(&text), ranges));
    }
    out
}

/// Answers a references request, with the places in build files that name the stage or
/// set the ARG.
pub fn references_across(
    session: &Session,
    snap: &Snapshot,
    p: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let pos = p.text_document_position.clone();
    let mut found = references(snap, p)?;
    let across = guard("references", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let (target, _) = references::occurrences(&snap.analysis, offset)?;
        Some(in_build_files(
            session,
            snap,
            &pos.text_document.uri,
            target,
        ))
    })?;
    if let (Some(list), Some(across)) = (found.as_mut(), across) {
        for (uri, _, rope, ranges) in across {
            list.extend(ranges.into_iter().map(|r| Location {
                uri: uri.clone(),
                range: to_proto::range(&rope, r, snap.encoding),
            }));
        }
    }
    Ok(found)
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
