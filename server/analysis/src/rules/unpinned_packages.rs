//! Package version pinning (off by default): `AptGetUnpinned` (DL3008), `PipUnpinned`
//! (DL3013), `NpmUnpinned` (DL3016), `ApkUnpinned` (DL3018). One module: the four differ only
//! in the package manager and its version syntax.

use super::{Rule, RuleMeta, shell_commands};
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Instruction;
use crate::syntax::shell::Script;
use crate::syntax::shell::{ShellCommand, ShellWord};

pub(crate) struct AptGetUnpinned;
pub(crate) struct PipUnpinned;
pub(crate) struct NpmUnpinned;
pub(crate) struct ApkUnpinned;

macro_rules! meta {
    ($name:ident, $id:literal, $alias:literal, $summary:literal, $docs:literal) => {
        static $name: RuleMeta = RuleMeta {
            id: $id,
            severity: Severity::Warning,
            aliases: &[$alias],
            buildkit_check: false,
            default_off: true,
            fixable: false,
            scope: super::Scope::Run,
            summary: $summary,
            doc_lines: &[$docs],
        };
    };
}

meta!(
    APT,
    "AptGetUnpinned",
    "DL3008",
    "`apt-get install` of a package without a version (`pkg=1.2.3`).",
    "# AptGetUnpinned

Off by default. Reports packages in `apt-get install` without `=<version>`.

## Why

Unpinned packages install whatever version the mirror has today: rebuilding an old commit
gives a different image. Pinning trades that for manual upgrades, which is why this rule is
off by default; enable it where reproducibility matters more.

## Example

```dockerfile
RUN apt-get install -y --no-install-recommends curl
```

## Use instead

```dockerfile
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```
"
);
meta!(
    PIP,
    "PipUnpinned",
    "DL3013",
    "`pip install` of a package without a version (`pkg==1.2.3`).",
    "# PipUnpinned

Off by default. Reports packages named on a `pip install` line without a version specifier
(`==`, `>=`, `~=`, …), for `pip`, `pip3`, `pip3.12`, `python -m pip` (any `python…`) and
`pipx install`, as hadolint's DL3013 does.

## When it does not fire

- The line installs from a requirements file (`-r`), with a constraints file (`-c`,
  `--constraint`: the versions are pinned there) or in editable mode (`-e`).
- The argument is no index package: a local path (`.`, `./pkg`, anything with a `/`), an
  archive or wheel (`.whl`, `.tar.gz`, `.zip`), a URL, or a VCS URL at a revision
  (`git+https://…/repo@v1.2#egg=repo`). A VCS URL without `@revision` is reported.
- The word is the value of an option (`--index-url URL`, `--root-user-action ignore`, …).

## Why

An unpinned package resolves to the newest release at build time: a release with a breaking
change breaks the next build of an unchanged Dockerfile.

## Example

```dockerfile
RUN pip install --no-cache-dir requests
```

## Use instead

```dockerfile
RUN pip install --no-cache-dir requests==2.32.3
```
"
);
meta!(
    NPM,
    "NpmUnpinned",
    "DL3016",
    "`npm install` of a named package without a version (`pkg@1.2.3`).",
    "# NpmUnpinned

Off by default. Reports packages named on an `npm install` line without `@<version>`
(scoped packages need a second `@`). `npm ci` and a bare `npm install` use the lock file and
are not reported.

## Why

`npm install -g some-cli` installs the newest release each build, so an unchanged Dockerfile
can produce a different, possibly broken, image.

## Example

```dockerfile
RUN npm install -g typescript
```

## Use instead

```dockerfile
RUN npm install -g typescript@5.6.3
```
"
);
meta!(
    APK,
    "ApkUnpinned",
    "DL3018",
    "`apk add` of a package without a version (`pkg=1.2.3-r0`).",
    "# ApkUnpinned

Off by default. Reports packages in `apk add` without `=<version>` (or `~<version>`).

## Why

Unpinned packages make rebuilds non-reproducible. Note that Alpine removes old package
versions from its mirrors, so pins need maintenance: hence off by default.

## Example

```dockerfile
RUN apk add --no-cache curl
```

## Use instead

```dockerfile
RUN apk add --no-cache curl=8.11.1-r0
```
"
);

/// The package words of `c` after its subcommand (options and their values skipped).
fn packages<'a>(
    c: &'a ShellCommand,
    takes_value: &'a [&str],
) -> impl Iterator<Item = &'a ShellWord> + 'a {
    let mut skip_next = false;
    c.args()
        .iter()
        .skip_while(|w| w.text.starts_with('-'))
        .skip(1)
        .filter(move |w| {
            if skip_next {
                skip_next = false;
                return false;
            }
            if w.text.starts_with('-') {
                skip_next = takes_value.contains(&w.text.as_str());
                return false;
            }
            !w.text.contains('$')
        })
}

fn report(meta: &'static RuleMeta, out: &mut Vec<Diagnostic>, w: &ShellWord, how: &str) {
    out.push(Diagnostic::new(
        meta,
        w.range,
        format!("pin the version of `{}` ({how})", w.text),
    ));
}

impl Rule for AptGetUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &APT
    }
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "apt-get", &["install"]) {
            if c.simulates() {
                continue;
            }
            for w in packages(c, &["-o", "-t", "--target-release"]) {
                if !w.text.contains('=') && !w.text.ends_with(".deb") {
                    report(&APT, out, w, "`pkg=<version>`");
                }
            }
        }
    }
}

/// pip options that take the next word as their value.
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

impl Rule for PipUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &PIP
    }
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
                report(&PIP, out, w, "`pkg==<version>`");
            }
        }
    }
}

impl Rule for NpmUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &NPM
    }
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "npm", &["install", "i", "add"]) {
            for w in packages(c, &["--prefix", "--registry"]) {
                let t = &w.text;
                let at = if t.starts_with('@') {
                    t.matches('@').count() > 1
                } else {
                    t.contains('@')
                };
                let path = t.starts_with(['.', '/']) || t.contains(':') || t.ends_with(".tgz");
                if !at && !path {
                    report(&NPM, out, w, "`pkg@<version>`");
                }
            }
        }
    }
}

impl Rule for ApkUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &APK
    }
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "apk", &["add"]) {
            for w in packages(
                c,
                &["-t", "--virtual", "-X", "--repository", "--root", "-p"],
            ) {
                if !w.text.contains(['=', '~', '<', '>']) && !w.text.ends_with(".apk") {
                    report(&APK, out, w, "`pkg=<version>`");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn found(text: &str, rule: &str) -> Vec<String> {
        let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
        let mut s = crate::RuleSettings::default();
        s.select([rule]).unwrap();
        a.diagnostics_with(&s)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn unpinned_packages() {
        assert_eq!(
            found(
                "FROM d:1\nRUN apt-get install -y --no-install-recommends curl jq=1.6 -o X=1\n",
                "DL3008"
            ),
            ["pin the version of `curl` (`pkg=<version>`)"]
        );
        assert_eq!(
            found(
                "FROM p:1\nRUN pip install --no-cache-dir requests flask==3 ./local\nRUN pip install -r r.txt\nRUN python3 -m pip install --root-user-action ignore 'git+https://github.com/o/r@v1.2#egg=r' git+https://github.com/o/s uvicorn\nRUN pip3 install -c constraints.txt fastapi && pipx install black\nRUN pip install https://example.com/pkg-1.0.tar.gz pkg.whl\n",
                "DL3013"
            ),
            [
                "pin the version of `requests` (`pkg==<version>`)",
                "pin the version of `git+https://github.com/o/s` (`pkg==<version>`)",
                "pin the version of `uvicorn` (`pkg==<version>`)",
                "pin the version of `black` (`pkg==<version>`)",
            ]
        );
        assert_eq!(
            found(
                "FROM n:1\nRUN npm install -g typescript @scope/x@1 @scope/y && npm ci && npm install\n",
                "DL3016"
            ),
            [
                "pin the version of `typescript` (`pkg@<version>`)",
                "pin the version of `@scope/y` (`pkg@<version>`)"
            ]
        );
        assert_eq!(
            found(
                "FROM a:1\nRUN apk add --no-cache --virtual .deps curl git=2.45.2-r0\n",
                "DL3018"
            ),
            ["pin the version of `curl` (`pkg=<version>`)"]
        );
        assert!(found("FROM d:1\nRUN apt-get install -y curl\n", "StageNameCasing").is_empty());
    }
}
