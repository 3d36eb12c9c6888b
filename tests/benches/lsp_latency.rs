//! End-to-end latency and memory of the release server over stdio, at 100 / 1k / 10k / 50k
//! lines of a generated multi-stage Dockerfile:
//! - open → diagnostics: `didOpen` until its `publishDiagnostics`;
//! - keystroke → diagnostics: one-character edit until the diagnostics of that version
//!   (median and p95 of 40 edits, each waited for);
//! - burst → diagnostics: 200 edits sent without waiting, until the diagnostics of the last;
//! - memory: resident set growth for 50 open documents of 1k lines, and for one of each size.
//!
//! Run: `cargo build --release -p dockerfile-ls && cargo bench -p dockerfile-ls-tests --bench lsp_latency`.
//! Prints a Markdown table (the one in the README).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss
)]

use std::time::{Duration, Instant};

use dockerfile_ls_tests::{Client, range, server_binary};
use serde_json::json;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn started() -> Client {
    let mut c = Client::spawn_with(&server_binary("release"), &[], &[]);
    c.initialize(json!({ "general": { "positionEncodings": ["utf-16"] } }));
    c
}

struct Row {
    lines: usize,
    open: f64,
    key_median: f64,
    key_p95: f64,
    burst: f64,
    rss_mib: f64,
}

fn measure(lines: usize) -> Row {
    let text = dockerfile_ls_tests::generate_dockerfile(lines);
    let n_lines = u32::try_from(text.lines().count()).unwrap();
    let mut c = started();
    let base = rss_kib(c.pid());
    let uri = "file:///bench/Dockerfile";
    let t = Instant::now();
    c.open(uri, 0, &text);
    c.wait_diagnostics(uri, 0);
    let open = ms(t.elapsed());
    let rss_mib = (rss_kib(c.pid()).saturating_sub(base)) as f64 / 1024.0;

    // Keystrokes in the middle of the file: type into a LABEL value, one char at a time.
    let line = n_lines / 2;
    let mut samples = Vec::new();
    let mut version = 0;
    for k in 0..40 {
        version += 1;
        let t = Instant::now();
        c.change(uri, version, range(line, k, line, k), "x");
        c.wait_diagnostics(uri, version);
        samples.push(ms(t.elapsed()));
    }
    samples.sort_by(f64::total_cmp);
    let key_median = samples[samples.len() / 2];
    let key_p95 = samples[samples.len() * 95 / 100];

    let t = Instant::now();
    for k in 0..200 {
        version += 1;
        c.change(uri, version, range(line, 40 + k, line, 40 + k), "y");
    }
    c.wait_diagnostics(uri, version);
    let burst = ms(t.elapsed());
    c.shutdown();
    Row {
        lines: n_lines as usize,
        open,
        key_median,
        key_p95,
        burst,
        rss_mib,
    }
}

fn fifty_documents() -> f64 {
    let text = dockerfile_ls_tests::generate_dockerfile(1000);
    let mut c = started();
    let base = rss_kib(c.pid());
    for d in 0..50 {
        let uri = format!("file:///bench/{d}/Dockerfile");
        c.open(&uri, 1, &text);
        c.wait_diagnostics(&uri, 1);
    }
    let grown = rss_kib(c.pid()).saturating_sub(base) as f64 / 1024.0;
    c.shutdown();
    grown
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is configurable.
    println!(
        "| lines | open → diagnostics | keystroke → diagnostics (median / p95) | 200-edit burst → last diagnostics | memory (RSS growth) |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for lines in [100, 1_000, 10_000, 50_000] {
        let r = measure(lines);
        println!(
            "| {} | {:.2} ms | {:.2} / {:.2} ms | {:.1} ms | {:.1} MiB |",
            r.lines, r.open, r.key_median, r.key_p95, r.burst, r.rss_mib
        );
    }
    println!();
    println!(
        "50 open documents of 1k lines: {:.1} MiB RSS growth in total",
        fifty_documents()
    );
}
