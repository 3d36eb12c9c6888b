//! Where a request's time goes at scale: `cargo run --release -p dockerfile-ls-tests
//! --example request_times -- 10000` times the analysis side of the outline, folding and
//! semantic tokens, and of references, hover and completion on every tenth variable use of a
//! generated file (no JSON, no transport).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use dockerfile_analysis::ide::{completion, hover, outline, references, tokens};
use dockerfile_analysis::{Analysis, BuildConfig};

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = dockerfile_ls_tests::generate_dockerfile(lines);
    let a = Analysis::from_text(&text, &BuildConfig::default());
    let _ = a.variables();
    for (name, f) in [
        (
            "documentSymbol",
            &(|| outline::document_symbols(&a).len()) as &dyn Fn() -> usize,
        ),
        ("foldingRange", &|| outline::folding_ranges(&a).len()),
        ("semanticTokens", &|| tokens::tokens(&a).len()),
        ("formatting", &|| {
            dockerfile_analysis::ide::format::format(&a, &Default::default()).len()
        }),
    ] {
        let t = Instant::now();
        let n = f();
        println!(
            "{name}: {:.3} ms ({n} results)",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let offsets: Vec<usize> = a
        .variables()
        .uses
        .iter()
        .map(|u| u.name_range.start + 1)
        .step_by(10)
        .collect();
    let findings = a.diagnostics();
    let link = |_: &str| None;
    for (name, f) in [
        (
            "references",
            &(|o| references::occurrences(&a, o).map_or(0, |(_, v)| v.len()))
                as &dyn Fn(usize) -> usize,
        ),
        ("hover", &|o| {
            hover::hover(&a, o, &findings, &link).map_or(0, |h| h.markdown.len())
        }),
        ("completion", &|o| completion::completions(&a, o).len()),
    ] {
        let t = Instant::now();
        let mut total = 0;
        for &o in &offsets {
            total += f(o);
        }
        let per = t.elapsed().as_secs_f64() * 1e3 / offsets.len() as f64;
        println!(
            "{name}: {per:.3} ms per request over {} uses ({total} results)",
            offsets.len()
        );
    }
}
