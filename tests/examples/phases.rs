//! Times each phase of the edit → diagnostics path on a generated file (for profiling):
//! `cargo run --release -p dockerfile-ls-tests --example phases -- 50000`.

#![allow(clippy::unwrap_used)]

use std::time::Instant;

use dockerfile_analysis::{BuildConfig, Document, Model, TextEdit, TextRange, syntax};

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let text = dockerfile_ls_tests::generate_dockerfile(lines);
    let t = Instant::now();
    let mut doc = Document::new(&text);
    doc.reparse();
    println!("full parse (tree-sitter): {:?}", t.elapsed());
    let mid = text.len() / 2;
    let t = Instant::now();
    doc.apply_edit(&TextEdit {
        range: TextRange::empty(mid),
        new_text: "x".into(),
    });
    doc.reparse();
    println!("edit + incremental reparse: {:?}", t.elapsed());
    println!(
        "tree has errors: {}",
        doc.tree().is_some_and(|t| t.root_node().has_error())
    );
    for (what, at) in [("start", 60), ("mid", mid), ("end", text.len() - 5)] {
        let t = Instant::now();
        doc.apply_edit(&TextEdit {
            range: TextRange::empty(at),
            new_text: "x".into(),
        });
        doc.reparse();
        println!("  edit at {what}: {:?}", t.elapsed());
    }
    let t = Instant::now();
    doc.apply_edit(&TextEdit {
        range: TextRange::empty(0),
        new_text: String::new(),
    });
    doc.reparse();
    println!("  empty edit: {:?}", t.elapsed());
    let rope = doc.text().clone();
    let t = Instant::now();
    let parsed = syntax::scan(&rope);
    println!(
        "scan ({} instructions): {:?}",
        parsed.instructions.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let model = Model::build(&parsed, &BuildConfig::default());
    println!("model ({} stages): {:?}", model.stages.len(), t.elapsed());
    if std::env::var("MODEL_ONLY").is_ok() {
        for _ in 0..20 {
            let _ = Model::build(&parsed, &BuildConfig::default());
        }
        return;
    }
    let mut p2 = doc.parsed();
    let at = text.len() / 3;
    let t = Instant::now();
    doc.apply_edit(&TextEdit {
        range: TextRange::empty(at),
        new_text: "x".into(),
    });
    drop(p2);
    p2 = doc.parsed();
    println!(
        "edit + incremental rescan: {:?} ({} instructions)",
        t.elapsed(),
        p2.instructions.len()
    );
    let a = doc.analysis(&BuildConfig::default());
    let t = Instant::now();
    let d = a.diagnostics();
    println!("rules ({} diagnostics): {:?}", d.len(), t.elapsed());
}
