//! End-to-end latency and memory of the release server over stdio, on four file shapes
//! (`dockerfile_ls_tests::shapes`: the shared generator's, variable-heavy, script-heavy and
//! real-world) at 1k, 10k and 50k lines (and 100 for the generated one):
//! - open → diagnostics: `didOpen` until its `publishDiagnostics`;
//! - keystroke → diagnostics: one-character edit until the diagnostics of that version
//!   (median and p95 of 40 edits, each waited for);
//! - burst → diagnostics: 200 edits sent without waiting, until the diagnostics of the last;
//! - `check`: wall time of `dockerfile-ls check FILE` (process start included);
//! - codeAction and definition p50 at stage references and variables;
//! - memory: resident set growth for one document of each size, and for 50 open documents
//!   of 1k lines;
//! - requests (generated shape): p50 / p99 of hover, completion, definition, references,
//!   highlight, rename and codeAction, documentSymbol, foldingRange, semanticTokens/full and
//!   formatting at 1k, 10k and 50k lines;
//! - an ignore file: counting a build context of 100,000 files (a generated `node_modules`),
//!   and a keystroke in its `.dockerignore` until its diagnostics with the walk cached
//!   (`DOCKERFILE_LS_BENCH_ONLY=ignore` runs only this part).
//!
//! Every time runs until the awaited message had been read off the server's stdout, before
//! the client decoded its JSON (as `../shared/bench/lspbench.py` measures).
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

use dockerfile_ls_tests::shapes::Shape;
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

/// Milliseconds from `t` until the message `c` last handed out had been read off the pipe
/// (its JSON decoding is the client's cost, not the server's: the shared harness does not
/// count it either).
fn since(c: &Client, t: Instant) -> f64 {
    ms(c.last_arrival
        .map_or_else(|| t.elapsed(), |a| a.saturating_duration_since(t)))
}

/// A server with the default rules, as an editor starts it (not `Client::initialize`, which
/// switches some best-practice rules off for the protocol tests: a benchmark with them off
/// publishes fewer findings and measures less than users get).
fn started() -> Client {
    let mut c = Client::spawn_with(&server_binary("release"), &[], &[]);
    c.initialize_with(
        json!({ "general": { "positionEncodings": ["utf-16"] } }),
        json!({}),
    );
    c
}

struct Row {
    lines: usize,
    open: f64,
    key_median: f64,
    key_p95: f64,
    burst: f64,
    check: f64,
    action: f64,
    definition: f64,
    rss_mib: f64,
}

/// Positions on stage references (`--from=`) and variables (`$`), where the answers are.
fn positions(text: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        let col = l
            .find("--from=")
            .map(|c| c + 8)
            .or_else(|| l.find('$').map(|c| c + 2));
        if let Some(col) = col {
            out.push((u32::try_from(n).unwrap(), u32::try_from(col).unwrap()));
        }
    }
    out
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Wall time of `dockerfile-ls check` on `text` (the median of 5 runs).
fn check_wall(text: &str) -> f64 {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Dockerfile");
    std::fs::write(&file, text).unwrap();
    let runs = (0..5)
        .map(|_| {
            let t = Instant::now();
            let out = std::process::Command::new(server_binary("release"))
                .arg("check")
                .arg(&file)
                .output()
                .unwrap();
            assert!(out.status.code().is_some_and(|c| c <= 1), "check failed");
            ms(t.elapsed())
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    median(runs)
}

fn measure(text: &str) -> Row {
    let n_lines = u32::try_from(text.lines().count()).unwrap();
    let mut c = started();
    let base = rss_kib(c.pid());
    let uri = "file:///bench/Dockerfile";
    let t = Instant::now();
    c.open(uri, 0, text);
    c.wait_diagnostics(uri, 0);
    let open = since(&c, t);
    let rss_mib = (rss_kib(c.pid()).saturating_sub(base)) as f64 / 1024.0;

    // Requests at 40 positions, in the steady state after the diagnostics.
    let at = positions(text);
    let step = (at.len() / 40).max(1);
    let at: Vec<(u32, u32)> = at.into_iter().step_by(step).take(40).collect();
    let mut action = Vec::new();
    let mut definition = Vec::new();
    for &(line, ch) in &at {
        let t = Instant::now();
        c.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range(line, ch, line, ch),
                "context": { "diagnostics": [] }
            }),
        );
        action.push(since(&c, t));
        let t = Instant::now();
        c.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": ch } }),
        );
        definition.push(since(&c, t));
    }

    // Keystrokes in the middle of the file, one char at a time at the end of a line that
    // continues no instruction and starts no here-document (typing after a `\` joins the
    // next line to it, after `<<EOF` renames the terminator: both re-read the rest of the file).
    let (line, end) = text
        .lines()
        .enumerate()
        .skip(n_lines as usize / 2)
        .find(|(_, l)| {
            !l.trim().is_empty() && !l.ends_with('\\') && !l.starts_with('#') && !l.contains("<<")
        })
        .map(|(n, l)| (u32::try_from(n).unwrap(), u32::try_from(l.len()).unwrap()))
        .unwrap_or((0, 0));
    let mut samples = Vec::new();
    let mut version = 0;
    for k in 0..40 {
        version += 1;
        let t = Instant::now();
        c.change(uri, version, range(line, end + k, line, end + k), "x");
        c.wait_diagnostics(uri, version);
        samples.push(since(&c, t));
    }
    samples.sort_by(f64::total_cmp);
    let key_median = samples[samples.len() / 2];
    let key_p95 = samples[samples.len() * 95 / 100];

    let t = Instant::now();
    for k in 0..200 {
        version += 1;
        c.change(
            uri,
            version,
            range(line, end + 40 + k, line, end + 40 + k),
            "y",
        );
    }
    c.wait_diagnostics(uri, version);
    let burst = since(&c, t);
    c.shutdown();
    Row {
        lines: n_lines as usize,
        open,
        key_median,
        key_p95,
        burst,
        check: check_wall(text),
        action: median(action),
        definition: median(definition),
        rss_mib,
    }
}

fn fifty_documents() -> f64 {
    let text = Shape::Generated
        .text(1000)
        .expect("python3 runs the generator");
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

/// p50 and p99 of `method` at `positions` (each asked once, in order, after the document's
/// diagnostics arrived: the steady state of an editor idling between keystrokes).
fn request_latency(
    c: &mut Client,
    uri: &str,
    method: &str,
    positions: &[(u32, u32)],
) -> (f64, f64) {
    let mut samples = Vec::new();
    for &(line, character) in positions {
        let mut params = json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character }
        });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        if method == "textDocument/rename" {
            params["newName"] = json!("renamed_name");
        }
        if method == "textDocument/formatting" {
            params["options"] = json!({ "tabSize": 4, "insertSpaces": true });
        }
        let t = Instant::now();
        let r = c.request(method, params);
        samples.push(since(c, t));
        assert!(
            r.get("error").is_none() || method == "textDocument/rename",
            "{method}: {r}"
        );
    }
    samples.sort_by(f64::total_cmp);
    let p50 = samples[samples.len() / 2];
    let p99 = samples[(samples.len() * 99 / 100).min(samples.len() - 1)];
    (p50, p99)
}

/// Request latencies at 1k, 10k and 50k lines: positions on stage references and variables,
/// where the answers are largest (document-wide requests ignore the position).
fn requests() {
    println!("| request | 1k lines p50 / p99 | 10k lines p50 / p99 | 50k lines p50 / p99 |");
    println!("|---|---:|---:|---:|");
    let methods = [
        ("hover", "textDocument/hover"),
        ("completion", "textDocument/completion"),
        ("definition", "textDocument/definition"),
        ("references", "textDocument/references"),
        ("documentHighlight", "textDocument/documentHighlight"),
        ("rename", "textDocument/rename"),
        ("codeAction", "textDocument/codeAction"),
        ("documentSymbol", "textDocument/documentSymbol"),
        ("foldingRange", "textDocument/foldingRange"),
        ("semanticTokens/full", "textDocument/semanticTokens/full"),
        ("formatting", "textDocument/formatting"),
    ];
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); methods.len()];
    for lines in [1_000, 10_000, 50_000] {
        let text = Shape::Generated
            .text(lines)
            .expect("python3 runs the generator");
        let positions = positions(&text);
        // 200 positions at 1k and 10k lines, 60 at 50k (whose answers are the largest).
        let samples = if lines > 10_000 { 60 } else { 200 };
        let step = (positions.len() / samples).max(1);
        let positions: Vec<(u32, u32)> =
            positions.into_iter().step_by(step).take(samples).collect();
        let mut c = started();
        let uri = "file:///bench/Dockerfile";
        c.open(uri, 0, &text);
        c.wait_diagnostics(uri, 0);
        for (k, (_, method)) in methods.iter().enumerate() {
            let (p50, p99) = if *method == "textDocument/codeAction" {
                let mut samples = Vec::new();
                for &(line, ch) in &positions {
                    let t = Instant::now();
                    c.request(
                        method,
                        json!({
                            "textDocument": { "uri": uri },
                            "range": range(line, ch, line, ch),
                            "context": { "diagnostics": [] }
                        }),
                    );
                    samples.push(since(&c, t));
                }
                samples.sort_by(f64::total_cmp);
                (
                    samples[samples.len() / 2],
                    samples[(samples.len() * 99 / 100).min(samples.len() - 1)],
                )
            } else {
                request_latency(&mut c, uri, method, &positions)
            };
            cells[k].push(format!("{p50:.2} / {p99:.2} ms"));
        }
        c.shutdown();
    }
    for ((name, _), row) in methods.iter().zip(cells) {
        println!("| {name} | {} |", row.join(" | "));
    }
}

/// A build context of `packages` × 100 files in `node_modules` beside a small app, with a
/// `.dockerignore`; returns its directory.
fn node_context(packages: usize) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!(
        "dockerfile-ls-bench-context-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    for i in 0..packages {
        let dir = root.join(format!("node_modules/pkg{i}/lib"));
        std::fs::create_dir_all(&dir).unwrap();
        for j in 0..99 {
            std::fs::write(dir.join(format!("f{j}.js")), b"module.exports = 1;\n").unwrap();
        }
        std::fs::write(
            root.join(format!("node_modules/pkg{i}/package.json")),
            b"{}",
        )
        .unwrap();
    }
    std::fs::create_dir_all(root.join("src")).unwrap();
    for j in 0..200 {
        std::fs::write(root.join(format!("src/m{j}.js")), b"export const x = 1;\n").unwrap();
    }
    std::fs::write(root.join("package.json"), b"{\"name\": \"app\"}").unwrap();
    std::fs::write(
        root.join("Dockerfile"),
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"src/m0.js\"]\n",
    )
    .unwrap();
    std::fs::write(root.join(".dockerignore"), IGNORE).unwrap();
    root
}

const IGNORE: &str = "# dependencies are installed in the image\nnode_modules\n*.log\n.git\n!src/keep.log\ncoverage-report\n";

/// The ignore file's costs: counting a context of 100,000 files (a generated `node_modules`)
/// in process — the walk and the evaluation, as the server does them in the background — and
/// a keystroke in the `.dockerignore` until its diagnostics, with the walk cached.
fn ignore_file() {
    use dockerfile_analysis::ignorefile::{IgnoreFile, evaluate};
    use dockerfile_ls::context::{WalkLimits, walk};
    let root = node_context(1_000);
    let file = IgnoreFile::parse(IGNORE);
    let mut walks = Vec::new();
    let mut evals = Vec::new();
    let mut entries = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let listing = walk(&root, &WalkLimits::default());
        walks.push(ms(t.elapsed()));
        let t = Instant::now();
        let e = evaluate(&file, &listing);
        evals.push(ms(t.elapsed()));
        entries = listing.entries.len();
        assert_eq!(e.ignored_files, 100_000);
    }
    let (walk_ms, eval_ms) = (median(walks), median(evals));
    println!(
        "Build context of {entries} entries (100,000 files in node_modules): counted in {:.0} ms (walk {:.0} ms + evaluation {:.1} ms; median of 5, warm file cache)",
        walk_ms + eval_ms,
        walk_ms,
        eval_ms
    );
    let mut c = started();
    let uri = format!("file://{}/.dockerignore", root.display());
    let before = rss_kib(c.pid());
    let t = Instant::now();
    c.open(&uri, 1, IGNORE);
    // The answer after the walk knows `coverage-report` matches nothing.
    loop {
        let d = c.wait_diagnostics(&uri, 1);
        if d.iter().any(|x| x["code"] == "IgnorePatternMatchesNothing") {
            break;
        }
    }
    let first = since(&c, t);
    let rss = (rss_kib(c.pid()).saturating_sub(before)) as f64 / 1024.0;
    let line = IGNORE.lines().count() as u32 - 1;
    let col = "coverage".len() as u32;
    let mut keys = Vec::new();
    for v in 2..202 {
        let (r, text) = if v % 2 == 0 {
            (range(line, col, line, col), "x")
        } else {
            (range(line, col, line, col + 1), "")
        };
        let t = Instant::now();
        c.change(&uri, v, r, text);
        c.wait_diagnostics(&uri, v);
        keys.push(since(&c, t));
    }
    keys.sort_by(f64::total_cmp);
    let pct = |p: f64| keys[((keys.len() - 1) as f64 * p).round() as usize];
    println!(
        "Its .dockerignore over LSP: open → diagnostics with the context counted {first:.0} ms; keystroke → diagnostics p50 {:.2} ms, p90 {:.2} ms, worst of 200 {:.2} ms (walk cached); the walked context holds {rss:.1} MiB",
        pct(0.5),
        pct(0.9),
        keys[keys.len() - 1]
    );
    c.shutdown();
    let _ = std::fs::remove_dir_all(&root);
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is configurable.
    if std::env::var_os("DOCKERFILE_LS_BENCH_ONLY").is_some_and(|v| v == "ignore") {
        ignore_file();
        return;
    }
    println!(
        "| shape | lines | open → diagnostics | keystroke → diagnostics p50 / p95 | 200-edit burst | `check` | codeAction p50 | definition p50 | RSS growth |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for shape in Shape::ALL {
        let sizes: &[usize] = if shape == Shape::Generated {
            &[100, 1_000, 10_000, 50_000]
        } else {
            &[1_000, 10_000, 50_000]
        };
        for &lines in sizes {
            let Some(text) = shape.text(lines) else {
                println!("| {} | {lines} | (python3 not found) |||||||", shape.name());
                continue;
            };
            let r = measure(&text);
            println!(
                "| {} | {} | {:.1} ms | {:.2} / {:.2} ms | {:.1} ms | {:.0} ms | {:.2} ms | {:.2} ms | {:.1} MiB |",
                shape.name(),
                r.lines,
                r.open,
                r.key_median,
                r.key_p95,
                r.burst,
                r.check,
                r.action,
                r.definition,
                r.rss_mib
            );
        }
    }
    println!();
    println!(
        "50 open documents of 1k lines (generated): {:.1} MiB RSS growth in total",
        fifty_documents()
    );
    println!();
    requests();
    println!();
    ignore_file();
}
