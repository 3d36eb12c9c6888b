//! Records the commit the binary is built from, for `dockerfile-ls --version`:
//! `DOCKERFILE_LS_COMMIT` when set (a packager building without git), else the checkout's
//! `git` HEAD, else the `.cargo_vcs_info.json` that `cargo publish` writes into the crate (so
//! `cargo install dockerfile-ls` knows its commit too), else nothing.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-env-changed=DOCKERFILE_LS_COMMIT");
    let commit = std::env::var("DOCKERFILE_LS_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_owned())
        .or_else(from_git)
        .or_else(from_vcs_info)
        .unwrap_or_default();
    println!("cargo::rustc-env=DOCKERFILE_LS_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// `abcdef123456 2026-12-07` from the checkout, and the files whose change moves HEAD.
fn from_git() -> Option<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let head = git(&["-C", &dir, "rev-parse", "--short=12", "HEAD"])?;
    let date = git(&["-C", &dir, "log", "-1", "--format=%cs", "HEAD"]).unwrap_or_default();
    for file in ["HEAD", "packed-refs", "refs/heads"] {
        if let Some(p) = git(&["-C", &dir, "rev-parse", "--git-path", file]) {
            let p = Path::new(&dir).join(p);
            if p.exists() {
                println!("cargo::rerun-if-changed={}", p.display());
            }
        }
    }
    Some(format!("{head} {date}").trim().to_owned())
}

/// The commit `cargo publish` recorded (`{"git": {"sha1": "…"}}`), read without a JSON
/// parser: the build script has no dependencies.
fn from_vcs_info() -> Option<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let text = std::fs::read_to_string(Path::new(&dir).join(".cargo_vcs_info.json")).ok()?;
    let rest = text.split("\"sha1\"").nth(1)?;
    let sha: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_hexdigit())
        .take_while(char::is_ascii_hexdigit)
        .take(12)
        .collect();
    (sha.len() == 12).then_some(sha)
}
