//! Resident memory of open documents, part by part (Linux only; for tuning):
//! `cargo run --release -p dockerfile-ls-tests --example memory`.

#![allow(clippy::unwrap_used)]

use dockerfile_analysis::{BuildConfig, Document};

fn rss_kib() -> i64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn doc_rope(text: &str) -> &'static dockerfile_analysis::Rope {
    Box::leak(Box::new(dockerfile_analysis::Rope::from_str(text)))
}

fn main() {
    let text = dockerfile_ls_tests::generate_dockerfile(1000);
    let base = rss_kib();
    let mut docs: Vec<Document> = (0..50)
        .map(|_| {
            let mut d = Document::new(&text);
            d.reparse();
            d
        })
        .collect();
    let with_trees = rss_kib();
    let parsed: Vec<_> = docs.iter_mut().map(Document::parsed).collect();
    let with_parsed = rss_kib();
    let _ = docs
        .iter_mut()
        .map(|d| d.analysis(&BuildConfig::default()))
        .count();
    println!("text: {} KiB per document", text.len() / 1024);
    println!("50 documents, text + tree: {} KiB", with_trees - base);
    println!("+ instructions: {} KiB", with_parsed - with_trees);
    println!("after analysing each: {} KiB", rss_kib() - base);
    drop(parsed);
    let before = rss_kib();
    let mut one = dockerfile_analysis::syntax::tree::new_parser().unwrap();
    let rope = doc_rope(&text);
    let shared: Vec<_> = (0..50)
        .filter_map(|_| dockerfile_analysis::syntax::tree::parse(&mut one, rope, None))
        .collect();
    println!("50 trees from one parser: {} KiB", rss_kib() - before);
    drop(shared);
    let before = rss_kib();
    let mut parsers: Vec<_> = (0..50)
        .filter_map(|_| dockerfile_analysis::syntax::tree::new_parser())
        .collect();
    let trees: Vec<_> = parsers
        .iter_mut()
        .filter_map(|p| dockerfile_analysis::syntax::tree::parse(p, doc_rope(&text), None))
        .collect();
    println!(
        "50 parsers that each parsed once + their trees: {} KiB",
        rss_kib() - before
    );
    drop(parsers);
    println!(
        "after dropping the parsers (trees kept): {} KiB",
        rss_kib() - before
    );
    drop(trees);
    let mut doc = Document::new(&text);
    doc.reparse();
    let n = doc.tree().map_or(0, |t| t.root_node().descendant_count());
    println!(
        "tree nodes for {} lines: {n} ({} per line)",
        text.lines().count(),
        n / text.lines().count()
    );
    let p = Document::new(&text).parsed();
    println!(
        "instructions: {}, size of Instruction: {} bytes",
        p.instructions.len(),
        std::mem::size_of::<dockerfile_analysis::Instruction>()
    );
}
