//! What the package-manager rules share: the yum, dnf/microdnf and zypper families (assume-yes,
//! clean-up and pinning, one parametric implementation each, with one instance per manager)
//! and the pinning rules' package words and findings. The rules themselves are declared one
//! file per id (`yum_assume_yes.rs`, `apt_get_unpinned.rs`, …).

use super::{RuleMeta, has_cache_mount, missing_flag};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::syntax::Instruction;
use crate::syntax::shell::{Script, ShellCommand, ShellWord};

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
pub(super) struct AssumeYes {
    manager: Manager,
    flags: &'static [&'static str],
    flag: &'static str,
}

impl AssumeYes {
    /// Pushes the findings of the rule that `meta` declares.
    pub(super) fn check_run(
        &self,
        meta: &'static RuleMeta,
        _run: &Instruction,
        script: &Script,
        out: &mut Vec<Diagnostic>,
    ) {
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
pub(super) struct CleanUp {
    manager: Manager,
    /// The subcommands that fill the cache besides the manager's install ones (`dnf
    /// upgrade`, `dnf reinstall` and their short forms).
    also: &'static [&'static str],
    /// `(command, subcommand, argument)` that clean up (the argument may be empty).
    cleans: &'static [(&'static str, &'static str, &'static str)],
    /// Cache directories: `rm -rf` of one, or a cache mount on one, also counts.
    cache_dirs: &'static [&'static str],
    advice: &'static str,
}

impl CleanUp {
    /// Pushes the findings of the rule that `meta` declares.
    pub(super) fn check_run(
        &self,
        meta: &'static RuleMeta,
        ins: &Instruction,
        script: &Script,
        out: &mut Vec<Diagnostic>,
    ) {
        // The last command that fills the cache: the clean-up must come after it, and be the
        // same tool's (`microdnf clean all` does not clean `dnf`'s cache).
        let fills = |c: &ShellCommand| {
            self.manager.names.contains(&c.name())
                && c.subcommand().is_some_and(|s| {
                    self.manager.install.contains(&s.text.as_str())
                        || self.also.contains(&s.text.as_str())
                })
        };
        let Some((last, install)) = script.commands.iter().enumerate().rfind(|(_, c)| fills(c))
        else {
            return;
        };
        if self.cache_dirs.iter().any(|d| has_cache_mount(ins, d)) {
            return;
        }
        let cleaned = script.commands.iter().skip(last + 1).any(|c| {
            let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
            self.cleans.iter().any(|(cmd, s, arg)| {
                c.name() == *cmd
                    && c.name() == install.name()
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
pub(super) struct Unpinned {
    manager: Manager,
    /// Whether a package word names a version (or is a file).
    pinned: fn(&str) -> bool,
    how: &'static str,
}

impl Unpinned {
    /// Pushes the findings of the rule that `meta` declares.
    pub(super) fn check_run(
        &self,
        meta: &'static RuleMeta,
        _run: &Instruction,
        script: &Script,
        out: &mut Vec<Diagnostic>,
    ) {
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

pub(super) const YUM_ASSUME_YES: AssumeYes = AssumeYes {
    manager: YUM,
    flags: &["-y", "--assumeyes"],
    flag: "-y",
};

pub(super) const DNF_ASSUME_YES: AssumeYes = AssumeYes {
    manager: DNF,
    flags: &["-y", "--assumeyes"],
    flag: "-y",
};

pub(super) const ZYPPER_NON_INTERACTIVE: AssumeYes = AssumeYes {
    manager: ZYPPER,
    flags: &["-y", "--no-confirm", "-n", "--non-interactive"],
    flag: "-y",
};

pub(super) const YUM_CLEAN_ALL: CleanUp = CleanUp {
    manager: YUM,
    also: &[],
    cleans: &[("yum", "clean", "all")],
    cache_dirs: &["/var/cache/yum"],
    advice: "end the RUN with `yum clean all`",
};

pub(super) const DNF_CLEAN_ALL: CleanUp = CleanUp {
    manager: DNF,
    also: &[
        "in",
        "reinstall",
        "rei",
        "upgrade",
        "up",
        "upgrade-minimal",
        "up-min",
    ],
    cleans: &[("dnf", "clean", "all"), ("microdnf", "clean", "all")],
    cache_dirs: &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
    advice: "end the RUN with `dnf clean all`",
};

pub(super) const ZYPPER_CLEAN: CleanUp = CleanUp {
    manager: ZYPPER,
    also: &[],
    cleans: &[("zypper", "clean", ""), ("zypper", "cc", "")],
    cache_dirs: &["/var/cache/zypp"],
    advice: "end the RUN with `zypper clean --all`",
};

pub(super) const YUM_UNPINNED: Unpinned = Unpinned {
    manager: YUM,
    pinned: rpm_pinned,
    how: "`pkg-<version>`",
};

pub(super) const DNF_UNPINNED: Unpinned = Unpinned {
    manager: DNF,
    pinned: rpm_pinned,
    how: "`pkg-<version>`",
};

pub(super) const ZYPPER_UNPINNED: Unpinned = Unpinned {
    manager: ZYPPER,
    pinned: zypper_pinned,
    how: "`pkg=<version>`",
};

/// The package words of `c` after its subcommand (options and their values skipped).
pub(super) fn packages<'a>(
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

/// A finding that package `w` has no version (`how` says how to pin one).
pub(super) fn report(meta: &'static RuleMeta, out: &mut Vec<Diagnostic>, w: &ShellWord, how: &str) {
    out.push(Diagnostic::new(
        meta,
        w.range,
        format!("pin the version of `{}` ({how})", w.text),
    ));
}

#[cfg(test)]
mod rpm_tests {
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

#[cfg(test)]
mod unpinned_tests {
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
