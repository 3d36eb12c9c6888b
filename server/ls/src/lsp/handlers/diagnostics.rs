//! Diagnostics: the push worker (`publishDiagnostics` after changes, latest version only) and
//! the pull request (`textDocument/diagnostic`).

use std::collections::HashSet;
use std::sync::Arc;

use dockerfile_analysis::{Diagnostic, Severity, Tag};
use tokio::sync::mpsc::UnboundedReceiver;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, Location, NumberOrString, RelatedFullDocumentDiagnosticReport,
    Uri,
};

use super::guard;
use crate::lsp::convert::to_proto;
use crate::lsp::session::{Session, Snapshot};

/// The diagnostics of a snapshot, in LSP form.
pub fn compute(snap: &Snapshot, uri: &Uri, related: bool) -> Result<Vec<lsp::Diagnostic>> {
    guard("diagnostics", || {
        let rope = snap.analysis.text();
        snap.analysis
            .diagnostics()
            .into_iter()
            .map(|d| to_lsp(rope, &d, uri, snap, related))
            .collect()
    })
}

fn to_lsp(
    rope: &dockerfile_analysis::Rope,
    d: &Diagnostic,
    uri: &Uri,
    snap: &Snapshot,
    related: bool,
) -> lsp::Diagnostic {
    let enc = snap.encoding;
    lsp::Diagnostic {
        range: to_proto::range(rope, d.range, enc),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        source: Some("dockerfile-ls".to_owned()),
        message: d.message.clone(),
        related_information: (related && !d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: to_proto::range(rope, r.range, enc),
                    },
                    message: r.message.clone(),
                })
                .collect()
        }),
        tags: (!d.tags.is_empty()).then(|| {
            d.tags
                .iter()
                .map(|t| match t {
                    Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
                    Tag::Deprecated => DiagnosticTag::DEPRECATED,
                })
                .collect()
        }),
        ..lsp::Diagnostic::default()
    }
}

/// Publishes diagnostics for documents as they change. Requests that pile up while one is
/// being analysed are merged, and a result for a version that is no longer current is
/// dropped (the newer version is queued behind it), so a burst of edits costs one analysis.
pub async fn worker(session: Arc<Session>, client: Client, mut rx: UnboundedReceiver<Uri>) {
    while let Some(first) = rx.recv().await {
        let mut pending = vec![first];
        while let Ok(uri) = rx.try_recv() {
            pending.push(uri);
        }
        let mut seen = HashSet::new();
        for uri in pending {
            if !seen.insert(uri.clone()) {
                continue;
            }
            let caps = session.caps();
            let Some(snap) = session.snapshot(&uri) else {
                continue;
            };
            let diagnostics = match compute(&snap, &uri, caps.related_information) {
                Ok(d) => d,
                Err(e) => {
                    client.log_message(lsp::MessageType::ERROR, e.message).await;
                    continue;
                }
            };
            if session.version(&uri) == Some(snap.version) {
                client
                    .publish_diagnostics(uri, diagnostics, Some(snap.version))
                    .await;
            }
        }
    }
}

/// `textDocument/diagnostic`: a full report for the current version.
pub fn pull(
    session: &Session,
    p: &DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let items = match session.snapshot(&p.text_document.uri) {
        Some(snap) => compute(
            &snap,
            &p.text_document.uri,
            session.caps().related_information,
        )?,
        None => Vec::new(),
    };
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}
