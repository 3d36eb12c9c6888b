//! Findings in LSP form: severity, code, the rule's documentation link, related locations
//! and tags.

use std::collections::HashMap;
use std::sync::OnceLock;

use dockerfile_analysis::{Diagnostic, Severity, Tag};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use super::to_proto;

/// Where a rule's documentation page is. The links are built once: every published
/// diagnostic carries one.
#[must_use]
pub fn docs_url(rule: &str) -> Option<Uri> {
    static LINKS: OnceLock<HashMap<&'static str, Uri>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        let base = env!("CARGO_PKG_REPOSITORY");
        if base.is_empty() {
            return HashMap::new();
        }
        dockerfile_analysis::rules::REGISTRY
            .iter()
            .filter_map(|r| {
                let id = r.meta().id;
                let url = format!("{base}/blob/main/server/analysis/docs/rules/{id}.md");
                Some((id, url.parse().ok()?))
            })
            .collect()
    });
    links.get(rule).cloned()
}

/// One diagnostic in LSP form.
pub fn to_lsp(
    cursor: &mut to_proto::Cursor<'_>,
    d: &Diagnostic,
    uri: &Uri,
    related: bool,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: cursor.range(d.range),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        code_description: docs_url(d.rule).map(|href| lsp::CodeDescription { href }),
        source: Some("dockerfile-ls".to_owned()),
        message: d.message.clone(),
        related_information: (related && !d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: cursor.range(r.range),
                    },
                    message: r.message.clone(),
                })
                .collect()
        }),
        tags: (!d.tags.is_empty()).then(|| {
            d.tags
                .iter()
                .map(|t| match t {
                    Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
                    Tag::Deprecated => DiagnosticTag::DEPRECATED,
                })
                .collect()
        }),
        ..lsp::Diagnostic::default()
    }
}
