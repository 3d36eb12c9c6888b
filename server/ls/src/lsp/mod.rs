//! The LSP shell: a `Backend` whose methods route each request or notification to a handler
//! in `handlers/`, and `run_stdio` to serve it.
//!
//! Concurrency model: tower-lsp-server polls up to [`CONCURRENCY`] handlers at once on one
//! task. Document edits are applied synchronously at the start of `did_change` (before any
//! `.await`), so they keep their arrival order. A request takes a snapshot (an `Arc`) of its
//! document at once — so it sees exactly the edits that came before it — and computes its
//! answer on tokio's blocking pool without holding any lock: a slow request never holds up
//! the others, and `$/cancelRequest` drops it and answers -32800. Push diagnostics are
//! computed by one worker task that only ever analyses the latest version of a document.
//! `exit` ends the process within [`EXIT_GRACE`], whether or not the client closes stdin.

pub mod capabilities;
pub mod convert;
pub mod ext;
pub mod handlers;
pub mod ignore_docs;
pub mod input_filter;
pub mod session;
pub mod token_cache;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CompletionItem, CompletionParams, CompletionResponse, DocumentHighlight,
    DocumentHighlightParams, Hover, HoverParams, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, TextDocumentPositionParams, WorkspaceEdit,
};
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, ConfigurationItem, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult,
    FileSystemWatcher, GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, InitializeParams,
    InitializeResult, InitializedParams, MessageType, Registration, ServerInfo, Uri,
};
use tower_lsp_server::ls_types::{
    CodeLens, CodeLensParams, DocumentLink, DocumentLinkParams, InlayHint, InlayHintParams,
    SignatureHelp, SignatureHelpParams,
};
use tower_lsp_server::ls_types::{
    DocumentFormattingParams, DocumentOnTypeFormattingParams, DocumentRangeFormattingParams,
    TextEdit,
};
use tower_lsp_server::ls_types::{
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeParams, SelectionRange,
    SelectionRangeParams, SemanticTokensDeltaParams, SemanticTokensFullDeltaResult,
    SemanticTokensParams, SemanticTokensRangeParams, SemanticTokensRangeResult,
    SemanticTokensResult, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use capabilities::ClientCaps;
use handlers::{
    annotations, build_files, code_action, completion, definition, diagnostics, format, guard,
    hover, ignore_files, outline, references, rename, sync, tokens,
};
use session::{Session, Snapshot};

use crate::workspace;

/// The language server.
pub struct Backend {
    client: Client,
    session: Arc<Session>,
    changed: UnboundedSender<Uri>,
    shutdown: Arc<AtomicBool>,
    /// Whether the build contexts' watcher was registered (on the first open ignore file).
    context_watch: AtomicBool,
}

impl Backend {
    fn new(client: Client, shutdown: Arc<AtomicBool>) -> Backend {
        let session = Arc::new(Session::default());
        let (changed, rx) = unbounded_channel();
        tokio::spawn(diagnostics::worker(
            Arc::clone(&session),
            client.clone(),
            rx,
        ));
        Backend {
            client,
            session,
            changed,
            shutdown,
            context_watch: AtomicBool::new(false),
        }
    }

    fn schedule(&self, uri: Uri) {
        if !self.session.caps().pull_diagnostics {
            // The worker lives as long as the server; a send can only fail during shutdown.
            let _ = self.changed.send(uri);
        }
    }

    /// Takes the editor's settings (the `dockerfile-ls` section), reports what is wrong in
    /// them, reloads every document's configuration and refreshes the diagnostics.
    async fn apply_settings(&self, value: Option<&serde_json::Value>) {
        if let Some(v) = value {
            let (settings, problems) = crate::config::from_editor(v);
            self.session.set_editor_settings(settings);
            for p in problems {
                self.client.show_message(MessageType::WARNING, p).await;
            }
        }
        self.refresh_all().await;
    }

    /// Re-reads configuration files and build contexts, and re-checks every open document.
    async fn refresh_all(&self) {
        let (uris, errors) = self.session.reload_envs();
        for e in errors {
            self.client
                .show_message(MessageType::WARNING, format!("dockerfile-ls: {e}"))
                .await;
        }
        if self.session.caps().pull_diagnostics {
            if self.session.caps().diagnostic_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
        } else {
            for u in uris.into_iter().chain(self.session.build_uris()) {
                self.schedule(u);
            }
        }
    }

    /// After a build file changed: the open Dockerfiles whose builders changed are checked
    /// again.
    async fn builders_changed(&self) {
        let changed = self.session.refresh_builders();
        if changed.is_empty() {
            return;
        }
        if self.session.caps().pull_diagnostics {
            if self.session.caps().diagnostic_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
        } else {
            for u in changed {
                self.schedule(u);
            }
        }
    }

    /// Indexes the build files under `roots` (those no scan covered yet) in the background,
    /// then checks the open documents again.
    fn spawn_scan(&self, roots: Vec<std::path::PathBuf>, limits: workspace::Limits) {
        let roots = self.session.claim_unscanned(&roots);
        if roots.is_empty() {
            return;
        }
        let session = Arc::clone(&self.session);
        let client = self.client.clone();
        let changed = self.changed.clone();
        session.scan_started();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let scanned =
                tokio::task::spawn_blocking(move || workspace::BuildIndex::scan(&roots, limits))
                    .await
                    .ok();
            if let Some(index) = &scanned {
                tracing::info!(
                    "indexed {} build files in {:.1?}",
                    index.len(),
                    started.elapsed()
                );
            }
            let mut uris = session.add_scan(scanned);
            uris.extend(session.build_uris());
            if session.caps().pull_diagnostics {
                if session.caps().diagnostic_refresh {
                    let _ = client.workspace_diagnostic_refresh().await;
                }
            } else {
                for u in uris {
                    let _ = changed.send(u);
                }
            }
        });
    }

    /// Walks the build context `dir` in the background when it was never walked or went
    /// stale, then refreshes the open ignore files of that context (their diagnostics, and
    /// the code lens with the totals).
    fn ensure_context(&self, dir: std::path::PathBuf) {
        if !self.session.ignores.claim_walk(&dir) {
            return;
        }
        let session = Arc::clone(&self.session);
        let client = self.client.clone();
        let changed = self.changed.clone();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let d = dir.clone();
            let listing = tokio::task::spawn_blocking(move || {
                crate::context::walk(&d, &crate::context::WalkLimits::from_env())
            })
            .await
            .unwrap_or_default();
            tracing::info!(
                "walked the build context {} ({} entries) in {:.1?}",
                dir.display(),
                listing.entries.len(),
                started.elapsed()
            );
            let uris = session.ignores.finish_walk(&dir, listing);
            if session.caps().pull_diagnostics {
                if session.caps().diagnostic_refresh {
                    let _ = client.workspace_diagnostic_refresh().await;
                }
            } else {
                for u in uris {
                    let _ = changed.send(u);
                }
            }
            if session.caps().code_lens_refresh {
                let _ = client.code_lens_refresh().await;
            }
        });
    }

    /// Once an ignore file is open: asks the client to report files created or deleted
    /// anywhere (what a build context sends changes with them; their contents do not
    /// matter). Not before, so that editors that poll for watched files do not watch every
    /// file of a project nobody opens an ignore file in.
    fn watch_contexts(&self) {
        if !self.session.caps().watch_files
            || self
                .context_watch
                .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*".to_owned()),
                kind: Some(
                    tower_lsp_server::ls_types::WatchKind::Create
                        | tower_lsp_server::ls_types::WatchKind::Delete,
                ),
            }],
        };
        let registration = Registration {
            id: "dockerfile-ls-watch-contexts".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        // In the background: `didOpen` must not wait for the client's answer.
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(e) = client.register_capability(vec![registration]).await {
                tracing::warn!("cannot watch the build contexts: {e}");
            }
        });
    }

    /// A snapshot of an open ignore file, starting a walk of its context when it needs one.
    fn ignore_snapshot(&self, uri: &Uri) -> Option<ignore_docs::IgnoreSnapshot> {
        let snap = self
            .session
            .ignores
            .snapshot(uri, self.session.caps().encoding)?;
        self.ensure_context(snap.context.clone());
        Some(snap)
    }

    /// Asks the client for the `dockerfile-ls` settings section.
    async fn pull_configuration(&self) -> Option<serde_json::Value> {
        if !self.session.caps().configuration {
            return None;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("dockerfile-ls".to_owned()),
        }];
        match self.client.configuration(items).await {
            // The section itself, or (some clients answer with the whole object) wrapped in it.
            Ok(mut values) if !values.is_empty() => {
                let v = values.swap_remove(0);
                Some(v.get("dockerfile-ls").cloned().unwrap_or(v))
            }
            _ => None,
        }
    }

    /// Takes a snapshot of `uri` now (so the request sees the edits that came before it, and
    /// none after), then computes the answer on the blocking pool: the request can be
    /// cancelled (`$/cancelRequest` drops it and answers -32800) and never holds up the
    /// others. `None` for documents that are not open.
    async fn on_snapshot<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(Snapshot, ClientCaps) -> Result<Option<T>> + Send + 'static,
    ) -> Result<Option<T>> {
        let Some(snap) = self.session.snapshot(uri) else {
            return Ok(None);
        };
        let caps = self.session.caps();
        blocking(move || f(snap, caps)).await
    }

    /// Routes a request about one document: takes a snapshot of it now (so the request sees
    /// the edits that came before it, and none after) and answers with
    /// `handler(snapshot, caps, params)` on the blocking pool, like [`Backend::on_snapshot`].
    async fn route<P, T>(
        &self,
        params: P,
        handler: fn(&Snapshot, ClientCaps, P) -> Result<Option<T>>,
    ) -> Result<Option<T>>
    where
        P: OnDocument + Send + 'static,
        T: Send + 'static,
    {
        let Some(snap) = self.session.snapshot(params.uri()) else {
            return Ok(None);
        };
        let caps = self.session.caps();
        blocking(move || handler(&snap, caps, params)).await
    }

    /// `dockerfile-ls/debugSleep`: a request that takes `ms` milliseconds on the blocking
    /// pool, to prove slow requests neither block others nor ignore cancellation. Refused
    /// unless `DOCKERFILE_LS_TEST_HOOKS=1`.
    async fn debug_sleep(&self, params: serde_json::Value) -> Result<()> {
        if std::env::var("DOCKERFILE_LS_TEST_HOOKS").as_deref() != Ok("1") {
            return Err(Error::method_not_found());
        }
        let ms = params
            .get("ms")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        blocking(move || {
            std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
            Ok(())
        })
        .await
    }

    /// `dockerfile-ls/invalidMessage`: the reply to a malformed message (see `input_filter`).
    async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        Err(Error {
            code: ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }

    /// `dockerfile-ls/syntaxTree` (see `ext`).
    async fn syntax_tree(&self, params: ext::SyntaxTreeParams) -> Result<serde_json::Value> {
        ext::syntax_tree(&self.session, &params)
    }

    /// `dockerfile-ls/stageGraph` (see `ext`).
    async fn stage_graph(&self, params: ext::StageGraphParams) -> Result<serde_json::Value> {
        let uri = params.text_document.uri.clone();
        let answer = self
            .on_snapshot(&uri, move |s, _| {
                ext::stage_graph(&s, params.target.as_deref()).map(Some)
            })
            .await?;
        Ok(answer.unwrap_or(serde_json::Value::Null))
    }

    /// `dockerfile-ls/debugPanic`: panics inside a request, to prove a panic only fails that
    /// request. Refused unless `DOCKERFILE_LS_TEST_HOOKS=1` is set in the server's environment.
    async fn debug_panic(&self) -> Result<()> {
        if std::env::var("DOCKERFILE_LS_TEST_HOOKS").as_deref() != Ok("1") {
            return Err(Error::method_not_found());
        }
        guard("dockerfile-ls/debugPanic", || {
            panic!("deliberate panic requested by a test")
        })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = capabilities::client_caps(&params.capabilities);
        self.session.set_caps(caps);
        #[allow(deprecated)] // rootUri: older clients send only it
        let roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .chain(
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path())
                    .map(|p| p.into_owned()),
            )
            .collect();
        // The workspace's build files are indexed from now on: before the answer goes out, so
        // that the first document opened (which may be handled alongside `initialized`)
        // already waits for the scan.
        if !roots.is_empty() {
            self.spawn_scan(roots.clone(), workspace::Limits::default());
        }
        self.session.set_roots(roots);
        if let Some(opts) = &params.initialization_options {
            // Either the section itself or an object holding it.
            let section = opts.get("dockerfile-ls").unwrap_or(opts);
            let (settings, problems) = crate::config::from_editor(section);
            self.session.set_editor_settings(settings);
            for p in problems {
                tracing::warn!("{p}");
                // Allowed during `initialize` (the specification names showMessage).
                self.client.show_message(MessageType::WARNING, p).await;
            }
        }
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(&caps),
            server_info: Some(ServerInfo {
                name: "dockerfile-ls".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.client
            .log_message(
                MessageType::INFO,
                format!("dockerfile-ls {} ready", env!("CARGO_PKG_VERSION")),
            )
            .await;
        if self.session.caps().watch_files {
            let watchers = [
                "**/.dockerignore",
                "**/*.dockerignore",
                "**/.dockerfile-ls.toml",
                // Read by the context walk (what a pattern may guard against).
                "**/.gitignore",
                // Build files, and the Dockerfiles they build.
                "**/{compose,docker-compose}*.{yml,yaml}",
                "**/docker-bake*.{hcl,json}",
                "**/.github/workflows/*.{yml,yaml}",
                "**/.gitlab-ci.{yml,yaml}",
                "**/{devcontainer,.devcontainer}.json",
                "**/{Makefile,makefile,GNUmakefile,*.mk}",
                "**/{Dockerfile,Containerfile}*",
                "**/*.{dockerfile,Dockerfile}",
            ]
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_owned()),
                kind: None,
            })
            .to_vec();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "dockerfile-ls-watch".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("cannot watch configuration files: {e}");
            }
        }
        if let Some(v) = self.pull_configuration().await {
            self.apply_settings(Some(&v)).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients either push the settings (possibly wrapped in their section) or send null
        // and expect the server to pull.
        let pushed = params.settings.get("dockerfile-ls").cloned().or_else(|| {
            params
                .settings
                .get("rules")
                .is_some()
                .then(|| params.settings.clone())
        });
        match pushed {
            Some(v) => self.apply_settings(Some(&v)).await,
            None => {
                let pulled = self.pull_configuration().await;
                self.apply_settings(pulled.as_ref()).await;
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<std::path::PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path().map(|p| workspace::absolute(&p)))
            .collect();
        for dir in self.session.ignores.invalidate(&paths) {
            if self.session.ignores.open_contexts().contains(&dir) {
                self.ensure_context(dir);
            }
        }
        // Only configuration, ignore, build files and Dockerfiles change findings elsewhere.
        let relevant = paths.is_empty()
            || paths.iter().any(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n == crate::config::FILE_NAME
                        || n.ends_with(".dockerignore")
                        || n == ".gitignore"
                        || crate::cli::check::is_dockerfile_name(n)
                        || dockerfile_analysis::builds::BuildFileKind::of(p).is_some()
                })
            });
        if !relevant {
            return;
        }
        let build_files: Vec<std::path::PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| session::build_file_of(&c.uri).map(|(p, _)| p))
            .collect();
        if !build_files.is_empty() {
            let session = Arc::clone(&self.session);
            // Reading them waits for nothing else.
            let _ = blocking(move || {
                session.reload_build_files(&build_files);
                Ok(())
            })
            .await;
        }
        self.refresh_all().await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        if let Some(snap) = self.ignore_snapshot(params.uri()) {
            let session = Arc::clone(&self.session);
            return blocking(move || ignore_files::code_action(&session, &snap, &params)).await;
        }
        if let Some(snap) = self.session.build_snapshot(params.uri()) {
            let session = Arc::clone(&self.session);
            return blocking(move || build_files::code_action(&session, &snap, &params)).await;
        }
        let session = Arc::clone(&self.session);
        let uri = params.uri().clone();
        self.on_snapshot(&uri, move |s, caps| {
            code_action::code_action(&session, &s, caps, params)
        })
        .await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let Some((uri, data)) = code_action::ResolveData::of(&action) else {
            return Ok(action);
        };
        let Some(snap) = self.session.snapshot(&uri) else {
            return Ok(action);
        };
        let caps = self.session.caps();
        let session = Arc::clone(&self.session);
        blocking(move || code_action::resolve(&session, &snap, caps, &uri, &data, action)).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri.clone();
        // Ignore files are decided by name (editors give them `ignore`, `gitignore`,
        // `plaintext`, or even `dockerfile` for `Dockerfile.dockerignore`).
        if let Some(path) = ignore_docs::ignore_file_of(&uri) {
            let d = params.text_document;
            let settings = self.session.settings_for(&uri);
            let (context, _) = ignore_docs::context_of(&path);
            self.session
                .ignores
                .open(uri.clone(), path, &d.text, d.version, settings);
            self.ensure_context(context);
            self.schedule(uri);
            self.watch_contexts();
            return;
        }
        // Compose and Bake files are served whatever language id the client gives them.
        if let Some((path, kind)) = session::build_file_of(&uri) {
            let d = params.text_document;
            self.session
                .open_build(uri.clone(), path, kind, &d.text, d.version);
            self.schedule(uri);
            self.builders_changed().await;
            return;
        }
        // A document of another language that is no build file (an editor starts us for all
        // YAML or HCL files to reach the compose and bake ones) is left alone.
        let language = params.text_document.language_id.to_ascii_lowercase();
        if OTHER_LANGUAGES.contains(&language.as_str()) {
            self.session.ignore(uri);
            return;
        }
        if self.session.roots().is_empty()
            && let Some(path) = uri.to_file_path()
        {
            // No workspace folder: the project is the repository holding the file.
            let dir = path.parent().map(std::path::Path::to_path_buf);
            let root = dir.as_deref().and_then(|d| {
                d.ancestors()
                    .find(|a| a.join(".git").exists())
                    .map(std::path::Path::to_path_buf)
            });
            match (root, dir) {
                (Some(root), _) => self.spawn_scan(vec![root], workspace::Limits::default()),
                (None, Some(dir)) => self.spawn_scan(
                    vec![dir],
                    workspace::Limits {
                        depth: 2,
                        ..workspace::Limits::default()
                    },
                ),
                (None, None) => {}
            }
        }
        sync::did_open(&self.session, params);
        self.schedule(uri.clone());
        if let Some(e) = self.session.config_error(&uri) {
            self.client
                .show_message(MessageType::WARNING, format!("dockerfile-ls: {e}"))
                .await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.clone();
        if self.session.is_ignored(&uri) {
            return;
        }
        if self.session.ignores.is_open(&uri) {
            let changes = params
                .content_changes
                .into_iter()
                .map(|c| (c.range, c.text))
                .collect();
            let enc = self.session.caps().encoding;
            if self
                .session
                .ignores
                .change(&uri, params.text_document.version, changes, enc)
            {
                self.schedule(uri);
            }
            return;
        }
        if self.session.is_build(&uri) {
            let changes = params
                .content_changes
                .into_iter()
                .map(|c| (c.range, c.text))
                .collect();
            if self
                .session
                .change_build(&uri, params.text_document.version, changes)
            {
                self.schedule(uri);
                self.builders_changed().await;
            }
            return;
        }
        if sync::did_change(&self.session, params) {
            // The open build files that build it are checked against the new text.
            for b in self.session.open_builds_of(&uri) {
                self.schedule(b);
            }
            self.schedule(uri);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        if self.session.unignore(&params.text_document.uri) {
            return;
        }
        if self.session.ignores.close(&params.text_document.uri) {
            if !self.session.caps().pull_diagnostics {
                self.client
                    .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                    .await;
            }
            return;
        }
        if self.session.close_build(&params.text_document.uri) {
            if !self.session.caps().pull_diagnostics {
                self.client
                    .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                    .await;
            }
            self.builders_changed().await;
            return;
        }
        if sync::did_close(&self.session, &params) && !self.session.caps().pull_diagnostics {
            self.client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        if let Some(snap) = self.session.build_snapshot(params.uri()) {
            let session = Arc::clone(&self.session);
            return blocking(move || build_files::definition(&session, &snap, &params)).await;
        }
        self.route(params, definition::goto_definition).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        if let Some(snap) = self.ignore_snapshot(params.uri()) {
            let at = params.text_document_position_params.position;
            return blocking(move || ignore_files::hover(&snap, at)).await;
        }
        if let Some(snap) = self.session.build_snapshot(params.uri()) {
            let (session, caps) = (Arc::clone(&self.session), self.session.caps());
            return blocking(move || build_files::hover(&session, &snap, caps, &params)).await;
        }
        let Some(snap) = self.session.snapshot(params.uri()) else {
            return Ok(None);
        };
        let caps = self.session.caps();
        // On the `.` of `COPY . …`: what it copies, from the walked context (walked now in
        // the background if it was not: the hover says it is counting).
        let offset = convert::from_proto::offset(
            snap.analysis.text(),
            params.text_document_position_params.position,
            caps.encoding,
        );
        let context = if hover::on_whole_context_copy(&snap.analysis, offset) {
            snap.env.context_dir.clone().map(|dir| {
                self.ensure_context(dir.clone());
                hover::ContextCopy {
                    listing: self.session.ignores.cached(&dir),
                    dockerfile: params
                        .text_document_position_params
                        .text_document
                        .uri
                        .to_file_path()
                        .map(|p| p.to_path_buf()),
                    dir,
                }
            })
        } else {
            None
        };
        blocking(move || hover::hover(&snap, caps, params, context)).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        if let Some(snap) = self.ignore_snapshot(params.uri()) {
            let at = params.text_document_position.position;
            return blocking(move || ignore_files::completion(&snap, at)).await;
        }
        if let Some(snap) = self.session.build_snapshot(params.uri()) {
            let (session, caps) = (Arc::clone(&self.session), self.session.caps());
            return blocking(move || build_files::completion(&session, &snap, caps, &params)).await;
        }
        self.route(params, completion::completion).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        completion::resolve(self.session.caps(), item)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let session = Arc::clone(&self.session);
        let uri = params.uri().clone();
        self.on_snapshot(&uri, move |s, _| {
            references::references_across(&session, &s, params)
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.route(params, |s, _, p| references::highlight(s, p))
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.route(params, |s, _, p| rename::prepare(s, p)).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let session = Arc::clone(&self.session);
        let uri = params.uri().clone();
        self.on_snapshot(&uri, move |s, caps| {
            rename::rename_across(&session, &s, caps, params)
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        if let Some(snap) = self.ignore_snapshot(params.uri()) {
            return blocking(move || ignore_files::formatting(&snap)).await;
        }
        self.route(params, |s, _, p| format::document(s, &p.options))
            .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.route(params, |s, _, p| format::range(s, p.range, &p.options))
            .await
    }

    async fn on_type_formatting(
        &self,
        params: DocumentOnTypeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.route(params, |s, _, p| {
            format::on_type(s, p.text_document_position.position, &p.options)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.route(params, |s, _, p| annotations::inlay_hints(s, p.range))
            .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        if let Some(snap) = self.ignore_snapshot(params.uri()) {
            return blocking(move || ignore_files::code_lens(&snap)).await;
        }
        self.route(params, |s, caps, p| {
            annotations::code_lenses(s, &p.text_document.uri, caps.stage_graph_command)
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.route(params, |s, _, p| {
            annotations::document_links(s, &p.text_document.uri)
        })
        .await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        self.route(params, |s, _, p| {
            annotations::signature_help(s, p.text_document_position_params.position)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.route(params, |s, _, _| outline::document_symbol(s))
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        if let Some(snap) = self
            .session
            .ignores
            .snapshot(params.uri(), self.session.caps().encoding)
        {
            return blocking(move || ignore_files::folding(&snap)).await;
        }
        self.route(params, |s, _, _| outline::folding_range(s))
            .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.route(params, |s, _, p| outline::selection_range(s, &p.positions))
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let session = Arc::clone(&self.session);
        blocking(move || outline::workspace_symbol(&session, &params.query)).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        if let Some(snap) = self
            .session
            .ignores
            .snapshot(&uri, self.session.caps().encoding)
        {
            return blocking(move || ignore_files::tokens(&snap)).await;
        }
        let session = Arc::clone(&self.session);
        let u = uri.clone();
        self.on_snapshot(&uri, move |s, _| tokens::full(&session, &s, &u))
            .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = params.text_document.uri;
        if let Some(snap) = self
            .session
            .ignores
            .snapshot(&uri, self.session.caps().encoding)
        {
            return blocking(move || {
                Ok(ignore_files::tokens(&snap)?.map(|r| match r {
                    SemanticTokensResult::Tokens(t) => SemanticTokensFullDeltaResult::Tokens(t),
                    SemanticTokensResult::Partial(p) => SemanticTokensFullDeltaResult::Tokens(
                        tower_lsp_server::ls_types::SemanticTokens {
                            result_id: None,
                            data: p.data,
                        },
                    ),
                }))
            })
            .await;
        }
        let session = Arc::clone(&self.session);
        let u = uri.clone();
        let previous = params.previous_result_id;
        self.on_snapshot(&uri, move |s, _| tokens::delta(&session, &s, &u, &previous))
            .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        if let Some(snap) = self
            .session
            .ignores
            .snapshot(params.uri(), self.session.caps().encoding)
        {
            return blocking(move || {
                Ok(ignore_files::tokens(&snap)?.map(|r| match r {
                    SemanticTokensResult::Tokens(t) => SemanticTokensRangeResult::Tokens(t),
                    SemanticTokensResult::Partial(p) => SemanticTokensRangeResult::Partial(p),
                }))
            })
            .await;
        }
        self.route(params, |s, _, p| tokens::range(s, p.range))
            .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        if let Some(mut snap) = self.ignore_snapshot(&params.text_document.uri) {
            // A client that cannot be asked to pull again (Neovim 0.11 has no
            // `workspace/diagnostic/refresh`) would keep the answer given before its context
            // was counted until the next edit: its first pull waits briefly for the walk (a
            // small context takes milliseconds). Clients that can refresh do not wait.
            if matches!(snap.walked, ignore_docs::Walked::Counting)
                && !self.session.caps().diagnostic_refresh
            {
                self.session
                    .ignores
                    .wait_for_walk(&snap.context, IGNORE_PULL_WAIT)
                    .await;
                if let Some(s) = self.ignore_snapshot(&params.text_document.uri) {
                    snap = s;
                }
            }
            let session = Arc::clone(&self.session);
            let related = self.session.caps().related_information;
            return blocking(move || {
                let items =
                    ignore_files::diagnostics(&session, &snap, &params.text_document.uri, related)?;
                Ok(diagnostics::full_report(items))
            })
            .await;
        }
        if let Some(snap) = self.session.build_snapshot(&params.text_document.uri) {
            let session = Arc::clone(&self.session);
            let related = self.session.caps().related_information;
            return blocking(move || {
                let items =
                    build_files::diagnostics(&session, &snap, &params.text_document.uri, related)?;
                Ok(diagnostics::full_report(items))
            })
            .await;
        }
        self.session.wait_for_scans(SCAN_WAIT).await;
        let snap = self.session.snapshot(&params.text_document.uri);
        let caps = self.session.caps();
        blocking(move || diagnostics::pull(snap.as_ref(), caps, &params)).await
    }
}

/// The parameters of a request about one document: which document.
trait OnDocument {
    fn uri(&self) -> &Uri;
}

/// `OnDocument` for each request type, by the path to its document's URI.
macro_rules! on_document {
    ($($params:ty => $($field:ident).+;)+) => {
        $(impl OnDocument for $params {
            fn uri(&self) -> &Uri {
                &self.$($field).+
            }
        })+
    };
}

on_document! {
    CodeActionParams => text_document.uri;
    GotoDefinitionParams => text_document_position_params.text_document.uri;
    HoverParams => text_document_position_params.text_document.uri;
    CompletionParams => text_document_position.text_document.uri;
    ReferenceParams => text_document_position.text_document.uri;
    DocumentHighlightParams => text_document_position_params.text_document.uri;
    TextDocumentPositionParams => text_document.uri;
    RenameParams => text_document_position.text_document.uri;
    DocumentFormattingParams => text_document.uri;
    DocumentRangeFormattingParams => text_document.uri;
    DocumentOnTypeFormattingParams => text_document_position.text_document.uri;
    InlayHintParams => text_document.uri;
    CodeLensParams => text_document.uri;
    DocumentLinkParams => text_document.uri;
    SignatureHelpParams => text_document_position_params.text_document.uri;
    DocumentSymbolParams => text_document.uri;
    FoldingRangeParams => text_document.uri;
    SelectionRangeParams => text_document.uri;
    SemanticTokensRangeParams => text_document.uri;
}

/// Runs `f` on the blocking pool; a panic there becomes an InternalError reply.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(Error {
            code: ErrorCode::InternalError,
            message: format!("dockerfile-ls: internal error: {e}").into(),
            data: None,
        }),
    }
}

/// Language ids of documents that are not Dockerfiles: unless their name makes them build
/// files, they are not ours (editors start us for every YAML, JSON or HCL file to reach the
/// Compose and Bake ones).
const OTHER_LANGUAGES: &[&str] = &[
    "yaml",
    "yaml.docker-compose",
    "dockercompose",
    "json",
    "jsonc",
    "hcl",
    "terraform",
    "makefile",
    "make",
    "github-actions-workflow",
    // Ignore files of other tools (a `.dockerignore` is recognised by its name first).
    "ignore",
    "gitignore",
    "git-ignore",
    "dockerignore",
];

/// How long diagnostics wait for the build files to be indexed: a workspace of 1,000 build
/// files is indexed well within it; past it, findings go out and are refreshed when the
/// scan ends.
pub(crate) const SCAN_WAIT: Duration = Duration::from_secs(2);

/// How long a pull of an ignore file's diagnostics waits for its context to be counted, for
/// clients that cannot be asked to pull again.
const IGNORE_PULL_WAIT: Duration = Duration::from_millis(500);

/// How many requests are answered at once (the rest queue).
const CONCURRENCY: usize = 16;

/// How long the server may take to finish after `exit` before the process ends anyway (the
/// client may keep stdin open, or never answer a request of ours).
const EXIT_GRACE: Duration = Duration::from_millis(200);

/// The parameters of `dockerfile-ls/invalidMessage`.
#[derive(serde::Deserialize)]
struct InvalidMessage {
    code: i64,
    message: String,
}

/// Serves LSP on stdin/stdout until `exit`; returns the process exit code (0 when `shutdown`
/// came first, 1 otherwise, as the specification asks).
pub async fn run_stdio() -> i32 {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown);
    let (service, socket) = LspService::build(move |client| Backend::new(client, flag))
        .custom_method("dockerfile-ls/syntaxTree", Backend::syntax_tree)
        .custom_method("dockerfile-ls/stageGraph", Backend::stage_graph)
        .custom_method("dockerfile-ls/debugPanic", Backend::debug_panic)
        .custom_method("dockerfile-ls/debugSleep", Backend::debug_sleep)
        .custom_method(input_filter::INVALID_MESSAGE, Backend::invalid_message)
        .finish();
    let (client_end, server_end) = tokio::io::duplex(1 << 16);
    let (exit_tx, exit_rx) = tokio::sync::oneshot::channel::<()>();
    let mut exit_tx = Some(exit_tx);
    tokio::spawn(input_filter::forward(
        tokio::io::stdin(),
        client_end,
        input_filter::Limits::from_env(),
        move || {
            if let Some(tx) = exit_tx.take() {
                let _ = tx.send(());
            }
        },
    ));
    let serve = Server::new(server_end, tokio::io::stdout(), socket)
        .concurrency_level(CONCURRENCY)
        .serve(service);
    // `exit` ends the process even when the client keeps stdin open or a request of ours
    // is still waiting for its answer (which would keep `serve` from returning).
    let exited = async {
        if exit_rx.await.is_ok() {
            tokio::time::sleep(EXIT_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = serve => {}
        () = exited => {}
    }
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
