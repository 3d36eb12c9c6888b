//! What a large answer costs on its way out, stage by stage, in-process:
//! `cargo run --release -p dockerfile-ls --example answer_cost -- FILE`.
//!
//! The first analysis of FILE (what opening it costs before the answer), then for its
//! semantic tokens and its diagnostics: the analysis, the conversion to LSP
//! types, and what tower-lsp-server does with the result before writing it (`to_value`, then
//! `to_string` of the `Value`), next to a direct `to_string` of the typed result for
//! comparison. Medians of 30 runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use dockerfile_analysis::ide::tokens;
use dockerfile_analysis::{Analysis, BuildConfig};
use dockerfile_ls::lsp::convert::{Encoding, diagnostic, ide, to_proto};
use tower_lsp_server::ls_types::{SemanticTokens, SemanticTokensResult, Uri};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        times.push(t.elapsed());
        last = Some(r);
    }
    (median(times), last.unwrap())
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: answer_cost FILE");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = Instant::now();
    let a = Analysis::from_text(&text, &BuildConfig::default());
    let _ = a.diagnostics();
    println!(
        "first analysis (as on open): {:.3} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let enc = Encoding::Utf16;
    let runs = 30;

    let (find, toks) = time(runs, || tokens::tokens(&a));
    let (convert, data) = time(runs, || ide::semantic_tokens(a.text(), &toks, enc));
    let result = SemanticTokensResult::Tokens(SemanticTokens {
        result_id: Some("1".into()),
        data,
    });
    let (to_value, value) = time(runs, || serde_json::to_value(&result).unwrap());
    let (value_string, json) = time(runs, || serde_json::to_string(&value).unwrap());
    let (direct, _) = time(runs, || serde_json::to_string(&result).unwrap());
    println!(
        "semanticTokens/full: {} tokens, {} KiB of JSON",
        toks.len(),
        json.len() / 1024
    );
    println!(
        "  find {find:.3} ms, convert {convert:.3} ms, to_value {to_value:.3} ms, \
         Value to_string {value_string:.3} ms (direct to_string {direct:.3} ms)"
    );

    let uri: Uri = "file:///bench/Dockerfile".parse().unwrap();
    let findings = a.diagnostics();
    let (convert, diags) = time(runs, || {
        let mut cursor = to_proto::Cursor::new(a.text(), enc);
        findings
            .iter()
            .map(|d| diagnostic::to_lsp(&mut cursor, d, &uri, true))
            .collect::<Vec<_>>()
    });
    let params = tower_lsp_server::ls_types::PublishDiagnosticsParams {
        uri,
        diagnostics: diags,
        version: Some(1),
    };
    let (to_value, value) = time(runs, || serde_json::to_value(&params).unwrap());
    let (value_string, json) = time(runs, || serde_json::to_string(&value).unwrap());
    let (direct, _) = time(runs, || serde_json::to_string(&params).unwrap());
    println!(
        "publishDiagnostics: {} diagnostics, {} KiB of JSON",
        findings.len(),
        json.len() / 1024
    );
    println!(
        "  convert {convert:.3} ms, to_value {to_value:.3} ms, Value to_string \
         {value_string:.3} ms (direct to_string {direct:.3} ms)"
    );
}
