//! Fixes and renames in LSP form: text edits, and workspace edits (versioned
//! `documentChanges` with file creation when the client supports them, else `changes`).

use std::collections::HashMap;

use dockerfile_analysis::{Fix, Rope};
use tower_lsp_server::ls_types::{
    self as lsp, CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, Uri, WorkspaceEdit,
};

use super::{Encoding, to_proto};
use crate::lsp::session::{ClientCaps, Snapshot};

/// A fix's edits in LSP form.
#[must_use]
pub fn text_edits(rope: &Rope, fix: &Fix, enc: Encoding) -> Vec<lsp::TextEdit> {
    fix.edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: to_proto::range(rope, e.range, enc),
            new_text: e.new_text.clone(),
        })
        .collect()
}

/// A fix as a workspace edit; None when it creates files and the client cannot.
#[must_use]
pub fn workspace_edit(
    snap: &Snapshot,
    uri: &Uri,
    fix: &Fix,
    caps: ClientCaps,
) -> Option<WorkspaceEdit> {
    let rope = snap.analysis.text();
    let edits = text_edits(rope, fix, snap.encoding);
    if fix.new_files.is_empty() && !caps.document_changes {
        return Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        });
    }
    let can_create = caps.document_changes && caps.create_files;
    if !fix.new_files.is_empty() && !can_create {
        return None;
    }
    let mut ops = Vec::new();
    for f in &fix.new_files {
        let path = uri.to_file_path()?;
        let target = path.parent()?.join(&f.name);
        let new_uri = Uri::from_file_path(&target)?;
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri: new_uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            },
        )));
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: new_uri,
                version: None,
            },
            edits: vec![OneOf::Left(lsp::TextEdit {
                range: lsp::Range::default(),
                new_text: f.contents.clone(),
            })],
        }));
    }
    if !edits.is_empty() {
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(snap.version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..WorkspaceEdit::default()
    })
}
