//! `dockerfile-ls`: with no arguments (or `--stdio`), serves LSP on stdio; `check` lints files;
//! `syntax` prints the instructions as BuildKit reads them; `rules` documents the rules;
//! `--version` prints the version.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--version" | "-V" | "version") => dockerfile_ls::cli::version(),
        Some("check" | "syntax" | "rules" | "help" | "--help" | "-h") => {
            dockerfile_ls::cli::run(&args)
        }
        // No argument, `--stdio`, and whatever transport flags clients append
        // (`--clientProcessId=N`): serve LSP.
        _ => serve(),
    }
}

fn serve() -> ExitCode {
    dockerfile_ls::cli::init_logging();
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(2);
    };
    let code = rt.block_on(dockerfile_ls::lsp::run_stdio());
    // Do not wait for the thread blocked reading stdin: a client may keep it open after
    // `exit`, and the process must end now.
    rt.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
