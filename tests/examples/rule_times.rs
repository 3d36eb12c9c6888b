//! Times each rule on a generated file (for finding slow rules):
//! `cargo run --release -p dockerfile-ls-tests --example rule_times -- 50000`, or on a file:
//! `… --example rule_times -- path/to/Dockerfile`.

#![allow(clippy::unwrap_used)]

use std::time::Instant;

use dockerfile_analysis::rules::REGISTRY;
use dockerfile_analysis::{Analysis, BuildConfig, BuildContext, RuleSettings};

fn main() {
    let arg = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "50000".to_owned());
    let text = match arg.parse::<usize>() {
        Ok(lines) => dockerfile_ls_tests::generate_dockerfile(lines),
        Err(_) => std::fs::read_to_string(&arg).unwrap(),
    };
    // The first analysis of a document: nothing cached yet.
    let t = Instant::now();
    let cold = Analysis::from_text(&text, &BuildConfig::default());
    println!("{:>10.2?} cold: scan and model", t.elapsed());
    let t = Instant::now();
    let _ = cold.run_scripts().count();
    println!("{:>10.2?} cold: every RUN parsed", t.elapsed());
    let config = BuildConfig {
        context: Some(BuildContext::default()),
        ..BuildConfig::default()
    };
    // Steady state, as in the server: a document, one keystroke, a snapshot.
    let mut doc = dockerfile_analysis::Document::new(&text);
    let _ = Analysis::with_parsed(doc.text().clone(), None, doc.parsed(), &config).diagnostics();
    doc.apply_edit(&dockerfile_analysis::TextEdit {
        range: dockerfile_analysis::TextRange::empty(text.len() / 2),
        new_text: "x".into(),
    });
    let t = Instant::now();
    let a = Analysis::with_parsed(doc.text().clone(), None, doc.parsed(), &config);
    println!("{:>10.2?} rescan + model", t.elapsed());
    let t = Instant::now();
    let n = a.diagnostics().len();
    println!("{:>10.2?} all rules ({n} findings)", t.elapsed());
    let a = Analysis::with_parsed(doc.text().clone(), None, doc.parsed(), &config);
    let t = Instant::now();
    let _ = a.variables();
    println!("{:>10.2?} variables", t.elapsed());
    let t = Instant::now();
    let _ = a.run_scripts().count();
    println!("{:>10.2?} shell parse of every RUN", t.elapsed());
    let mut times = Vec::new();
    for r in REGISTRY {
        let mut s = RuleSettings::default();
        s.select([r.meta().id]).unwrap();
        let t = Instant::now();
        let n = a.diagnostics_with(&s).len();
        times.push((t.elapsed(), r.meta().id, n));
    }
    times.sort();
    for (t, id, n) in times.iter().rev().take(70) {
        println!("{t:>10.2?} {id} ({n} findings)");
    }
}
