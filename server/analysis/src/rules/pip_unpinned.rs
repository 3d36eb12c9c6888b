//! `PipUnpinned`: `pip install` of a package without a version (`pkg==1.2.3`).

use super::Check;
use super::package_managers::report;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # PipUnpinned
    ///
    /// Off by default. Reports packages named on a `pip install` line without a version specifier
    /// (`==`, `>=`, `~=`, …), for `pip`, `pip3`, `pip3.12`, `python -m pip` (any `python…`) and
    /// `pipx install`, as hadolint's DL3013 does.
    ///
    /// ## When it does not fire
    ///
    /// - The line installs from a requirements file (`-r`), with a constraints file (`-c`,
    ///   `--constraint`: the versions are pinned there) or in editable mode (`-e`).
    /// - The argument is no index package: a local path (`.`, `./pkg`, anything with a `/`), an
    ///   archive or wheel (`.whl`, `.tar.gz`, `.zip`), a URL, or a VCS URL at a revision
    ///   (`git+https://…/repo@v1.2#egg=repo`). A VCS URL without `@revision` is reported.
    /// - The word is the value of an option (`--index-url URL`, `--root-user-action ignore`, …).
    ///
    /// ## Why
    ///
    /// An unpinned package resolves to the newest release at build time: a release with a breaking
    /// change breaks the next build of an unchanged Dockerfile.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    PipUnpinned {
        severity: Warning,
        aliases: ["DL3013"],
        scope: Run,
        default_off: true,
        summary: "`pip install` of a package without a version (`pkg==1.2.3`).",
    }
}

const PIP_VALUE_FLAGS: [&str; 30] = [
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-c",
    "--constraint",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "-b",
    "--build",
    "--abi",
    "--implementation",
    "--platform",
    "--python-version",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--proxy",
    "--trusted-host",
    "--upgrade-strategy",
    "--root-user-action",
    "--cache-dir",
    "--log",
    "--timeout",
    "--retries",
    "--config-settings",
];

/// pip's VCS schemes (`git+https://…`).
const VCS: [&str; 5] = ["git+", "hg+", "svn+", "bzr+", "git://"];

/// Whether a pip requirement names a version or something that is not an index package: a
/// version specifier, a VCS URL at a revision (`@v1.2`), a local path or archive, a URL.
fn pip_pinned_or_not_a_package(t: &str) -> bool {
    let vcs = VCS.iter().any(|v| t.starts_with(v));
    if vcs {
        // `git+https://host/repo@v1.2#egg=x`: the part after the host holds the revision.
        return t
            .split_once("://")
            .is_some_and(|(_, rest)| rest.contains('@'));
    }
    ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
        .iter()
        .any(|s| t.contains(s))
        || t.contains(" @ ")
        || t.contains("://")
        || t.starts_with(['.', '/', '~'])
        || t.contains('/')
        || [".whl", ".tar.gz", ".zip", ".tgz"]
            .iter()
            .any(|e| t.ends_with(e))
}

impl Check for PipUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for c in &script.commands {
            // pip, pip3, python -m pip; pipx installs apps the same way.
            let args = match c.pip_args() {
                Some(a) => a,
                None if c.name() == "pipx" => c.args(),
                None => continue,
            };
            let Some(sub) = args.iter().position(|w| !w.text.starts_with('-')) else {
                continue;
            };
            if args.get(sub).is_none_or(|w| w.text != "install") {
                continue;
            }
            let rest = args.get(sub + 1..).unwrap_or_default();
            // Requirement files and constraint files pin (or are meant to pin) versions.
            let has = |flags: &[&str]| {
                rest.iter().any(|w| {
                    let t = w.text.split('=').next().unwrap_or_default();
                    flags.contains(&t)
                })
            };
            if has(&[
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
            ]) {
                continue;
            }
            let mut skip_next = false;
            for w in rest {
                if skip_next {
                    skip_next = false;
                    continue;
                }
                if w.text.starts_with('-') {
                    skip_next = PIP_VALUE_FLAGS.contains(&w.text.as_str());
                    continue;
                }
                if w.text.contains('$') || pip_pinned_or_not_a_package(&w.text) {
                    continue;
                }
                report(&META, out, w, "`pkg==<version>`");
            }
        }
    }
}
