//! What we tell the client at `initialize`, and what we learn from it. Only features that work
//! are advertised.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions,
    CompletionItemTag, CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities,
    DocumentLinkOptions, DocumentOnTypeFormattingOptions, FoldingRangeProviderCapability,
    HoverProviderCapability, MarkupKind, OneOf, RenameOptions, ResourceOperationKind,
    SelectionRangeProviderCapability, SemanticTokensFullOptions, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, SignatureHelpOptions,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions,
};

use super::convert::Encoding;
use super::convert::ide::CompletionCaps;

/// Resolves the client's capabilities into the few facts the handlers need.
#[must_use]
pub fn client_caps(c: &ClientCapabilities) -> ClientCaps {
    let td = c.text_document.as_ref();
    let ws = c.workspace.as_ref();
    let ws_edit = ws.and_then(|w| w.workspace_edit.as_ref());
    let completion_item = td
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref());
    ClientCaps {
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        watch_files: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        document_changes: ws_edit.and_then(|e| e.document_changes).unwrap_or(false),
        create_files: ws_edit
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        diagnostic_refresh: ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        code_lens_refresh: ws
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        encoding: Encoding::negotiate(
            c.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        ),
        pull_diagnostics: td.is_some_and(|t| t.diagnostic.is_some()),
        definition_links: td
            .and_then(|t| t.definition.as_ref())
            .and_then(|d| d.link_support)
            .unwrap_or(false),
        related_information: td
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false),
        hover_markdown: td
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        completion: CompletionCaps {
            snippets: completion_item
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            markdown: completion_item
                .and_then(|i| i.documentation_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
            deprecated_tag: completion_item
                .and_then(|i| i.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&CompletionItemTag::DEPRECATED)),
        },
        code_action_resolve: td
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        prepare_rename: td
            .and_then(|t| t.rename.as_ref())
            .and_then(|r| r.prepare_support)
            .unwrap_or(false),
        stage_graph_command: c
            .experimental
            .as_ref()
            .and_then(|e| e.get("dockerfileLs"))
            .and_then(|d| d.get("stageGraphCommand"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    }
}

/// The server's capabilities for a client.
#[must_use]
pub fn server_capabilities(caps: &ClientCaps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(caps.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(super::handlers::completion::trigger_characters()),
            resolve_provider: Some(true),
            ..CompletionOptions::default()
        }),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec![" ".to_owned()]),
            retrigger_characters: None,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        document_on_type_formatting_provider: Some(DocumentOnTypeFormattingOptions {
            first_trigger_character: "\n".to_owned(),
            more_trigger_character: None,
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: super::convert::ide::token_legend(),
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                ..SemanticTokensOptions::default()
            },
        )),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(if caps.prepare_rename {
            OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        } else {
            OneOf::Left(true)
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(super::handlers::code_action::kinds()),
            resolve_provider: Some(caps.code_action_resolve),
            ..CodeActionOptions::default()
        })),
        diagnostic_provider: caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("dockerfile-ls".to_owned()),
                // A Compose file's findings depend on the Dockerfile it builds, and a
                // Dockerfile's (UnusedStage, the build context) on its build files.
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
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
    /// `workspace/configuration` can be asked.
    pub configuration: bool,
    /// File watchers can be registered at run time.
    pub watch_files: bool,
    /// Workspace edits may use `documentChanges` (versioned edits).
    pub document_changes: bool,
    /// Workspace edits may create files.
    pub create_files: bool,
    /// `workspace/diagnostic/refresh` is understood.
    pub diagnostic_refresh: bool,
    /// `workspace/codeLens/refresh` is understood.
    pub code_lens_refresh: bool,
    /// Hovers may be Markdown.
    pub hover_markdown: bool,
    /// What completion items may use.
    pub completion: CompletionCaps,
    /// `textDocument/prepareRename` is sent.
    pub prepare_rename: bool,
    /// Code actions may come without their edit (`codeAction/resolve` fills it in).
    pub code_action_resolve: bool,
    /// The client runs the `dockerfile-ls.showStageGraph` command (experimental client
    /// capability `dockerfileLs.stageGraphCommand`, sent by our VS Code extension).
    pub stage_graph_command: bool,
}
