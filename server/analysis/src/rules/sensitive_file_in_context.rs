//! `SensitiveFileInContext`: the context sends what should never reach a build.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::ignorefile::check::{IgnoreCheck, IgnoreOut};
use crate::ignorefile::human_count;
use crate::text::{TextEdit, TextRange};

declare_rule! {
    /// # SensitiveFileInContext
    ///
    /// Reports, on `.dockerignore`, what the build context sends although it should never
    /// reach a build, while a Dockerfile built with that context copies all of it (`COPY .`,
    /// `ADD .`): the `.git` directory, `.env` files (not `.env.example`, `.env.sample`,
    /// `.env.template`), private keys (`*.pem`, `id_rsa`, `id_ed25519`, `id_ecdsa`), a
    /// `node_modules` next to a `package.json`, a `target` next to a `Cargo.toml` or
    /// `pom.xml`, and `__pycache__`. A path a `COPY` names on purpose is not reported, nor are
    /// keys and environment files among test assets (in a `test`, `tests`, `testdata` or
    /// `fixtures` directory: certificates for TLS tests). The quick-fix adds the pattern.
    ///
    /// ## Why
    ///
    /// `COPY . .` puts every file the context sends into a layer: secrets and keys stay in
    /// the image's history even when a later step deletes them, `.git` and local dependency
    /// trees make the context (and every build) slower, and a host's `node_modules` or
    /// `target` can replace what the build should install for its own platform.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// *.log
    /// ```
    ///
    /// Files in the context:
    ///
    /// ```text
    /// Dockerfile
    /// .env
    /// package.json
    /// server.js
    /// ```
    ///
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```text
    /// *.log
    /// **/.env
    /// ```
    SensitiveFileInContext {
        severity: Warning,
        scope: Ignore,
        fixable: true,
        summary: "The build context sends `.git`, `.env` files, private keys or local dependency trees while a Dockerfile copies all of it.",
    }
}

/// What the context should not send: (the pattern to add, what it is, how many entries).
fn findings(cx: &IgnoreCheck<'_>) -> Vec<(String, &'static str, u64)> {
    let Some((listing, eval)) = cx.context else {
        return Vec::new();
    };
    let mut found: Vec<(String, &'static str, u64)> = Vec::new();
    let mut add = |pattern: String, what: &'static str| {
        if let Some(f) = found.iter_mut().find(|f| f.0 == pattern) {
            f.2 += 1;
        } else {
            found.push((pattern, what, 1));
        }
    };
    let has = |dir: &str, name: &str| {
        let p = if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") };
        listing.entries.iter().any(|e| *e.path == *p && !e.dir)
    };
    let mut below_reported: Option<String> = None;
    // Left out whole (below an excluded directory no exception reaches): nothing to report.
    let mut skipped = eval.skipped.iter().peekable();
    let mut k = 0;
    while let Some(e) = listing.entries.get(k) {
        if let Some(&&(start, end)) = skipped.peek()
            && start == k
        {
            skipped.next();
            k = end;
            continue;
        }
        let excluded = eval.excluded.get(k).copied().unwrap_or(false);
        k += 1;
        if let Some(dir) = &below_reported {
            if e.path.starts_with(dir.as_str()) {
                continue;
            }
            below_reported = None;
        }
        if excluded {
            continue;
        }
        let (dir, name) = e.path.rsplit_once('/').unwrap_or(("", &e.path));
        let reported = if e.dir {
            match name {
                ".git" if dir.is_empty() => Some((".git".to_owned(), "the git repository")),
                "node_modules" if has(dir, "package.json") => {
                    Some(("**/node_modules".to_owned(), "local npm dependencies"))
                }
                "target" if has(dir, "Cargo.toml") || has(dir, "pom.xml") => Some((
                    e.path.to_string(),
                    "build output",
                )),
                "__pycache__" => Some(("**/__pycache__".to_owned(), "Python bytecode caches")),
                _ => None,
            }
        } else if name == ".env"
            || (name.starts_with(".env.")
                && !matches!(
                    name,
                    ".env.example" | ".env.sample" | ".env.template" | ".env.dist" | ".env.defaults"
                ))
        {
            Some((format!("**/{name}"), "environment files, which hold secrets"))
        } else if name.ends_with(".pem") {
            Some(("**/*.pem".to_owned(), "keys or certificates"))
        } else if matches!(name, "id_rsa" | "id_ed25519" | "id_ecdsa" | "id_dsa") {
            Some((format!("**/{name}"), "private SSH keys"))
        } else {
            None
        };
        if let Some((pattern, what)) = reported {
            if named_by_a_copy(cx, &e.path) {
                continue;
            }
            // Keys and environment files among a project's test assets (certificates for TLS
            // tests) are data the tests need, not secrets.
            let secret = !e.dir && what != "local npm dependencies";
            if secret && in_test_assets(&e.path) {
                continue;
            }
            if e.dir {
                below_reported = Some(format!("{}/", e.path));
            }
            add(pattern, what);
        }
    }
    found
}

/// Whether `path` is inside a directory of test assets.
fn in_test_assets(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "test" | "tests" | "testdata" | "testing" | "fixtures" | "test-fixtures" | "__tests__"
        )
    })
}

/// Whether a COPY/ADD of the Dockerfiles names `path` (or something inside it) on purpose.
fn named_by_a_copy(cx: &IgnoreCheck<'_>, path: &str) -> bool {
    cx.dockerfiles.iter().any(|d| {
        d.analysis.parsed().instructions.iter().any(|i| {
            super::local_sources(i).iter().any(|w| {
                let s = crate::ignorefile::go_clean(&w.text);
                s != "." && (s == path || s.starts_with(&format!("{path}/")))
            })
        })
    })
}

/// Whether a Dockerfile built with the context copies all of it.
fn copies_everything(cx: &IgnoreCheck<'_>) -> bool {
    cx.dockerfiles.iter().any(|d| {
        d.analysis.parsed().instructions.iter().any(|i| {
            super::local_sources(i)
                .iter()
                .any(|w| matches!(crate::ignorefile::go_clean(&w.text).as_str(), "." | "/"))
        })
    })
}

impl Check for SensitiveFileInContext {
    fn check_ignore(&self, cx: &IgnoreCheck<'_>, out: &mut IgnoreOut) {
        if !copies_everything(cx) {
            return;
        }
        let first_line_end = cx.text.find('\n').unwrap_or(cx.text.len());
        let first_line_end = cx.text.get(..first_line_end).map_or(0, |l| l.trim_end_matches('\r').len());
        let at = TextRange::new(0, first_line_end);
        let end = cx.text.len();
        let sep = if cx.text.is_empty() || cx.text.ends_with('\n') { "" } else { "\n" };
        for (pattern, what, n) in findings(cx) {
            let count = if n == 1 { String::new() } else { format!(" ({} of them)", human_count(n)) };
            let fix = Fix::suggested(
                format!("Add `{pattern}` to the ignore file"),
                vec![TextEdit {
                    range: TextRange::new(end, end),
                    new_text: format!("{sep}{pattern}\n"),
                }],
            );
            let mut d = Diagnostic::new(
                &META,
                at,
                format!(
                    "the build context sends {what}{count} (`{pattern}`), and a Dockerfile copies the whole context: add `{pattern}` here"
                ),
            );
            d.fixes.push(fix);
            out.push(d);
        }
    }
}
