//! `textDocument/formatting`, `rangeFormatting` and `onTypeFormatting` (after a line break
//! that continues an instruction): the formatter's edits, indenting with the
//! `dockerfile-ls.format.indent` setting, else the editor's tab size (or a tab).

use dockerfile_analysis::ide::format::{self, FormatOptions, Indent};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{self as lsp, FormattingOptions, Position, Range};

use super::guard;
use crate::lsp::convert::{from_proto, to_proto};
use crate::lsp::session::Snapshot;

/// The `dockerfile-ls.format.indent` setting wins over the request's options: 0 keeps the
/// indentation, N indents with N spaces.
fn options(snap: &Snapshot, o: &FormattingOptions) -> FormatOptions {
    match snap.env.format_indent {
        Some(0) => {
            return FormatOptions {
                indent: Indent::Preserve,
            };
        }
        Some(n) => {
            return FormatOptions {
                indent: Indent::Relative(" ".repeat(usize::try_from(n.min(16)).unwrap_or(4))),
            };
        }
        None => {}
    }
    let unit = if o.insert_spaces {
        " ".repeat(usize::try_from(o.tab_size.clamp(1, 16)).unwrap_or(4))
    } else {
        "\t".to_owned()
    };
    FormatOptions {
        indent: Indent::Relative(unit),
    }
}

fn to_lsp(snap: &Snapshot, edits: &[dockerfile_analysis::TextEdit]) -> Vec<lsp::TextEdit> {
    let rope = snap.analysis.text();
    edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: to_proto::range(rope, e.range, snap.encoding),
            new_text: e.new_text.clone(),
        })
        .collect()
}

/// The whole document.
pub fn document(snap: &Snapshot, o: &FormattingOptions) -> Result<Option<Vec<lsp::TextEdit>>> {
    guard("formatting", || {
        let edits = format::format(&snap.analysis, &options(snap, o));
        Some(to_lsp(snap, &edits))
    })
}

/// The instructions and lines touching `range`.
pub fn range(
    snap: &Snapshot,
    r: Range,
    o: &FormattingOptions,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    guard("rangeFormatting", || {
        let tr = from_proto::text_range(snap.analysis.text(), r, snap.encoding);
        let edits = format::format_range(&snap.analysis, &options(snap, o), tr);
        Some(to_lsp(snap, &edits))
    })
}

/// After a line break: the new line's indentation when it continues an instruction.
pub fn on_type(
    snap: &Snapshot,
    at: Position,
    o: &FormattingOptions,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    guard("onTypeFormatting", || {
        let offset = from_proto::offset(snap.analysis.text(), at, snap.encoding);
        let edits = format::on_new_line(&snap.analysis, &options(snap, o), offset);
        (!edits.is_empty()).then(|| to_lsp(snap, &edits))
    })
}
