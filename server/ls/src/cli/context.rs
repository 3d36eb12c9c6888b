//! `dockerfile-ls context [DIR] [--file Dockerfile]`: what `docker build` would send of a
//! build context — the ignore file it uses, the totals, the largest directories and files
//! sent, what each pattern leaves out — as text or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dockerfile_analysis::ignorefile::{context::largest, human_bytes, human_count};
use serde_json::json;

use crate::context::{WalkLimits, sent};

/// Output formats of `context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ContextFormat {
    /// Readable.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `context`.
#[derive(clap::Args)]
pub struct ContextArgs {
    /// The build context (default: the current directory).
    pub dir: Option<PathBuf>,
    /// The Dockerfile (its own `<Dockerfile>.dockerignore` wins over the context's).
    #[arg(long, short = 'f')]
    pub file: Option<PathBuf>,
    /// How many of the largest directories and files to show.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ContextFormat,
}

/// Runs `context`.
#[must_use]
pub fn run(a: &ContextArgs) -> ExitCode {
    let dir = a.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        let _ = writeln!(
            std::io::stderr(),
            "dockerfile-ls: {}: not a directory",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let dockerfile = a
        .file
        .clone()
        .or_else(|| Some(dir.join("Dockerfile")).filter(|p| p.is_file()));
    let started = std::time::Instant::now();
    let s = sent(dockerfile.as_deref(), &dir, &WalkLimits::from_env());
    let elapsed = started.elapsed();
    let (dirs, files) = largest(&s.listing, &s.eval, a.top);
    let ignore_name = s.ignore.as_ref().map(|(p, _)| show(p));
    let mut out = std::io::stdout().lock();
    match a.format {
        ContextFormat::Json => {
            let patterns: Vec<serde_json::Value> = s
                .ignore
                .as_ref()
                .map(|(_, f)| {
                    f.patterns
                        .iter()
                        .zip(&s.eval.patterns)
                        .map(|(p, st)| {
                            json!({
                                "line": p.line + 1,
                                "pattern": format!("{}{}", if p.exception { "!" } else { "" }, p.cleaned),
                                "error": p.error,
                                "matched": st.matched,
                                "files": st.files,
                                "bytes": st.bytes,
                                "examples": st.examples,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let v = json!({
                "context": show(&dir),
                "dockerfile": dockerfile.as_deref().map(show),
                "ignoreFile": ignore_name,
                "sent": { "files": s.eval.sent_files, "bytes": s.eval.sent_bytes },
                "ignored": { "files": s.eval.ignored_files, "bytes": s.eval.ignored_bytes },
                "stopped": s.listing.stopped,
                "largestDirectories": dirs.iter().map(|(p, b, n)| json!({"path": p, "bytes": b, "files": n})).collect::<Vec<_>>(),
                "largestFiles": files.iter().map(|(p, b)| json!({"path": p, "bytes": b})).collect::<Vec<_>>(),
                "patterns": patterns,
            });
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        ContextFormat::Text => {
            let _ = writeln!(
                out,
                "build context {} ({}; counted in {} ms)",
                show(&dir),
                ignore_name.as_deref().map_or_else(
                    || "no .dockerignore: everything is sent".to_owned(),
                    |n| format!("ignore file {n}")
                ),
                elapsed.as_millis()
            );
            let _ = writeln!(
                out,
                "sends   {:>9} files {:>10}\nignores {:>9} files {:>10}",
                human_count(s.eval.sent_files),
                human_bytes(s.eval.sent_bytes),
                human_count(s.eval.ignored_files),
                human_bytes(s.eval.ignored_bytes)
            );
            if let Some(why) = &s.listing.stopped {
                let _ = writeln!(out, "(incomplete: {why})");
            }
            if !dirs.is_empty() {
                let _ = writeln!(out, "\nlargest directories sent:");
                for (p, b, n) in &dirs {
                    let _ = writeln!(
                        out,
                        "  {:>10}  {:>7} files  {p}/",
                        human_bytes(*b),
                        human_count(*n)
                    );
                }
            }
            if !files.is_empty() {
                let _ = writeln!(out, "\nlargest files sent:");
                for (p, b) in &files {
                    let _ = writeln!(out, "  {:>10}  {p}", human_bytes(*b));
                }
            }
            if let Some((_, f)) = &s.ignore {
                let _ = writeln!(out, "\npatterns:");
                for (p, st) in f.patterns.iter().zip(&s.eval.patterns) {
                    let written = format!("{}{}", if p.exception { "!" } else { "" }, p.cleaned);
                    let what = if let Some(e) = &p.error {
                        format!("rejected by BuildKit: {e}")
                    } else if st.matched == 0 {
                        "matches nothing".to_owned()
                    } else {
                        format!(
                            "{} {} files ({})",
                            if p.exception {
                                "re-includes"
                            } else {
                                "leaves out"
                            },
                            human_count(st.files),
                            human_bytes(st.bytes)
                        )
                    };
                    let _ = writeln!(out, "  {:>4}  {written:<30} {what}", p.line + 1);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

fn show(p: &Path) -> String {
    p.display().to_string()
}
