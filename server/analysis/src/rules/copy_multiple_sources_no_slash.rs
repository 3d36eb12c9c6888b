//! `CopyMultipleSourcesNoSlash`: COPY/ADD with several sources (or a wildcard) into a destination without a trailing `/`.

use super::{Check, instructions_and_triggers_of};
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Fix;
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # CopyMultipleSourcesNoSlash
    ///
    /// Reports `COPY` and `ADD` with more than one source, or a wildcard source, whose destination
    /// does not end with `/`.
    ///
    /// ## Why
    ///
    /// With several sources the destination must be a directory. Written without the trailing
    /// slash, it reads like a file name, and when the wildcard matches a single file the result is
    /// a file named like the directory. The slash states the intent and makes the build fail
    /// clearly instead.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The destination is a directory to BuildKit already: it ends with `/`, or it is `.`, `..`,
    ///   or ends with `/.` (`COPY a b .` copies into the WORKDIR). hadolint's DL3021 asks for a
    ///   slash after `.` too; BuildKit does not need one, so neither do we.
    /// - The destination contains a variable (its value may end with `/`).
    /// - A single source whose `?` or `[` belongs to a URL (`ADD https://example.com/x?ref=v1 /x`)
    ///   or a git address: that is no wildcard.
    ///
    /// Unlike DL3021, which looks at COPY with several sources only, a single wildcard source and
    /// `ADD` are checked too: a wildcard that matches several files needs a directory as well.
    CopyMultipleSourcesNoSlash {
        severity: Warning,
        aliases: ["DL3021"],
        fixable: true,
        summary: "COPY/ADD with several sources (or a wildcard) into a destination without a trailing `/`.",
    }
}

/// Whether a source is a URL or a git address (`ADD https://…?ref=v1`, `git@host:repo`).
fn is_url(t: &str) -> bool {
    t.contains("://") || t.starts_with("git@")
}

/// Whether BuildKit takes a destination as a directory: a trailing `/` (or `\` on Windows),
/// `.`, `..`, or a last component `.` or `..` (`/app/.`).
fn is_directory(t: &str) -> bool {
    let t = t.trim_matches('"');
    t.ends_with(['/', '\\'])
        || matches!(t, "." | "..")
        || t.ends_with("/.")
        || t.ends_with("/..")
        || t.ends_with("\\.")
}

impl Check for CopyMultipleSourcesNoSlash {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let copies = instructions_and_triggers_of(analysis, Keyword::Copy)
            .chain(instructions_and_triggers_of(analysis, Keyword::Add));
        for i in copies {
            if !i.heredocs.is_empty() {
                continue;
            }
            let Some((dest, sources)) = i.args.split_last() else {
                continue;
            };
            // A URL's `?` or `[` is no wildcard.
            let glob = |t: &str| !is_url(t) && t.contains(['*', '?', '[']);
            let many = sources.len() > 1 || sources.iter().any(|w| glob(&w.text));
            if !many || is_directory(&dest.text) || dest.text.contains('$') {
                continue;
            }
            // Windows destinations (`C:\\app`) take a backslash.
            // (Only with another escape character: otherwise a final `\\` continues the line.)
            let windows = dest.text.contains('\\') && analysis.parsed().escape != '\\';
            let sep = if windows { "\\" } else { "/" };
            let mut d = Diagnostic::new(
                &META,
                dest.range,
                format!(
                    "with several sources the destination must be a directory: write `{}{sep}`",
                    dest.text
                ),
            );
            if !i.json {
                d = d.with_fix(Fix::safe(
                    format!("Add a trailing `{sep}`"),
                    vec![TextEdit::insert(dest.range.end, sep)],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn destinations() {
        check_rule(
            "CopyMultipleSourcesNoSlash",
            "FROM a:1\nCOPY a b /app\nCOPY *.json /cfg\nCOPY a /b\nCOPY a b /c/\nCOPY a b .\nCOPY a b ..\nCOPY a b /srv/.\nADD https://example.com/x.tgz?ref=v1 /x\nADD git@github.com:o/r.git#v[1] /r\n",
            &[
                "2:10-2:14 with several sources the destination must be a directory: write `/app/`",
                "3:13-3:17 with several sources the destination must be a directory: write `/cfg/`",
            ],
        );
        check_fix(
            "CopyMultipleSourcesNoSlash",
            "FROM a:1\nCOPY a b /app\n",
            "FROM a:1\nCOPY a b /app/\n",
        );
    }
}
