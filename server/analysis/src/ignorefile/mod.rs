//! `.dockerignore` as a language of its own: reading it and matching paths exactly as
//! BuildKit does ([`pattern`]), what a build context sends once it is applied
//! ([`context`]), the checks of an ignore file ([`check`]) and its editor features
//! ([`ide`]). Pure: the server walks the context and hands the listing in.

pub mod check;
pub mod context;
pub mod ide;
pub mod pattern;

pub use context::{Entry, Evaluation, Listing, PatternStats, evaluate, human_bytes, human_count};
pub use pattern::{IgnoreFile, MatchInfo, Pattern, go_clean};
