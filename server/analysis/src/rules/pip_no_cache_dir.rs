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
    PipNoCacheDir {
        severity: Info,
        aliases: ["DL3042"],
        scope: Run,
        fixable: true,
        summary: "`pip install` without `--no-cache-dir` keeps pip's download cache in the layer.",
    }
}

impl Check for PipNoCacheDir {
    /// Not when an ARG or ENV earlier in the stage sets `PIP_NO_CACHE_DIR`.
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
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

/// Whether ARG or ENV instruction `x` declares `name`.
fn declares(x: &crate::Instruction, name: &str) -> bool {
    match x.kind {
        crate::Keyword::Arg => x
            .args
            .iter()
            .any(|w| w.text.split('=').next() == Some(name)),
        crate::Keyword::Env => x
            .args
            .chunks(2)
            .any(|p| p.first().is_some_and(|k| k.text == name)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

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
