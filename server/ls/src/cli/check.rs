//! `dockerfile-ls check`: find Dockerfiles, analyse each, print findings, pick the exit status
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dockerfile_analysis::{Analysis, BuildConfig, Diagnostic, Severity};

use super::render::{self, Finding};
use super::{CheckArgs, FailOn, complain, read_source};

/// Whether a file name is one we check when searching a directory.
#[must_use]
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || lower.ends_with(".dockerfile")
}

/// Searches `dir` for Dockerfiles (skipping hidden directories, `node_modules`, `target` and
/// `vendor`), in a stable order.
fn discover(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((
                dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.')
                && !matches!(name.as_str(), "node_modules" | "target" | "vendor")
            {
                discover(&e.path(), out, errors);
            }
        } else if is_dockerfile_name(&name) {
            out.push(e.path());
        }
    }
}

fn threshold(f: FailOn) -> Severity {
    match f {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    }
}

/// Runs `check`.
#[must_use]
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut build_args = Vec::new();
    for a in &args.build_args {
        match a.split_once('=') {
            Some((k, v)) if !k.is_empty() => build_args.push((k.to_owned(), v.to_owned())),
            _ => {
                complain(a, "--build-arg expects KEY=VALUE");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(ctx) = &args.context
        && !ctx.is_dir()
    {
        complain(&ctx.display().to_string(), "--context is not a directory");
        return ExitCode::from(2);
    }
    let config = BuildConfig { build_args };
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    let mut errors: Vec<(String, String)> = Vec::new();
    for root in roots {
        if root.as_os_str() == "-" || root.is_file() {
            files.push(root);
        } else if root.is_dir() {
            discover(&root, &mut files, &mut errors);
        } else {
            errors.push((
                root.display().to_string(),
                "no such file or directory".to_owned(),
            ));
        }
    }
    let mut findings: Vec<Finding> = Vec::new();
    let mut checked = 0usize;
    for file in &files {
        let name = if file.as_os_str() == "-" {
            "<stdin>".to_owned()
        } else {
            file.display().to_string()
        };
        let text = match read_source(file) {
            Ok(t) => t,
            Err(e) => {
                errors.push((name, e));
                continue;
            }
        };
        checked += 1;
        let analysis = Analysis::from_text(&text, &config);
        let diags: Vec<Diagnostic> = analysis.diagnostics();
        findings.extend(diags.iter().map(|d| Finding::new(&name, &analysis, d)));
    }
    for (path, what) in &errors {
        complain(path, what);
    }
    if let Err(e) = render::write(args.format, &findings, checked) {
        complain("<stdout>", &format!("cannot write output: {e}"));
        return ExitCode::from(2);
    }
    if !errors.is_empty() {
        return ExitCode::from(2);
    }
    let limit = threshold(args.fail_on);
    if findings.iter().any(|f| f.severity <= limit) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
