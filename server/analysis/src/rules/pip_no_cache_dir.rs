//! `PipNoCacheDir`: `pip install` without `--no-cache-dir` keeps pip's download cache in the layer.

use super::has_cache_mount;
use super::{Check, missing_flag};
use crate::diagnostic::Applicability;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # PipNoCacheDir
    ///
    /// Reports `pip install` (`pip`, `pip3`, `python -m pip`) without `--no-cache-dir`, unless the
    /// stage sets `PIP_NO_CACHE_DIR` or the RUN mounts a cache at pip's cache directory.
    ///
    /// ## Why
    ///
    /// pip keeps every wheel it downloads in `~/.cache/pip`. In an image that cache is dead
    /// weight, often larger than the installed packages.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// or keep the cache between builds without shipping it:
    /// `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.
    ///
    /// ## When it does not fire
    ///
    /// - The stage sets `PIP_NO_CACHE_DIR` (ARG or ENV) before the RUN, or the RUN sets it for
    ///   the command (`PIP_NO_CACHE_DIR=1 pip install …`, `export PIP_NO_CACHE_DIR=1 && …`) —
    ///   unless the value is `0`, `off`, `no` or `false`, as hadolint reads it — or the RUN
    ///   mounts a cache or a tmpfs at pip's cache directory.
    /// - The stage does not ship: only other stages copy from it (`COPY --from=build
    ///   /venv /venv`), so its layers, and the cache in them, never reach the image. The same
    ///   notion of "ships" as `AptListsNotRemoved` and the other cache rules. hadolint's DL3042
    ///   reports these too.
    PipNoCacheDir {
        severity: Info,
        aliases: ["DL3042"],
        scope: Run,
        fixable: true,
        summary: "`pip install` without `--no-cache-dir` keeps pip's download cache in the layer.",
    }
}

impl Check for PipNoCacheDir {
    /// Not in a stage that does not ship (only other stages copy from it: its layers never
    /// reach the image), nor when an ARG or ENV earlier in the stage sets `PIP_NO_CACHE_DIR`.
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
        if !cx.ships(i) {
            return false;
        }
        let model = cx.analysis.model();
        let ins = &cx.analysis.parsed().instructions;
        let from = model.stage_at(i).map_or(0, |s| s.from);
        !ins.get(from..i)
            .unwrap_or_default()
            .iter()
            .any(|x| declares(x, "PIP_NO_CACHE_DIR"))
    }


    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        let mentions_pip = script.commands.iter().any(|c| c.pip_args().is_some());
        if !mentions_pip {
            return;
        }
        if has_cache_mount(ins, "/root/.cache")
            || ins
                .flags_named("mount")
                .any(|f| f.value.as_deref().is_some_and(|v| v.contains(".cache/pip")))
        {
            return;
        }
        for c in &script.commands {
            // pip, pip3, pip3.12 or python… -m pip.
            let Some(pip_args) = c.pip_args() else {
                continue;
            };
            let Some(sub) = pip_args
                .iter()
                .find(|w| !w.text.starts_with('-'))
                .filter(|w| w.text == "install")
            else {
                continue;
            };
            if pip_args.iter().any(|w| w.text == "--no-cache-dir") {
                continue;
            }
            // `PIP_NO_CACHE_DIR=1 pip install …`, or `export PIP_NO_CACHE_DIR=1` before it.
            let before = c.range.start.max(sub.range.start);
            let set_before = ins.args.iter().any(|w| {
                w.text.match_indices("PIP_NO_CACHE_DIR=").any(|(k, m)| {
                    let value = w.text.get(k + m.len()..).unwrap_or_default();
                    let value = value
                        .split(|ch: char| ch.is_whitespace() || matches!(ch, ';' | '&' | '|'))
                        .next()
                        .unwrap_or_default();
                    // A word's text can be shorter than its source (quotes, escapes): the
                    // assignment is before the command if it starts before it in the word.
                    w.range.start + k < before && truthy(value)
                })
            });
            if set_before {
                continue;
            }
            out.push(missing_flag(
                &META,
                sub,
                "`pip install` keeps its download cache in the layer: add `--no-cache-dir`",
                "--no-cache-dir",
                Applicability::Safe,
            ));
        }
    }
}

/// Whether pip reads `value` of `PIP_NO_CACHE_DIR` as "no cache" (hadolint: not `0`, `off`,
/// `no` or `false`).
fn truthy(value: &str) -> bool {
    let v = value.trim_matches(['"', '\'']).to_ascii_lowercase();
    !matches!(v.as_str(), "" | "0" | "off" | "no" | "false")
}

/// Whether ARG or ENV instruction `x` declares `name` with a value that turns the cache off
/// (an ARG without a default counts: its value comes from the build).
fn declares(x: &crate::Instruction, name: &str) -> bool {
    match x.kind {
        crate::Keyword::Arg => x.args.iter().any(|w| match w.text.split_once('=') {
            Some((k, v)) => k == name && truthy(v),
            None => w.text == name,
        }),
        crate::Keyword::Env => {
            let words: Vec<&str> = x.args.iter().map(|w| w.text.as_str()).collect();
            words.iter().enumerate().any(|(k, w)| match w.split_once('=') {
                Some((key, v)) => key == name && truthy(v),
                // The legacy `ENV NAME value` form: the value is the next word.
                None => *w == name && words.get(k + 1).is_some_and(|v| truthy(v)),
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn not_in_a_stage_that_does_not_ship() {
        check_rule(
            "PipNoCacheDir",
            "FROM python:3.13 AS build\nRUN pip install --prefix=/install -r r.txt\nFROM python:3.13-slim\nCOPY --from=build /install /usr/local\nRUN pip install gunicorn\n",
            &["5:9-5:16 `pip install` keeps its download cache in the layer: add `--no-cache-dir`"],
        );
    }

    #[test]
    fn a_stage_a_build_file_targets_ships() {
        let text = "FROM python:3.13 AS test\nRUN pip install pytest\nFROM python:3.13-slim\n";
        let found = |builders: Option<Vec<crate::Builder>>| {
            let config = crate::BuildConfig {
                builders,
                ..crate::BuildConfig::default()
            };
            crate::Analysis::from_text(text, &config)
                .diagnostics()
                .into_iter()
                .filter(|d| d.rule == "PipNoCacheDir")
                .count()
        };
        assert_eq!(found(None), 0);
        let compose = crate::testing::builder("compose service `tests`", Some("test"));
        assert_eq!(found(Some(vec![compose])), 1, "compose builds the test stage as an image");
    }

    #[test]
    fn pip() {
        check_rule(
            "PipNoCacheDir",
            "FROM python:3\nRUN pip install -r r.txt && python3 -m pip install --no-cache-dir x\nRUN python -m pip install y\nENV PIP_NO_CACHE_DIR=1\nRUN pip install z\n",
            &[
                "2:9-2:16 `pip install` keeps its download cache in the layer: add `--no-cache-dir`",
                "3:19-3:26 `pip install` keeps its download cache in the layer: add `--no-cache-dir`",
            ],
        );
        check_fix(
            "PipNoCacheDir",
            "FROM python:3\nRUN pip3 install x\n",
            "FROM python:3\nRUN pip3 install --no-cache-dir x\n",
        );
    }
}
