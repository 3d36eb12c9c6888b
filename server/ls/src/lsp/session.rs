//! Server state: the open documents and what was negotiated at `initialize`.
//!
//! The store is a `std::sync::Mutex` that is never held across an `.await`: handlers lock it,
//! apply edits or take a snapshot, and unlock before any asynchronous work.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use dockerfile_analysis::{Analysis, BuildConfig, Document};
use tower_lsp_server::ls_types::Uri;

use super::convert::Encoding;

/// One open document.
pub struct OpenDocument {
    /// The text and its tree.
    pub doc: Document,
    /// The version the client gave with the last change.
    pub version: i32,
}

/// What the client can do, resolved once at `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    /// Columns unit.
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); we then do not push.
    pub pull_diagnostics: bool,
    /// Definition answers may be `LocationLink`s.
    pub definition_links: bool,
    /// Related information is shown.
    pub related_information: bool,
}

/// All mutable server state.
#[derive(Default)]
pub struct Session {
    docs: Mutex<HashMap<Uri, OpenDocument>>,
    caps: Mutex<ClientCaps>,
}

/// A consistent view of one document for computing a response.
pub struct Snapshot {
    /// The analysed text.
    pub analysis: Analysis,
    /// Its version.
    pub version: i32,
    /// The negotiated encoding.
    pub encoding: Encoding,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while the lock was held must not take every later request down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Session {
    /// Records the client's capabilities.
    pub fn set_caps(&self, caps: ClientCaps) {
        *lock(&self.caps) = caps;
    }

    /// The client's capabilities.
    pub fn caps(&self) -> ClientCaps {
        *lock(&self.caps)
    }

    /// Opens (or reopens) a document.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        lock(&self.docs).insert(
            uri,
            OpenDocument {
                doc: Document::new(text),
                version,
            },
        );
    }

    /// Closes a document; returns whether it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        lock(&self.docs).remove(uri).is_some()
    }

    /// Runs `f` on an open document under the lock (edits are applied here, in order).
    pub fn with_doc<R>(&self, uri: &Uri, f: impl FnOnce(&mut OpenDocument) -> R) -> Option<R> {
        lock(&self.docs).get_mut(uri).map(f)
    }

    /// The current version of a document.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }

    /// A snapshot of a document. The incremental reparse happens under the lock (it is
    /// cheap); the instruction scan and the model are built after the lock is released.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let encoding = self.caps().encoding;
        let (rope, tree, version) = {
            let mut docs = lock(&self.docs);
            let d = docs.get_mut(uri)?;
            d.doc.reparse();
            (d.doc.text().clone(), d.doc.tree().cloned(), d.version)
        };
        let analysis = Analysis::new(rope, tree, &BuildConfig::default());
        Some(Snapshot {
            analysis,
            version,
            encoding,
        })
    }
}
