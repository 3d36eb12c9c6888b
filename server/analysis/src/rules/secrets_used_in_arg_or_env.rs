//! `SecretsUsedInArgOrEnv`: an ARG or ENV name suggests it holds a secret.

use super::{Check, instruction_lines, instructions_and_triggers_of, word_removal};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::{Base, Scope, VarKind};
use crate::syntax::Keyword;

declare_rule! {
    /// # SecretsUsedInArgOrEnv
    ///
    /// Reports `ARG` and `ENV` whose name contains one of `apikey`, `auth`, `credential(s)`, `key`,
    /// `password`, `pword`, `passwd`, `secret` or `token` as an underscore-separated word, unless it
    /// also contains `public`, `file` or `version` as one, exactly as BuildKit does (case does not
    /// matter): `NPM_TOKEN` and `DB_PASSWORD` are reported, `DB_PASSWORD_FILE`,
    /// `DOCKER_AUTH_VERSION`, `PUBLIC_KEY` and `TOKENIZER` are not.
    ///
    /// ## When it does not fire
    ///
    /// Besides BuildKit's own exceptions above, names on the project's allow-list. Some names are
    /// well known not to be secrets — the official images' `GPG_KEY` (a public key fingerprint),
    /// `NODE_AUTH_*` variables that name a file, `*_KEY_ID`s — and a project can say so in
    /// `.dockerfile-ls.toml` (or the editor setting `dockerfile-ls.secrets.allow`), with `*`
    /// matching any text:
    ///
    /// ```toml
    /// [secrets]
    /// allow = ["GPG_KEY", "*_KEY_ID"]
    /// ```
    ///
    /// `docker build --check` still reports them: the allow-list is ours.
    ///
    /// A literal value can also show that the variable holds no secret, and then it is not
    /// reported either (BuildKit looks only at names, so `docker build --check` still reports
    /// these): a path, which says where a secret is kept
    /// (`GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json`, `DOCKER_CONFIG=/kaniko/.docker`);
    /// public key fingerprints in a GPG variable (`ENV GPG_KEY
    /// A035C8C19219BA821ECEA86B64E628F8D684696D`, 40 or 16 hex digits each); the name of a setting
    /// in a .NET configuration key (`Serilog__Properties__Key=ProcessId`). A variable without a
    /// value, or whose value uses another variable or looks like anything else (a token), is
    /// reported.
    ///
    /// `ONBUILD ARG` and `ONBUILD ENV` are checked as well (as hadolint does): the trigger puts
    /// the variable into every image built on this one. BuildKit does not look inside ONBUILD.
    ///
    /// hadolint's DL3064 is accepted as an alias. This is a BuildKit check, so the matching is
    /// BuildKit's, not DL3064's substring search (which also reports `USERNAME`, `PRIVATE_URL` or
    /// `TRAVIS_OS_NAME`).
    ///
    /// ## Why
    ///
    /// Build arguments and environment variables end up in the image: `docker history` shows ARG
    /// values used by RUN, and ENV values are in the image config for anyone who pulls it. Secrets
    /// belong in `RUN --mount=type=secret`, which exposes them to one command and stores nothing.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN NPM_TOKEN=$NPM_TOKEN npm ci
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`.
    ///
    /// The quick-fix does this: it removes the declaration and adds
    /// `--mount=type=secret,id=<id>,env=<NAME>` to every RUN that reads the variable (with a
    /// `# syntax=` directive pinning a frontend older than 1.10, it mounts the secret file and reads
    /// it with `$(cat /run/secrets/<id>)` instead). It is never applied automatically: the build
    /// command has to pass the secret. There is no quick-fix when BuildKit itself expands the value
    /// (`ENV URL=https://$TOKEN@…`, a `--mount` option), nor in a Windows stage, where `cmd` and
    /// PowerShell read it as `%NAME%` or `$env:NAME` and secret mounts are not known to work.
    /// A RUN reads the variable only where it names it (`$NAME`, `${NAME…}`): a program that takes
    /// it from the environment on its own (npm expanding `${NPM_TOKEN}` in `.npmrc`) is not seen,
    /// so check the RUNs the fix mounts the secret into.
    SecretsUsedInArgOrEnv {
        severity: Warning,
        aliases: ["DL3064"],
        buildkit_check: true,
        fixable: true,
        summary: "An ARG or ENV name suggests it holds a secret.",
    }
}

impl Check for SecretsUsedInArgOrEnv {
    /// The project's well-known non-secrets (a finding's range is the name).
    fn apply_options(
        &self,
        options: &super::config::RuleOptions,
        analysis: &crate::Analysis,
        found: &mut Vec<Diagnostic>,
    ) {
        if options.secret_names_allowed.is_empty() {
            return;
        }
        let rope = analysis.text();
        found.retain(|d| !options.secret_name_allowed(&crate::text::slice(rope, d.range)));
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        // ONBUILD ARG/ENV too: the trigger sets it in every image built on this one.
        let declarations = instructions_and_triggers_of(analysis, Keyword::Arg)
            .chain(instructions_and_triggers_of(analysis, Keyword::Env));
        for i in declarations {
            let names: Vec<(&str, Option<&str>, crate::text::TextRange)> = match i.kind {
                Keyword::Arg => i
                    .args
                    .iter()
                    .map(|w| {
                        let (name, value) = match w.text.split_once('=') {
                            Some((n, v)) => (n, Some(v)),
                            None => (w.text.as_str(), None),
                        };
                        (name, value, w.range)
                    })
                    .collect(),
                Keyword::Env => i
                    .args
                    .iter()
                    .enumerate()
                    .step_by(2)
                    .map(|(k, w)| {
                        let value = i.args.get(k + 1).map(|v| v.text.as_str());
                        (w.text.as_str(), value, w.range)
                    })
                    .collect(),
                _ => continue,
            };
            for (name, value, range) in names {
                if looks_secret(name) && !value.is_some_and(|v| value_is_no_secret(name, v)) {
                    let range = crate::text::TextRange::new(range.start, range.start + name.len());
                    let mut d = Diagnostic::new(
                        &META,
                        range,
                        format!(
                            "Do not use ARG or ENV instructions for sensitive data ({} \"{name}\")",
                            i.kind.as_str()
                        ),
                    );
                    if let Some(fix) = secret_fix(analysis, range.start) {
                        d = d.with_fix(fix);
                    }
                    out.push(d);
                }
            }
        }
    }
}

/// Whether a literal value shows that the variable `name` holds no secret: a path (where a
/// secret is kept, not the secret: `GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json`),
/// public key fingerprints in a GPG variable (`GPG_KEY=A035C8C1…`, 40 or 16 hex digits each),
/// or the name of a setting in a .NET configuration key (`Serilog__Properties__Key=ProcessId`).
/// An empty value, or one that uses a variable, shows nothing.
fn value_is_no_secret(name: &str, value: &str) -> bool {
    let v = value.trim_matches(['"', '\'']);
    if v.is_empty() || v.contains('$') {
        return false;
    }
    let path = v.starts_with('/') || v.starts_with("./") || v.starts_with("~/");
    if path && !v.contains(char::is_whitespace) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let gpg = lower.split('_').any(|p| matches!(p, "gpg" | "pgp"));
    let hex = |f: &str| (f.len() == 40 || f.len() == 16) && f.bytes().all(|b| b.is_ascii_hexdigit());
    if gpg && v.split_whitespace().all(hex) {
        return true;
    }
    let setting = lower.contains("__") && lower.rsplit("__").next() == Some("key");
    setting
        && v.len() < 40
        && v.starts_with(|c: char| c.is_ascii_uppercase())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Whether BuildKit's check takes `name` for a secret: one of its `_`-separated parts is a
/// secret word (`TOKEN`, `PASSWORD`, …) and none is an allowed one (`DB_PASSWORD_FILE`,
/// `DOCKER_AUTH_VERSION`, `PUBLIC_KEY`).
#[must_use]
pub fn looks_secret(name: &str) -> bool {
    const TOKENS: [&str; 10] = [
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('_').collect();
    let allowed = parts
        .iter()
        .any(|p| matches!(*p, "public" | "file" | "version"));
    parts.iter().any(|p| TOKENS.contains(p)) && !allowed
}

/// The id of the secret that replaces the variable `name` (`NPM_TOKEN` → `npm_token`), in
/// the Dockerfile and in the build files that pass it.
#[must_use]
pub fn secret_id(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The fix for the declaration whose name starts at `name_start`: remove it and mount the
/// value as a secret into every RUN that reads it. None when something other than a RUN
/// reads the variable (BuildKit expands it there; a secret cannot replace that).
fn secret_fix(analysis: &Analysis, name_start: usize) -> Option<Fix> {
    let vars = analysis.variables();
    let model = analysis.model();
    let ins = &analysis.parsed().instructions;
    // Declarations and uses are in document order: each lookup below is a binary search and a
    // walk over the stages the declaration reaches, never a scan of the whole file.
    let di = vars
        .decls
        .partition_point(|d| d.name_range.start < name_start);
    let decl = vars
        .decls
        .get(di)
        .filter(|d| d.name_range.start == name_start)?;
    let declaring = ins.get(decl.instruction)?;
    let decls_in = |from: usize, to: usize| {
        let a = vars.decls.partition_point(|d| d.instruction < from);
        let b = vars.decls.partition_point(|d| d.instruction < to);
        vars.decls.get(a..b).unwrap_or_default()
    };
    let uses_in = |from: usize, to: usize| {
        let a = vars.uses.partition_point(|u| u.instruction < from);
        let b = vars.uses.partition_point(|u| u.instruction < to);
        vars.uses.get(a..b).unwrap_or_default()
    };
    // The stage of the declaration and the stages built on it (a base stage comes before the
    // stages built on it: one pass in order).
    let family: Vec<usize> = match decl.scope {
        Scope::Stage(stage) => {
            let mut reached = vec![false; model.stages.len()];
            if let Some(r) = reached.get_mut(stage) {
                *r = true;
            }
            for s in model.stages.iter().skip(stage + 1) {
                if let Base::Stage(b) = s.base
                    && reached.get(b).copied().unwrap_or(false)
                    && let Some(r) = reached.get_mut(s.index)
                {
                    *r = true;
                }
            }
            (0..reached.len())
                .filter(|&s| reached.get(s) == Some(&true))
                .collect()
        }
        Scope::Global => Vec::new(),
    };
    // The stages it reaches: its own, and for ENV the stages built on it.
    let stages: Vec<usize> = match decl.scope {
        Scope::Stage(stage) if decl.kind != VarKind::Env => vec![stage],
        _ => family.clone(),
    };
    let span = |s: usize| model.stages.get(s).map_or((0, 0), |st| (st.from, st.end));
    // Uses BuildKit itself expands (ENV X=$TOKEN, COPY, LABEL, …) make the fix impossible.
    let expanded_elsewhere = |from: usize, to: usize| {
        uses_in(from, to).iter().any(|u| {
            u.name == decl.name
                && u.expanded_by_buildkit
                && vars
                    .declaration_of(model, u)
                    .is_some_and(|d| d.name_range == decl.name_range)
        })
    };
    let blocked = match decl.scope {
        // A global ARG is visible in every stage that redeclares it.
        Scope::Global => expanded_elsewhere(0, ins.len()),
        Scope::Stage(_) => family.iter().any(|&s| {
            let (from, to) = span(s);
            expanded_elsewhere(from, to)
        }),
    };
    // On Windows, cmd and PowerShell read the variable as `%NAME%` or `$env:NAME`, which
    // no RUN is searched for, so "no RUN reads it" would delete a value the build uses; and
    // a secret mount is not known to work there. No fix.
    let windows = &analysis.platform().windows;
    if blocked || stages.iter().any(|s| windows.get(*s) == Some(&true)) {
        return None;
    }
    let id = secret_id(&decl.name);
    let name = &decl.name;
    let legacy = legacy_frontend(analysis);
    let mut edits = Vec::new();
    // Remove the declaration: the whole instruction, or just this name (and its value).
    let k = declaring
        .args
        .iter()
        .position(|w| w.range.start == name_start)?;
    let last = if decl.kind == VarKind::Env && !declaring.legacy_key_value {
        k + 1
    } else if decl.kind == VarKind::Env {
        declaring.args.len().saturating_sub(1)
    } else {
        k
    };
    if k == 0 && last + 1 >= declaring.args.len() {
        edits.push(TextEdit::delete(instruction_lines(analysis, declaring)));
    } else {
        edits.push(TextEdit::delete(word_removal(declaring, k, last)?));
    }
    // Mount the secret into every RUN in scope that reads the variable.
    let Scope::Stage(stage) = decl.scope else {
        // A global ARG reaches RUN only through a stage's own `ARG NAME`, flagged on its own.
        return Some(Fix::suggested(
            format!("Remove the global ARG {name}"),
            edits,
        ));
    };
    let mut runs = 0;
    for &s in &stages {
        let (from, to) = span(s);
        let from = if s == stage {
            decl.instruction + 1
        } else {
            from
        };
        for ii in from..to {
            let Some(run) = ins.get(ii) else { continue };
            if run.kind != Keyword::Run || !reads(run, name, analysis.parsed().escape) {
                continue;
            }
            // A redeclaration in the stage shadows this one from there on.
            let after = decl.instruction.max(span(s).0);
            if decls_in(after, ii)
                .iter()
                .any(|d| d.name == *name && d.instruction > decl.instruction)
            {
                continue;
            }
            runs += 1;
            let mount = if legacy {
                format!(" --mount=type=secret,id={id}")
            } else {
                format!(" --mount=type=secret,id={id},env={name}")
            };
            edits.push(TextEdit::insert(run.keyword_range.end, mount));
            if legacy {
                for u in uses_in(ii, ii + 1).iter().filter(|u| u.name == *name) {
                    edits.push(TextEdit::replace(
                        u.range,
                        format!("$(cat /run/secrets/{id})"),
                    ));
                }
            }
        }
    }
    let command = format!("docker build --secret id={id},env={name} .");
    let title = if runs == 0 {
        format!(
            "Remove {} {name} (no RUN reads it)",
            declaring.kind.as_str()
        )
    } else {
        format!("Pass {name} as a build secret instead (build with `{command}`)")
    };
    Some(Fix::suggested(title, edits))
}

/// Whether a RUN (its flags' values, its command, its heredoc bodies) uses the variable
/// `name`.
fn reads(run: &crate::syntax::Instruction, name: &str, escape: char) -> bool {
    let mentions = |text: &str| {
        crate::model::substitution::find_uses(text, escape)
            .iter()
            .any(|u| text.get(u.name_start..u.name_end) == Some(name))
    };
    run.flags
        .iter()
        .filter_map(|f| f.value.as_deref())
        .chain(run.args.iter().map(|w| w.text.as_str()))
        .chain(run.heredocs.iter().map(|h| h.content.as_str()))
        .any(mentions)
}

/// Whether the `# syntax=` directive pins a Dockerfile frontend older than 1.10, which has no
/// `env=` option on secret mounts.
fn legacy_frontend(analysis: &Analysis) -> bool {
    let Some(d) = analysis
        .parsed()
        .directives
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case("syntax"))
    else {
        return false;
    };
    let Some((image, version)) = d.value.trim().rsplit_once(':') else {
        return false;
    };
    if !image.ends_with("docker/dockerfile") && !image.ends_with("docker/dockerfile-upstream") {
        return false;
    }
    let version = version.split('-').next().unwrap_or_default();
    let mut parts = version.split('.');
    let major = parts.next().and_then(|p| p.parse::<u32>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
    matches!((major, minor), (Some(0), _) | (Some(1), Some(0..=9)))
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn allow_list_from_the_settings() {
        let text = "FROM a\nENV GPG_KEY=ABCD SIGNING_KEY_ID=1 API_KEY=x\n";
        let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
        let mut settings = crate::RuleSettings::default();
        settings.allow_secret_names(["gpg_key".to_owned(), "*_KEY_ID".to_owned()]);
        let names: Vec<String> = a
            .diagnostics_with(&settings)
            .into_iter()
            .filter(|d| d.rule == "SecretsUsedInArgOrEnv")
            .map(|d| crate::text::slice(a.text(), d.range).to_string())
            .collect();
        assert_eq!(names, ["API_KEY"]);
    }

    #[test]
    fn a_run_reads_a_variable_in_its_flags_command_json_or_heredoc() {
        let text = "FROM a\nRUN --mount=type=cache,id=$T,target=/c true\nRUN echo ${T:-x}\nRUN [\"sh\", \"-c\", \"echo $T\"]\nRUN <<EOF\necho $T\nEOF\nRUN echo '$T' $TT \\$T\nRUN --network=none echo T\n";
        let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
        let reads: Vec<bool> = a
            .parsed()
            .instructions
            .iter()
            .filter(|i| i.kind == crate::syntax::Keyword::Run)
            .map(|i| super::reads(i, "T", '\\'))
            .collect();
        assert_eq!(reads, [true, true, true, true, false, false]);
    }

    #[test]
    fn arg_becomes_a_secret_mount() {
        check_fix(
            "SecretsUsedInArgOrEnv",
            "FROM node\nARG NPM_TOKEN\nRUN --network=host NPM_TOKEN=$NPM_TOKEN npm ci\nRUN echo done\n",
            "FROM node\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --network=host NPM_TOKEN=$NPM_TOKEN npm ci\nRUN echo done\n",
        );
    }

    #[test]
    fn env_pair_is_removed_and_child_stages_mount_it() {
        check_fix(
            "SecretsUsedInArgOrEnv",
            "FROM alpine AS base\nENV MODE=prod API_TOKEN=abc\nRUN curl -H \"x: ${API_TOKEN}\" h\nFROM base\nRUN <<EOF\necho $API_TOKEN\nEOF\n",
            "FROM alpine AS base\nENV MODE=prod\nRUN --mount=type=secret,id=api_token,env=API_TOKEN curl -H \"x: ${API_TOKEN}\" h\nFROM base\nRUN --mount=type=secret,id=api_token,env=API_TOKEN <<EOF\necho $API_TOKEN\nEOF\n",
        );
    }

    #[test]
    fn old_frontends_read_the_secret_file() {
        check_fix(
            "SecretsUsedInArgOrEnv",
            "# syntax=docker/dockerfile:1.4\nFROM node\nARG NPM_TOKEN=x PORT=1\nRUN npm config set token $NPM_TOKEN\n",
            "# syntax=docker/dockerfile:1.4\nFROM node\nARG PORT=1\nRUN --mount=type=secret,id=npm_token npm config set token $(cat /run/secrets/npm_token)\n",
        );
    }

    #[test]
    fn values_that_show_no_secret() {
        check_rule(
            "SecretsUsedInArgOrEnv",
            "FROM a\nENV GOOGLE_CREDENTIALS_PATH=/run/secrets/gcp.json\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\nENV GPG_KEYS=\"B42F6819007F00F88E364FD4036A9C25BF357DD4 7937DFD2AB06298B2293C3187D33FF9D0246406D\"\nENV Serilog__Properties__Key=ProcessId\nARG API_TOKEN=ghp_abc123\nARG AUTH_SECRET\nENV DB_PASSWORD=$PW\nENV GPG_KEY=notafingerprint\n",
            &[
                "6:5-6:14 Do not use ARG or ENV instructions for sensitive data (ARG \"API_TOKEN\")",
                "7:5-7:16 Do not use ARG or ENV instructions for sensitive data (ARG \"AUTH_SECRET\")",
                "8:5-8:16 Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")",
                "9:5-9:12 Do not use ARG or ENV instructions for sensitive data (ENV \"GPG_KEY\")",
            ],
        );
    }

    #[test]
    fn no_fix_in_a_windows_stage() {
        // `%API_KEY%` is cmd reading it: removing the ARG "that no RUN reads" would break it.
        let text =
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nARG API_KEY\nRUN echo %API_KEY%\n";
        let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
        let d = a
            .diagnostics()
            .into_iter()
            .find(|d| d.rule == "SecretsUsedInArgOrEnv");
        assert!(d.as_ref().is_some_and(|d| d.fixes.is_empty()), "{d:?}");
    }

    #[test]
    fn no_fix_when_buildkit_expands_the_value() {
        let a = crate::Analysis::from_text(
            "FROM node\nARG NPM_TOKEN\nENV T=$NPM_TOKEN\n",
            &crate::BuildConfig::default(),
        );
        let d = a.diagnostics();
        let d = d.iter().find(|d| d.rule == "SecretsUsedInArgOrEnv");
        assert!(d.is_some_and(|d| d.fixes.is_empty()), "{d:?}");
    }

    #[test]
    fn secret_looking_names() {
        check_rule(
            "SecretsUsedInArgOrEnv",
            "FROM a\nARG NPM_TOKEN\nARG PUBLIC_KEY=x\nENV DB_PASSWORD=x MONKEY=1\nARG AUTH_URL\nENV DB_PASSWORD_FILE=/run/secrets/db DOCKER_AUTH_VERSION=2 Secret_Version=1 TOKENIZER=x\n",
            &[
                "2:5-2:14 Do not use ARG or ENV instructions for sensitive data (ARG \"NPM_TOKEN\")",
                "4:5-4:16 Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")",
                "5:5-5:13 Do not use ARG or ENV instructions for sensitive data (ARG \"AUTH_URL\")",
            ],
        );
    }
}
