//! Editor features over an `Analysis`: each takes byte offsets and returns plain data.

pub mod actions;
pub mod completion;
pub mod format;
pub mod goto;
pub mod graph;
pub mod hints;
pub mod hover;
pub mod outline;
pub mod references;
pub mod rename;
pub mod symbol_at;
pub mod tokens;
pub(crate) mod variables;
