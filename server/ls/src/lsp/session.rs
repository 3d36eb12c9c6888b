//! Server state: the open documents, the analysis kept for each one's current version, the
//! working set of documents that keep their caches, and the settings and capabilities the
//! handlers read. What a document is checked with is `crate::config::DocEnv`; what the client
//! can do is `capabilities::ClientCaps`; the semantic tokens last sent are `token_cache`.
//!
//! The store is a `std::sync::Mutex` that is never held across an `.await`: handlers lock it,
//! apply edits or take a snapshot, and unlock before any asynchronous work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use dockerfile_analysis::builds::{BuildFile, BuildFileKind, Resolved};
use dockerfile_analysis::document::tree_fingerprint;
use dockerfile_analysis::syntax::tree::unclean_ranges;
use dockerfile_analysis::{Analysis, Builder, Diagnostic, Document, Rope, TextEdit, TextRange};
use tower_lsp_server::ls_types::Uri;
use tree_sitter::Tree;

use super::capabilities::ClientCaps;
use super::convert::Encoding;
use super::token_cache::SentTokens;
use crate::config::{DocEnv, EditorSettings};
use crate::workspace::{self, BuildIndex, DiskDockerfiles};

/// How many documents keep their tree and instructions between uses. The others keep only
/// their text (a 1,000-line Dockerfile's tree-sitter tree alone is about 0.75 MiB) and are
/// parsed again, in the background, when they are next used.
const HOT_DOCUMENTS: usize = 6;

/// One open document.
pub struct OpenDocument {
    /// The text and its tree.
    pub doc: Document,
    /// The version the client gave with the last change.
    pub version: i32,
    /// When it was last analysed or parsed (a tick of the session's clock).
    last_used: u64,
    /// What it is checked with.
    pub env: Arc<DocEnv>,
    /// The analysis of `version` under `env`, and its findings once computed: requests and
    /// the diagnostics worker share them instead of analysing the same text again.
    pub(crate) cached: Option<Cached>,
}

/// An analysis kept for the version it was made from.
pub(crate) struct Cached {
    version: i32,
    env: Arc<DocEnv>,
    /// Kept for documents up to [`KEEP_ANALYSIS_BYTES`]; larger ones keep only their findings.
    /// It gives its share of the instructions up before the next rescan (see
    /// `Analysis::retire`), so an edit never copies them: it costs only its model and
    /// indices.
    analysis: Option<Analysis>,
    findings: Arc<OnceLock<Vec<Diagnostic>>>,
}

impl Cached {
    /// Gives the analysis up (see [`Analysis::retire`]).
    fn retire(self) -> Retired {
        Retired {
            _analysis: self.analysis.map(Analysis::retire),
            _findings: self.findings,
        }
    }
}

/// A replaced cache entry, freed with the snapshot that replaced it.
struct Retired {
    _analysis: Option<dockerfile_analysis::Retired>,
    _findings: Arc<OnceLock<Vec<Diagnostic>>>,
}

/// The largest document whose analysis is kept between requests (the size past which RUN
/// scripts are not analysed either).
const KEEP_ANALYSIS_BYTES: usize = 8 << 20;

/// Marks `uri` as just used, and frees the caches of the least recently used documents
/// beyond [`HOT_DOCUMENTS`].
fn touch(docs: &mut HashMap<Uri, OpenDocument>, uri: &Uri, tick: u64) {
    if let Some(d) = docs.get_mut(uri) {
        d.last_used = tick;
    }
    let mut holders: Vec<(u64, Uri)> = docs
        .iter()
        .filter(|(_, d)| d.doc.holds_cache())
        .map(|(u, d)| (d.last_used, u.clone()))
        .collect();
    if holders.len() <= HOT_DOCUMENTS {
        return;
    }
    holders.sort_unstable_by_key(|(t, _)| *t);
    for (_, u) in holders.iter().take(holders.len() - HOT_DOCUMENTS) {
        if let Some(d) = docs.get_mut(u) {
            d.doc.shed();
            d.cached = None;
        }
    }
}

/// All mutable server state.
#[derive(Default)]
pub struct Session {
    docs: Mutex<HashMap<Uri, OpenDocument>>,
    caps: Mutex<ClientCaps>,
    /// Counts every change to any document; a background reparse gives up when it moves.
    edits: AtomicU64,
    /// The clock of `OpenDocument::last_used`.
    ticks: AtomicU64,
    /// The settings from the editor (`dockerfile-ls` section).
    editor: Mutex<EditorSettings>,
    /// The workspace folders: configuration files are not looked for above them.
    roots: Mutex<Vec<PathBuf>>,
    /// The last semantic tokens sent for each document (for deltas).
    pub sent_tokens: SentTokens,
    /// The open build files (Compose, Bake, CI files), kept apart from the Dockerfiles.
    builds: Mutex<HashMap<Uri, BuildDoc>>,
    /// Every build file of the workspace, open or not.
    index: Mutex<BuildIndex>,
    /// Dockerfiles read from disk for the build files' checks.
    disk: Mutex<DiskDockerfiles>,
    /// The directories scanned for build files.
    scanned: Mutex<Vec<PathBuf>>,
    /// Open documents that are not ours (another language, no build file).
    ignored: Mutex<std::collections::HashSet<Uri>>,
    /// Scans under way, and their end: diagnostics wait for them (briefly), so that a
    /// document's first findings already know who builds it.
    pending_scans: std::sync::atomic::AtomicUsize,
    scans_done: tokio::sync::Notify,
    /// The open ignore files and the build contexts walked for them.
    pub ignores: super::ignore_docs::IgnoreDocs,
}

/// An open build file.
pub struct BuildDoc {
    /// Its text.
    pub rope: Rope,
    /// The version the client gave with the last change.
    pub version: i32,
    /// Its absolute, normalized path.
    pub path: PathBuf,
    /// What kind of build file it is.
    pub kind: BuildFileKind,
    /// The rules it is checked with: the editor's settings under the nearest
    /// `.dockerfile-ls.toml`.
    pub settings: Arc<dockerfile_analysis::RuleSettings>,
}

/// A consistent view of one open build file.
pub struct BuildSnapshot {
    /// Its text.
    pub rope: Rope,
    /// The same text (what the build file was read from).
    pub text: Arc<str>,
    /// What it describes.
    pub file: Arc<BuildFile>,
    /// Its version.
    pub version: i32,
    /// Its path.
    pub path: PathBuf,
    /// Its kind.
    pub kind: BuildFileKind,
    /// The rules it is checked with.
    pub settings: Arc<dockerfile_analysis::RuleSettings>,
    /// The negotiated encoding.
    pub encoding: Encoding,
}

/// A build file with entries that build a given Dockerfile.
pub struct BuildsOf {
    /// The build file.
    pub path: PathBuf,
    /// Its text.
    pub text: Arc<str>,
    /// What it describes.
    pub file: Arc<BuildFile>,
    /// The entries that build the Dockerfile.
    pub entries: Vec<usize>,
}

/// Applies a document's content changes in order: a range replaces that range, no range
/// replaces the whole text.
pub fn apply_changes(
    rope: &mut Rope,
    changes: Vec<(Option<tower_lsp_server::ls_types::Range>, String)>,
    enc: super::convert::Encoding,
) {
    for (range, text) in changes {
        match range {
            Some(r) => {
                let range = super::convert::from_proto::text_range(rope, r, enc);
                TextEdit {
                    range,
                    new_text: text,
                }
                .apply_to_rope(rope);
            }
            None => *rope = Rope::from_str(&text),
        }
    }
}

/// The absolute, normalized path and kind of a build file's URI (None for anything else).
#[must_use]
pub fn build_file_of(uri: &Uri) -> Option<(PathBuf, BuildFileKind)> {
    let path = workspace::absolute(&uri.to_file_path()?);
    let kind = BuildFileKind::of(&path)?;
    Some((path, kind))
}

/// The tree-sitter view of a document, for `dockerfile-ls/syntaxTree`.
pub struct TreeDump {
    /// The text.
    pub rope: Rope,
    /// Every node's kind and byte range, indented by depth.
    pub tree: String,
    /// Where the grammar gave up (ERROR or MISSING nodes).
    pub unclean: Vec<TextRange>,
}

/// A consistent view of one document for computing a response.
pub struct Snapshot {
    /// The analysed text.
    pub analysis: Analysis,
    /// Its version.
    pub version: i32,
    /// The negotiated encoding.
    pub encoding: Encoding,
    /// What it is checked with.
    pub env: Arc<DocEnv>,
    /// The findings, computed at most once per version (shared with later snapshots).
    findings: Arc<OnceLock<Vec<Diagnostic>>>,
    /// The analysis of an older version that this snapshot replaced in the cache. Freeing a
    /// large analysis takes milliseconds, so it is freed with the snapshot, after the answer
    /// or the diagnostics went out, not while the snapshot is taken.
    _retired: Vec<Retired>,
}

impl Snapshot {
    /// Every enabled rule's findings (computed on first use, then shared by every request
    /// and by the diagnostics worker for this version).
    pub fn findings(&self) -> &[Diagnostic] {
        self.findings
            .get_or_init(|| self.analysis.diagnostics_with(&self.env.settings))
    }
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

    /// The open documents.
    pub fn uris(&self) -> Vec<Uri> {
        lock(&self.docs).keys().cloned().collect()
    }

    /// Records the workspace folders.
    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        *lock(&self.roots) = roots;
    }

    /// The workspace folders.
    pub fn roots(&self) -> Vec<PathBuf> {
        lock(&self.roots).clone()
    }

    /// The client's capabilities.
    pub fn caps(&self) -> ClientCaps {
        *lock(&self.caps)
    }

    /// Opens (or reopens) a document.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        self.edits.fetch_add(1, Ordering::SeqCst);
        let builders = self.builders_for(&uri);
        let env = Arc::new(DocEnv::load(
            &uri,
            &self.editor_settings(),
            &self.roots(),
            builders,
        ));
        lock(&self.docs).insert(
            uri,
            OpenDocument {
                doc: Document::new(text),
                version,
                last_used: 0,
                env,
                cached: None,
            },
        );
    }

    /// The editor's settings.
    pub fn editor_settings(&self) -> EditorSettings {
        lock(&self.editor).clone()
    }

    /// Replaces the editor's settings (the caller then calls [`Session::reload_envs`]).
    pub fn set_editor_settings(&self, settings: EditorSettings) {
        *lock(&self.editor) = settings;
    }

    /// Reads every open document's configuration and build context again (after a settings
    /// change, or a change to a `.dockerfile-ls.toml` or `.dockerignore`). Returns the open
    /// documents, and the configuration errors found.
    pub fn reload_envs(&self) -> (Vec<Uri>, Vec<String>) {
        let uris: Vec<Uri> = lock(&self.docs).keys().cloned().collect();
        let editor = self.editor_settings();
        let roots = self.roots();
        let mut errors = Vec::new();
        // The files are read without the lock held.
        let envs: Vec<(Uri, Arc<DocEnv>)> = uris
            .iter()
            .map(|u| {
                let builders = self.builders_for(u);
                (
                    u.clone(),
                    Arc::new(DocEnv::load(u, &editor, &roots, builders)),
                )
            })
            .collect();
        // Open build files take the new rule levels too.
        let build_uris: Vec<Uri> = lock(&self.builds).keys().cloned().collect();
        for u in build_uris {
            let settings = Arc::new(DocEnv::load(&u, &editor, &roots, None).settings);
            if let Some(d) = lock(&self.builds).get_mut(&u) {
                d.settings = settings;
            }
        }
        let mut docs = lock(&self.docs);
        for (u, env) in envs {
            if let Some(e) = &env.config_error
                && !errors.contains(e)
            {
                errors.push(e.clone());
            }
            if let Some(d) = docs.get_mut(&u) {
                d.env = env;
            }
        }
        (uris, errors)
    }

    /// The configuration error of a document, if its configuration file is broken.
    pub fn config_error(&self, uri: &Uri) -> Option<String> {
        lock(&self.docs)
            .get(uri)
            .and_then(|d| d.env.config_error.clone())
    }

    /// Closes a document; returns whether it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        self.sent_tokens.forget(uri);
        self.edits.fetch_add(1, Ordering::SeqCst);
        lock(&self.docs).remove(uri).is_some()
    }

    /// Runs `f` on an open document under the lock (edits are applied here, in order).
    pub fn with_doc<R>(&self, uri: &Uri, f: impl FnOnce(&mut OpenDocument) -> R) -> Option<R> {
        self.edits.fetch_add(1, Ordering::SeqCst);
        lock(&self.docs).get_mut(uri).map(f)
    }

    /// How many changes the session has seen.
    pub fn edit_count(&self) -> u64 {
        self.edits.load(Ordering::SeqCst)
    }

    /// What a background reparse of `uri` needs, if its tree is behind its text.
    pub fn pending_reparse(&self, uri: &Uri) -> Option<(Rope, Option<Tree>, u64)> {
        lock(&self.docs)
            .get(uri)
            .and_then(|d| d.doc.pending_reparse())
    }

    /// Installs a tree parsed in the background (ignored if the document changed since).
    pub fn install_tree(&self, uri: &Uri, tree: Tree, revision: u64) -> bool {
        let mut docs = lock(&self.docs);
        let installed = docs
            .get_mut(uri)
            .is_some_and(|d| d.doc.install_tree(tree, revision));
        touch(&mut docs, uri, self.tick());
        installed
    }

    fn tick(&self) -> u64 {
        self.ticks.fetch_add(1, Ordering::SeqCst)
    }

    /// The up-to-date tree of a document (reparsing now if the background has not yet).
    pub fn tree_dump(&self, uri: &Uri) -> Option<TreeDump> {
        let mut docs = lock(&self.docs);
        let d = docs.get_mut(uri)?;
        d.doc.reparse();
        let rope = d.doc.text().clone();
        let tree = d.doc.tree().cloned();
        touch(&mut docs, uri, self.tick());
        let tree = tree.as_ref();
        Some(TreeDump {
            rope,
            tree: tree_fingerprint(tree),
            unclean: tree.map(unclean_ranges).unwrap_or_default(),
        })
    }

    /// The current version of a document.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }

    /// A snapshot of a document for semantic features. It needs only the text and the
    /// logical instructions (derived the way BuildKit derives them, and rescanned under the
    /// lock only where the edits since the last snapshot changed them), so it never waits for
    /// a tree-sitter reparse; the model and the rules run after the lock is released.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let encoding = self.caps().encoding;
        let mut retired = Vec::new();
        let (rope, parsed, version, env, known) = {
            let mut docs = lock(&self.docs);
            let d = docs.get_mut(uri)?;
            let current = d
                .cached
                .as_ref()
                .filter(|c| c.version == d.version && Arc::ptr_eq(&c.env, &d.env));
            if let Some(c) = current
                && let Some(analysis) = &c.analysis
            {
                let snap = Snapshot {
                    analysis: analysis.clone(),
                    version: c.version,
                    encoding,
                    env: Arc::clone(&c.env),
                    findings: Arc::clone(&c.findings),
                    _retired: Vec::new(),
                };
                touch(&mut docs, uri, self.tick());
                return Some(snap);
            }
            let findings = current.map(|c| Arc::clone(&c.findings));
            // An older version's analysis goes now: holding its instructions would make
            // the rescan below copy every one of them instead of updating them in place.
            if findings.is_none()
                && let Some(old) = d.cached.take()
            {
                retired.push(old.retire());
            }
            let taken = (
                d.doc.text().clone(),
                d.doc.parsed(),
                d.version,
                Arc::clone(&d.env),
                findings,
            );
            touch(&mut docs, uri, self.tick());
            taken
        };
        let known_findings = known;
        let analysis = Analysis::with_parsed(rope, None, parsed, &env.build);
        let findings = known_findings.unwrap_or_default();
        if let Some(d) = lock(&self.docs).get_mut(uri)
            && d.version == version
            && Arc::ptr_eq(&d.env, &env)
        {
            let keep = analysis.text().len_bytes() <= KEEP_ANALYSIS_BYTES;
            let replaced = d.cached.replace(Cached {
                version,
                env: Arc::clone(&env),
                analysis: keep.then(|| analysis.clone()),
                findings: Arc::clone(&findings),
            });
            retired.extend(replaced.map(Cached::retire));
        }
        Some(Snapshot {
            analysis,
            version,
            encoding,
            env,
            findings,
            _retired: retired,
        })
    }

    /// Who builds the Dockerfile at `uri`, from the index (None until it was scanned).
    pub fn builders_for(&self, uri: &Uri) -> Option<Vec<Builder>> {
        let path = workspace::absolute(&uri.to_file_path()?);
        lock(&self.index).builders_of(&path)
    }

    /// Gives every open Dockerfile whose builders changed a new environment; returns them.
    pub fn refresh_builders(&self) -> Vec<Uri> {
        let uris = self.uris();
        let mut changed = Vec::new();
        for u in uris {
            let builders = self.builders_for(&u);
            let mut docs = lock(&self.docs);
            let Some(d) = docs.get_mut(&u) else { continue };
            if d.env.build.builders != builders {
                let context_of =
                    |b: Option<&Vec<Builder>>| b.and_then(|b| workspace::agreed_context(b));
                if context_of(d.env.build.builders.as_ref()) != context_of(builders.as_ref()) {
                    // Another build context: its `.dockerignore` is read again (rarely: when
                    // a build file's `context` changes).
                    drop(docs);
                    let env = DocEnv::load(&u, &self.editor_settings(), &self.roots(), builders);
                    if let Some(d) = lock(&self.docs).get_mut(&u) {
                        d.env = Arc::new(env);
                    }
                    changed.push(u);
                    continue;
                }
                let mut env = (*d.env).clone();
                env.build.builders = builders;
                d.env = Arc::new(env);
                changed.push(u);
            }
        }
        changed
    }

    /// A scan starts.
    pub fn scan_started(&self) {
        self.pending_scans.fetch_add(1, Ordering::SeqCst);
    }

    /// A scan ended: its build files join the index, the open Dockerfiles learn who builds
    /// them (before diagnostics waiting for the scan go on). Returns the Dockerfiles whose
    /// builders changed.
    pub fn add_scan(&self, index: Option<BuildIndex>) -> Vec<Uri> {
        if let Some(index) = index {
            lock(&self.index).merge(index);
        }
        let changed = self.refresh_builders();
        self.pending_scans.fetch_sub(1, Ordering::SeqCst);
        self.scans_done.notify_waiters();
        changed
    }

    /// Waits until no scan is under way, at most `limit`.
    pub async fn wait_for_scans(&self, limit: std::time::Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let done = self.scans_done.notified();
            if self.pending_scans.load(Ordering::SeqCst) == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, done).await.is_err() {
                return;
            }
        }
    }

    /// The roots among `roots` that no scan covers yet, now claimed for one.
    pub fn claim_unscanned(&self, roots: &[PathBuf]) -> Vec<PathBuf> {
        let mut scanned = lock(&self.scanned);
        let new: Vec<PathBuf> = roots
            .iter()
            .filter(|r| !scanned.iter().any(|s| r.starts_with(s)))
            .cloned()
            .collect();
        scanned.extend(new.iter().cloned());
        new
    }

    /// Reads build files changed on disk again (or forgets deleted ones).
    pub fn reload_build_files(&self, paths: &[PathBuf]) {
        let mut index = lock(&self.index);
        for p in paths {
            index.reload(p);
        }
    }

    /// Records an open document that is not ours.
    pub fn ignore(&self, uri: Uri) {
        lock(&self.ignored).insert(uri);
    }

    /// Whether `uri` is an open document that is not ours.
    pub fn is_ignored(&self, uri: &Uri) -> bool {
        lock(&self.ignored).contains(uri)
    }

    /// Forgets a closed document that was not ours; returns whether it was one.
    pub fn unignore(&self, uri: &Uri) -> bool {
        lock(&self.ignored).remove(uri)
    }

    /// Whether `uri` is an open build file.
    pub fn is_build(&self, uri: &Uri) -> bool {
        lock(&self.builds).contains_key(uri)
    }

    /// The open build files.
    pub fn build_uris(&self) -> Vec<Uri> {
        lock(&self.builds).keys().cloned().collect()
    }

    /// The rule settings of a document that is not a Dockerfile (an ignore file): the
    /// editor's, under the nearest `.dockerfile-ls.toml`.
    pub fn settings_for(&self, uri: &Uri) -> Arc<dockerfile_analysis::RuleSettings> {
        let editor = self.editor_settings();
        Arc::new(DocEnv::load(uri, &editor, &self.roots(), None).settings)
    }

    /// Opens a build file.
    pub fn open_build(
        &self,
        uri: Uri,
        path: PathBuf,
        kind: BuildFileKind,
        text: &str,
        version: i32,
    ) {
        let editor = self.editor_settings();
        let settings = Arc::new(DocEnv::load(&uri, &editor, &self.roots(), None).settings);
        lock(&self.index).set(&path, text.into(), true);
        lock(&self.builds).insert(
            uri,
            BuildDoc {
                rope: Rope::from_str(text),
                version,
                path,
                kind,
                settings,
            },
        );
    }

    /// Applies changes to an open build file, in order (full replacements and ranges), and
    /// reads it again. False when it is not open or the version goes back.
    pub fn change_build(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<(Option<tower_lsp_server::ls_types::Range>, String)>,
    ) -> bool {
        let enc = self.caps().encoding;
        let mut builds = lock(&self.builds);
        let Some(d) = builds.get_mut(uri) else {
            return false;
        };
        if version < d.version {
            return false;
        }
        apply_changes(&mut d.rope, changes, enc);
        d.version = version;
        let text: Arc<str> = d.rope.to_string().into();
        let path = d.path.clone();
        drop(builds);
        lock(&self.index).set(&path, text, true);
        true
    }

    /// Closes a build file: its disk contents count again. False when it was not open.
    pub fn close_build(&self, uri: &Uri) -> bool {
        let Some(d) = lock(&self.builds).remove(uri) else {
            return false;
        };
        lock(&self.index).close(&d.path);
        true
    }

    /// A snapshot of an open build file.
    pub fn build_snapshot(&self, uri: &Uri) -> Option<BuildSnapshot> {
        let encoding = self.caps().encoding;
        let builds = lock(&self.builds);
        let d = builds.get(uri)?;
        let index = lock(&self.index);
        let indexed = index.get(&d.path)?;
        Some(BuildSnapshot {
            rope: d.rope.clone(),
            text: Arc::clone(&indexed.text),
            file: Arc::clone(&indexed.file),
            version: d.version,
            path: d.path.clone(),
            kind: d.kind,
            settings: Arc::clone(&d.settings),
            encoding,
        })
    }

    /// The version of an open build file.
    pub fn build_version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.builds).get(uri).map(|d| d.version)
    }

    /// The open Dockerfile at `path`, if any.
    pub fn open_dockerfile(&self, path: &Path) -> Option<Uri> {
        lock(&self.docs)
            .keys()
            .find(|u| {
                u.to_file_path()
                    .is_some_and(|p| workspace::absolute(&p) == path)
            })
            .cloned()
    }

    /// What each entry of a build file builds: open Dockerfiles as the editor has them, the
    /// others from disk.
    pub fn resolve_build(&self, snap: &BuildSnapshot) -> (Vec<Resolved>, Vec<Option<PathBuf>>) {
        let open = |p: &Path| {
            let uri = self.open_dockerfile(p)?;
            self.snapshot(&uri).map(|s| s.analysis)
        };
        let mut disk = lock(&self.disk);
        workspace::resolve(&snap.file, &snap.path, &open, &mut disk)
    }

    /// The Dockerfile at `path` (open, else from disk) and the URI to point at it.
    pub fn dockerfile_at(&self, path: &Path) -> Option<(Uri, Analysis)> {
        if let Some(uri) = self.open_dockerfile(path) {
            let a = self.snapshot(&uri)?.analysis;
            return Some((uri, a));
        }
        let a = lock(&self.disk).get(path)?;
        Some((Uri::from_file_path(path)?, a))
    }

    /// The build files (open or not) with entries that build the Dockerfile at `uri`.
    pub fn builds_of(&self, uri: &Uri) -> Vec<BuildsOf> {
        let Some(path) = uri.to_file_path().map(|p| workspace::absolute(&p)) else {
            return Vec::new();
        };
        let index = lock(&self.index);
        let mut out: Vec<BuildsOf> = Vec::new();
        for (p, f, i, _) in index.entries_for(&path) {
            match out.iter_mut().find(|b| b.path == p) {
                Some(b) => b.entries.push(i),
                None => out.push(BuildsOf {
                    path: p.to_path_buf(),
                    text: Arc::clone(&f.text),
                    file: Arc::clone(&f.file),
                    entries: vec![i],
                }),
            }
        }
        out
    }

    /// The open build files whose entries build the Dockerfile at `uri`.
    pub fn open_builds_of(&self, uri: &Uri) -> Vec<Uri> {
        let paths: Vec<PathBuf> = self.builds_of(uri).into_iter().map(|b| b.path).collect();
        lock(&self.builds)
            .iter()
            .filter(|(_, d)| paths.contains(&d.path))
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// The URI and version of the build file at `path`, when the editor has it open.
    pub fn open_build_at(&self, path: &Path) -> Option<(Uri, i32)> {
        lock(&self.builds)
            .iter()
            .find(|(_, d)| d.path == path)
            .map(|(u, d)| (u.clone(), d.version))
    }
}
