//! Fixes and renames in LSP form: text edits, and workspace edits (versioned
//! `documentChanges` with file creation when the client supports them, else `changes`).

use std::collections::HashMap;

use dockerfile_analysis::{Fix, Rope};
use tower_lsp_server::ls_types::{
    self as lsp, CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, Uri, WorkspaceEdit,
};

use super::{Encoding, to_proto};
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::session::Snapshot;

/// The URI of a file named `name` in the directory of the document at `uri`: built from the
/// document's normalised local path (`.` and `..` resolved, `%2F` decoded first), never for
/// a remote host (`file://host/share/…`), and never anywhere but that directory.
#[must_use]
pub fn sibling_uri(uri: &Uri, name: &str) -> Option<Uri> {
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0']);
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    if !plain || !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = uri.to_file_path()?;
    let mut normal = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let dir = normal.parent()?;
    let target = dir.join(name);
    (target.parent() == Some(dir)).then_some(())?;
    Uri::from_file_path(&target)
}

/// Where a fix's new file goes: beside the document, or in the directory `f.dir` names above
/// it (`..` segments only; anything else is refused).
fn new_file_uri(uri: &Uri, f: &dockerfile_analysis::NewFile) -> Option<Uri> {
    let mut at = uri.clone();
    for seg in f.dir.split('/') {
        match seg {
            "." | "" => {}
            ".." => at = sibling_uri(&at, "x").and_then(|u| parent_dir_uri(&u))?,
            _ => return None,
        }
    }
    sibling_uri(&at, &f.name)
}

/// The URI of the directory holding the document at `uri`, as a document in its parent would
/// name a sibling (`file:///w/app/x` → `file:///w/app`), for walking up the tree.
fn parent_dir_uri(uri: &Uri) -> Option<Uri> {
    let path = uri.to_file_path()?;
    let dir = path.parent()?;
    Uri::from_file_path(dir)
}

/// A quick-fix code action that applies `fix` (edits to the document at `uri` only) for
/// `diagnostic`.
#[must_use]
pub fn quick_fix(
    uri: &Uri,
    rope: &Rope,
    fix: &Fix,
    diagnostic: Option<lsp::Diagnostic>,
    preferred: bool,
    enc: Encoding,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: fix.title.clone(),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), text_edits(rope, fix, enc))])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..lsp::CodeAction::default()
    })
}

/// The quick-fix code actions of a finding's `fixes` for `diagnostic`, the first preferred.
pub fn quick_fixes<'a>(
    uri: &'a Uri,
    rope: &'a Rope,
    fixes: &'a [Fix],
    diagnostic: &'a lsp::Diagnostic,
    enc: Encoding,
) -> impl Iterator<Item = lsp::CodeActionOrCommand> + 'a {
    fixes
        .iter()
        .enumerate()
        .map(move |(k, fix)| quick_fix(uri, rope, fix, Some(diagnostic.clone()), k == 0, enc))
}

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
        let new_uri = new_file_uri(uri, f)?;
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

/// Adds `edits` of another document (`uri`, at `version` when the editor has it open) to a
/// workspace edit, in whichever form it already uses.
pub fn add_edits(
    ws: &mut WorkspaceEdit,
    uri: &Uri,
    version: Option<i32>,
    rope: &Rope,
    edits: Vec<dockerfile_analysis::TextEdit>,
    enc: Encoding,
) {
    let edits: Vec<lsp::TextEdit> = edits
        .into_iter()
        .map(|e| lsp::TextEdit {
            range: to_proto::range(rope, e.range, enc),
            new_text: e.new_text,
        })
        .collect();
    if edits.is_empty() {
        return;
    }
    match &mut ws.document_changes {
        Some(DocumentChanges::Operations(ops)) => {
            ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }));
        }
        Some(DocumentChanges::Edits(list)) => list.push(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version,
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }),
        None => {
            ws.changes
                .get_or_insert_with(HashMap::new)
                .entry(uri.clone())
                .or_default()
                .extend(edits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sib(uri: &str) -> Option<String> {
        let u: Uri = uri.parse().ok()?;
        sibling_uri(&u, ".dockerignore").map(|u| u.as_str().to_owned())
    }

    #[test]
    fn created_files_stay_beside_the_document() {
        assert_eq!(
            sib("file:///w/app/Dockerfile").as_deref(),
            Some("file:///w/app/.dockerignore")
        );
        assert_eq!(
            sib("file:///w/app/sub/..%2F..%2Fetc/Dockerfile").as_deref(),
            Some("file:///w/etc/.dockerignore"),
            "normalised, in the directory the document really is in"
        );
        assert_eq!(sib("file://server/share/Dockerfile"), None, "a remote host");
        assert_eq!(
            sib("file://localhost/w/Dockerfile").as_deref(),
            Some("file:///w/.dockerignore")
        );
        let u: Uri = "file:///w/Dockerfile".parse().unwrap_or_else(|_| panic!());
        assert!(sibling_uri(&u, "../x").is_none() && sibling_uri(&u, "..").is_none());
    }

    #[test]
    fn a_context_above_gets_its_file_there_and_nowhere_else() {
        let u: Uri = "file:///w/app/sub/Dockerfile"
            .parse()
            .unwrap_or_else(|_| panic!());
        let file = |dir: &str| dockerfile_analysis::NewFile {
            name: ".dockerignore".to_owned(),
            dir: dir.to_owned(),
            contents: String::new(),
        };
        let at = |dir: &str| new_file_uri(&u, &file(dir)).map(|u| u.as_str().to_owned());
        assert_eq!(at(".").as_deref(), Some("file:///w/app/sub/.dockerignore"));
        assert_eq!(at("..").as_deref(), Some("file:///w/app/.dockerignore"));
        assert_eq!(at("../..").as_deref(), Some("file:///w/.dockerignore"));
        assert_eq!(at("../other"), None, "only up the tree");
    }
}
