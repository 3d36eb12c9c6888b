//! Static knowledge about Dockerfiles, written once and read everywhere: by validation (which
//! flags and mount keys BuildKit accepts), by hover (what each thing means) and by completion
//! (what may come next). Nothing here depends on a document.
//!
//! - [`instructions`]: every instruction, its forms, an example, the multi-stage practice
//!   that goes with it, and its flags with their values;
//! - [`mounts`]: the `RUN --mount` types and the keys each accepts;
//! - [`directives`]: the parser directives (`syntax`, `escape`, `check`);
//! - [`args`]: BuildKit's predefined build arguments and the variables every image has;
//! - [`signals`]: the signals STOPSIGNAL names;
//! - [`images`]: well-known base images and tags, offline (never fetched);
//! - [`base_images`]: what is known of each base image family (OS, user, size, what it
//!   ships), for the rules, hover and completion;
//! - [`runtimes`]: toolchain images and the runtime images that fit their output.

pub mod args;
pub mod base_images;
pub mod directives;
pub mod images;
pub mod instructions;
pub mod mounts;
pub mod runtimes;
pub mod signals;

pub use instructions::{FlagDoc, InstructionDoc, flag_doc, flags_of, instruction};

/// How BuildKit reads a flag's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `--link`, `--link=false`.
    Bool,
    /// `--from=x`: a value is required; the flag may appear once.
    String,
    /// `--mount=x`: a value is required; the flag may repeat.
    Strings,
}

/// One value of an enumerated setting, with what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    /// The value as written.
    pub name: &'static str,
    /// What it does (Markdown, one or two sentences).
    pub docs: &'static str,
}

pub(crate) const fn v(name: &'static str, docs: &'static str) -> Value {
    Value { name, docs }
}

/// The values of a boolean flag or option.
pub const BOOL_VALUES: &[Value] = &[
    v(
        "true",
        "Turns the setting on (the same as giving the flag alone).",
    ),
    v("false", "Turns the setting off (the default)."),
];

/// The value named `name` (case-insensitively) among `values`.
#[must_use]
pub fn find_value<'a>(values: &'a [Value], name: &str) -> Option<&'a Value> {
    values.iter().find(|x| x.name.eq_ignore_ascii_case(name))
}
