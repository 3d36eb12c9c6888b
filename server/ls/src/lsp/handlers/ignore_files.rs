//! Requests on open ignore files (`.dockerignore`, `<Dockerfile>.dockerignore`): diagnostics
//! (the ignore-file rules, against the walked context and the Dockerfiles built with it),
//! quick-fixes, hover, completion, the context's totals as a code lens, semantic tokens,
//! folding and formatting. Conversions only: the answers come from `ignorefile`.

use std::sync::Arc;

use dockerfile_analysis::ignorefile::check::{IgnoreCheck, IgnoreFinding, UsingDockerfile, check};
use dockerfile_analysis::ignorefile::ide::{self, ContextState, ItemKind};
use dockerfile_analysis::ignorefile::{Evaluation, IgnoreFile, Listing, evaluate};
use dockerfile_analysis::{Analysis, RuleSettings};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionResponse, CodeLens, Command, CompletionItem, CompletionItemKind,
    CompletionResponse, CompletionTextEdit, FoldingRange, FoldingRangeKind, Hover, HoverContents,
    MarkupContent, MarkupKind, Position, SemanticTokens, SemanticTokensResult, Uri,
};

use super::guard;
use crate::lsp::convert::diagnostic::to_lsp;
use crate::lsp::convert::{from_proto, ide as convert_ide, to_proto};
use crate::lsp::ignore_docs::{IgnoreSnapshot, Walked};
use crate::lsp::session::Session;

/// The ignore file read, and its context evaluated when it was walked.
struct Evaluated {
    file: IgnoreFile,
    listing: Option<Arc<Listing>>,
    eval: Option<Evaluation>,
}

impl Evaluated {
    fn of(snap: &IgnoreSnapshot) -> Evaluated {
        let file = IgnoreFile::parse(&snap.text);
        let listing = match &snap.walked {
            Walked::Ready(l) => Some(Arc::clone(l)),
            Walked::Counting => None,
        };
        let eval = listing.as_deref().map(|l| evaluate(&file, l));
        Evaluated {
            file,
            listing,
            eval,
        }
    }

    fn state(&self) -> ContextState<'_> {
        match (self.listing.as_deref(), self.eval.as_ref()) {
            (Some(l), Some(e)) => ContextState::Counted(l, e),
            _ => ContextState::Counting,
        }
    }
}

/// The Dockerfiles built with this ignore file (open ones as the editor has them, the others
/// from disk), with their URIs and names relative to the context.
fn dockerfiles(
    session: &Session,
    snap: &IgnoreSnapshot,
    listing: Option<&Listing>,
) -> Vec<(Uri, String, Analysis)> {
    crate::context::dockerfiles_using(&snap.context, snap.dockerfile.as_deref(), listing)
        .iter()
        .filter_map(|p| {
            let (uri, analysis) = session.dockerfile_at(p)?;
            let name = p
                .strip_prefix(&snap.context)
                .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
            Some((uri, name, analysis))
        })
        .collect()
}

fn findings(
    session: &Session,
    snap: &IgnoreSnapshot,
    ev: &Evaluated,
    settings: &RuleSettings,
) -> (Vec<IgnoreFinding>, Vec<(Uri, String, Analysis)>) {
    let dfs = dockerfiles(session, snap, ev.listing.as_deref());
    let using: Vec<UsingDockerfile<'_>> = dfs
        .iter()
        .map(|(_, name, a)| UsingDockerfile {
            name: name.clone(),
            analysis: a,
        })
        .collect();
    let cx = IgnoreCheck {
        text: &snap.text,
        file: &ev.file,
        context: ev.listing.as_deref().zip(ev.eval.as_ref()),
        dockerfiles: &using,
    };
    let found = check(&cx, settings);
    drop(using);
    (found, dfs)
}

fn lsp_diagnostic(
    cursor: &mut to_proto::Cursor<'_>,
    f: &IgnoreFinding,
    uri: &Uri,
    related: bool,
    dfs: &[(Uri, String, Analysis)],
    enc: crate::lsp::convert::Encoding,
) -> lsp::Diagnostic {
    let mut d = to_lsp(cursor, &f.diagnostic, uri, related);
    if related && !f.elsewhere.is_empty() {
        let more = f.elsewhere.iter().filter_map(|(k, r, message)| {
            let (df_uri, _, a) = dfs.get(*k)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: df_uri.clone(),
                    range: to_proto::range(a.text(), *r, enc),
                },
                message: message.clone(),
            })
        });
        d.related_information
            .get_or_insert_with(Vec::new)
            .extend(more);
    }
    d
}

/// The diagnostics of an open ignore file.
pub fn diagnostics(
    session: &Session,
    snap: &IgnoreSnapshot,
    uri: &Uri,
    related: bool,
) -> Result<Vec<lsp::Diagnostic>> {
    guard("diagnostics", || {
        let ev = Evaluated::of(snap);
        let (found, dfs) = findings(session, snap, &ev, &snap.settings);
        let mut cursor = to_proto::Cursor::new(&snap.rope, snap.encoding);
        found
            .iter()
            .map(|f| lsp_diagnostic(&mut cursor, f, uri, related, &dfs, snap.encoding))
            .collect()
    })
}

/// Quick-fixes of the findings in the requested range.
pub fn code_action(
    session: &Session,
    snap: &IgnoreSnapshot,
    p: &lsp::CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    guard("codeAction", || {
        let uri = &p.text_document.uri;
        let enc = snap.encoding;
        let requested = from_proto::text_range(&snap.rope, p.range, enc);
        let ev = Evaluated::of(snap);
        let (found, dfs) = findings(session, snap, &ev, &snap.settings);
        let mut cursor = to_proto::Cursor::new(&snap.rope, enc);
        let mut out = Vec::new();
        for f in &found {
            let d = &f.diagnostic;
            if !(d.range.touches(requested.start) || requested.touches(d.range.start)) {
                continue;
            }
            let diagnostic = lsp_diagnostic(&mut cursor, f, uri, false, &dfs, enc);
            out.extend(crate::lsp::convert::edit::quick_fixes(
                uri,
                &snap.rope,
                &d.fixes,
                &diagnostic,
                enc,
            ));
        }
        Some(out)
    })
}

/// Hover on a pattern, or the context's totals on the first line.
pub fn hover(snap: &IgnoreSnapshot, position: Position) -> Result<Option<Hover>> {
    guard("hover", || {
        let offset = from_proto::offset(&snap.rope, position, snap.encoding);
        let ev = Evaluated::of(snap);
        ide::hover(&ev.file, &snap.text, offset, ev.state()).map(|(r, md)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(to_proto::range(&snap.rope, r, snap.encoding)),
        })
    })
}

/// Completion of context paths and usual patterns.
pub fn completion(snap: &IgnoreSnapshot, position: Position) -> Result<Option<CompletionResponse>> {
    guard("completion", || {
        let offset = from_proto::offset(&snap.rope, position, snap.encoding);
        let listing = match &snap.walked {
            Walked::Ready(l) => Some(Arc::clone(l)),
            Walked::Counting => None,
        };
        let (range, items) = ide::complete(&snap.text, offset, listing.as_deref());
        let range = to_proto::range(&snap.rope, range, snap.encoding);
        Some(CompletionResponse::Array(
            items
                .into_iter()
                .map(|i| CompletionItem {
                    label: i.label.clone(),
                    kind: Some(match i.kind {
                        ItemKind::Folder => CompletionItemKind::FOLDER,
                        ItemKind::File => CompletionItemKind::FILE,
                        ItemKind::Pattern => CompletionItemKind::SNIPPET,
                    }),
                    detail: Some(i.detail),
                    sort_text: Some(i.sort),
                    filter_text: Some(i.label.clone()),
                    text_edit: Some(CompletionTextEdit::Edit(lsp::TextEdit {
                        range,
                        new_text: i.label,
                    })),
                    ..CompletionItem::default()
                })
                .collect(),
        ))
    })
}

/// The context's totals, on the first line.
pub fn code_lens(snap: &IgnoreSnapshot) -> Result<Option<Vec<CodeLens>>> {
    guard("codeLens", || {
        let ev = Evaluated::of(snap);
        let title = ide::summary(ev.state());
        Some(vec![CodeLens {
            range: lsp::Range::default(),
            command: Some(Command {
                title: format!("Build context {}: {title}", snap.context.display()),
                command: String::new(),
                arguments: None,
            }),
            data: None,
        }])
    })
}

/// Semantic tokens of the whole file.
pub fn tokens(snap: &IgnoreSnapshot) -> Result<Option<SemanticTokensResult>> {
    guard("semanticTokens", || {
        let file = IgnoreFile::parse(&snap.text);
        let t = ide::tokens(&snap.text, &file);
        Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: convert_ide::semantic_tokens(&snap.rope, &t, snap.encoding),
        }))
    })
}

/// Folding of comment blocks.
pub fn folding(snap: &IgnoreSnapshot) -> Result<Option<Vec<FoldingRange>>> {
    guard("foldingRange", || {
        let file = IgnoreFile::parse(&snap.text);
        Some(
            ide::comment_folds(&snap.text, &file)
                .into_iter()
                .map(|(a, b)| FoldingRange {
                    start_line: u32::try_from(a).unwrap_or(u32::MAX),
                    end_line: u32::try_from(b).unwrap_or(u32::MAX),
                    kind: Some(FoldingRangeKind::Comment),
                    ..FoldingRange::default()
                })
                .collect(),
        )
    })
}

/// Formatting.
pub fn formatting(snap: &IgnoreSnapshot) -> Result<Option<Vec<lsp::TextEdit>>> {
    guard("formatting", || {
        Some(
            ide::format(&snap.text)
                .into_iter()
                .map(|e| lsp::TextEdit {
                    range: to_proto::range(&snap.rope, e.range, snap.encoding),
                    new_text: e.new_text,
                })
                .collect(),
        )
    })
}
