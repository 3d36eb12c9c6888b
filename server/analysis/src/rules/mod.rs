//! The rules. Each rule is one `declare_rule!` in its own module (its id, default severity,
//! summary and documentation page) with an `impl Check` (its check and fixes); rules read the
//! `Analysis` (instructions and semantic model) and push `Diagnostic`s, never LSP types.
//!
//! - the `rules!` list below: every rule once, in the registry's order; it declares the
//!   modules and makes [`REGISTRY`].
//! - `declare`: the `declare_rule!` and `rules!` macros.
//! - `registry`: what a rule is (`RuleMeta`, `Check`, `Rule`), lookup by id or alias, and the
//!   generated catalogue and pages. It depends on no other part of the linter, so
//!   configuration and suppression can read it without a cycle.
//! - `engine`: runs the enabled rules with their configured severities (keeping the per-RUN
//!   findings on the instructions), then applies suppression comments.
//! - what several rules share: `findings` (building findings), `views` (instructions of a
//!   stage, shell commands, which stages ship) and `edits` (lines and words that fixes insert
//!   or remove); `package_managers` (the package-manager families).

#[macro_use]
mod declare;

rules! {
    parse_error::ParseError,
    unknown_instruction::UnknownInstruction,
    invalid_flag::InvalidFlag,
    invalid_reference_format::InvalidReferenceFormat,
    stage_index_out_of_range::StageIndexOutOfRange,
    circular_stage_reference::CircularStageReference,
    forward_stage_reference::ForwardStageReference,
    stage_name_typo::StageNameTypo,
    numeric_stage_reference::NumericStageReference,
    stage_name_casing::StageNameCasing,
    from_as_casing::FromAsCasing,
    duplicate_stage_name::DuplicateStageName,
    reserved_stage_name::ReservedStageName,
    consistent_instruction_casing::ConsistentInstructionCasing,
    maintainer_deprecated::MaintainerDeprecated,
    json_args_recommended::JSONArgsRecommended,
    no_empty_continuation::NoEmptyContinuation,
    legacy_key_value_format::LegacyKeyValueFormat,
    expose_proto_casing::ExposeProtoCasing,
    expose_invalid_format::ExposeInvalidFormat,
    workdir_relative_path::WorkdirRelativePath,
    redundant_target_platform::RedundantTargetPlatform,
    multiple_instructions_disallowed::MultipleInstructionsDisallowed,
    secrets_used_in_arg_or_env::SecretsUsedInArgOrEnv,
    undefined_arg_in_from::UndefinedArgInFrom,
    undefined_var::UndefinedVar,
    invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed,
    invalid_definition_description::InvalidDefinitionDescription,
    copy_whole_stage::CopyWholeStage,
    unused_stage::UnusedStage,
    root_user::RootUser,
    unpinned_base_image::UnpinnedBaseImage,
    latest_tag::LatestTag,
    missing_dockerignore::MissingDockerignore,
    copy_ignored_file::CopyIgnoredFile,
    cache_busting_copy::CacheBustingCopy,
    npm_omit_dev::NpmOmitDev,
    apt_get_assume_yes::AptGetAssumeYes,
    apt_get_no_install_recommends::AptGetNoInstallRecommends,
    apt_lists_not_removed::AptListsNotRemoved,
    apt_instead_of_apt_get::AptInsteadOfAptGet,
    sudo_in_run::SudoInRun,
    cd_instead_of_workdir::CdInsteadOfWorkdir,
    pipe_without_pipefail::PipeWithoutPipefail,
    apk_add_no_cache::ApkAddNoCache,
    pip_no_cache_dir::PipNoCacheDir,
    add_for_local_file::AddForLocalFile,
    copy_multiple_sources_no_slash::CopyMultipleSourcesNoSlash,
    expose_port_out_of_range::ExposePortOutOfRange,
    consecutive_run::ConsecutiveRun,
    apt_get_unpinned::AptGetUnpinned,
    pip_unpinned::PipUnpinned,
    npm_unpinned::NpmUnpinned,
    apk_unpinned::ApkUnpinned,
    single_stage_build::SingleStageBuild,
    heavy_runtime_image::HeavyRuntimeImage,
    undefined_stage_reference::UndefinedStageReference,
    unpinned_copy_from::UnpinnedCopyFrom,
    copy_from_without_digest::CopyFromWithoutDigest,
    add_url_without_checksum::AddUrlWithoutChecksum,
    curl_pipe_shell::CurlPipeShell,
    package_upgrade::PackageUpgrade,
    apt_install_without_update::AptInstallWithoutUpdate,
    debian_frontend_in_env::DebianFrontendInEnv,
    relative_copy_without_workdir::RelativeCopyWithoutWorkdir,
    yum_assume_yes::YumAssumeYes,
    dnf_assume_yes::DnfAssumeYes,
    zypper_non_interactive::ZypperNonInteractive,
    yum_clean_all::YumCleanAll,
    dnf_clean_all::DnfCleanAll,
    zypper_clean::ZypperClean,
    yum_unpinned::YumUnpinned,
    dnf_unpinned::DnfUnpinned,
    zypper_unpinned::ZypperUnpinned,
    unknown_build_target::UnknownBuildTarget,
    missing_build_file::MissingBuildFile,
    unknown_build_arg::UnknownBuildArg,
    unused_build_secret::UnusedBuildSecret,
    missing_build_secret::MissingBuildSecret,
    secret_passed_as_build_arg::SecretPassedAsBuildArg,
    invalid_ignore_pattern::InvalidIgnorePattern,
    useless_ignore_exception::UselessIgnoreException,
    redundant_ignore_pattern::RedundantIgnorePattern,
    ignore_pattern_matches_nothing::IgnorePatternMatchesNothing,
    sensitive_file_in_context::SensitiveFileInContext,
}

pub mod config;
mod edits;
mod engine;
mod findings;
mod package_managers;
mod registry;
mod suppress;
mod views;

use edits::{
    append_lines, insert_line_after, instruction_lines, keyword_like, line_start, word_removal,
};
pub use engine::{MAX_FINDINGS, run_all};
use findings::{ReportsSyntaxErrors, missing_flag};
pub use registry::{
    Check, Context, Declared, Rule, RuleMeta, Scope, docs_page, find, markdown_table,
};
pub use secrets_used_in_arg_or_env::{looks_secret, secret_id};
pub(crate) use views::local_sources;
use views::{
    build_step, global_args, has_cache_mount, in_shipped_stage, instructions_and_triggers_of,
    instructions_of, removes_build_deps, shell_commands, shipped_stages, stage_anchor,
    stages_with_instructions,
};
