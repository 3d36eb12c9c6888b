//! `textDocument/inlayHint`, `codeLens`, `documentLink` and `signatureHelp`.

use dockerfile_analysis::ide::annotations::{self, LinkTarget};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeLens, Command, DocumentLink, InlayHint, InlayHintLabel, InlayHintTooltip,
    ParameterInformation, ParameterLabel, Position, Range, SignatureHelp, SignatureInformation,
    Uri,
};

use super::guard;
use crate::lsp::convert::{from_proto, to_proto};
use crate::lsp::session::Snapshot;

/// Inlay hints in `range`; a range whose end comes before its start is an invalid request.
pub fn inlay_hints(snap: &Snapshot, range: Range) -> Result<Option<Vec<InlayHint>>> {
    if (range.end.line, range.end.character) < (range.start.line, range.start.character) {
        return Err(Error::invalid_params("the range ends before it starts"));
    }
    guard("inlayHint", || {
        let rope = snap.analysis.text();
        let r = from_proto::text_range(rope, range, snap.encoding);
        Some(
            annotations::inlay_hints(&snap.analysis, r)
                .into_iter()
                .map(|h| InlayHint {
                    position: to_proto::position(rope, h.offset, snap.encoding),
                    label: InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(h.tooltip)),
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect(),
        )
    })
}

/// The client command that shows the stage graph (our VS Code extension's).
pub const SHOW_STAGE_GRAPH: &str = "dockerfile-ls.showStageGraph";

/// One lens per stage; and, for a client that has the command, a "stage graph" lens on each
/// `FROM` that shows the graph of a build targeting that stage.
pub fn code_lenses(snap: &Snapshot, uri: &Uri, stage_graph: bool) -> Result<Option<Vec<CodeLens>>> {
    guard("codeLens", || {
        let rope = snap.analysis.text();
        let mut out = Vec::new();
        for l in annotations::code_lenses(&snap.analysis) {
            let range = to_proto::range(rope, l.range, snap.encoding);
            // A title without an action: editors show it as a label.
            out.push(CodeLens {
                range,
                command: Some(Command {
                    title: l.title,
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            });
            if stage_graph {
                out.push(CodeLens {
                    range,
                    command: Some(Command {
                        title: "stage graph".to_owned(),
                        command: SHOW_STAGE_GRAPH.to_owned(),
                        arguments: Some(vec![
                            serde_json::Value::String(uri.as_str().to_owned()),
                            serde_json::Value::String(l.target),
                        ]),
                    }),
                    data: None,
                });
            }
        }
        Some(out)
    })
}

/// Links to image pages, and to files of the build context that exist.
pub fn document_links(snap: &Snapshot, uri: &Uri) -> Result<Option<Vec<DocumentLink>>> {
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
    guard("documentLink", || {
        let rope = snap.analysis.text();
        Some(
            annotations::links(&snap.analysis)
                .into_iter()
                .filter_map(|l| {
                    let target: Uri = match l.target {
                        LinkTarget::Url(u) => u.parse().ok()?,
                        LinkTarget::ContextPath(p) => {
                            let path = dir.as_ref()?.join(p);
                            // Reading the file system here, at the edge: only existing files.
                            if !path.is_file() {
                                return None;
                            }
                            Uri::from_file_path(path)?
                        }
                    };
                    Some(DocumentLink {
                        range: to_proto::range(rope, l.range, snap.encoding),
                        target: Some(target),
                        tooltip: None,
                        data: None,
                    })
                })
                .collect(),
        )
    })
}

/// The forms of the instruction at `at`.
pub fn signature_help(snap: &Snapshot, at: Position) -> Result<Option<SignatureHelp>> {
    guard("signatureHelp", || {
        let offset = from_proto::offset(snap.analysis.text(), at, snap.encoding);
        let s = annotations::signature(&snap.analysis, offset)?;
        let active_parameter = s.active_parameter.and_then(|p| u32::try_from(p).ok());
        Some(SignatureHelp {
            signatures: s
                .forms
                .into_iter()
                .zip(s.parameters)
                .map(|(f, params)| SignatureInformation {
                    label: f,
                    documentation: Some(tower_lsp_server::ls_types::Documentation::String(
                        s.docs.clone(),
                    )),
                    parameters: Some(
                        params
                            .into_iter()
                            .map(|p| ParameterInformation {
                                label: ParameterLabel::Simple(p),
                                documentation: None,
                            })
                            .collect(),
                    ),
                    active_parameter: None,
                })
                .collect(),
            active_signature: u32::try_from(s.active).ok(),
            active_parameter,
        })
    })
}
