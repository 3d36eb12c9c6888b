//! The semantic tokens last sent for each document, with their result id: what
//! `textDocument/semanticTokens/full/delta` computes a delta against.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tower_lsp_server::ls_types::{SemanticToken, Uri};

/// The last tokens sent per document.
#[derive(Default)]
pub struct SentTokens {
    last: Mutex<HashMap<Uri, (String, Vec<SemanticToken>)>>,
    /// Numbers result ids.
    ids: AtomicU64,
}

impl SentTokens {
    fn last(&self) -> MutexGuard<'_, HashMap<Uri, (String, Vec<SemanticToken>)>> {
        self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps the semantic tokens just sent for `uri`; returns their result id.
    pub fn remember(&self, uri: &Uri, data: Vec<SemanticToken>) -> String {
        let id = self.ids.fetch_add(1, Ordering::SeqCst).to_string();
        self.last().insert(uri.clone(), (id.clone(), data));
        id
    }

    /// The tokens sent for `uri` under result id `id`, if they are the last ones.
    pub fn remembered(&self, uri: &Uri, id: &str) -> Option<Vec<SemanticToken>> {
        self.last()
            .get(uri)
            .filter(|(i, _)| i == id)
            .map(|(_, d)| d.clone())
    }

    /// Drops what was kept for `uri` (a closed document).
    pub fn forget(&self, uri: &Uri) {
        self.last().remove(uri);
    }
}
