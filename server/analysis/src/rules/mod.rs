//! The rule registry. Each rule lives in its own module with its id, default severity,
//! summary, documentation and check. Rules read the `Analysis` (instructions and semantic
//! model) and push `Diagnostic`s; they never see LSP types.

mod add_for_local_file;
mod apk_add_no_cache;
mod apt_get_assume_yes;
mod apt_get_no_install_recommends;
mod apt_instead_of_apt_get;
mod apt_lists_not_removed;
mod cache_busting_copy;
mod cd_instead_of_workdir;
mod circular_stage_reference;
mod consecutive_run;
mod consistent_instruction_casing;
mod copy_ignored_file;
mod copy_multiple_sources_no_slash;
mod copy_whole_stage;
mod duplicate_stage_name;
mod expose_invalid_format;
mod expose_port_out_of_range;
mod expose_proto_casing;
mod forward_stage_reference;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod invalid_flag;
mod invalid_reference_format;
mod json_args_recommended;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_dockerignore;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod npm_omit_dev;
mod numeric_stage_reference;
mod parse_error;
mod pip_no_cache_dir;
mod pipe_without_pipefail;
mod redundant_target_platform;
mod reserved_stage_name;
mod root_user;
mod secrets_used_in_arg_or_env;
mod stage_index_out_of_range;
mod stage_name_casing;
mod stage_name_typo;
mod sudo_in_run;
mod undefined_arg_in_from;
mod undefined_var;
mod unknown_instruction;
mod unpinned_base_image;
mod unpinned_packages;
mod unused_stage;
mod workdir_relative_path;

use crate::Analysis;
use crate::config::RuleSettings;
use crate::diagnostic::{Diagnostic, Related, Severity, TextEdit};
use crate::model::Stage;
use crate::syntax::{Instruction, Keyword, Word};
use crate::text::TextRange;

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
    /// Whether its findings carry a fix.
    pub fixable: bool,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown documentation: what it catches, why it matters, an example and the fix.
    pub docs: &'static str,
}

/// A check over one document.
pub trait Rule: Sync {
    /// The rule's id, severity and docs.
    fn meta(&self) -> &'static RuleMeta;
    /// Pushes the rule's findings.
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>);
}

/// Every rule, in a stable order.
pub static REGISTRY: &[&dyn Rule] = &[
    &parse_error::ParseError,
    &unknown_instruction::UnknownInstruction,
    &invalid_flag::InvalidFlag,
    &invalid_reference_format::InvalidReferenceFormat,
    &stage_index_out_of_range::StageIndexOutOfRange,
    &circular_stage_reference::CircularStageReference,
    &forward_stage_reference::ForwardStageReference,
    &stage_name_typo::StageNameTypo,
    &numeric_stage_reference::NumericStageReference,
    &stage_name_casing::StageNameCasing,
    &from_as_casing::FromAsCasing,
    &duplicate_stage_name::DuplicateStageName,
    &reserved_stage_name::ReservedStageName,
    &consistent_instruction_casing::ConsistentInstructionCasing,
    &maintainer_deprecated::MaintainerDeprecated,
    &json_args_recommended::JsonArgsRecommended,
    &no_empty_continuation::NoEmptyContinuation,
    &legacy_key_value_format::LegacyKeyValueFormat,
    &expose_proto_casing::ExposeProtoCasing,
    &expose_invalid_format::ExposeInvalidFormat,
    &workdir_relative_path::WorkdirRelativePath,
    &redundant_target_platform::RedundantTargetPlatform,
    &multiple_instructions_disallowed::MultipleInstructionsDisallowed,
    &secrets_used_in_arg_or_env::SecretsUsedInArgOrEnv,
    &undefined_arg_in_from::UndefinedArgInFrom,
    &undefined_var::UndefinedVar,
    &invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    &from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed,
    &invalid_definition_description::InvalidDefinitionDescription,
    &copy_whole_stage::CopyWholeStage,
    &unused_stage::UnusedStage,
    &root_user::RootUser,
    &unpinned_base_image::UnpinnedBaseImage,
    &unpinned_base_image::LatestTag,
    &missing_dockerignore::MissingDockerignore,
    &copy_ignored_file::CopyIgnoredFile,
    &cache_busting_copy::CacheBustingCopy,
    &npm_omit_dev::NpmOmitDev,
    &apt_get_assume_yes::AptGetAssumeYes,
    &apt_get_no_install_recommends::AptGetNoInstallRecommends,
    &apt_lists_not_removed::AptListsNotRemoved,
    &apt_instead_of_apt_get::AptInsteadOfAptGet,
    &sudo_in_run::SudoInRun,
    &cd_instead_of_workdir::CdInsteadOfWorkdir,
    &pipe_without_pipefail::PipeWithoutPipefail,
    &apk_add_no_cache::ApkAddNoCache,
    &pip_no_cache_dir::PipNoCacheDir,
    &add_for_local_file::AddForLocalFile,
    &copy_multiple_sources_no_slash::CopyMultipleSourcesNoSlash,
    &expose_port_out_of_range::ExposePortOutOfRange,
    &consecutive_run::ConsecutiveRun,
    &unpinned_packages::AptGetUnpinned,
    &unpinned_packages::PipUnpinned,
    &unpinned_packages::NpmUnpinned,
    &unpinned_packages::ApkUnpinned,
];

/// The rule with this id or alias (case-insensitive).
#[must_use]
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| {
        let m = r.meta();
        m.id.eq_ignore_ascii_case(id) || m.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    })
}

impl RuleMeta {
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
    let mut out = m.docs.trim_end().to_owned();
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

/// Runs every rule `settings` enable and returns the findings ordered by position.
#[must_use]
pub fn run_all(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in REGISTRY {
        let Some(severity) = settings.severity(rule.meta()) else {
            continue;
        };
        let from = out.len();
        rule.check(analysis, &mut out);
        if severity != rule.meta().severity {
            for d in out.iter_mut().skip(from) {
                d.severity = severity;
            }
        }
    }
    crate::suppress::apply(analysis, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    out
}

impl Diagnostic {
    /// A finding of `meta`'s rule at its default severity.
    pub(crate) fn new(meta: &RuleMeta, range: TextRange, message: String) -> Diagnostic {
        Diagnostic {
            rule: meta.id,
            severity: meta.severity,
            message,
            range,
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub(crate) fn with_fix(mut self, fix: crate::diagnostic::Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub(crate) fn with_tag(mut self, tag: crate::diagnostic::Tag) -> Diagnostic {
        self.tags.push(tag);
        self
    }

    /// Adds the declaration of stage `s` as related information.
    pub(crate) fn with_stage(self, analysis: &Analysis, s: usize) -> Diagnostic {
        match stage_anchor(analysis, s) {
            Some((range, message)) => self.with_related(range, message),
            None => self,
        }
    }

    pub(crate) fn with_related(
        mut self,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}

/// The syntax errors of one rule id, as diagnostics.
fn syntax_errors(meta: &RuleMeta, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for e in analysis
        .parsed()
        .errors
        .iter()
        .filter(|e| e.rule == meta.id)
    {
        let mut d = Diagnostic::new(meta, e.range, e.message.clone());
        let hint = e
            .message
            .split_once("(did you mean ")
            .and_then(|(_, rest)| rest.strip_suffix("?)"));
        if meta.fixable
            && let Some(hint) = hint
        {
            let original = crate::text::slice(analysis.text(), e.range);
            let replacement = if original.chars().all(|c| !c.is_ascii_uppercase()) {
                hint.to_ascii_lowercase()
            } else {
                hint.to_owned()
            };
            d = d.with_fix(crate::diagnostic::Fix::suggested(
                format!("Change to `{replacement}`"),
                vec![crate::diagnostic::TextEdit::replace(e.range, replacement)],
            ));
        }
        out.push(d);
    }
}

/// The instructions of one kind, ONBUILD triggers excluded.
fn instructions_of(analysis: &Analysis, kind: Keyword) -> impl Iterator<Item = &Instruction> {
    analysis
        .parsed()
        .instructions
        .iter()
        .filter(move |i| i.kind == kind)
}

/// The global ARGs (declared before the first FROM), in order: each name and its default as
/// written (after `=`), if any.
fn global_args(analysis: &Analysis) -> impl Iterator<Item = (&str, Option<&str>)> {
    analysis
        .parsed()
        .instructions
        .iter()
        .take_while(|i| i.kind != Keyword::From)
        .filter(|i| i.kind == Keyword::Arg)
        .flat_map(|i| &i.args)
        .map(|w| match w.text.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (w.text.as_str(), None),
        })
}

/// The sources of a local COPY or ADD (not `--from`).
fn local_sources(i: &Instruction) -> &[Word] {
    if !matches!(i.kind, Keyword::Copy | Keyword::Add)
        || i.flag("from").is_some()
        || !i.heredocs.is_empty()
    {
        return &[];
    }
    i.args.split_last().map_or(&[], |(_, s)| s)
}

/// Each stage with its instructions (its FROM first).
fn stages_with_instructions(analysis: &Analysis) -> impl Iterator<Item = (&Stage, &[Instruction])> {
    let ins = &analysis.parsed().instructions;
    analysis
        .model()
        .stages
        .iter()
        .map(move |s| (s, ins.get(s.from..s.end).unwrap_or_default()))
}

/// The start of the line holding `offset`.
fn line_start(analysis: &Analysis, offset: usize) -> usize {
    crate::text::line_range(analysis.text(), offset).start
}

/// The whole lines of an instruction, line break included: what to delete to remove it.
fn instruction_lines(analysis: &Analysis, ins: &Instruction) -> TextRange {
    let end = ins
        .next_line
        .max(ins.range.end)
        .min(analysis.text().len_bytes());
    TextRange::new(line_start(analysis, ins.range.start), end)
}

/// An edit that adds `line` (a whole line, without its break) right after instruction `ins`,
/// supplying the line break the file may lack at its end.
fn insert_line_after(analysis: &Analysis, ins: &Instruction, line: &str) -> TextEdit {
    let at = instruction_lines(analysis, ins).end;
    let rope = analysis.text();
    let newline = if at > 0 && rope.get_byte(at - 1) != Some(b'\n') {
        "\n"
    } else {
        ""
    };
    TextEdit::insert(at, format!("{newline}{line}\n"))
}

/// The range that removes word `k` (or words `k..=last`) of an instruction's arguments
/// together with the white space that separates them from their neighbours.
fn word_removal(ins: &Instruction, k: usize, last: usize) -> Option<TextRange> {
    let first = ins.args.get(k)?;
    let end = ins.args.get(last)?;
    if k > 0 {
        let prev = ins.args.get(k - 1)?;
        Some(TextRange::new(prev.range.end, end.range.end))
    } else {
        let next = ins.args.get(last + 1)?;
        Some(TextRange::new(first.range.start, next.range.start))
    }
}

/// The commands `name <sub>` of every RUN, with their subcommand word (`apt-get install`).
fn shell_commands<'a>(
    analysis: &'a Analysis,
    name: &'static str,
    subs: &'static [&'static str],
) -> impl Iterator<
    Item = (
        &'a crate::syntax::shell::ShellCommand,
        &'a crate::syntax::shell::ShellWord,
    ),
> + 'a {
    analysis.run_scripts().flat_map(move |(_, _, script)| {
        script.named(name).filter_map(move |c| {
            let sub = c.subcommand().filter(|w| subs.contains(&w.text.as_str()))?;
            Some((c, sub))
        })
    })
}

/// A finding on a package manager's subcommand (`install`, `add`) that lacks `flag`, with the
/// fix that adds the flag right after the subcommand.
fn missing_flag(
    meta: &RuleMeta,
    sub: &crate::syntax::shell::ShellWord,
    message: &str,
    flag: &str,
    applicability: crate::diagnostic::Applicability,
) -> Diagnostic {
    Diagnostic::new(meta, sub.range, message.to_owned()).with_fix(crate::diagnostic::Fix {
        title: format!("Add `{flag}`"),
        edits: vec![TextEdit::insert(sub.range.end, format!(" {flag}"))],
        new_files: Vec::new(),
        applicability,
    })
}

/// Whether a RUN mounts a cache (`--mount=type=cache`) at a path under `prefix`.
fn has_cache_mount(ins: &Instruction, prefix: &str) -> bool {
    ins.mounts().iter().any(|m| {
        m.kind() == "cache"
            && ["target", "dst", "destination"].iter().any(|k| {
                m.option(k)
                    .and_then(|o| o.value.as_deref())
                    .is_some_and(|v| v.starts_with(prefix))
            })
    })
}

/// Where a stage is declared, for related information: its name, else its FROM keyword.
fn stage_anchor(analysis: &Analysis, stage: usize) -> Option<(TextRange, String)> {
    let s = analysis.model().stages.get(stage)?;
    let from = analysis.parsed().instructions.get(s.from)?;
    Some(match (&s.name, s.name_range) {
        (Some(n), Some(r)) => (r, format!("stage `{n}` is declared here")),
        _ => (
            from.keyword_range,
            format!("stage {} is declared here", s.index),
        ),
    })
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
                m.docs.contains("## Why"),
                "{} docs lack a Why section",
                m.id
            );
            assert!(
                m.docs.contains("## Example"),
                "{} docs lack an Example section",
                m.id
            );
            assert!(!m.summary.is_empty());
        }
    }
}
