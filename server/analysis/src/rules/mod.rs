//! The rules. Each rule lives in its own module with its id, default severity, summary,
//! documentation and check; rules read the `Analysis` (instructions and semantic model) and
//! push `Diagnostic`s, never LSP types.
//!
//! - `registry`: what a rule is (`Rule`, `RuleMeta`), the list of every rule, lookup by id
//!   or alias, and the generated catalogue and pages. It depends on no other part of the
//!   linter, so configuration and suppression can read it without a cycle.
//! - `engine`: runs the enabled rules with their configured severities, then applies
//!   suppression comments.
//! - `helpers`: what several rules share (finding builders, instruction and stage views,
//!   edits that insert or remove lines and words).

mod add_for_local_file;
mod add_url_without_checksum;
mod apk_add_no_cache;
mod apt_get_assume_yes;
mod apt_get_no_install_recommends;
mod apt_install_without_update;
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
mod curl_pipe_shell;
mod debian_frontend_in_env;
mod duplicate_stage_name;
mod expose_invalid_format;
mod expose_port_out_of_range;
mod expose_proto_casing;
mod forward_stage_reference;
mod from_as_casing;
mod from_platform_flag_const_disallowed;
mod heavy_runtime_image;
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
mod package_upgrade;
mod parse_error;
mod pip_no_cache_dir;
mod pipe_without_pipefail;
mod redundant_target_platform;
mod relative_copy_without_workdir;
mod reserved_stage_name;
mod root_user;
mod rpm_package_managers;
mod secrets_used_in_arg_or_env;
mod single_stage_build;
mod stage_index_out_of_range;
mod stage_name_casing;
mod stage_name_typo;
mod sudo_in_run;
mod undefined_arg_in_from;
mod undefined_stage_reference;
mod undefined_var;
mod unknown_instruction;
mod unpinned_base_image;
mod unpinned_copy_from;
mod unpinned_packages;
mod unused_stage;
mod workdir_relative_path;

mod engine;
mod helpers;
mod registry;

pub use engine::{MAX_FINDINGS, run_all};
use helpers::{
    build_step, global_args, has_cache_mount, in_shipped_stage, insert_line_after,
    instruction_lines, instructions_and_triggers_of, instructions_of, keyword_like, line_start,
    local_sources, missing_flag, removes_build_deps, shell_commands, shipped_stages, stage_anchor,
    stages_with_instructions, syntax_errors, word_removal,
};
pub use registry::{Context, REGISTRY, Rule, RuleMeta, Scope, docs_page, find, markdown_table};
