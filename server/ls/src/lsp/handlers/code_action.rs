//! `textDocument/codeAction`: each finding's fixes as `quickfix` actions (the first marked
//! preferred), "ignore this rule here", and `source.fixAll.dockerfile-ls` (every safe fix).

use dockerfile_analysis::ide::actions;
use dockerfile_analysis::{Applicability, Fix};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
};

use super::guard;
use crate::lsp::convert::diagnostic::to_lsp;
use crate::lsp::convert::edit::workspace_edit;
use crate::lsp::convert::from_proto;
use crate::lsp::session::{ClientCaps, Snapshot};

/// The kind of our fix-everything action.
pub const FIX_ALL: &str = "source.fixAll.dockerfile-ls";

/// The code action kinds we produce.
#[must_use]
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, CodeActionKind::from(FIX_ALL)]
}

/// Whether the client's `only` filter lets actions of `kind` through.
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// Answers a code action request.
pub fn code_action(
    snap: &Snapshot,
    caps: ClientCaps,
    p: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = p.text_document.uri.clone();
    guard("codeAction", || {
        let rope = snap.analysis.text();
        let enc = snap.encoding;
        let requested = from_proto::text_range(rope, p.range, enc);
        let only = p.context.only.as_ref();
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            // Only quick-fixes need the findings (a fix-all request on save does not).
            for d in snap.findings() {
                let touches = d.range.start <= requested.end && requested.start <= d.range.end;
                if !touches {
                    continue;
                }
                let lsp_diag = to_lsp(rope, d, &uri, snap, caps.related_information);
                let fixes = d
                    .fixes
                    .iter()
                    .cloned()
                    .chain(actions::ignore_here(&snap.analysis, d));
                for (k, fix) in fixes.enumerate() {
                    let Some(edit) = workspace_edit(snap, &uri, &fix, caps) else {
                        continue;
                    };
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp_diag.clone()]),
                        edit: Some(edit),
                        is_preferred: (k == 0
                            && !d.fixes.is_empty()
                            && fix.applicability == Applicability::Safe)
                            .then_some(true),
                        ..CodeAction::default()
                    }));
                }
            }
        }
        // fixAll only when asked for by kind (on save, or from the source action menu).
        if only.is_some()
            && wanted(only, FIX_ALL)
            && let Some((edit, n)) =
                actions::fix_all_edit(&snap.analysis, &snap.env.build, &snap.env.settings)
        {
            let fix = Fix::safe(
                format!(
                    "Fix all auto-fixable problems ({n} fix{})",
                    if n == 1 { "" } else { "es" }
                ),
                vec![edit],
            );
            if let Some(edit) = workspace_edit(snap, &uri, &fix, caps) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::from(FIX_ALL)),
                    edit: Some(edit),
                    ..CodeAction::default()
                }));
            }
        }
        (!out.is_empty()).then_some(out)
    })
}
