//! `textDocument/hover`: documentation of whatever is under the cursor, and of the findings
//! there (reusing the findings already computed for this version).

use dockerfile_analysis::ide::hover;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverParams};

use super::guard;
use crate::lsp::capabilities::ClientCaps;
use crate::lsp::convert::diagnostic::docs_url;
use crate::lsp::convert::{from_proto, ide};
use crate::lsp::session::Snapshot;

/// Answers a hover request; `None` for positions on nothing.
pub fn hover(
    snap: &Snapshot,
    caps: ClientCaps,
    p: HoverParams,
    context: Option<ContextCopy>,
) -> Result<Option<Hover>> {
    let pos = p.text_document_position_params;
    let markdown = caps.hover_markdown;
    guard("hover", || {
        let rope = snap.analysis.text();
        let offset = from_proto::offset(rope, pos.position, snap.encoding);
        let link = |id: &str| docs_url(id).map(|u| u.as_str().to_owned());
        use tower_lsp_server::ls_types::{HoverContents, MarkupContent, MarkupKind};
        let h = hover::hover(&snap.analysis, offset, snap.findings(), &link);
        match (h, context) {
            (Some(h), context) => {
                let mut out = ide::hover(rope, &h, snap.encoding, markdown);
                if let Some(c) = context
                    && let HoverContents::Markup(m) = &mut out.contents
                {
                    m.value.push_str("\n\n");
                    m.value.push_str(&c.describe());
                }
                Some(out)
            }
            (None, Some(c)) => Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: if markdown {
                        MarkupKind::Markdown
                    } else {
                        MarkupKind::PlainText
                    },
                    value: c.describe(),
                }),
                range: None,
            }),
            (None, None) => None,
        }
    })
}

/// What a `COPY .` copies: the build context's files after its ignore file.
pub struct ContextCopy {
    /// The context's directory.
    pub dir: std::path::PathBuf,
    /// The Dockerfile (whose own ignore file wins).
    pub dockerfile: Option<std::path::PathBuf>,
    /// The context as walked, when it was.
    pub listing: Option<std::sync::Arc<dockerfile_analysis::ignorefile::Listing>>,
}

impl ContextCopy {
    /// `Copies 1,204 files (38.1 MB) of the build context `…` (after `.dockerignore`)`.
    fn describe(&self) -> String {
        use dockerfile_analysis::ignorefile::{IgnoreFile, evaluate, human_bytes, human_count};
        let Some(listing) = &self.listing else {
            return format!("Counting the build context `{}`…", self.dir.display());
        };
        let ignore = crate::context::ignore_file_for(self.dockerfile.as_deref(), &self.dir);
        let file = ignore
            .as_ref()
            .map(|(_, t)| IgnoreFile::parse(t))
            .unwrap_or_default();
        let e = evaluate(&file, listing);
        let after = ignore.as_ref().map_or_else(
            || " (no `.dockerignore`: everything)".to_owned(),
            |(p, _)| {
                format!(
                    " (after `{}`, which leaves out {} files, {})",
                    p.file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    human_count(e.ignored_files),
                    human_bytes(e.ignored_bytes)
                )
            },
        );
        let at_least = if listing.stopped.is_some() {
            "at least "
        } else {
            ""
        };
        format!(
            "Copies {at_least}{} files ({}) of the build context `{}`{after}.",
            human_count(e.sent_files),
            human_bytes(e.sent_bytes),
            self.dir.display()
        )
    }
}

/// Whether `offset` is on a source of a COPY or ADD that copies the whole context (`.`).
#[must_use]
pub fn on_whole_context_copy(analysis: &dockerfile_analysis::Analysis, offset: usize) -> bool {
    use dockerfile_analysis::Keyword;
    analysis.parsed().instructions.iter().any(|i| {
        matches!(i.kind, Keyword::Copy | Keyword::Add)
            && i.flag("from").is_none()
            && i.heredocs.is_empty()
            && i.args.split_last().is_some_and(|(_, sources)| {
                sources.iter().any(|w| {
                    w.range.start <= offset
                        && offset <= w.range.end
                        && dockerfile_analysis::ignorefile::go_clean(&w.text) == "."
                })
            })
    })
}
