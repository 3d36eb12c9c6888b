//! Request and notification handlers, one file per method group. Each converts the request
//! into analysis terms, calls the analysis under `guard` (a panic becomes an InternalError
//! reply instead of ending the process), and converts the answer back.

pub mod annotations;
pub mod build_files;
pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod format;
pub mod hover;
pub mod ignore_files;
pub mod outline;
pub mod references;
pub mod rename;
pub mod sync;
pub mod tokens;

use std::panic::{AssertUnwindSafe, catch_unwind};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// Runs `f`, turning a panic into an `InternalError` that says what was being done (the panic
/// hook logs the panic itself, once).
pub fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        // The panic hook has logged it (with its place) already.
        Error {
            code: ErrorCode::InternalError,
            message: format!("dockerfile-ls: internal error in {what}: {msg}").into(),
            data: None,
        }
    })
}
