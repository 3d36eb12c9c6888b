//! `didOpen`, `didChange`, `didClose`: keep the document store in step with the editor.
//!
//! Edits are applied here synchronously, before the handler's first `.await`, so they land in
//! the order the notifications arrived even though tower-lsp-server runs handlers
//! concurrently. Analysis is left to the diagnostics worker, which only looks at the latest
//! version.

use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::lsp::convert::from_proto;
use crate::lsp::session::Session;
use dockerfile_analysis::TextEdit;

/// Stores a newly opened document.
pub fn did_open(session: &Session, p: DidOpenTextDocumentParams) {
    session.open(
        p.text_document.uri,
        &p.text_document.text,
        p.text_document.version,
    );
}

/// Applies a batch of changes in order; returns false when the document is unknown or the
/// version goes backwards (the change is then dropped and logged).
pub fn did_change(session: &Session, p: DidChangeTextDocumentParams) -> bool {
    let enc = session.caps().encoding;
    let version = p.text_document.version;
    let applied = session.with_doc(&p.text_document.uri, |d| {
        if version < d.version {
            tracing::warn!(
                "dropping change to version {version}: document is at {}",
                d.version
            );
            return (false, None);
        }
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let range = from_proto::text_range(d.doc.text(), range, enc);
                    d.doc.apply_edit(&TextEdit {
                        range,
                        new_text: change.text,
                    });
                }
                None => d.doc.replace_all(&change.text),
            }
        }
        d.version = version;
        // The analysis of the old text is freed here (after the lock is released) and before
        // the new one is built: kept until the next snapshot, it costs a keystroke about a
        // third more at 10k lines.
        (true, d.cached.take())
    });
    let applied = applied.map(|(ok, old)| {
        drop(old);
        ok
    });
    if applied.is_none() {
        tracing::warn!(
            "didChange for a document that is not open: {}",
            p.text_document.uri.as_str()
        );
    }
    applied.unwrap_or(false)
}

/// Forgets a closed document; returns whether it was open.
pub fn did_close(session: &Session, p: &DidCloseTextDocumentParams) -> bool {
    session.close(&p.text_document.uri)
}
