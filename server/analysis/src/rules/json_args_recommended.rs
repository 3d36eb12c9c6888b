//! `JSONArgsRecommended`: CMD or ENTRYPOINT uses the shell form.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # JSONArgsRecommended
    ///
    /// Reports `CMD` and `ENTRYPOINT` in shell form (`CMD npm start`) in a stage that does not set
    /// its own `SHELL`.
    ///
    /// ## Why
    ///
    /// The shell form runs the command as `/bin/sh -c "…"`: the shell becomes PID 1, does not
    /// forward signals, and `docker stop` waits for its timeout and then kills the process without
    /// a clean shutdown. The JSON (exec) form runs the program directly.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// CMD npm start
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// CMD ["npm", "start"]
    /// ```
    ///
    /// If the shell is intended, say so explicitly: `CMD ["/bin/sh", "-c", "npm start"]`, or set a
    /// `SHELL` in the stage.
    ///
    /// ## Windows images
    ///
    /// BuildKit reports the shell form in Windows images too, where the default shell is `cmd
    /// /S /C` and the signal argument is weaker (Windows containers stop differently). This rule
    /// shares BuildKit's name, so it reports them as BuildKit does; a Windows project that means
    /// the shell form can set `SHELL ["cmd", "/S", "/C"]` (or PowerShell) in the stage, which
    /// silences it in both.
    JSONArgsRecommended {
        severity: Warning,
        aliases: ["DL3025"],
        buildkit_check: true,
        fixable: true,
        summary: "CMD or ENTRYPOINT uses the shell form.",
    }
}

impl Check for JSONArgsRecommended {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        // BuildKit stays quiet once the image config has a shell: a SHELL in the stage or in
        // the stage it is built on.
        let platform = analysis.platform();
        let first = analysis.model().stages.first().map_or(0, |s| s.from);
        for (k, i) in analysis
            .parsed()
            .instructions
            .iter()
            .enumerate()
            .skip(first)
        {
            let has_shell = platform.shell.get(k).copied().flatten().is_some();
            match i.kind {
                // An instruction BuildKit rejects gets that error only.
                Keyword::Cmd | Keyword::Entrypoint
                    if !i.json && !has_shell && i.errors.is_empty() =>
                {
                    if let Some(range) = i.args_range {
                        let name = i.kind.as_str();
                        let looks_json = i.args.first().is_some_and(|w| w.text.starts_with('['));
                        let hint = if looks_json {
                            " (this is not JSON: JSON strings need double quotes)"
                        } else {
                            ""
                        };
                        let mut d = Diagnostic::new(
                            &META,
                            range,
                            format!(
                                "JSON arguments recommended for {name} to prevent unintended behavior related to OS signals{hint}"
                            ),
                        );
                        if let Some(json) = exec_form(i) {
                            d = d.with_fix(Fix::safe(
                                format!("Change to `{name} {json}`"),
                                vec![TextEdit::replace(range, json)],
                            ));
                        }
                        out.push(d);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The exec form of a shell-form command, when the shell does nothing to it: plain words with
/// no quoting, variables, globs, redirections or operators. Otherwise the shell form and the
/// exec form behave differently, and only a human can choose.
fn exec_form(i: &crate::syntax::Instruction) -> Option<String> {
    let text: String = i
        .args
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let special = |c: char| "$`\\\"'|&;<>()*?[]{}~#!=".contains(c) || c == '\n';
    if text.trim().is_empty() || text.contains(special) {
        return None;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    Some(format!("[{}]", words.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_only_when_the_shell_does_nothing() {
        check_fix(
            "JSONArgsRecommended",
            "FROM a\nCMD node server.js --port 80\n",
            "FROM a\nCMD [\"node\", \"server.js\", \"--port\", \"80\"]\n",
        );
        let a = crate::Analysis::from_text(
            "FROM a\nCMD node $APP && echo\n",
            &crate::BuildConfig::default(),
        );
        assert!(
            a.diagnostics()
                .iter()
                .filter(|d| d.rule == "JSONArgsRecommended")
                .all(|d| d.fixes.is_empty())
        );
    }

    #[test]
    fn shell_form_without_a_shell() {
        check_rule(
            "JSONArgsRecommended",
            "FROM a\nCMD npm start\nENTRYPOINT [\"x\"]\nFROM b\nSHELL [\"bash\", \"-c\"]\nCMD echo ok\n",
            &[
                "2:5-2:14 JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
            ],
        );
    }

    #[test]
    fn a_shell_inherited_from_the_parent_stage_counts() {
        crate::testing::check_rule(
            "JSONArgsRecommended",
            "FROM a:1 AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nCMD echo hi\nFROM a:1\nCMD echo hi\n",
            &[
                "6:5-6:12 JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
            ],
        );
    }
}
