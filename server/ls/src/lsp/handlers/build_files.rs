//! Requests on open build files (Compose and Bake files): their diagnostics (the build
//! rules, against the Dockerfiles they build), quick-fixes, hover, go to definition (into
//! the Dockerfile) and completion (stage names, ARG names, secret ids).

use dockerfile_analysis::builds::{self, BuildCheck, ide};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, Location, Uri,
};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::diagnostic::to_lsp;
use crate::lsp::convert::{from_proto, ide as convert_ide, to_proto};
use crate::lsp::session::{BuildSnapshot, Session};

/// The findings on a build file, with its text's rope for conversions.
fn findings(session: &Session, snap: &BuildSnapshot) -> Vec<dockerfile_analysis::Diagnostic> {
    if !snap.kind.is_checked() {
        return Vec::new();
    }
    let (dockerfiles, missing_contexts) = session.resolve_build(snap);
    let cx = BuildCheck {
        file: &snap.file,
        text: &snap.text,
        dockerfiles,
        missing_contexts,
    };
    builds::check(&cx, &snap.settings)
}

/// The diagnostics of an open build file, in LSP form.
pub fn diagnostics(
    session: &Session,
    snap: &BuildSnapshot,
    uri: &Uri,
    related: bool,
) -> Result<Vec<lsp::Diagnostic>> {
    guard("diagnostics", || {
        let mut cursor = crate::lsp::convert::to_proto::Cursor::new(&snap.rope, snap.encoding);
        findings(session, snap)
            .iter()
            .map(|d| to_lsp(&mut cursor, d, uri, related))
            .collect()
    })
}

/// Quick-fixes for the findings in the requested range.
pub fn code_action(
    session: &Session,
    snap: &BuildSnapshot,
    p: &CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = &p.text_document.uri;
    guard("codeAction", || {
        let enc = snap.encoding;
        let requested = from_proto::text_range(&snap.rope, p.range, enc);
        let mut out = Vec::new();
        let mut cursor = crate::lsp::convert::to_proto::Cursor::new(&snap.rope, enc);
        for d in findings(session, snap) {
            if !(d.range.touches(requested.start) || requested.touches(d.range.start)) {
                continue;
            }
            let diagnostic = to_lsp(&mut cursor, &d, uri, false);
            out.extend(crate::lsp::convert::edit::quick_fixes(
                uri,
                &snap.rope,
                &d.fixes,
                &diagnostic,
                enc,
            ));
        }
        (!out.is_empty()).then_some(out)
    })
}

/// The entry and symbol under the cursor, with the Dockerfile it builds.
fn at_cursor(
    session: &Session,
    snap: &BuildSnapshot,
    position: lsp::Position,
) -> Option<(usize, ide::BuildSymbol, Uri, dockerfile_analysis::Analysis)> {
    let offset = from_proto::offset(&snap.rope, position, snap.encoding);
    let (i, symbol) = ide::symbol_at(&snap.file, offset)?;
    let entry = snap.file.entries.get(i)?;
    let (uri, analysis) = session.dockerfile_at(&entry.dockerfile_path(&snap.path)?)?;
    Some((i, symbol, uri, analysis))
}

/// Hover on a target, an argument or a secret: what it leads to in the Dockerfile.
pub fn hover(
    session: &Session,
    snap: &BuildSnapshot,
    caps: ClientCaps,
    p: &HoverParams,
) -> Result<Option<Hover>> {
    let position = p.text_document_position_params.position;
    guard("hover", || {
        let (i, symbol, _, analysis) = at_cursor(session, snap, position)?;
        let entry = snap.file.entries.get(i)?;
        let markdown = ide::hover(entry, symbol, &analysis)?;
        let range = match symbol {
            ide::BuildSymbol::Target => entry.target.as_ref()?.range,
            ide::BuildSymbol::Arg(a) => entry.args.get(a)?.name.range,
            ide::BuildSymbol::Secret(s) => entry.secrets.get(s)?.id.range,
        };
        Some(Hover {
            contents: lsp::HoverContents::Markup(convert_ide::markup(
                &markdown,
                caps.hover_markdown,
            )),
            range: Some(to_proto::range(&snap.rope, range, snap.encoding)),
        })
    })
}

/// Go to definition: from a target to its stage, from an argument to its ARG, from a secret
/// to its mount.
pub fn definition(
    session: &Session,
    snap: &BuildSnapshot,
    p: &GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let position = p.text_document_position_params.position;
    guard("definition", || {
        let (i, symbol, uri, analysis) = at_cursor(session, snap, position)?;
        let range = ide::definition(snap.file.entries.get(i)?, symbol, &analysis)?;
        Some(GotoDefinitionResponse::Scalar(Location {
            uri,
            range: to_proto::range(analysis.text(), range, snap.encoding),
        }))
    })
}

/// Completion of stage names, ARG names and secret ids from the Dockerfile being built.
pub fn completion(
    session: &Session,
    snap: &BuildSnapshot,
    caps: ClientCaps,
    p: &CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = p.text_document_position.position;
    guard("completion", || {
        let offset = from_proto::offset(&snap.rope, position, snap.encoding);
        let slot = ide::slot_at(snap.kind, &snap.text, offset)?;
        let entry = ide::entry_near(&snap.file, offset).and_then(|i| snap.file.entries.get(i));
        // An entry being typed may not parse yet: a Dockerfile next to the file stands in.
        let dockerfile = entry
            .and_then(|e| e.dockerfile_path(&snap.path))
            .or_else(|| Some(snap.path.parent()?.join("Dockerfile")))?;
        let (_, analysis) = session.dockerfile_at(&dockerfile)?;
        let items = ide::complete(slot, entry, &analysis);
        convert_ide::completion_response(&snap.rope, &items, snap.encoding, caps.completion)
    })
}
