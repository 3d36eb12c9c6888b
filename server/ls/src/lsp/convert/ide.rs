//! The editor features' answers in LSP form: hover, completion items, locations,
//! highlights, and Markdown for clients that only show plain text.

use dockerfile_analysis::Rope;
use dockerfile_analysis::ide::completion::{self, CompletionItem, ItemKind};
use dockerfile_analysis::ide::hover::Hover;
use dockerfile_analysis::ide::references::{Access, Occurrence};
use serde_json::json;
use tower_lsp_server::ls_types::{
    self as lsp, CompletionItemKind, CompletionItemTag, CompletionTextEdit, DocumentHighlight,
    DocumentHighlightKind, Documentation, HoverContents, InsertTextFormat, MarkupContent,
    MarkupKind,
};

use super::{Encoding, to_proto};

/// Markdown, or the same text made readable as plain text when the client shows no Markdown.
#[must_use]
pub fn markup(markdown: &str, client_markdown: bool) -> MarkupContent {
    if client_markdown {
        return MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown.to_owned(),
        };
    }
    MarkupContent {
        kind: MarkupKind::PlainText,
        value: plain_text(markdown),
    }
}

/// Markdown as plain text: code fences and emphasis dropped, links as `text (url)`, table
/// rows as `a | b`.
#[must_use]
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let t = line.trim_end();
        if t.starts_with("```") || t.starts_with("|---") || t == "---" {
            continue;
        }
        let mut l = t.replace("**", "").replace('`', "");
        if l.starts_with('|') {
            l = l.trim_matches('|').trim().to_owned();
        }
        // [text](url) -> text (url)
        while let Some(open) = l.find('[')
            && let Some(mid) = l.get(open..).and_then(|r| r.find("](")).map(|m| open + m)
            && let Some(close) = l.get(mid..).and_then(|r| r.find(')')).map(|c| mid + c)
        {
            let text = l.get(open + 1..mid).unwrap_or("").to_owned();
            let url = l.get(mid + 2..close).unwrap_or("").to_owned();
            l.replace_range(open..=close, &format!("{text} ({url})"));
        }
        out.push_str(&l);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// A hover.
#[must_use]
pub fn hover(rope: &Rope, h: &Hover, enc: Encoding, client_markdown: bool) -> lsp::Hover {
    lsp::Hover {
        contents: HoverContents::Markup(markup(&h.markdown, client_markdown)),
        range: Some(to_proto::range(rope, h.range, enc)),
    }
}

/// What the client can do with completion items.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompletionCaps {
    /// Snippets with tab stops.
    pub snippets: bool,
    /// Markdown documentation.
    pub markdown: bool,
    /// The deprecated tag.
    pub deprecated_tag: bool,
}

/// A completion answer: the items in their order (None when there are none).
#[must_use]
pub fn completion_response(
    rope: &Rope,
    items: &[CompletionItem],
    enc: Encoding,
    caps: CompletionCaps,
) -> Option<lsp::CompletionResponse> {
    if items.is_empty() {
        return None;
    }
    Some(lsp::CompletionResponse::Array(
        items
            .iter()
            .enumerate()
            .map(|(k, item)| completion_item(rope, item, k, enc, caps))
            .collect(),
    ))
}

/// A completion item; its documentation is left to `completionItem/resolve` (the key is in
/// `data`), except short value descriptions, which come at once.
#[must_use]
pub fn completion_item(
    rope: &Rope,
    item: &CompletionItem,
    sort: usize,
    enc: Encoding,
    caps: CompletionCaps,
) -> lsp::CompletionItem {
    let (text, format) = match (&item.snippet, caps.snippets) {
        (Some(s), true) => (s.clone(), InsertTextFormat::SNIPPET),
        _ => (item.insert.clone(), InsertTextFormat::PLAIN_TEXT),
    };
    let kind = match item.kind {
        ItemKind::Keyword => CompletionItemKind::KEYWORD,
        ItemKind::Flag => CompletionItemKind::PROPERTY,
        ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
        ItemKind::Stage => CompletionItemKind::CLASS,
        ItemKind::Variable => CompletionItemKind::VARIABLE,
        ItemKind::Image => CompletionItemKind::MODULE,
        ItemKind::Directive => CompletionItemKind::PROPERTY,
        ItemKind::Rule => CompletionItemKind::REFERENCE,
    };
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item
            .short_docs
            .as_ref()
            .map(|d| Documentation::MarkupContent(markup(d, caps.markdown))),
        sort_text: Some(format!("{sort:04}")),
        filter_text: None,
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(lsp::TextEdit {
            range: to_proto::range(rope, item.range, enc),
            new_text: text,
        })),
        command: item.retrigger.then(|| lsp::Command {
            title: "Suggest".to_owned(),
            command: "editor.action.triggerSuggest".to_owned(),
            arguments: None,
        }),
        tags: (item.deprecated && caps.deprecated_tag).then(|| vec![CompletionItemTag::DEPRECATED]),
        data: item.docs.as_ref().map(|k| {
            let (kind, a, b) = k.to_parts();
            json!({ "doc": [kind, a, b] })
        }),
        ..lsp::CompletionItem::default()
    }
}

/// `completionItem/resolve`: the item with its documentation filled in from `data`.
#[must_use]
pub fn resolve_item(mut item: lsp::CompletionItem, client_markdown: bool) -> lsp::CompletionItem {
    let key = item
        .data
        .as_ref()
        .and_then(|d| d.get("doc"))
        .and_then(|d| d.as_array())
        .and_then(|parts| {
            let s = |i: usize| parts.get(i).and_then(|v| v.as_str());
            completion::DocKey::from_parts(s(0)?, s(1)?, s(2)?)
        });
    if let Some(md) = key.as_ref().and_then(completion::resolve) {
        item.documentation = Some(Documentation::MarkupContent(markup(&md, client_markdown)));
    }
    item
}

/// Occurrences as document highlights (declarations are writes).
#[must_use]
pub fn highlights(rope: &Rope, occ: &[Occurrence], enc: Encoding) -> Vec<DocumentHighlight> {
    occ.iter()
        .map(|o| DocumentHighlight {
            range: to_proto::range(rope, o.range, enc),
            kind: Some(match o.access {
                Access::Write => DocumentHighlightKind::WRITE,
                Access::Read => DocumentHighlightKind::READ,
            }),
        })
        .collect()
}

/// The outline in LSP form. Every entry's range ends where its last child does, far from
/// where the next entry starts: the offsets are converted together, in document order.
#[must_use]
pub fn document_symbols(
    rope: &Rope,
    syms: &[dockerfile_analysis::ide::outline::OutlineSymbol],
    enc: Encoding,
) -> Vec<lsp::DocumentSymbol> {
    fn offsets(syms: &[dockerfile_analysis::ide::outline::OutlineSymbol], out: &mut Vec<usize>) {
        for s in syms {
            out.extend([
                s.range.start,
                s.range.end,
                s.selection.start,
                s.selection.end,
            ]);
            offsets(&s.children, out);
        }
    }
    let mut at = Vec::new();
    offsets(syms, &mut at);
    let positions = to_proto::Cursor::new(rope, enc).positions(&at);
    symbols_with(&mut positions.into_iter(), syms)
}

fn symbols_with(
    positions: &mut impl Iterator<Item = lsp::Position>,
    syms: &[dockerfile_analysis::ide::outline::OutlineSymbol],
) -> Vec<lsp::DocumentSymbol> {
    use dockerfile_analysis::ide::outline::SymbolKind as K;
    fn range(positions: &mut impl Iterator<Item = lsp::Position>) -> lsp::Range {
        lsp::Range {
            start: positions.next().unwrap_or_default(),
            end: positions.next().unwrap_or_default(),
        }
    }
    syms.iter()
        .map(|s| {
            // In the order `document_symbols` listed the offsets: the entry, then what it
            // holds.
            let range_ = range(positions);
            let selection_range = range(positions);
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            lsp::DocumentSymbol {
                name: s.name.clone(),
                detail: s.detail.clone(),
                kind: match s.kind {
                    K::Stage => lsp::SymbolKind::CLASS,
                    K::Instruction => lsp::SymbolKind::FUNCTION,
                    K::Variable => lsp::SymbolKind::VARIABLE,
                    K::Label => lsp::SymbolKind::PROPERTY,
                    K::Port => lsp::SymbolKind::CONSTANT,
                },
                tags: s.deprecated.then(|| vec![lsp::SymbolTag::DEPRECATED]),
                deprecated: None,
                range: range_,
                selection_range,
                children: (!s.children.is_empty()).then(|| symbols_with(positions, &s.children)),
            }
        })
        .collect()
}

/// Folding ranges (lines are the same in every encoding).
#[must_use]
pub fn folding_ranges(folds: &[dockerfile_analysis::ide::outline::Fold]) -> Vec<lsp::FoldingRange> {
    use dockerfile_analysis::ide::outline::FoldKind;
    folds
        .iter()
        .map(|f| lsp::FoldingRange {
            start_line: u32::try_from(f.start_line).unwrap_or(u32::MAX),
            end_line: u32::try_from(f.end_line).unwrap_or(u32::MAX),
            kind: match f.kind {
                FoldKind::Block => None,
                FoldKind::Comment => Some(lsp::FoldingRangeKind::Comment),
            },
            ..lsp::FoldingRange::default()
        })
        .collect()
}

/// Nested selection ranges, innermost first, as the linked list LSP wants.
#[must_use]
pub fn selection_range(
    rope: &Rope,
    ranges: &[dockerfile_analysis::TextRange],
    enc: Encoding,
) -> Option<lsp::SelectionRange> {
    let mut parent: Option<Box<lsp::SelectionRange>> = None;
    for r in ranges.iter().rev() {
        parent = Some(Box::new(lsp::SelectionRange {
            range: to_proto::range(rope, *r, enc),
            parent,
        }));
    }
    parent.map(|b| *b)
}

/// The semantic token legend.
#[must_use]
pub fn token_legend() -> lsp::SemanticTokensLegend {
    use dockerfile_analysis::ide::tokens::{TokenType, modifiers};
    lsp::SemanticTokensLegend {
        token_types: TokenType::ALL
            .iter()
            .map(|t| match t {
                TokenType::Keyword => lsp::SemanticTokenType::KEYWORD,
                TokenType::Property => lsp::SemanticTokenType::PROPERTY,
                TokenType::Class => lsp::SemanticTokenType::CLASS,
                TokenType::Namespace => lsp::SemanticTokenType::NAMESPACE,
                TokenType::Variable => lsp::SemanticTokenType::VARIABLE,
                TokenType::Comment => lsp::SemanticTokenType::COMMENT,
                TokenType::Macro => lsp::SemanticTokenType::MACRO,
                TokenType::Number => lsp::SemanticTokenType::NUMBER,
                TokenType::String => lsp::SemanticTokenType::STRING,
            })
            .collect(),
        token_modifiers: modifiers::NAMES
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

/// Tokens (in document order, one line each) as LSP's relative encoding.
#[must_use]
pub fn semantic_tokens(
    rope: &Rope,
    tokens: &[dockerfile_analysis::ide::tokens::Token],
    enc: Encoding,
) -> Vec<lsp::SemanticToken> {
    use dockerfile_analysis::ide::tokens::TokenType;
    // Each token's line, column and length: a large document's in parts on every core, each
    // part with its own cursor.
    let absolute = |part: &&[dockerfile_analysis::ide::tokens::Token]| {
        let mut cursor = to_proto::Cursor::new(rope, enc);
        part.iter()
            .filter_map(|t| {
                let start = cursor.position(t.range.start);
                let end = cursor.position(t.range.end);
                let kind = TokenType::ALL
                    .iter()
                    .position(|k| *k == t.kind)
                    .unwrap_or(0);
                (end.line == start.line && end.character > start.character).then(|| {
                    (
                        start,
                        end.character - start.character,
                        u32::try_from(kind).unwrap_or(0),
                        t.modifiers,
                    )
                })
            })
            .collect::<Vec<_>>()
    };
    let parts: Vec<&[dockerfile_analysis::ide::tokens::Token]> =
        tokens.chunks(PARALLEL_CONVERSION).collect();
    let placed = if parts.len() > 1 {
        dockerfile_analysis::concurrent::parallel_map(&parts, absolute)
    } else {
        parts.iter().map(absolute).collect()
    };
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0u32, 0u32);
    for (start, length, token_type, modifiers) in placed.into_iter().flatten() {
        out.push(lsp::SemanticToken {
            delta_line: start.line - line,
            delta_start: if start.line == line {
                start.character - col
            } else {
                start.character
            },
            length,
            token_type,
            token_modifiers_bitset: modifiers,
        });
        line = start.line;
        col = start.character;
    }
    out
}

/// Past this many tokens, [`semantic_tokens`] converts them in parts of this size on every
/// core.
const PARALLEL_CONVERSION: usize = 4_096;

/// The one edit that turns `old` tokens into `new` ones (common prefix and suffix kept),
/// in units of the flattened integer array.
#[must_use]
pub fn token_edits(
    old: &[lsp::SemanticToken],
    new: &[lsp::SemanticToken],
) -> Vec<lsp::SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let rest = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return Vec::new();
    }
    let inserted = new
        .get(prefix..new.len() - suffix)
        .unwrap_or_default()
        .to_vec();
    vec![lsp::SemanticTokensEdit {
        start: u32::try_from(prefix * 5).unwrap_or(u32::MAX),
        delete_count: u32::try_from((old.len() - suffix - prefix) * 5).unwrap_or(u32::MAX),
        data: (!inserted.is_empty()).then_some(inserted),
    }]
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_reads_as_plain_text() {
        let md = "**stage `build`**\n\n```dockerfile\nFROM a AS build\n```\n| a | b |\n|---|---|\nSee [docs](https://x.y/z).";
        assert_eq!(
            super::plain_text(md),
            "stage build\n\nFROM a AS build\na | b\nSee docs (https://x.y/z)."
        );
    }

    #[test]
    fn tokens_converted_in_parts_match_one_by_one() {
        use dockerfile_analysis::ide::tokens::{Token, TokenType};
        use dockerfile_analysis::{Rope, TextRange};
        // Lines of varied width with non-ASCII text, CRLF and CR breaks; tokens on every
        // line, some empty or crossing a break (dropped), several parts' worth.
        let mut text = String::new();
        for k in 0..super::PARALLEL_CONVERSION + 100 {
            let brk = ["\n", "\r\n", "\r"][k % 3];
            text.push_str(&format!("RUN é{k} 𝄞 x{}{brk}", "y".repeat(k % 17)));
        }
        let rope = Rope::from_str(&text);
        let mut tokens = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive(['\n', '\r']) {
            let len = line.trim_end_matches(['\n', '\r']).len();
            tokens.push(Token {
                range: TextRange::new(at, at + 3),
                kind: TokenType::Keyword,
                modifiers: 0,
            });
            tokens.push(Token {
                range: TextRange::new(at + 4, at + len + usize::from(len % 5 == 0)),
                kind: TokenType::Variable,
                modifiers: 1,
            });
            at += line.len();
        }
        for enc in [
            super::Encoding::Utf8,
            super::Encoding::Utf16,
            super::Encoding::Utf32,
        ] {
            let got = super::semantic_tokens(&rope, &tokens, enc);
            let (mut line, mut col, mut want) = (0, 0, Vec::new());
            for t in &tokens {
                let s = super::to_proto::position(&rope, t.range.start, enc);
                let e = super::to_proto::position(&rope, t.range.end, enc);
                if s.line != e.line || e.character <= s.character {
                    continue;
                }
                want.push((
                    s.line - line,
                    if s.line == line {
                        s.character - col
                    } else {
                        s.character
                    },
                    e.character - s.character,
                ));
                (line, col) = (s.line, s.character);
            }
            let got: Vec<(u32, u32, u32)> = got
                .iter()
                .map(|t| (t.delta_line, t.delta_start, t.length))
                .collect();
            assert!(got.len() > super::PARALLEL_CONVERSION + 100);
            assert_eq!(got, want, "{enc:?}");
        }
    }
}
