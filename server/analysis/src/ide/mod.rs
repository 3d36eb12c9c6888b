//! Editor features over an `Analysis`: each takes byte offsets and returns plain data.

pub mod actions;
pub mod goto;
