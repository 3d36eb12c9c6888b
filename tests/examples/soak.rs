//! The server's resident memory over a session (Linux only): a large document opened, asked
//! for its folding ranges and semantic tokens, edited, and closed, several times over, with
//! the RSS after each step. A closed document should give its memory back.
//! `cargo build --release && cargo run --release -p dockerfile-ls-tests --example soak --
//! 500000 3 5` (lines of the generated document, cycles, seconds to wait after a close before
//! measuring again).

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::indexing_slicing)]

use std::time::Duration;

use dockerfile_ls_tests::{Client, range, server_binary};
use serde_json::json;

fn rss_mib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

fn main() {
    let mut args = std::env::args().skip(1);
    let lines: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500_000);
    let cycles: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let settle: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let text = dockerfile_ls_tests::generate_dockerfile(lines);
    let uri = "file:///soak/Dockerfile";
    let mut c = Client::spawn_with(&server_binary("release"), &[], &[]);
    c.initialize(json!({}));
    let pid = c.pid();
    println!(
        "{lines} lines ({} MiB), {cycles} cycles; RSS in MiB",
        text.len() >> 20
    );
    println!("start: {}", rss_mib(pid));
    for cycle in 1..=cycles {
        c.open(uri, 1, &text);
        c.wait_diagnostics(uri, 1);
        let open = rss_mib(pid);
        for method in [
            "textDocument/foldingRange",
            "textDocument/semanticTokens/full",
        ] {
            c.request(method, json!({ "textDocument": { "uri": uri } }));
        }
        let requests = rss_mib(pid);
        for v in 2..=21 {
            c.change(uri, v, range(lines as u32 / 2, 0, lines as u32 / 2, 0), "#");
        }
        c.wait_diagnostics(uri, 21);
        let edits = rss_mib(pid);
        c.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        c.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(Vec::is_empty)
        });
        std::thread::sleep(Duration::from_millis(500));
        let closed = rss_mib(pid);
        // Freed pages go back to the system after they stay unused for a while.
        std::thread::sleep(Duration::from_secs(settle));
        let settled = rss_mib(pid);
        println!(
            "cycle {cycle}: open {open}, requests {requests}, 20 edits {edits}, closed {closed}, {settle} s later {settled}"
        );
    }
    c.shutdown();
}
