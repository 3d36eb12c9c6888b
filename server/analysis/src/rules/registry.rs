//! The registry: what every rule declares about itself, the list of rules, lookup by id or
//! alias, and the catalogue and documentation pages generated from it.

use super::REGISTRY;
use super::config::RuleOptions;
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

/// What every rule declares about itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// The stable id (BuildKit's check name where BuildKit has the check).
    pub id: &'static str,
    /// The severity unless configured otherwise.
    pub severity: Severity,
    /// Other names of the rule (hadolint's DL codes), accepted wherever an id is.
    pub aliases: &'static [&'static str],
    /// Whether the rule is one of BuildKit's build checks (`docker build --check`):
    /// `# check=error=true` turns its warnings into errors.
    pub buildkit_check: bool,
    /// Whether the rule only runs when configured or selected.
    pub default_off: bool,
    /// Whether its findings carry a fix (checked by the tests).
    pub fixable: bool,
    /// What its findings depend on.
    pub scope: Scope,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown documentation, a line each as `///` comments give them (with their leading
    /// space): what it catches, why it matters, an example and the fix. See
    /// [`RuleMeta::docs`].
    pub doc_lines: &'static [&'static str],
}

/// What a rule's findings depend on, which decides when they are recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the document: the rule runs on every new snapshot.
    File,
    /// Each RUN alone (its flags and its script, given to [`Rule::check_run`], and nothing
    /// else): the rule's findings for a RUN are computed once and kept with the
    /// instruction while its text is unchanged, so a keystroke re-checks only the RUN it
    /// touched. What the RUN's context decides (its stage ships, an ENV set before it) goes
    /// in [`Rule::keep`], which every snapshot applies to the kept findings.
    Run,
    /// A build definition (a Compose or Bake file) and the Dockerfiles it builds, given to
    /// [`Check::check_build`]; the rule never runs on a Dockerfile alone.
    Build,
    /// An ignore file (`.dockerignore`), the context it applies to and the Dockerfiles built
    /// with it, given to [`Check::check_ignore`].
    Ignore,
}

/// Per-snapshot facts the [`Rule::keep`] conditions share, computed on first use.
pub struct Context<'a> {
    /// The snapshot.
    pub analysis: &'a Analysis,
    shipped: std::sync::OnceLock<Vec<bool>>,
}

impl<'a> Context<'a> {
    /// The context of `analysis`.
    #[must_use]
    pub fn new(analysis: &'a Analysis) -> Self {
        Context {
            analysis,
            shipped: std::sync::OnceLock::new(),
        }
    }

    /// Whether instruction `i` is in a stage that ships (see `shipped_stages`).
    #[must_use]
    pub fn ships(&self, i: usize) -> bool {
        let model = self.analysis.model();
        let shipped = self.shipped.get_or_init(|| super::shipped_stages(model));
        super::in_shipped_stage(model, shipped, i)
    }
}

/// What a rule does: the checks the engine calls (which one, its [`RuleMeta::scope`] says).
pub trait Check: Sync {
    /// A [`Scope::File`] rule: pushes its findings on the whole document.
    fn check(&self, _analysis: &Analysis, _out: &mut Vec<Diagnostic>) {}
    /// A [`Scope::Run`] rule: pushes its findings on one RUN (an instruction, or the trigger
    /// of an ONBUILD) and its POSIX script, in the document's offsets. It sees nothing else
    /// of the document: what the RUN's context decides goes in [`Check::keep`].
    fn check_run(&self, _run: &Instruction, _script: &Script, _out: &mut Vec<Diagnostic>) {}
    /// A [`Scope::Build`] rule: pushes its findings on a build file, in the build file's
    /// offsets.
    fn check_build(&self, _cx: &crate::builds::BuildCheck<'_>, _out: &mut Vec<Diagnostic>) {}
    /// A [`Scope::Ignore`] rule: pushes its findings on an ignore file, in its offsets.
    fn check_ignore(
        &self,
        _cx: &crate::ignorefile::check::IgnoreCheck<'_>,
        _out: &mut crate::ignorefile::check::IgnoreOut,
    ) {
    }
    /// For a [`Scope::Run`] rule: whether its findings on the RUN at instruction `i` stand
    /// in this snapshot.
    fn keep(&self, _cx: &Context<'_>, _i: usize) -> bool {
        true
    }
    /// For a [`Scope::File`] rule with options: drops or changes `found`, its findings, as
    /// the configured `options` say.
    fn apply_options(
        &self,
        _options: &RuleOptions,
        _analysis: &Analysis,
        _found: &mut Vec<Diagnostic>,
    ) {
    }
}

/// What `declare_rule!` generates: the rule's metadata.
pub trait Declared {
    /// The rule's id, severity, scope and docs.
    fn declared() -> &'static RuleMeta;
}

/// A rule as the engine and the front ends see it: its metadata, and its checks (the
/// [`Check`] it is made of, callable on a `&dyn Rule`).
pub trait Rule: Check {
    /// The rule's id, severity, scope and docs.
    fn meta(&self) -> &'static RuleMeta;
}

impl<T: Declared + Check> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        T::declared()
    }
}

/// The rule with this id or alias (case-insensitive).
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| {
        let m = r.meta();
        m.id.eq_ignore_ascii_case(id) || m.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    })
}

impl RuleMeta {
    /// The Markdown documentation.
    #[must_use]
    pub fn docs(&self) -> String {
        let lines: Vec<&str> = self
            .doc_lines
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        lines.join("\n")
    }

    /// The default level as text: the severity, or `off` for rules that must be enabled.
    #[must_use]
    pub fn default_level(&self) -> &'static str {
        if self.default_off {
            "off"
        } else {
            self.severity.as_str()
        }
    }
}

/// The rule catalogue as a Markdown table (the README embeds it; a test checks it is current).
#[must_use]
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| rule | alias | default | fixable | what it catches |\n|---|---|---|---|---|\n",
    );
    for r in REGISTRY {
        let m = r.meta();
        out.push_str(&format!(
            "| [`{id}`](server/analysis/docs/rules/{id}.md) | {aliases} | {level} | {fix} | {summary} |\n",
            id = m.id,
            aliases = m.aliases.join(", "),
            level = m.default_level(),
            fix = if m.fixable { "yes" } else { "" },
            summary = m.summary
        ));
    }
    out
}

/// A rule's documentation page: its docs, then its properties and how to configure or
/// suppress it (`server/analysis/docs/rules/<Id>.md` is this text; a test keeps it current).
#[must_use]
pub fn docs_page(m: &RuleMeta) -> String {
    let mut out = m.docs().trim_end().to_owned();
    out.push_str("\n\n## Properties\n\n");
    out.push_str(&format!("- Default: {}\n", m.default_level()));
    if m.default_off {
        out.push_str(&format!(
            "- Severity when enabled: {}\n",
            m.severity.as_str()
        ));
    }
    if !m.aliases.is_empty() {
        out.push_str(&format!("- Aliases: {} (hadolint)\n", m.aliases.join(", ")));
    }
    out.push_str(&format!(
        "- Quick-fix: {}\n",
        if m.fixable { "yes" } else { "no" }
    ));
    if m.buildkit_check {
        out.push_str("- BuildKit build check: yes (`# check=error=true` makes it an error)\n");
    }
    let id = m.id;
    if m.scope == Scope::Ignore {
        out.push_str(&format!(
            "\n## Configure or suppress\n\n\
In `.dockerfile-ls.toml` (found upward from the ignore file) or the editor setting\n\
`dockerfile-ls.rules`, set its level to `off`, `hint`, `info`, `warning` or `error`:\n\n\
```toml\n[rules]\n{id} = \"off\"\n```\n\n\
For one line, a comment alone on the line above it, in the ignore file (a comment must start\n\
in the first column: BuildKit reads an indented `#` as a pattern):\n\n\
```text\n# dockerfile-ls: ignore={id}\n```\n\n\
On the command line: `dockerfile-ls check --ignore {id}` (or `--select {id}` to run only\n\
this rule).\n"
        ));
        return out;
    }
    if m.scope == Scope::Build {
        out.push_str(&format!(
            "\n## Configure or suppress\n\n\
In `.dockerfile-ls.toml` (found upward from the build file) or the editor setting\n\
`dockerfile-ls.rules`, set its level to `off`, `hint`, `info`, `warning` or `error`:\n\n\
```toml\n[rules]\n{id} = \"off\"\n```\n\n\
For one value, a comment at the end of its line or alone on the line above it, in the\n\
Compose or Bake file:\n\n\
```yaml\n# dockerfile-ls: ignore={id}\n```\n\n\
On the command line: `dockerfile-ls check --ignore {id}` (or `--select {id}` to run only\n\
this rule).\n"
        ));
        return out;
    }
    let id = m.id;
    out.push_str(&format!(
        "\n## Configure or suppress\n\n\
In `.dockerfile-ls.toml` (found upward from the Dockerfile) or the editor setting\n\
`dockerfile-ls.rules`, set its level to `off`, `hint`, `info`, `warning` or `error`:\n\n\
```toml\n[rules]\n{id} = \"off\"\n```\n\n\
For one instruction, put a comment right above it:\n\n\
```dockerfile\n# check=skip={id}\n```\n\n\
For the whole file, the BuildKit directive at the top: `# check=skip={id}`. On the command\n\
line: `dockerfile-ls check --ignore {id}` (or `--select {id}` to run only this rule).\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = REGISTRY.iter().map(|r| r.meta().id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
        for r in REGISTRY {
            let m = r.meta();
            assert!(
                m.docs().contains("## Why"),
                "{} docs lack a Why section",
                m.id
            );
            assert!(
                m.docs().contains("## Example"),
                "{} docs lack an Example section",
                m.id
            );
            assert!(!m.summary.is_empty());
        }
    }
}

#[cfg(test)]
mod examples {
    use super::REGISTRY;
    use crate::{Analysis, BuildConfig, BuildContext, RuleSettings};

    /// A page's `## Example` section.
    fn example_section(docs: &str) -> Option<&str> {
        let section = docs.split("\n## Example\n").nth(1)?;
        section.split("\n## ").next()
    }

    /// The first block of `lang` in a page's example.
    fn example<'a>(docs: &'a str, lang: &str) -> Option<&'a str> {
        let body = example_section(docs)?
            .split(&format!("```{lang}\n"))
            .nth(1)?;
        body.split("```").next()
    }

    /// The findings on a page's `.dockerignore`, with its listed context and its Dockerfile
    /// built with it.
    fn ignore_example(
        docs: &str,
        analysis: &Analysis,
        settings: &RuleSettings,
    ) -> Vec<crate::Diagnostic> {
        use crate::ignorefile::check::{IgnoreCheck, UsingDockerfile, check};
        use crate::ignorefile::{Entry, IgnoreFile, Listing, evaluate};
        let section = example_section(docs).unwrap_or_default();
        let ignore = section
            .split("```text\n")
            .nth(1)
            .and_then(|b| b.split("```").next())
            .unwrap_or_default();
        let listing = section
            .split("Files in the context:")
            .nth(1)
            .and_then(|rest| rest.split("```text\n").nth(1))
            .and_then(|b| b.split("```").next())
            .map(|block| {
                let mut l = Listing {
                    entries: block
                        .lines()
                        .map(|l| {
                            let path = l.trim_end_matches('/');
                            let depth = u32::try_from(path.matches('/').count()).unwrap_or(0);
                            Entry::new(path, l.ends_with('/'), 1, depth)
                        })
                        .collect(),
                    ..Listing::default()
                };
                l.finish();
                l
            });
        let file = IgnoreFile::parse(ignore);
        let eval = listing.as_ref().map(|l| evaluate(&file, l));
        let dockerfiles = [UsingDockerfile {
            name: "Dockerfile".to_owned(),
            analysis,
        }];
        let cx = IgnoreCheck {
            text: ignore,
            file: &file,
            context: listing.as_ref().zip(eval.as_ref()),
            dockerfiles: &dockerfiles,
        };
        check(&cx, settings)
            .into_iter()
            .map(|f| f.diagnostic)
            .collect()
    }

    /// The findings on a page's compose file at `/example/compose.yaml`, whose Dockerfile is
    /// `analysis` at `/example/Dockerfile` (every other path does not exist).
    fn build_example(
        compose: &str,
        analysis: &Analysis,
        settings: &RuleSettings,
    ) -> Vec<crate::Diagnostic> {
        use crate::builds::{BuildCheck, BuildFileKind, Resolved, check, parse};
        use std::path::Path;
        let file = parse(BuildFileKind::Compose, compose);
        let at = Path::new("/example/compose.yaml");
        let dockerfiles = file
            .entries
            .iter()
            .map(|e| match e.dockerfile_path(at) {
                Some(p) if p == Path::new("/example/Dockerfile") => {
                    Resolved::Dockerfile(analysis.clone())
                }
                Some(p) => Resolved::Missing(p),
                None => Resolved::Unknown,
            })
            .collect();
        let missing_contexts = file
            .entries
            .iter()
            .map(|e| e.context_dir(at).filter(|d| d != Path::new("/example")))
            .collect();
        let cx = BuildCheck {
            file: &file,
            text: compose,
            dockerfiles,
            missing_contexts,
        };
        check(&cx, settings)
    }

    /// Each page's example is a fixture: it must show the rule, and its findings carry a fix
    /// exactly when the rule declares itself fixable.
    #[test]
    fn every_page_example_shows_its_rule() {
        let mut all = RuleSettings::default();
        all.select(["ALL"]).ok();
        let mut wrong = Vec::new();
        for r in REGISTRY {
            let m = r.meta();
            let docs = m.docs();
            let Some(text) = example(&docs, "dockerfile") else {
                wrong.push(format!("{}: no ```dockerfile example", m.id));
                continue;
            };
            // The context: the page's `.dockerignore` block where it shows one, else none.
            let dockerignore = example_section(&docs)
                .filter(|e| e.contains("`.dockerignore`:"))
                .and_then(|_| example(&docs, "text"))
                .map(|t| (".dockerignore".to_owned(), t.to_owned()));
            let config = BuildConfig {
                context: Some(BuildContext {
                    dockerignore,
                    markers: Vec::new(),
                    relative_dir: None,
                }),
                ..BuildConfig::default()
            };
            let a = Analysis::from_text(text, &config);
            let found: Vec<_> = if m.scope == super::Scope::Ignore {
                // The page's first ```text block is the `.dockerignore`, a second one after
                // "Files in the context:" lists the context (directories end in `/`).
                ignore_example(&docs, &a, &all)
            } else if m.scope == super::Scope::Build {
                // The page's ```yaml block is `compose.yaml` next to the Dockerfile.
                let Some(compose) = example(&docs, "yaml") else {
                    wrong.push(format!("{}: no ```yaml example", m.id));
                    continue;
                };
                build_example(compose, &a, &all)
            } else {
                a.diagnostics_with(&all)
            }
            .into_iter()
            .filter(|d| d.rule == m.id)
            .collect();
            if found.is_empty() {
                wrong.push(format!("{}: its example reports nothing", m.id));
            } else if m.fixable != found.iter().any(|d| !d.fixes.is_empty()) {
                wrong.push(format!(
                    "{}: fixable is {} but its example's findings {}",
                    m.id,
                    m.fixable,
                    if m.fixable {
                        "have no fix"
                    } else {
                        "have fixes"
                    }
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
