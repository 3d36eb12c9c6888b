//! `declare_rule!`: a rule is one declaration. Its `///` comments are its documentation
//! page; the fields are its metadata; the name is its id. The rule's behaviour is an
//! `impl Check` beside it (or `impl ReportsSyntaxErrors` for the rules that report what the
//! parser rejects), and `rules/mod.rs` lists it once (`rules!`), which makes both
//! the module and the registry entry.
//!
//! ```ignore
//! declare_rule! {
//!     /// # SudoInRun
//!     ///
//!     /// Reports `sudo` in a RUN command. …
//!     SudoInRun {
//!         severity: Warning,
//!         aliases: ["DL3004"],
//!         scope: Run,
//!         summary: "RUN uses `sudo`.",
//!     }
//! }
//! ```
//!
//! Optional fields, in this order: `aliases`, `scope` (`File` unless `Run`),
//! `buildkit_check`, `default_off`, `fixable` (each `false` unless set; whether a rule's
//! findings carry fixes is checked by the tests against its declaration). The metadata is the
//! module-level static `META`, so a file declares one rule (a second would not compile).

macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            severity: $severity:ident,
            $(aliases: [$($alias:literal),* $(,)?],)?
            $(scope: $scope:ident,)?
            $(buildkit_check: $buildkit:literal,)?
            $(default_off: $off:literal,)?
            $(fixable: $fixable:literal,)?
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub(crate) struct $name;

        static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: stringify!($name),
            severity: $crate::diagnostic::Severity::$severity,
            aliases: &[$($($alias),*)?],
            scope: declare_rule!(@or [$($crate::rules::Scope::$scope)?] $crate::rules::Scope::File),
            buildkit_check: declare_rule!(@or [$($buildkit)?] false),
            default_off: declare_rule!(@or [$($off)?] false),
            fixable: declare_rule!(@or [$($fixable)?] false),
            summary: $summary,
            doc_lines: &[$($doc),*],
        };

        impl $crate::rules::Declared for $name {
            fn declared() -> &'static $crate::rules::RuleMeta {
                &META
            }
        }
    };
    (@or [$value:expr] $default:expr) => {
        $value
    };
    (@or [] $default:expr) => {
        $default
    };
}

/// Lists every rule once, in the registry's order, as `module::Rule`: declares the modules
/// and makes [`REGISTRY`](crate::rules::REGISTRY).
macro_rules! rules {
    ($($module:ident :: $rule:ident),+ $(,)?) => {
        $(mod $module;)+

        /// Every rule, in a stable order (the catalogue's and the docs').
        pub static REGISTRY: &[&dyn Rule] = &[$(&$module::$rule),+];
    };
}
