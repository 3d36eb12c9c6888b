//! `AddUrlWithoutChecksum`: `ADD https://…` without `--checksum`, or `ADD` of a git URL at a
//! ref that can move.

use super::{Check, instructions_and_triggers_of};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Keyword;

declare_rule! {
    /// # AddUrlWithoutChecksum
    ///
    /// Reports `ADD https://…` (or `http://`) without `--checksum=sha256:…`, and, as information,
    /// `ADD` of a git repository at a branch, a tag or no ref at all instead of a commit.
    ///
    /// ## Why
    ///
    /// `ADD` of a URL puts whatever the server returns into the image, unverified: a compromised or
    /// changed download goes straight in, and the layer cache hides the change until the cache is
    /// cleared. `--checksum` (Dockerfile frontend 1.6 and later) makes the build fail when the file
    /// is not the one you reviewed. A git branch or tag moves in the same way; a commit does not.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ADD https://github.com/moby/buildkit.git#master /src
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// ADD --checksum=sha256:<the digest of the file you reviewed> \
    ///     https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ADD https://github.com/moby/buildkit.git#<full commit hash> /src
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - `--checksum` is given (for git sources, the ref is a full commit hash).
    /// - The source is a local path or a variable.
    AddUrlWithoutChecksum {
        severity: Warning,
        summary: "`ADD <url>` without `--checksum`, or of a git repository at a branch or tag.",
    }
}

/// Whether an ADD source is a git repository (BuildKit's git detection).
fn is_git(t: &str) -> bool {
    let repo = t.split('#').next().unwrap_or_default();
    t.starts_with("git@")
        || t.starts_with("git://")
        || t.starts_with("ssh://")
        || ((t.starts_with("https://") || t.starts_with("http://"))
            && (repo.ends_with(".git") || repo.contains(".git/")))
}

/// Whether a git ref is a full commit hash (SHA-1 or SHA-256).
fn is_commit(r: &str) -> bool {
    matches!(r.len(), 40 | 64) && r.chars().all(|c| c.is_ascii_hexdigit())
}

impl Check for AddUrlWithoutChecksum {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for i in instructions_and_triggers_of(analysis, Keyword::Add) {
            if !i.heredocs.is_empty() {
                continue;
            }
            let checksum = i.flag("checksum").is_some();
            let sources = i.args.split_last().map_or(&[][..], |(_, s)| s);
            for src in sources {
                let t = src.text.trim_matches(|c| c == '"' || c == '\'');
                if t.contains('$') {
                    continue;
                }
                if is_git(t) {
                    let reference = t
                        .split_once('#')
                        .map(|(_, f)| f.split(':').next().unwrap_or_default());
                    if checksum || reference.is_some_and(is_commit) {
                        continue;
                    }
                    let what = match reference {
                        Some(r) if !r.is_empty() => format!("`{r}` can move"),
                        _ => "no ref means the default branch, which moves".to_owned(),
                    };
                    let mut d = Diagnostic::new(
                        &META,
                        src.range,
                        format!("{what}: pin the repository at a commit (`#<full commit hash>`)"),
                    );
                    d.severity = Severity::Info;
                    out.push(d);
                } else if (t.starts_with("https://") || t.starts_with("http://")) && !checksum {
                    out.push(Diagnostic::new(
                        &META,
                        src.range,
                        "the download goes into the image unverified: add `--checksum=sha256:<digest>`".to_owned(),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn urls_and_git_refs() {
        check_rule(
            "AddUrlWithoutChecksum",
            "FROM alpine:3.22\nADD https://example.com/a.tgz /a\nADD --checksum=sha256:00 https://example.com/b.tgz /b\nADD https://github.com/o/r.git#main /r\nADD git@github.com:o/r.git#0123456789abcdef0123456789abcdef01234567 /s\nADD https://github.com/o/r.git /t\nADD local.tgz /u\n",
            &[
                "2:5-2:30 the download goes into the image unverified: add `--checksum=sha256:<digest>`",
                "4:5-4:36 `main` can move: pin the repository at a commit (`#<full commit hash>`)",
                "6:5-6:31 no ref means the default branch, which moves: pin the repository at a commit (`#<full commit hash>`)",
            ],
        );
    }
}
