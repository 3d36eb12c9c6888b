//! Where a keystroke's time goes, phase by phase, the way the server runs it (the previous
//! version's analysis still alive while the next one is made):
//! `cargo run --release -p dockerfile-ls-tests --example keystroke -- 50000` (or a path).

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use dockerfile_analysis::{BuildConfig, Document, TextEdit, TextRange};

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "50000".into());
    let text = match arg.parse::<usize>() {
        Ok(lines) => dockerfile_ls_tests::generate_dockerfile(lines),
        Err(_) => std::fs::read_to_string(&arg).unwrap(),
    };
    let config = BuildConfig::default();
    let mut doc = Document::new(&text);
    let mut prev = doc.analysis(&config);
    let _ = prev.diagnostics();
    // Type into the middle of the file, at the end of a line (as the benchmark does).
    let mid = text.len() / 2;
    let at = mid + text.get(mid..).and_then(|t| t.find('\n')).unwrap_or(0);
    let mut phases = [Duration::ZERO; 4];
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let mut findings = 0;
    for k in 0..n as usize {
        let t0 = Instant::now();
        doc.apply_edit(&TextEdit {
            range: TextRange::empty(at + k),
            new_text: "x".into(),
        });
        // As the server does: the previous version's analysis gives up its instructions.
        let retired = prev.retire();
        let t1 = Instant::now();
        let parsed = doc.parsed();
        let t2 = Instant::now();
        let a =
            dockerfile_analysis::Analysis::with_parsed(doc.text().clone(), None, parsed, &config);
        let t3 = Instant::now();
        findings = a.diagnostics().len();
        let t4 = Instant::now();
        for (p, d) in phases.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            *p += d;
        }
        drop(retired);
        prev = a;
    }
    drop(prev);
    for (name, d) in ["edit", "rescan", "model", "rules"].iter().zip(phases) {
        println!("{name:>8}: {:8.3} ms", d.as_secs_f64() * 1e3 / f64::from(n));
    }
    println!("{findings} findings");
}
