//! Open ignore files (`.dockerignore`, `<Dockerfile>.dockerignore`) and the build contexts
//! they apply to. A context is walked off the request path, once, and kept until a watched
//! file under it changes (the contexts of open ignore files always, a few others while they
//! are used); requests never wait for a walk: they see "counting…" and the server refreshes
//! its answers when the walk ends.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use dockerfile_analysis::ignorefile::Listing;
use dockerfile_analysis::{Rope, RuleSettings};
use tower_lsp_server::ls_types::{Range, Uri};

use super::convert::Encoding;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The absolute path of an ignore file's URI, if its name makes it one.
#[must_use]
pub fn ignore_file_of(uri: &Uri) -> Option<PathBuf> {
    let path = crate::workspace::absolute(&uri.to_file_path()?);
    let name = path.file_name()?.to_str()?;
    name.ends_with(".dockerignore").then_some(path)
}

/// An open ignore file.
struct IgnoreDoc {
    rope: Rope,
    version: i32,
    path: PathBuf,
    settings: Arc<RuleSettings>,
}

/// What is known of a context.
#[derive(Default)]
struct Slot {
    listing: Option<Arc<Listing>>,
    walking: bool,
    stale: bool,
    /// When it was last asked for (a tick of `IgnoreDocs::clock`).
    used: u64,
}

/// How many walked contexts are kept: those of open ignore files always, others (a hovered
/// `COPY .`'s) while they are among the most recently used.
const KEPT_CONTEXTS: usize = 4;

/// The context as a request sees it.
#[derive(Clone)]
pub enum Walked {
    /// Never walked yet (a walk is under way or about to start).
    Counting,
    /// Walked (perhaps while a newer walk runs).
    Ready(Arc<Listing>),
}

/// A consistent view of an open ignore file.
pub struct IgnoreSnapshot {
    /// Its text.
    pub rope: Rope,
    /// The same text.
    pub text: Arc<str>,
    /// Its version.
    pub version: i32,
    /// Its path.
    pub path: PathBuf,
    /// The context it applies to.
    pub context: PathBuf,
    /// The Dockerfile it belongs to (`<Dockerfile>.dockerignore`), if it is one's own.
    pub dockerfile: Option<PathBuf>,
    /// The context's walk.
    pub walked: Walked,
    /// The negotiated encoding.
    pub encoding: Encoding,
    /// The rules it is checked with (the editor's settings under the nearest
    /// `.dockerfile-ls.toml`).
    pub settings: Arc<RuleSettings>,
}

/// The open ignore files and the walked contexts.
#[derive(Default)]
pub struct IgnoreDocs {
    docs: Mutex<HashMap<Uri, IgnoreDoc>>,
    contexts: Mutex<HashMap<PathBuf, Slot>>,
    clock: std::sync::atomic::AtomicU64,
    /// Woken when a walk ends.
    walked: tokio::sync::Notify,
}

/// The context and own Dockerfile of an ignore file at `path`.
#[must_use]
pub fn context_of(path: &Path) -> (PathBuf, Option<PathBuf>) {
    crate::context::context_of_ignore_file(path)
}

impl IgnoreDocs {
    /// Whether `uri` is an open ignore file.
    pub fn is_open(&self, uri: &Uri) -> bool {
        lock(&self.docs).contains_key(uri)
    }

    /// Opens an ignore file.
    pub fn open(
        &self,
        uri: Uri,
        path: PathBuf,
        text: &str,
        version: i32,
        settings: Arc<RuleSettings>,
    ) {
        lock(&self.docs).insert(
            uri,
            IgnoreDoc {
                rope: Rope::from_str(text),
                version,
                path,
                settings,
            },
        );
    }

    /// Applies changes in order; false when it is not open or the version goes back.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<(Option<Range>, String)>,
        enc: Encoding,
    ) -> bool {
        let mut docs = lock(&self.docs);
        let Some(d) = docs.get_mut(uri) else {
            return false;
        };
        if version < d.version {
            return false;
        }
        super::session::apply_changes(&mut d.rope, changes, enc);
        d.version = version;
        true
    }

    /// Closes an ignore file; false when it was not open.
    pub fn close(&self, uri: &Uri) -> bool {
        lock(&self.docs).remove(uri).is_some()
    }

    /// The version of an open ignore file.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }

    /// The open ignore files.
    pub fn uris(&self) -> Vec<Uri> {
        lock(&self.docs).keys().cloned().collect()
    }

    /// A snapshot of an open ignore file.
    pub fn snapshot(&self, uri: &Uri, encoding: Encoding) -> Option<IgnoreSnapshot> {
        let (rope, version, path, settings) = {
            let docs = lock(&self.docs);
            let d = docs.get(uri)?;
            (
                d.rope.clone(),
                d.version,
                d.path.clone(),
                Arc::clone(&d.settings),
            )
        };
        let (context, dockerfile) = context_of(&path);
        let walked = self.walked(&context);
        Some(IgnoreSnapshot {
            text: rope.to_string().into(),
            rope,
            version,
            path,
            context,
            dockerfile,
            walked,
            encoding,
            settings,
        })
    }

    /// The context's listing as known now.
    pub fn walked(&self, context: &Path) -> Walked {
        match self.cached(context) {
            Some(l) => Walked::Ready(l),
            None => Walked::Counting,
        }
    }

    /// Whether `context` needs a walk (never walked, or stale) that is not under way; if so,
    /// it is marked as being walked.
    pub fn claim_walk(&self, context: &Path) -> bool {
        let mut contexts = lock(&self.contexts);
        let slot = contexts.entry(context.to_path_buf()).or_default();
        if slot.walking || (slot.listing.is_some() && !slot.stale) {
            return false;
        }
        slot.walking = true;
        slot.stale = false;
        true
    }

    /// Keeps a finished walk; returns the open ignore files of that context.
    pub fn finish_walk(&self, context: &Path, listing: Listing) -> Vec<Uri> {
        let open = self.open_contexts();
        {
            let tick = self.tick();
            let mut contexts = lock(&self.contexts);
            let slot = contexts.entry(context.to_path_buf()).or_default();
            slot.listing = Some(Arc::new(listing));
            slot.walking = false;
            slot.used = tick;
            // The least recently used listings of contexts no open ignore file needs go.
            while contexts.values().filter(|s| s.listing.is_some()).count() > KEPT_CONTEXTS {
                let Some(oldest) = contexts
                    .iter()
                    .filter(|(d, s)| s.listing.is_some() && !s.walking && !open.contains(d))
                    .min_by_key(|(_, s)| s.used)
                    .map(|(d, _)| d.clone())
                else {
                    break;
                };
                contexts.remove(&oldest);
            }
        }
        self.walked.notify_waiters();
        lock(&self.docs)
            .iter()
            .filter(|(_, d)| context_of(&d.path).0 == context)
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// Waits (at most `within`) for `context` to have been walked.
    pub async fn wait_for_walk(&self, context: &Path, within: std::time::Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let notified = self.walked.notified();
            if self.cached(context).is_some() {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
    }

    /// Marks the walked contexts holding any of `paths` stale (walked again when next
    /// used), and those below a changed `.gitignore` (a walk reads the ones above its
    /// context too); returns them.
    pub fn invalidate(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut contexts = lock(&self.contexts);
        let mut out = Vec::new();
        let gitignore_above = |p: &PathBuf, dir: &PathBuf| {
            p.file_name().is_some_and(|n| n == ".gitignore")
                && p.parent().is_some_and(|parent| dir.starts_with(parent))
        };
        for (dir, slot) in contexts.iter_mut() {
            if paths
                .iter()
                .any(|p| p.starts_with(dir) || gitignore_above(p, dir))
            {
                slot.stale = true;
                out.push(dir.clone());
            }
        }
        out
    }

    /// The contexts of the open ignore files.
    pub fn open_contexts(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = lock(&self.docs)
            .values()
            .map(|d| context_of(&d.path).0)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The listing of `context` if it was walked (for hover on `COPY .`).
    pub fn cached(&self, context: &Path) -> Option<Arc<Listing>> {
        let tick = self.tick();
        let mut contexts = lock(&self.contexts);
        let slot = contexts.get_mut(context)?;
        slot.used = tick;
        slot.listing.clone()
    }

    fn tick(&self) -> u64 {
        self.clock
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}
