//! The registry: what every rule declares about itself, the list of rules, lookup by id or
//! alias, and the catalogue and documentation pages generated from it.

use super::*;
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
    /// Whether its findings carry a fix.
    pub fixable: bool,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown documentation: what it catches, why it matters, an example and the fix.
    pub docs: &'static str,
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

/// A check over one document.
pub trait Rule: Sync {
    /// The rule's id, severity and docs.
    fn meta(&self) -> &'static RuleMeta;
    /// What the findings depend on: which of the two checks below the engine calls.
    fn scope(&self) -> Scope {
        Scope::File
    }
    /// A [`Scope::File`] rule: pushes its findings on the whole document.
    fn check(&self, _analysis: &Analysis, _out: &mut Vec<Diagnostic>) {}
    /// A [`Scope::Run`] rule: pushes its findings on one RUN (an instruction, or the trigger
    /// of an ONBUILD) and its POSIX script, in the document's offsets. It sees nothing else
    /// of the document: what the RUN's context decides goes in [`Rule::keep`].
    fn check_run(&self, _run: &Instruction, _script: &Script, _out: &mut Vec<Diagnostic>) {}
    /// For a [`Scope::Run`] rule: whether its findings on the RUN at instruction `i` stand
    /// in this snapshot.
    fn keep(&self, _cx: &Context<'_>, _i: usize) -> bool {
        true
    }
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
    &single_stage_build::SingleStageBuild,
    &heavy_runtime_image::HeavyRuntimeImage,
    &undefined_stage_reference::UndefinedStageReference,
    &unpinned_copy_from::UnpinnedCopyFrom,
    &unpinned_copy_from::CopyFromWithoutDigest,
    &add_url_without_checksum::AddUrlWithoutChecksum,
    &curl_pipe_shell::CurlPipeShell,
    &package_upgrade::PackageUpgrade,
    &apt_install_without_update::AptInstallWithoutUpdate,
    &debian_frontend_in_env::DebianFrontendInEnv,
    &relative_copy_without_workdir::RelativeCopyWithoutWorkdir,
    &rpm_package_managers::YUM_ASSUME_YES,
    &rpm_package_managers::DNF_ASSUME_YES,
    &rpm_package_managers::ZYPPER_NON_INTERACTIVE,
    &rpm_package_managers::YUM_CLEAN_ALL,
    &rpm_package_managers::DNF_CLEAN_ALL,
    &rpm_package_managers::ZYPPER_CLEAN,
    &rpm_package_managers::YUM_UNPINNED,
    &rpm_package_managers::DNF_UNPINNED,
    &rpm_package_managers::ZYPPER_UNPINNED,
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
