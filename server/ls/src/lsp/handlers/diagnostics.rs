//! Diagnostics: the push worker (`publishDiagnostics` after changes, latest version only) and
//! the pull request (`textDocument/diagnostic`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use dockerfile_analysis::syntax::tree;
use tokio::sync::mpsc::UnboundedReceiver;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, Uri,
};
use tree_sitter::Parser;

use super::guard;
use crate::config::DocEnv;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::diagnostic::to_lsp;
use crate::lsp::session::{Session, Snapshot};

/// The diagnostics of a snapshot, in LSP form.
pub fn compute(snap: &Snapshot, uri: &Uri, related: bool) -> Result<Vec<lsp::Diagnostic>> {
    guard("diagnostics", || {
        // Findings are in document order: one cursor converts them all.
        let mut cursor =
            crate::lsp::convert::to_proto::Cursor::new(snap.analysis.text(), snap.encoding);
        snap.findings()
            .iter()
            .map(|d| to_lsp(&mut cursor, d, uri, related))
            .collect()
    })
}

/// How long the documents must stay unchanged before the worker brings their trees up to
/// date: reparsing between two keystrokes would compete with the next keystroke's diagnostics
/// for the CPU.
const IDLE_BEFORE_REPARSE: Duration = Duration::from_millis(100);

/// Publishes diagnostics for documents as they change. Requests that pile up while one is
/// being analysed are merged, and a result for a version that is no longer current is
/// dropped (the newer version is queued behind it), so a burst of edits costs one analysis.
/// Once no change has arrived for [`IDLE_BEFORE_REPARSE`], it brings the changed documents'
/// tree-sitter trees up to date with an incremental reparse, which gives way as soon as
/// another change arrives.
pub async fn worker(session: Arc<Session>, client: Client, mut rx: UnboundedReceiver<Uri>) {
    let mut parser = tree::new_parser();
    // Documents whose tree may lag behind their text.
    let mut stale: Vec<Uri> = Vec::new();
    // What was last published for each Dockerfile: the same version under the same
    // environment has the same findings, and is not sent twice.
    let mut sent: HashMap<Uri, (i32, Arc<DocEnv>)> = HashMap::new();
    loop {
        let first = if stale.is_empty() {
            rx.recv().await
        } else {
            match tokio::time::timeout(IDLE_BEFORE_REPARSE, rx.recv()).await {
                Ok(next) => next,
                Err(_idle) => {
                    while rx.is_empty() {
                        let Some(uri) = stale.pop() else { break };
                        parser = catch_up_tree(&session, &uri, parser).await;
                    }
                    continue;
                }
            }
        };
        let Some(first) = first else { return };
        let mut pending = vec![first];
        while let Ok(uri) = rx.try_recv() {
            pending.push(uri);
        }
        let mut seen: Vec<Uri> = Vec::new();
        for uri in pending {
            if seen.contains(&uri) {
                continue;
            }
            seen.push(uri.clone());
            if let Some(published) = publish(&session, &client, uri.clone(), sent.get(&uri)).await {
                if sent.len() >= 64 {
                    sent.retain(|u, _| session.version(u).is_some());
                }
                sent.insert(uri, published);
            }
        }
        for uri in seen {
            if !stale.contains(&uri) {
                stale.push(uri);
            }
        }
    }
}

/// Analyses the current version of `uri` and publishes its diagnostics if the version is
/// still current when they are ready, unless `last` (what was published last) is the same
/// version under the same environment. Returns what it published, for a Dockerfile.
async fn publish(
    session: &Session,
    client: &Client,
    uri: Uri,
    last: Option<&(i32, Arc<DocEnv>)>,
) -> Option<(i32, Arc<DocEnv>)> {
    let caps = session.caps();
    if let Some(snap) = session.ignores.snapshot(&uri, caps.encoding) {
        match super::ignore_files::diagnostics(session, &snap, &uri, caps.related_information) {
            Ok(d) if session.ignores.version(&uri) == Some(snap.version) => {
                client.publish_diagnostics(uri, d, Some(snap.version)).await;
            }
            Ok(_) => {}
            Err(e) => client.log_message(lsp::MessageType::ERROR, e.message).await,
        }
        return None;
    }
    if let Some(snap) = session.build_snapshot(&uri) {
        match super::build_files::diagnostics(session, &snap, &uri, caps.related_information) {
            Ok(d) if session.build_version(&uri) == Some(snap.version) => {
                client.publish_diagnostics(uri, d, Some(snap.version)).await;
            }
            Ok(_) => {}
            Err(e) => client.log_message(lsp::MessageType::ERROR, e.message).await,
        }
        return None;
    }
    session.wait_for_scans(crate::lsp::SCAN_WAIT).await;
    let snap = session.snapshot(&uri)?;
    if last.is_some_and(|(v, env)| *v == snap.version && Arc::ptr_eq(env, &snap.env)) {
        return None;
    }
    let diagnostics = match compute(&snap, &uri, caps.related_information) {
        Ok(d) => d,
        Err(e) => {
            client.log_message(lsp::MessageType::ERROR, e.message).await;
            return None;
        }
    };
    if session.version(&uri) == Some(snap.version) {
        client
            .publish_diagnostics(uri, diagnostics, Some(snap.version))
            .await;
        return Some((snap.version, Arc::clone(&snap.env)));
    }
    None
}

/// Reparses `uri` incrementally (old tree reused) on a blocking thread, outside the document
/// lock; gives up if any change arrives meanwhile, and installs the tree only if it still
/// matches the text. Returns the parser for the next time.
async fn catch_up_tree(
    session: &Arc<Session>,
    uri: &Uri,
    parser: Option<Parser>,
) -> Option<Parser> {
    let mut parser = parser?;
    let Some((rope, old, revision)) = session.pending_reparse(uri) else {
        return Some(parser);
    };
    let start = session.edit_count();
    let s = Arc::clone(session);
    let parsed = tokio::task::spawn_blocking(move || {
        let cancel = || s.edit_count() != start;
        let tree = tree::parse_cancellable(&mut parser, &rope, old.as_ref(), &cancel);
        (parser, tree)
    })
    .await;
    match parsed {
        Ok((parser, tree)) => {
            if let Some(tree) = tree {
                session.install_tree(uri, tree, revision);
            }
            Some(parser)
        }
        // The parse panicked: start again with a fresh parser next time.
        Err(_) => tree::new_parser(),
    }
}

/// `textDocument/diagnostic`: a full report for the current version.
pub fn pull(
    snap: Option<&Snapshot>,
    caps: ClientCaps,
    p: &DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let items = match snap {
        Some(snap) => compute(snap, &p.text_document.uri, caps.related_information)?,
        None => Vec::new(),
    };
    Ok(full_report(items))
}

/// A full diagnostic report of `items`.
#[must_use]
pub fn full_report(items: Vec<lsp::Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}
