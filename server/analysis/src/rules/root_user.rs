//! `RootUser`: the final stage runs as root.

use super::{Check, stages_with_instructions};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::text::TextEdit;
use crate::catalog::base_images::{self, RunsAs};
use crate::model::Base;
use crate::syntax::Keyword;

declare_rule! {
    /// # RootUser
    ///
    /// Reports the final stage when its last `USER` is `root` (or `0`), and, as a quieter
    /// information, when neither it nor the stages it builds on set a `USER` at all (the base image
    /// may still set one: images built to run unprivileged, such as distroless `nonroot` tags, do).
    ///
    /// ## Why
    ///
    /// A process running as root in a container is root on the host kernel's terms: a container
    /// escape, a writable host mount or a misconfigured capability turns into full control. Build
    /// steps often need root; the running service rarely does.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY --chown=node:node . .
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// The quick-fix adds `USER` before the stage's CMD/ENTRYPOINT: the base image's own
    /// unprivileged user where the base-image table knows one (`node` in `node` images, `app`
    /// in .NET 8+ images, `www-data` in `php`), else `65532:65532` (a numeric id needs no entry
    /// in `/etc/passwd`).
    ///
    /// ## When it does not fire
    ///
    /// An explicit `USER root` (or `0`) as the last USER of the final stage, or of a stage it is
    /// built on, is always reported. A final stage without any USER is not reported when:
    ///
    /// - it is a Windows image (Server Core, Nano Server, .NET Framework): they run as `ContainerUser` or
    ///   `ContainerAdministrator`, and `USER 65532:65532` means nothing there;
    /// - it is built on `scratch` and neither it nor its base stages have a CMD or ENTRYPOINT: it
    ///   only carries files (`docker build --output`), nothing runs as any user;
    /// - its base image (with the default build arguments: `FROM $REPO:8.0-distroless`) is
    ///   known to set an unprivileged user: distroless `:nonroot` tags, `-chiseled` and
    ///   `-distroless` .NET images (user `app`), Jupyter's docker-stacks (`jovyan`), `rootless`
    ///   variants, Chainguard (`cgr.dev`, not `-dev`), Bitnami, haproxy, memcached, Jenkins,
    ///   Fluentd and Elastic's images;
    /// - its base image starts as root and its service steps down — nginx and httpd workers,
    ///   the Apache and FPM variants of `php`, `wordpress` and `nextcloud`, and the database
    ///   images (`postgres`, `mysql`, `mariadb`, `mongo`, `redis`, `rabbitmq`) whose
    ///   entrypoints `gosu` to their user — unless the stages replace the ENTRYPOINT;
    /// - the stages install or run `gosu`/`su-exec` and set an ENTRYPOINT: the entrypoint
    ///   steps down (the official database images' own Dockerfiles);
    /// - a CMD or ENTRYPOINT starts a web server whose workers drop privileges themselves:
    ///   `nginx`, Apache (`httpd-foreground`, `apache2-foreground`), `php-fpm` — whatever
    ///   entrypoint script runs first (the `nginx`, `httpd`, `php`, `wordpress` and
    ///   `nextcloud` images' own Dockerfiles);
    /// - its base is only known at build time (`FROM bin-$TARGETOS`, `FROM $IMAGE` without a
    ///   default): it may be a stage or an image that sets a user;
    /// - it is a dev container's: in a `.devcontainer` directory, built only by dev
    ///   containers (a `devcontainer.json`, a Compose file in a `.devcontainer` directory), or
    ///   built on a dev container image (`mcr.microsoft.com/devcontainers/*`).
    ///   A development environment whose user is the definition's `remoteUser`, not an
    ///   image that ships.
    ///
    /// Hover on a FROM shows what the table knows of the image, including the user it runs as.
    RootUser {
        severity: Warning,
        aliases: ["DL3002"],
        fixable: true,
        summary: "The final stage runs as root (its last USER is root, or it sets none).",
    }
}

/// Whether a command of the stages' RUNs installs or runs a tool that steps down from root
/// (`gosu`, `su-exec`): the official database images' own Dockerfiles, whose entrypoint
/// starts the server as its user.
fn steps_down(analysis: &Analysis, stages: &[usize]) -> bool {
    let model = analysis.model();
    stages.iter().filter_map(|s| model.stages.get(*s)).any(|st| {
        (st.from..st.end).any(|i| {
            analysis.run_script(i).is_some_and(|script| {
                script.commands.iter().any(|c| {
                    matches!(c.name(), "gosu" | "su-exec")
                        || c.args().iter().any(|w| matches!(w.text.as_str(), "gosu" | "su-exec"))
                })
            })
        })
    })
}

/// Servers whose master process drops privileges for the workers that serve requests
/// (nginx's `user`, Apache's `User`, php-fpm's pool `user`).
const SERVERS: [&str; 7] = [
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apachectl",
    "php-fpm",
];

/// Whether a CMD or ENTRYPOINT of the stages starts one of [`SERVERS`] (`php-fpm8.3` too).
fn runs_a_server(analysis: &Analysis, stages: &[usize]) -> bool {
    let model = analysis.model();
    let ins = &analysis.parsed().instructions;
    stages.iter().filter_map(|s| model.stages.get(*s)).any(|st| {
        ins.get(st.from..st.end)
            .unwrap_or_default()
            .iter()
            .filter(|i| matches!(i.kind, Keyword::Cmd | Keyword::Entrypoint))
            .flat_map(super::views::command_words)
            .any(|word| {
                let name = word.rsplit('/').next().unwrap_or(word);
                SERVERS.contains(&name) || name.starts_with("php-fpm")
            })
    })
}

/// Whether the chain of stages ending at `stage` is built on a dev container image
/// (`mcr.microsoft.com/devcontainers/*`): an image built on one is one too.
fn on_a_dev_container_image(analysis: &Analysis, stage: usize) -> bool {
    let model = analysis.model();
    let mut at = stage;
    for _ in 0..=model.stages.len() {
        match model.stages.get(at).map(|st| &st.base) {
            Some(Base::Stage(b)) => at = *b,
            Some(Base::Image(img)) => {
                return base_images::facts(img).is_some_and(|f| f.is_dev_container());
            }
            _ => return false,
        }
    }
    false
}

fn is_root(user: &str) -> bool {
    let u = user.split(':').next().unwrap_or_default();
    u == "root" || u == "0"
}

impl Check for RootUser {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let stages: Vec<_> = stages_with_instructions(analysis).collect();
        let Some((last, ins)) = stages.last() else {
            return;
        };
        // A dev container is a development environment, not an image that ships: its user is
        // the definition's `remoteUser`/`containerUser`, and root is often what it needs.
        if analysis.model().is_dev_container() || on_a_dev_container_image(analysis, last.index) {
            return;
        }
        // The last USER of the final stage, else of the stage it builds on, and so on.
        let mut at = Some(last.index);
        let mut seen = 0;
        while let Some(s) = at {
            let Some((stage, ins)) = stages.get(s) else {
                return;
            };
            if let Some(u) = ins.iter().rev().find(|i| i.kind == Keyword::User) {
                if let Some(w) = u.args.first().filter(|w| is_root(&w.text)) {
                    out.push(Diagnostic::new(
                        &META,
                        w.range,
                        "the final stage runs as root: switch to an unprivileged USER after the steps that need root".to_owned(),
                    ));
                }
                return;
            }
            seen += 1;
            at = match stage.base {
                Base::Stage(b) if seen <= stages.len() => Some(b),
                _ => None,
            };
        }
        let Some(from) = ins.first() else { return };
        // The image at the root of the final stage's chain of stages, and whether any stage
        // of the chain starts a process.
        let model = analysis.model();
        let mut root = last.index;
        let mut chain = vec![last.index];
        let mut runs_something = false;
        let mut own_entrypoint = false;
        for _ in 0..=stages.len() {
            if let Some((_, ins)) = stages.get(root) {
                runs_something |= ins
                    .iter()
                    .any(|i| matches!(i.kind, Keyword::Cmd | Keyword::Entrypoint));
                own_entrypoint |= ins.iter().any(|i| i.kind == Keyword::Entrypoint);
            }
            match model.stages.get(root).map(|st| &st.base) {
                Some(Base::Stage(b)) => {
                    root = *b;
                    chain.push(root);
                }
                _ => break,
            }
        }
        let Some(root_stage) = model.stages.get(root) else {
            return;
        };
        // Windows images run as ContainerUser or ContainerAdministrator, and a numeric USER
        // is no fix there.
        if analysis
            .platform()
            .windows
            .get(last.index)
            .copied()
            .unwrap_or(false)
        {
            return;
        }
        // A `FROM scratch` output with nothing to run only carries files (`--output`).
        if matches!(root_stage.base, Base::Scratch) && !runs_something {
            return;
        }
        // A base only known at build time (`FROM bin-$TARGETOS`, `FROM $IMAGE` with no
        // default) may be a stage or an image that sets a USER: nothing can be said.
        if matches!(root_stage.base, Base::Dynamic) {
            return;
        }
        // What the base image is known to run as (with the default build arguments).
        let facts = match &root_stage.base {
            Base::Image(img) => base_images::facts(img),
            _ => None,
        };
        // A family the table does not know, whose name or tag says it runs unprivileged.
        if let (None, Base::Image(img)) = (facts, &root_stage.base)
            && base_images::named_unprivileged(img)
        {
            return;
        }
        match facts.map(|f| f.runs_as) {
            // Images made to run unprivileged set their own USER.
            Some(RunsAs::Unprivileged(_) | RunsAs::Windows(_)) => return,
            // Servers that step down from root, unless the stages replace the entrypoint
            // that does it.
            Some(RunsAs::StepsDown(_)) if !own_entrypoint => return,
            _ => {}
        }
        // The official images' own Dockerfiles: an entrypoint that steps down with gosu or
        // su-exec, installed here.
        if own_entrypoint && steps_down(analysis, &chain) {
            return;
        }
        // A web server whose workers drop privileges themselves (nginx, Apache, php-fpm),
        // whatever the entrypoint before it.
        if runs_a_server(analysis, &chain) {
            return;
        }
        let anchor = last.name_range.unwrap_or(from.keyword_range);
        let known_root = facts.is_some_and(|f| f.runs_as == RunsAs::Root);
        let spare = facts.and_then(|f| f.spare_user);
        let message = match (known_root, spare) {
            (true, Some(u)) => format!(
                "the final stage sets no USER and its base image runs as root: it has the unprivileged user `{u}` to switch to"
            ),
            (true, None) => "the final stage sets no USER and its base image runs as root".to_owned(),
            (false, _) => {
                "the final stage sets no USER, so it runs as root unless the base image sets a user"
                    .to_owned()
            }
        };
        let mut d = Diagnostic::new(&META, anchor, message);
        d.severity = Severity::Info;
        // Insert before the stage's trailing CMD/ENTRYPOINT/HEALTHCHECK, else after its end.
        let tail = ins
            .iter()
            .rposition(|i| {
                !matches!(
                    i.kind,
                    Keyword::Cmd
                        | Keyword::Entrypoint
                        | Keyword::Healthcheck
                        | Keyword::Expose
                        | Keyword::StopSignal
                        | Keyword::Label
                )
            })
            .map_or(0, |p| p + 1);
        let upper = from.keyword.chars().any(|c| c.is_ascii_uppercase());
        let kw = if upper { "USER" } else { "user" };
        // The image's own unprivileged user where it has one, else a numeric id.
        let who = spare.unwrap_or("65532:65532");
        let user = format!("{kw} {who}");
        let edits = match ins.get(tail) {
            Some(next) if tail > 0 => {
                let at = super::line_start(analysis, next.range.start);
                let eol = crate::text::line_break_of(analysis.text());
                Some(vec![TextEdit::insert(at, format!("{user}{eol}"))])
            }
            _ => super::insert_line_after(analysis, ins.last().unwrap_or(from), &user),
        };
        // No fix where a USER line cannot be added without changing the last instruction.
        out.push(match edits {
            Some(edits) => d.with_fix(Fix::suggested(
                format!("Run the final stage as an unprivileged user (USER {who})"),
                edits,
            )),
            None => d,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn bases_that_run_unprivileged_or_on_windows() {
        for base in [
            "mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled",
            "mcr.microsoft.com/dotnet/runtime:9.0-azurelinux3.0-distroless",
            "quay.io/jupyter/scipy-notebook:2024-10-07",
            "jupyter/base-notebook",
            "mcr.microsoft.com/dotnet/framework/aspnet:4.8",
        ] {
            check_rule("RootUser", &format!("FROM {base}\nCMD [\"x\"]\n"), &[]);
        }
        check_rule(
            "RootUser",
            "FROM gcr.io/distroless/static-debian12\nCMD [\"x\"]\n",
            &["1:1-1:5 the final stage sets no USER and its base image runs as root"],
        );
    }

    #[test]
    fn bases_read_with_the_default_build_arguments() {
        // dotnet-docker's runtime images: `$REPO` is the distroless runtime-deps image.
        check_rule(
            "RootUser",
            "ARG REPO=mcr.microsoft.com/dotnet/runtime-deps\nFROM $REPO:8.0.30-azurelinux3.0-distroless-amd64\nCMD [\"x\"]\n",
            &[],
        );
        check_rule(
            "RootUser",
            "ARG BASE=arm64v8/alpine:3.22\nFROM $BASE\nCMD [\"x\"]\n",
            &["2:1-2:5 the final stage sets no USER and its base image runs as root"],
        );
    }

    #[test]
    fn unknown_families_named_unprivileged() {
        for base in [
            "registry.example.com/team/app:1.2-nonroot",
            "ghcr.io/acme/tool:1.0-rootless",
            "mcr.microsoft.com/dotnet/nightly/runtime-deps:8.0-jammy-chiseled",
            "ubuntu/chiseled-jre:21",
        ] {
            check_rule("RootUser", &format!("FROM {base}\nCMD [\"x\"]\n"), &[]);
        }
    }

    #[test]
    fn services_that_step_down_from_root() {
        for base in ["postgres:17", "nginx:1.29", "php:8.4-apache", "wordpress", "redis:8-alpine"] {
            check_rule("RootUser", &format!("FROM {base}\nCOPY x /x\n"), &[]);
        }
        // A new entrypoint replaces the one that steps down.
        check_rule(
            "RootUser",
            "FROM postgres:17\nENTRYPOINT [\"/run.sh\"]\n",
            &["1:1-1:5 the final stage sets no USER, so it runs as root unless the base image sets a user"],
        );
        // Web servers drop privileges themselves, after any entrypoint script.
        for tail in [
            "ENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"php-fpm\"]\n",
            "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
            "CMD [\"/usr/local/bin/httpd-foreground\"]\n",
            "CMD apache2-foreground\n",
        ] {
            check_rule("RootUser", &format!("FROM debian:bookworm-slim\n{tail}"), &[]);
        }
        check_rule(
            "RootUser",
            "FROM php:8.4-fpm\nENTRYPOINT [\"php\", \"artisan\", \"queue:work\"]\n",
            &["1:1-1:5 the final stage sets no USER, so it runs as root unless the base image sets a user"],
        );
        // The official images' own Dockerfiles install gosu for their entrypoint.
        check_rule(
            "RootUser",
            "FROM debian:bookworm-slim\nRUN apt-get install -y gosu; gosu nobody true\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"postgres\"]\n",
            &[],
        );
        check_rule(
            "RootUser",
            "FROM alpine:3.22\nRUN apk add --no-cache su-exec\nENTRYPOINT [\"docker-entrypoint.sh\"]\n",
            &[],
        );
    }

    #[test]
    fn dev_containers_choose_their_own_user() {
        let text = "FROM debian:12\nUSER root\nRUN apt-get update\n";
        let found = |dev: &[bool]| {
            let builders = dev
                .iter()
                .map(|&dev_container| crate::Builder {
                    dev_container,
                    ..crate::testing::builder("dev container", None)
                })
                .collect();
            let config = crate::BuildConfig {
                builders: Some(builders),
                ..crate::BuildConfig::default()
            };
            crate::Analysis::from_text(text, &config)
                .diagnostics()
                .into_iter()
                .filter(|d| d.rule == "RootUser")
                .count()
        };
        assert_eq!(found(&[]), 1, "nothing builds it: it may ship");
        assert_eq!(found(&[true]), 0);
        assert_eq!(found(&[true, false]), 1, "a compose service also builds it as an image");
        let config = crate::BuildConfig {
            dev_container: true,
            ..crate::BuildConfig::default()
        };
        let by_place = crate::Analysis::from_text(text, &config).diagnostics();
        assert!(by_place.iter().all(|d| d.rule != "RootUser"), "in .devcontainer/");
        check_rule(
            "RootUser",
            "ARG ORIGINAL_IMAGE=mcr.microsoft.com/vscode/devcontainers/base:bionic\nFROM ${ORIGINAL_IMAGE}\nRUN apt-get update\n",
            &[],
        );
        check_rule(
            "RootUser",
            "FROM mcr.microsoft.com/devcontainers/base:debian AS base\nFROM base\nUSER root\n",
            &[],
        );
    }

    #[test]
    fn fix_switches_to_the_images_own_user() {
        check_fix(
            "RootUser",
            "FROM node:22-slim\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
            "FROM node:22-slim\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
        );
        check_rule(
            "RootUser",
            "FROM node:22-slim\nCMD [\"node\"]\n",
            &["1:1-1:5 the final stage sets no USER and its base image runs as root: it has the unprivileged user `node` to switch to"],
        );
    }

    #[test]
    fn not_when_the_base_is_only_known_at_build_time() {
        check_rule(
            "RootUser",
            "ARG TARGETOS\nFROM alpine AS bin-linux\nUSER app\nFROM bin-$TARGETOS\nCMD [\"x\"]\n",
            &[],
        );
    }

    #[test]
    fn explicit_root_and_missing_user() {
        check_rule(
            "RootUser",
            "FROM a\nUSER app\nFROM b\nUSER root\nRUN x\n",
            &[
                "4:6-4:10 the final stage runs as root: switch to an unprivileged USER after the steps that need root",
            ],
        );
        check_rule(
            "RootUser",
            "FROM a AS base\nUSER 1000\nFROM base\nRUN x\n",
            &[],
        );
        check_rule("RootUser", "FROM gcr.io/distroless/static:nonroot\n", &[]);
        check_rule(
            "RootUser",
            "FROM a AS app\nRUN x\n",
            &[
                "1:11-1:14 the final stage sets no USER, so it runs as root unless the base image sets a user",
            ],
        );
    }

    #[test]
    fn fix_adds_a_user_before_the_command() {
        check_fix(
            "RootUser",
            "FROM a\nRUN make\nEXPOSE 80\nCMD [\"app\"]\n",
            "FROM a\nRUN make\nUSER 65532:65532\nEXPOSE 80\nCMD [\"app\"]\n",
        );
        check_fix(
            "RootUser",
            "FROM a\nRUN make",
            "FROM a\nRUN make\nUSER 65532:65532\n",
        );
    }

    /// Issue #25, items 4 and 7: the USER line starts an instruction of its own after a
    /// continuation left open at the end of the file (its dangling `\` goes, which BuildKit
    /// reads the same), and takes the file's CRLF line breaks.
    #[test]
    fn fix_after_a_dangling_continuation_and_in_crlf_files() {
        check_fix(
            "RootUser",
            "FROM alpine:3\nENV a=b \\\n",
            "FROM alpine:3\nENV a=b \nUSER 65532:65532\n",
        );
        check_fix(
            "RootUser",
            "FROM alpine:3\nENV a=b \\\n# a comment\n\n",
            "FROM alpine:3\nENV a=b \n# a comment\n\nUSER 65532:65532\n",
        );
        check_fix(
            "RootUser",
            "FROM a\r\nRUN make\r\nCMD [\"app\"]\r\n",
            "FROM a\r\nRUN make\r\nUSER 65532:65532\r\nCMD [\"app\"]\r\n",
        );
        check_fix(
            "RootUser",
            "FROM a\r\nRUN make",
            "FROM a\r\nRUN make\r\nUSER 65532:65532\r\n",
        );
        // A last line ending in two escapes cannot be closed without changing it: no fix.
        let a = crate::Analysis::from_text("FROM scratch\\\\\n", &crate::BuildConfig::default());
        let d = a.diagnostics().into_iter().find(|d| d.rule == "RootUser");
        assert!(d.is_some_and(|d| d.fixes.is_empty()));
    }
}
