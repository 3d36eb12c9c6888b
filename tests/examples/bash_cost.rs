//! How long tree-sitter-bash takes on every RUN script of a file (one thread):
//! `cargo run --release -p dockerfile-ls-tests --example bash_cost -- FILE`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use dockerfile_analysis::syntax::{self, shell};

fn main() {
    let path = std::env::args().nth(1).expect("usage: bash_cost FILE");
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = syntax::scan(&dockerfile_analysis::Rope::from_str(&text));
    let t = Instant::now();
    let scripts = parsed
        .instructions
        .iter()
        .filter_map(shell::parse_run)
        .count();
    println!(
        "{} instructions, {scripts} RUN scripts parsed in {:.1} ms on one thread",
        parsed.instructions.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
