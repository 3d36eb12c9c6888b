//! The yum, dnf/microdnf and zypper counterparts of the apt rules, as hadolint has them:
//! assume-yes (DL3030, DL3038, DL3034), clean up in the same RUN (DL3032, DL3040, DL3036)
//! and pinned versions (DL3033, DL3041, DL3037; off by default like the other pinning rules).

use super::{Rule, RuleMeta, has_cache_mount, missing_flag};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::syntax::Instruction;
use crate::syntax::shell::{Script, ShellCommand};

/// A package manager's install command.
struct Manager {
    /// Command names.
    names: &'static [&'static str],
    /// Its install subcommands.
    install: &'static [&'static str],
}

const YUM: Manager = Manager {
    names: &["yum"],
    install: &["install", "groupinstall", "localinstall"],
};
const DNF: Manager = Manager {
    names: &["dnf", "microdnf"],
    install: &["install", "groupinstall", "localinstall"],
};
const ZYPPER: Manager = Manager {
    names: &["zypper"],
    install: &["install", "in"],
};

impl Manager {
    fn installs<'a>(&'a self, script: &'a Script) -> impl Iterator<Item = &'a ShellCommand> + 'a {
        script.commands.iter().filter(move |c| {
            self.names.contains(&c.name())
                && c.subcommand()
                    .is_some_and(|s| self.install.contains(&s.text.as_str()))
        })
    }
}

/// `yum install` / `dnf install` / `zypper install` without the flag that answers the prompt.
pub(crate) struct AssumeYes {
    meta: &'static RuleMeta,
    manager: Manager,
    flags: &'static [&'static str],
    flag: &'static str,
}

impl Rule for AssumeYes {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        let meta = self.meta();
        for c in self.manager.installs(script) {
            // zypper takes its global `-n` before the subcommand.
            if c.has_flag(self.flags) || c.simulates() {
                continue;
            }
            let Some(sub) = c.subcommand() else { continue };
            let name = c.name();
            out.push(missing_flag(
                meta,
                sub,
                &format!(
                    "`{name} {}` without `{}` stops at its confirmation prompt: add `{}`",
                    sub.text, self.flag, self.flag
                ),
                self.flag,
                Applicability::Safe,
            ));
        }
    }
}

/// An install whose package cache stays in the layer: no clean-up command in the same RUN.
pub(crate) struct CleanUp {
    meta: &'static RuleMeta,
    manager: Manager,
    /// `(command, subcommand, argument)` that clean up (the argument may be empty).
    cleans: &'static [(&'static str, &'static str, &'static str)],
    /// Cache directories: `rm -rf` of one, or a cache mount on one, also counts.
    cache_dirs: &'static [&'static str],
    advice: &'static str,
}

impl Rule for CleanUp {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        let meta = self.meta();
        let Some(install) = self.manager.installs(script).next() else {
            return;
        };
        if self.cache_dirs.iter().any(|d| has_cache_mount(ins, d)) {
            return;
        }
        let cleaned = script.commands.iter().any(|c| {
            let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
            self.cleans.iter().any(|(cmd, s, arg)| {
                c.name() == *cmd
                    && sub == *s
                    && (arg.is_empty() || c.args().iter().any(|w| w.text == *arg))
            }) || (c.name() == "rm"
                && c.args()
                    .iter()
                    .any(|w| self.cache_dirs.iter().any(|d| w.text.starts_with(d))))
        });
        if cleaned {
            return;
        }
        let Some(sub) = install.subcommand() else {
            return;
        };
        out.push(Diagnostic::new(
            meta,
            sub.range,
            format!("the package cache stays in this layer: {}", self.advice),
        ));
    }
}

/// Packages installed without a version.
pub(crate) struct Unpinned {
    meta: &'static RuleMeta,
    manager: Manager,
    /// Whether a package word names a version (or is a file).
    pinned: fn(&str) -> bool,
    how: &'static str,
}

impl Rule for Unpinned {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        let meta = self.meta();
        for c in self.manager.installs(script) {
            let Some(sub) = c.subcommand() else { continue };
            let packages = c
                .args()
                .iter()
                .skip_while(|w| w.range != sub.range)
                .skip(1)
                .filter(|w| !w.text.starts_with('-') && !w.text.contains('$'));
            for w in packages {
                if (self.pinned)(&w.text) {
                    continue;
                }
                out.push(Diagnostic::new(
                    meta,
                    w.range,
                    format!("pin the version of `{}` ({})", w.text, self.how),
                ));
            }
        }
    }
}

/// hadolint's test for yum and dnf: a `-` in the word (`name-1.2`), or an `.rpm` file.
fn rpm_pinned(t: &str) -> bool {
    t.contains('-') || t.ends_with(".rpm") || t.contains('/')
}

/// zypper: a version operator (`name=1.2`, `name>=1.2`), or an `.rpm` file.
fn zypper_pinned(t: &str) -> bool {
    t.contains(['=', '<', '>']) || t.ends_with(".rpm") || t.contains('/')
}

macro_rules! meta {
    ($id:literal, $sev:expr, $alias:literal, $off:expr, $fix:expr, $summary:literal, $docs:literal) => {
        RuleMeta {
            id: $id,
            severity: $sev,
            aliases: &[$alias],
            buildkit_check: false,
            default_off: $off,
            fixable: $fix,
            scope: super::Scope::Run,
            summary: $summary,
            doc_lines: &[$docs],
        }
    };
}

static YUM_ASSUME_YES_META: RuleMeta = meta!(
    "YumAssumeYes",
    Severity::Warning,
    "DL3030",
    false,
    true,
    "`yum install` without `-y` waits for an answer that never comes.",
    "# YumAssumeYes

Reports `yum install` (and `groupinstall`, `localinstall`) without `-y` / `--assumeyes`.

## Why

A build has no terminal: yum asks \"Is this ok [y/N]\", reads end of input, and the RUN fails.

## Example

```dockerfile
RUN yum install httpd
```

## Use instead

```dockerfile
RUN yum install -y httpd && yum clean all
```

## When it does not fire

`-y` or `--assumeyes` (also in a bundle such as `-qy`). As hadolint's DL3030, which is
accepted as an alias.
"
);

pub(crate) static YUM_ASSUME_YES: AssumeYes = AssumeYes {
    meta: &YUM_ASSUME_YES_META,
    manager: YUM,
    flags: &["-y", "--assumeyes"],
    flag: "-y",
};

static DNF_ASSUME_YES_META: RuleMeta = meta!(
    "DnfAssumeYes",
    Severity::Warning,
    "DL3038",
    false,
    true,
    "`dnf install` without `-y` waits for an answer that never comes.",
    "# DnfAssumeYes

Reports `dnf install` and `microdnf install` without `-y` / `--assumeyes`.

## Why

A build has no terminal: dnf asks \"Is this ok [y/N]\", reads end of input, and the RUN fails.

## Example

```dockerfile
RUN dnf install nginx
```

## Use instead

```dockerfile
RUN dnf install -y nginx && dnf clean all
```

## When it does not fire

`-y` or `--assumeyes` (also in a bundle such as `-qy`). As hadolint's DL3038, which is
accepted as an alias.
"
);

pub(crate) static DNF_ASSUME_YES: AssumeYes = AssumeYes {
    meta: &DNF_ASSUME_YES_META,
    manager: DNF,
    flags: &["-y", "--assumeyes"],
    flag: "-y",
};

static ZYPPER_NON_INTERACTIVE_META: RuleMeta = meta!(
    "ZypperNonInteractive",
    Severity::Warning,
    "DL3034",
    false,
    true,
    "`zypper install` without `-y` (or the global `-n`) waits for an answer.",
    "# ZypperNonInteractive

Reports `zypper install` without `-y` / `--no-confirm` or the global `-n` /
`--non-interactive`.

## Why

A build has no terminal: zypper asks before installing, reads end of input, and aborts.

## Example

```dockerfile
RUN zypper install curl
```

## Use instead

```dockerfile
RUN zypper --non-interactive install curl && zypper clean --all
```

## When it does not fire

Any of `-y`, `--no-confirm`, `-n`, `--non-interactive` on the command. As hadolint's DL3034,
which is accepted as an alias.
"
);

pub(crate) static ZYPPER_NON_INTERACTIVE: AssumeYes = AssumeYes {
    meta: &ZYPPER_NON_INTERACTIVE_META,
    manager: ZYPPER,
    flags: &["-y", "--no-confirm", "-n", "--non-interactive"],
    flag: "-y",
};

static YUM_CLEAN_ALL_META: RuleMeta = meta!(
    "YumCleanAll",
    Severity::Info,
    "DL3032",
    false,
    false,
    "`yum install` leaves its cache in the layer without `yum clean all`.",
    "# YumCleanAll

Reports a RUN that runs `yum install` but not `yum clean all` (or `rm -rf /var/cache/yum`).

## Why

yum keeps downloaded metadata and packages under `/var/cache/yum`: tens of megabytes in the
layer. A later RUN that cleans does not shrink the earlier layer.

## Example

```dockerfile
RUN yum install -y httpd
```

## Use instead

```dockerfile
RUN yum install -y httpd && yum clean all
```

## When it does not fire

The same RUN runs `yum clean all` or removes `/var/cache/yum`, or mounts a cache there. As
hadolint's DL3032, which is accepted as an alias.
"
);

pub(crate) static YUM_CLEAN_ALL: CleanUp = CleanUp {
    meta: &YUM_CLEAN_ALL_META,
    manager: YUM,
    cleans: &[("yum", "clean", "all")],
    cache_dirs: &["/var/cache/yum"],
    advice: "end the RUN with `yum clean all`",
};

static DNF_CLEAN_ALL_META: RuleMeta = meta!(
    "DnfCleanAll",
    Severity::Info,
    "DL3040",
    false,
    false,
    "`dnf install` leaves its cache in the layer without `dnf clean all`.",
    "# DnfCleanAll

Reports a RUN that runs `dnf install` (or `microdnf install`) but not `dnf clean all`
(`microdnf clean all`, or `rm -rf /var/cache/dnf`).

## Why

dnf keeps downloaded metadata and packages under `/var/cache/dnf`: tens of megabytes in the
layer. A later RUN that cleans does not shrink the earlier layer.

## Example

```dockerfile
RUN dnf install -y nginx
```

## Use instead

```dockerfile
RUN dnf install -y nginx && dnf clean all
```

## When it does not fire

The same RUN cleans the cache as above, or mounts a cache at `/var/cache/dnf`. As hadolint's
DL3040, which is accepted as an alias.
"
);

pub(crate) static DNF_CLEAN_ALL: CleanUp = CleanUp {
    meta: &DNF_CLEAN_ALL_META,
    manager: DNF,
    cleans: &[("dnf", "clean", "all"), ("microdnf", "clean", "all")],
    cache_dirs: &["/var/cache/dnf", "/var/cache/yum"],
    advice: "end the RUN with `dnf clean all`",
};

static ZYPPER_CLEAN_META: RuleMeta = meta!(
    "ZypperClean",
    Severity::Info,
    "DL3036",
    false,
    false,
    "`zypper install` leaves its cache in the layer without `zypper clean`.",
    "# ZypperClean

Reports a RUN that runs `zypper install` but not `zypper clean` (`zypper cc`, or
`rm -rf /var/cache/zypp`).

## Why

zypper keeps downloaded metadata and packages under `/var/cache/zypp` in the layer. A later
RUN that cleans does not shrink the earlier layer.

## Example

```dockerfile
RUN zypper -n install curl
```

## Use instead

```dockerfile
RUN zypper -n install curl && zypper clean --all
```

## When it does not fire

The same RUN cleans as above, or mounts a cache at `/var/cache/zypp`. As hadolint's DL3036,
which is accepted as an alias.
"
);

pub(crate) static ZYPPER_CLEAN: CleanUp = CleanUp {
    meta: &ZYPPER_CLEAN_META,
    manager: ZYPPER,
    cleans: &[("zypper", "clean", ""), ("zypper", "cc", "")],
    cache_dirs: &["/var/cache/zypp"],
    advice: "end the RUN with `zypper clean --all`",
};

static YUM_UNPINNED_META: RuleMeta = meta!(
    "YumUnpinned",
    Severity::Warning,
    "DL3033",
    true,
    false,
    "`yum install` of a package without a version (`pkg-1.2.3`).",
    "# YumUnpinned

Off by default. Reports packages named on a `yum install` line without a version
(`httpd-2.4.62`).

## Why

An unpinned package resolves to the newest one in the repositories at build time: the same
Dockerfile builds different images.

## Example

```dockerfile
RUN yum install -y httpd
```

## Use instead

```dockerfile
RUN yum install -y httpd-2.4.62 && yum clean all
```

## When it does not fire

Like hadolint's DL3033 (accepted as an alias), any `-` in the name counts as a version, and
`.rpm` files and paths are not checked.
"
);

pub(crate) static YUM_UNPINNED: Unpinned = Unpinned {
    meta: &YUM_UNPINNED_META,
    manager: YUM,
    pinned: rpm_pinned,
    how: "`pkg-<version>`",
};

static DNF_UNPINNED_META: RuleMeta = meta!(
    "DnfUnpinned",
    Severity::Warning,
    "DL3041",
    true,
    false,
    "`dnf install` of a package without a version (`pkg-1.2.3`).",
    "# DnfUnpinned

Off by default. Reports packages named on a `dnf install` or `microdnf install` line without
a version (`nginx-1.26.2`).

## Why

An unpinned package resolves to the newest one in the repositories at build time: the same
Dockerfile builds different images.

## Example

```dockerfile
RUN dnf install -y nginx
```

## Use instead

```dockerfile
RUN dnf install -y nginx-1.26.2 && dnf clean all
```

## When it does not fire

Like hadolint's DL3041 (accepted as an alias), any `-` in the name counts as a version, and
`.rpm` files and paths are not checked.
"
);

pub(crate) static DNF_UNPINNED: Unpinned = Unpinned {
    meta: &DNF_UNPINNED_META,
    manager: DNF,
    pinned: rpm_pinned,
    how: "`pkg-<version>`",
};

static ZYPPER_UNPINNED_META: RuleMeta = meta!(
    "ZypperUnpinned",
    Severity::Warning,
    "DL3037",
    true,
    false,
    "`zypper install` of a package without a version (`pkg=1.2.3`).",
    "# ZypperUnpinned

Off by default. Reports packages named on a `zypper install` line without a version
(`curl=8.6.0`).

## Why

An unpinned package resolves to the newest one in the repositories at build time: the same
Dockerfile builds different images.

## Example

```dockerfile
RUN zypper -n install curl
```

## Use instead

```dockerfile
RUN zypper -n install curl=8.6.0 && zypper clean --all
```

## When it does not fire

A version operator (`=`, `>=`, `<`) in the word, an `.rpm` file or a path. As hadolint's
DL3037, which is accepted as an alias.
"
);

pub(crate) static ZYPPER_UNPINNED: Unpinned = Unpinned {
    meta: &ZYPPER_UNPINNED_META,
    manager: ZYPPER,
    pinned: zypper_pinned,
    how: "`pkg=<version>`",
};

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn assume_yes() {
        check_rule(
            "YumAssumeYes",
            "FROM centos:7\nRUN yum install httpd && yum -y install git\n",
            &["2:9-2:16 `yum install` without `-y` stops at its confirmation prompt: add `-y`"],
        );
        check_rule(
            "DnfAssumeYes",
            "FROM fedora:41\nRUN microdnf install nginx && dnf install -qy git\n",
            &[
                "2:14-2:21 `microdnf install` without `-y` stops at its confirmation prompt: add `-y`",
            ],
        );
        check_rule(
            "ZypperNonInteractive",
            "FROM opensuse/leap:15\nRUN zypper install curl && zypper -n in git\n",
            &["2:12-2:19 `zypper install` without `-y` stops at its confirmation prompt: add `-y`"],
        );
        check_fix(
            "YumAssumeYes",
            "FROM centos:7\nRUN yum install httpd && yum clean all\n",
            "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        );
        check_fix(
            "DnfAssumeYes",
            "FROM fedora:41\nRUN dnf install nginx && dnf clean all\n",
            "FROM fedora:41\nRUN dnf install -y nginx && dnf clean all\n",
        );
        check_fix(
            "ZypperNonInteractive",
            "FROM opensuse/leap:15\nRUN zypper install curl && zypper clean\n",
            "FROM opensuse/leap:15\nRUN zypper install -y curl && zypper clean\n",
        );
    }

    #[test]
    fn clean_up() {
        check_rule(
            "YumCleanAll",
            "FROM centos:7\nRUN yum install -y a\nRUN yum install -y b && yum clean all\nRUN yum install -y c && rm -rf /var/cache/yum\n",
            &["2:9-2:16 the package cache stays in this layer: end the RUN with `yum clean all`"],
        );
        check_rule(
            "DnfCleanAll",
            "FROM fedora:41\nRUN dnf install -y a\nRUN microdnf install -y b && microdnf clean all\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y c\n",
            &["2:9-2:16 the package cache stays in this layer: end the RUN with `dnf clean all`"],
        );
        check_rule(
            "ZypperClean",
            "FROM opensuse/leap:15\nRUN zypper -n install a\nRUN zypper -n in b && zypper cc\n",
            &[
                "2:15-2:22 the package cache stays in this layer: end the RUN with `zypper clean --all`",
            ],
        );
    }

    #[test]
    fn pinning() {
        let found = |text: &str, id: &str| -> Vec<String> {
            let mut settings = crate::RuleSettings::default();
            settings.select([id]).unwrap();
            crate::Analysis::from_text(text, &crate::BuildConfig::default())
                .diagnostics_with(&settings)
                .into_iter()
                .map(|d| d.message)
                .collect()
        };
        assert_eq!(
            found(
                "FROM centos:7\nRUN yum install -y httpd mod_ssl-2.4 /tmp/x.rpm\n",
                "DL3033"
            ),
            ["pin the version of `httpd` (`pkg-<version>`)"]
        );
        assert_eq!(
            found("FROM fedora:41\nRUN dnf install -y nginx\n", "DnfUnpinned"),
            ["pin the version of `nginx` (`pkg-<version>`)"]
        );
        assert_eq!(
            found(
                "FROM opensuse/leap:15\nRUN zypper -n in curl git=2.43\n",
                "DL3037"
            ),
            ["pin the version of `curl` (`pkg=<version>`)"]
        );
    }
}
