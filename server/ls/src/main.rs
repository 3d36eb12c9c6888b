//! `dockerfile-ls`: with no arguments, `serve`, or only the transport flags editors pass
//! (`--stdio`, `--clientProcessId=N`), serves LSP on stdio; `check` lints files; `syntax`
//! prints the instructions as BuildKit reads them; `rules` documents the rules; `--version`
//! prints the version. Anything else is a usage error (status 2), never a silent LSP session.

use std::process::ExitCode;

/// jemalloc, whose background thread gives the memory of a closed document back to the
/// system (glibc's malloc kept it: issue #25, item 13). Not on Windows: jemalloc does not
/// build for MSVC, and Windows' own heap gives freed memory back already.
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().collect();
    let first = args.get(1).map(String::as_str);
    match first {
        Some("--version" | "-V" | "version") => return dockerfile_ls::cli::version(),
        // Editors start the server with no command, or with transport flags only.
        None => return dockerfile_ls::cli::serve(),
        Some(a) if a.starts_with("--stdio") || a.starts_with("--clientProcessId") => {
            args.insert(1, "serve".to_owned());
        }
        _ => {}
    }
    dockerfile_ls::cli::run(&args)
}
