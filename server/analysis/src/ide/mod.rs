//! Editor features over an `Analysis`: each takes byte offsets and returns plain data.

pub mod annotations;
pub mod code_action;
pub mod completion;
pub mod definition;
pub mod format;
pub mod graph;
pub mod hover;
pub mod outline;
pub mod references;
pub mod rename;
pub mod symbol_at;
pub mod tokens;
pub(crate) mod variables;
