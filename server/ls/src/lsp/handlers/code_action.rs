//! `textDocument/codeAction`: each finding's fixes as `quickfix` actions (the first marked
//! preferred), "ignore this rule here", and `source.fixAll.dockerfile-ls` (every safe fix).

use dockerfile_analysis::builds;
use dockerfile_analysis::ide::code_action;
use dockerfile_analysis::{Applicability, Diagnostic, Fix, Rope};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Uri,
    WorkspaceEdit,
};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::diagnostic::to_lsp;
use crate::lsp::convert::edit::{add_edits, workspace_edit};
use crate::lsp::convert::from_proto;
use crate::lsp::session::{Session, Snapshot};

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

/// Most edits one answer carries for a client that cannot resolve actions lazily; the fixes
/// past it are left out (fix-all still covers them). A fix that renames every reference to
/// a stage has one edit per reference, so a whole-file request could otherwise grow with the
/// square of the file.
const EDIT_BUDGET: usize = 10_000;

/// Answers a code action request. Time and size are proportional to the findings in the
/// range: for clients that resolve actions (`codeAction/resolve`), each quick-fix is sent
/// without its edit, which is computed when it is chosen.
pub fn code_action(
    session: &Session,
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
        let mut budget = EDIT_BUDGET;
        if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            for d in snap.findings() {
                if d.range.start > requested.end {
                    break; // sorted by start
                }
                if d.range.end < requested.start {
                    continue;
                }
                let mut cursor = crate::lsp::convert::to_proto::Cursor::new(rope, snap.encoding);
                let lsp_diag = to_lsp(&mut cursor, d, &uri, caps.related_information);
                let fixes = d
                    .fixes
                    .iter()
                    .cloned()
                    .chain(code_action::ignore_here(&snap.analysis, d));
                for (k, fix) in fixes.enumerate() {
                    let is_preferred =
                        (k == 0 && !d.fixes.is_empty() && fix.applicability == Applicability::Safe)
                            .then_some(true);
                    // The build files the fix also changes (the secret fix's Compose and Bake
                    // edits), found once for the title and the edit.
                    let cross = if k == 0 {
                        across_build_files(session, snap, &uri, d, &fix)
                    } else {
                        Vec::new()
                    };
                    let title = title_across(&fix, &cross);
                    let (edit, data) = if caps.code_action_resolve {
                        let data = ResolveData {
                            uri: uri.as_str().to_owned(),
                            version: snap.version,
                            rule: d.rule.to_owned(),
                            start: d.range.start,
                            end: d.range.end,
                            fix: k,
                        };
                        (None, serde_json::to_value(data).ok())
                    } else {
                        if fix.edits.len() > budget {
                            continue;
                        }
                        budget -= fix.edits.len();
                        let Some(mut edit) = workspace_edit(snap, &uri, &fix, caps) else {
                            continue;
                        };
                        add_build_file_edits(&mut edit, cross, snap);
                        (Some(edit), None)
                    };
                    if caps.code_action_resolve
                        && !fix.new_files.is_empty()
                        && !(caps.document_changes && caps.create_files)
                    {
                        continue;
                    }
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp_diag.clone()]),
                        edit,
                        data,
                        is_preferred,
                        ..CodeAction::default()
                    }));
                }
            }
        }
        // fixAll only when asked for by kind (on save, or from the source action menu).
        if only.is_some()
            && wanted(only, FIX_ALL)
            && let Some((edit, n)) =
                code_action::fix_all_edit(&snap.analysis, &snap.env.build, &snap.env.settings)
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

/// The edits a Dockerfile fix makes in one build file.
struct BuildFileEdits {
    uri: Uri,
    version: Option<i32>,
    rope: Rope,
    edits: Vec<dockerfile_analysis::TextEdit>,
    /// The file's name, for the action's title.
    name: String,
}

/// The build files' share of a Dockerfile fix: when a secret passed as an ARG becomes a
/// secret mount, the Compose services and Bake targets that pass it as a build argument
/// pass it as a secret instead (or stop passing it, when no RUN reads it).
fn across_build_files(
    session: &Session,
    snap: &Snapshot,
    uri: &Uri,
    d: &Diagnostic,
    fix: &Fix,
) -> Vec<BuildFileEdits> {
    if d.rule != "SecretsUsedInArgOrEnv" {
        return Vec::new();
    }
    let rope = snap.analysis.text();
    let Some(name) = rope
        .get_byte_slice(d.range.start..d.range.end)
        .map(|s| s.to_string())
    else {
        return Vec::new();
    };
    let id = dockerfile_analysis::rules::secret_id(&name);
    let keep_secret = fix.title.starts_with("Pass");
    let mut out = Vec::new();
    for b in session.builds_of(uri) {
        let edits: Vec<_> = b
            .entries
            .iter()
            .filter_map(|&i| {
                builds::edits::arg_to_secret(&b.file, &b.text, i, &name, &id, keep_secret)
            })
            .flatten()
            .collect();
        if edits.is_empty() {
            continue;
        }
        let (target, version) = match session.open_build_at(&b.path) {
            Some((u, v)) => (u, Some(v)),
            None => match Uri::from_file_path(&b.path) {
                Some(u) => (u, None),
                None => continue,
            },
        };
        out.push(BuildFileEdits {
            uri: target,
            version,
            rope: Rope::from_str(&b.text),
            edits,
            name: b
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        });
    }
    out
}

/// Adds the build files' edits to a fix's workspace edit.
fn add_build_file_edits(edit: &mut WorkspaceEdit, files: Vec<BuildFileEdits>, snap: &Snapshot) {
    for f in files {
        add_edits(edit, &f.uri, f.version, &f.rope, f.edits, snap.encoding);
    }
}

/// A fix's title, naming the build files it also changes.
fn title_across(fix: &Fix, files: &[BuildFileEdits]) -> String {
    if files.is_empty() {
        fix.title.clone()
    } else {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        format!("{} and in {}", fix.title, names.join(", "))
    }
}

/// What a lazily resolved quick-fix carries: which finding of which version, and which of
/// its fixes (the last index is "ignore here").
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ResolveData {
    uri: String,
    version: i32,
    rule: String,
    start: usize,
    end: usize,
    fix: usize,
}

impl ResolveData {
    /// The data of an action, if it is one of ours.
    #[must_use]
    pub fn of(action: &CodeAction) -> Option<(Uri, ResolveData)> {
        let data: ResolveData = serde_json::from_value(action.data.clone()?).ok()?;
        Some((data.uri.parse().ok()?, data))
    }
}

/// `codeAction/resolve`: fills in the edit of a quick-fix. A document that changed since the
/// action was offered gets ContentModified (the client asks again).
pub fn resolve(
    session: &Session,
    snap: &Snapshot,
    caps: ClientCaps,
    uri: &Uri,
    data: &ResolveData,
    mut action: CodeAction,
) -> Result<CodeAction> {
    if snap.version != data.version {
        return Err(Error {
            code: ErrorCode::ContentModified,
            message: "the document changed since the action was offered".into(),
            data: None,
        });
    }
    let edit = guard("codeAction/resolve", || {
        let d = snap.findings().iter().find(|d| {
            d.rule == data.rule && d.range.start == data.start && d.range.end == data.end
        })?;
        let fix = match d.fixes.get(data.fix) {
            Some(f) => f.clone(),
            None if data.fix == d.fixes.len() => code_action::ignore_here(&snap.analysis, d)?,
            None => return None,
        };
        let mut edit = workspace_edit(snap, uri, &fix, caps)?;
        if data.fix == 0 {
            add_build_file_edits(
                &mut edit,
                across_build_files(session, snap, uri, d, &fix),
                snap,
            );
        }
        Some(edit)
    })?;
    action.edit = edit;
    Ok(action)
}
