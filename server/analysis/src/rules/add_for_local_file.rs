//! `AddForLocalFile`: ADD copies local files; COPY says what it does.

use super::instructions_and_triggers_of;
use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Fix;
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # AddForLocalFile
    ///
    /// Reports `ADD` whose sources are all local files or directories (not URLs, git repositories
    /// or archives, which only ADD handles).
    ///
    /// ## Why
    ///
    /// ADD does more than copy: it fetches URLs and unpacks local tar archives. Using it for plain
    /// files hides that: a later rename of a file to `.tar.gz` changes what the instruction does.
    /// COPY does only what it says.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// COPY requirements.txt /app/
    /// ```
    AddForLocalFile {
        severity: Warning,
        aliases: ["DL3020"],
        fixable: true,
        summary: "ADD copies local files; COPY says what it does.",
    }
}

impl Check for AddForLocalFile {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        const ARCHIVES: [&str; 9] = [
            ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".gz", ".zip",
        ];
        for i in instructions_and_triggers_of(analysis, Keyword::Add) {
            if !i.heredocs.is_empty() || i.json {
                continue;
            }
            let Some((_, sources)) = i.args.split_last() else {
                continue;
            };
            if sources.is_empty() {
                continue;
            }
            let local = sources.iter().all(|w| {
                let t = w.text.to_ascii_lowercase();
                !t.contains("://")
                    && !t.starts_with("git@")
                    && !t.contains('$')
                    && !ARCHIVES.iter().any(|a| t.ends_with(a))
            });
            if !local {
                continue;
            }
            // Flags only ADD has make COPY no substitute.
            let add_only = i
                .flags
                .iter()
                .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
            let mut d = Diagnostic::new(
                &META,
                i.keyword_range,
                "use COPY for local files: ADD also fetches URLs and unpacks archives".to_owned(),
            );
            if !add_only {
                let kw = super::keyword_like(i, "COPY");
                d = d.with_fix(Fix::safe(
                    "Change to COPY",
                    vec![TextEdit::replace(i.keyword_range, kw)],
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
    fn local_adds() {
        check_rule(
            "AddForLocalFile",
            "FROM a:1\nADD app.py /app/\nADD https://x/y.tgz /opt/\nADD rootfs.tar.gz /\nADD --chown=1 a b /c/\n",
            &[
                "2:1-2:4 use COPY for local files: ADD also fetches URLs and unpacks archives",
                "5:1-5:4 use COPY for local files: ADD also fetches URLs and unpacks archives",
            ],
        );
        check_fix(
            "AddForLocalFile",
            "FROM a:1\nADD --chown=1 a /b\n",
            "FROM a:1\nCOPY --chown=1 a /b\n",
        );
    }
}
