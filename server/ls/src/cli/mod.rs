//! The command line: argument parsing and the `check` / `syntax` commands. Output goes to
//! stdout through explicit writers; messages about bad input go to stderr.

pub mod check;
pub mod context;
pub mod format;
pub mod graph;
pub mod render;
pub mod rules;
pub mod syntax;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "dockerfile-ls",
    version,
    about = "A language server and linter for Dockerfiles.",
    after_help = "With no command (or with --stdio), dockerfile-ls serves the Language Server \
Protocol on stdin/stdout, which is how editors start it; `dockerfile-ls serve` does the same. \
Logs go to stderr, filtered by RUST_LOG."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Dockerfiles and report problems (the same analysis as the language server).
    Check(CheckArgs),
    /// Format Dockerfiles: keyword case, continuation indent, JSON arrays, trailing space.
    Format(FormatArgs),
    /// Draw the stage graph: what each stage starts from, copies and mounts from, and which
    /// stages a build of the target reaches.
    Graph(GraphArgs),
    /// Print the instructions of a Dockerfile as BuildKit's parser reads them.
    Syntax(SyntaxArgs),
    /// List the rules, or print one rule's documentation.
    Rules(RulesArgs),
    /// Show what `docker build` would send of a build context: totals, the largest
    /// directories and files, what each `.dockerignore` pattern leaves out.
    Context(context::ContextArgs),
    /// Serve the Language Server Protocol on stdin/stdout (what editors run; the default
    /// when no command is given).
    #[command(alias = "lsp")]
    Serve(ServeArgs),
}

/// Arguments of `serve`: the transport flags editors pass.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Use stdin/stdout (the only transport; accepted for clients that always pass it).
    #[arg(long)]
    pub stdio: bool,
    /// The editor's process id, which some clients pass (accepted and ignored).
    #[arg(long = "clientProcessId", value_name = "PID")]
    pub client_process_id: Option<String>,
}

/// Arguments of `rules`.
#[derive(clap::Args)]
pub struct RulesArgs {
    /// A rule id or alias (for example `StageNameTypo` or `DL3024`).
    pub id: Option<String>,
    /// Output format (`text` or `json`).
    #[arg(long, value_enum, default_value = "text")]
    pub format: SyntaxFormat,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable: location, rule, message and the source line with a marker.
    Human,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// Severity threshold for a non-zero exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Any finding but hints fails.
    Info,
}

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input). Directories are searched for
    /// Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and Containerfile, the Compose and
    /// Bake files, and `.dockerignore` files (checked against the context they apply to).
    /// Default: `.`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The build context (where `.dockerignore` is read from). Default: each Dockerfile's directory.
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// A build argument, `KEY=VALUE`, as given to `docker build` (repeatable).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    pub build_args: Vec<String>,
    /// The lowest severity that makes the exit status 1.
    #[arg(long = "fail-on", value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Run only these rules (ids or aliases, comma-separated; `ALL` for every rule, including
    /// those off by default).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub select: Vec<String>,
    /// Never run these rules (ids or aliases, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub ignore: Vec<String>,
    /// Apply the safe fixes in place, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Use this configuration file instead of the nearest `.dockerfile-ls.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every `.dockerfile-ls.toml`.
    #[arg(long = "no-config", conflicts_with = "config")]
    pub no_config: bool,
}

/// Arguments of `format`.
#[derive(clap::Args)]
pub struct FormatArgs {
    /// Files or directories (searched as `check` does; `-` formats standard input to stdout).
    pub paths: Vec<PathBuf>,
    /// Only report the files that would change (exit status 1 if any would).
    #[arg(long)]
    pub check: bool,
    /// Spaces of continuation indent (default 4; 0 leaves indentation as it is).
    #[arg(long, value_name = "N")]
    pub indent: Option<usize>,
}

/// Output formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// An SVG picture.
    Svg,
    /// The nodes and edges as JSON.
    Json,
}

/// Arguments of `graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// The Dockerfile (`-` for standard input).
    pub file: PathBuf,
    /// The stage a build targets (default: the last one).
    #[arg(long)]
    pub target: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
}

/// Output formats of `syntax`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SyntaxFormat {
    /// One line per instruction.
    Text,
    /// A JSON array with BuildKit's fields.
    Json,
    /// The tree-sitter tree (node kinds and byte ranges) and where the grammar gave up.
    Tree,
}

/// Arguments of `syntax`.
#[derive(clap::Args)]
pub struct SyntaxArgs {
    /// The Dockerfile (`-` for standard input).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: SyntaxFormat,
}

/// Runs a CLI command.
#[must_use]
pub fn run(args: &[String]) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            // Help goes to stdout with status 0; usage errors to stderr with status 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Format(a) => format::run(&a),
        Command::Graph(a) => graph::run(&a),
        Command::Syntax(a) => syntax::run(&a),
        Command::Rules(a) => rules::run(&a),
        Command::Context(a) => context::run(&a),
        Command::Serve(_) => serve(),
    }
}

/// Serves LSP on stdin/stdout until `exit`.
#[must_use]
pub fn serve() -> ExitCode {
    init_logging();
    crate::memory::release_in_background();
    // A panic inside a request is caught and answered as an internal error; it is logged
    // here once, on one line with its place, and no backtrace is captured (the default hook
    // would print one under RUST_BACKTRACE, costing time and memory the server keeps).
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
    }));
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(2);
    };
    let code = rt.block_on(crate::lsp::run_stdio());
    // Do not wait for the thread blocked reading stdin: a client may keep it open after
    // `exit`, and the process must end now.
    rt.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// `--version`.
#[must_use]
pub fn version() -> ExitCode {
    let _ = writeln!(std::io::stdout(), "{}", version_line());
    ExitCode::SUCCESS
}

/// `dockerfile-ls 0.1.0 (0123456789ab 2026-12-07)`: the version and the commit it was built
/// from (see `build.rs`), as `rustc --version` writes it; without a known commit, the version.
pub fn version_line() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("DOCKERFILE_LS_COMMIT") {
        "" => format!("dockerfile-ls {version}"),
        commit => format!("dockerfile-ls {version} ({commit})"),
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default: warnings).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_ansi(false)
        .try_init();
}

/// Prints a one-line error about a path to stderr.
pub(crate) fn complain(path: &str, what: &str) {
    let _ = writeln!(std::io::stderr(), "dockerfile-ls: {path}: {what}");
}

/// Reads a Dockerfile (or stdin for `-`); a message naming the path when it cannot be used.
pub(crate) fn read_source(path: &std::path::Path) -> Result<String, String> {
    let limit = crate::fsutil::dockerfile_limit();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit.saturating_add(1)),
            &mut buf,
        )
        .map_err(|e| format!("cannot read standard input: {e}"))?;
        if buf.len() as u64 > limit {
            return Err(
                "standard input is larger than the limit (DOCKERFILE_LS_MAX_FILE_BYTES)".to_owned(),
            );
        }
        buf
    } else {
        crate::fsutil::read_regular(path, limit)?
    };
    if bytes.contains(&0) {
        return Err("skipped: binary file (contains NUL bytes), not a Dockerfile".to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "skipped: not valid UTF-8 (first bad byte at offset {}); Dockerfiles must be UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
