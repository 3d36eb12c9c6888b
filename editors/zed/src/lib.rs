//! The Zed extension: starts `dockerfile-ls` for the "Dockerfile" language (which Zed's
//! dockerfile extension provides) and hands it the user's `lsp.dockerfile-ls` settings.
//!
//! Which binary: `lsp.dockerfile-ls.binary.path` from the settings, else `dockerfile-ls` on
//! the worktree's PATH (as the user's shell sets it), else an error that says how to install it.

use zed_extension_api::{self as zed, LanguageServerId, Result, settings::LspSettings};

/// The server's id in `extension.toml` and in the user's `lsp` settings.
pub const SERVER_ID: &str = "dockerfile-ls";
/// The binary looked up on PATH.
pub const BINARY: &str = "dockerfile-ls";

/// What the lookup needs to know, gathered from Zed (kept apart so it is testable on the host).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// `lsp.dockerfile-ls.binary.path`.
    pub path: Option<String>,
    /// `lsp.dockerfile-ls.binary.arguments`.
    pub arguments: Option<Vec<String>>,
    /// `lsp.dockerfile-ls.binary.env`.
    pub env: Vec<(String, String)>,
    /// `dockerfile-ls` found on the worktree's PATH.
    pub which: Option<String>,
    /// The worktree's shell environment.
    pub shell_env: Vec<(String, String)>,
}

/// The command to start: program, arguments (default `--stdio`) and environment (the shell's,
/// with the settings' entries on top).
///
/// # Errors
/// When no binary is configured or on PATH: the message says how to install or configure one.
pub fn server_command(inputs: Inputs) -> std::result::Result<zed::Command, String> {
    let command = inputs
        .path
        .filter(|p| !p.trim().is_empty())
        .or(inputs.which)
        .ok_or_else(|| {
            format!(
                "{BINARY} was not found on PATH. Install it (`cargo install --path server/ls` in a \
                 clone of https://github.com/dockerfile-ls/dockerfile-ls), or set \
                 \"lsp\": {{ \"{SERVER_ID}\": {{ \"binary\": {{ \"path\": \"/path/to/{BINARY}\" }} }} }} \
                 in Zed's settings."
            )
        })?;
    let mut env = inputs.shell_env;
    for (k, v) in inputs.env {
        env.retain(|(key, _)| *key != k);
        env.push((k, v));
    }
    Ok(zed::Command {
        command,
        args: inputs
            .arguments
            .unwrap_or_else(|| vec!["--stdio".to_owned()]),
        env,
    })
}

/// The answer to `workspace/configuration`: the user's settings under the section the server
/// asks for (`dockerfile-ls`).
#[must_use]
pub fn workspace_configuration(
    settings: Option<zed::serde_json::Value>,
) -> Option<zed::serde_json::Value> {
    settings.map(|s| zed::serde_json::json!({ SERVER_ID: s }))
}

struct DockerfileLs;

impl zed::Extension for DockerfileLs {
    fn new() -> Self {
        DockerfileLs
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER_ID, worktree)
            .ok()
            .and_then(|s| s.binary);
        let (path, arguments, env) = match binary {
            Some(b) => (
                b.path,
                b.arguments,
                b.env.map(|e| e.into_iter().collect()).unwrap_or_default(),
            ),
            None => (None, None, Vec::new()),
        };
        server_command(Inputs {
            path,
            arguments,
            env,
            which: worktree.which(BINARY),
            shell_env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(SERVER_ID, worktree)
            .ok()
            .and_then(|s| s.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(workspace_configuration(
            LspSettings::for_worktree(SERVER_ID, worktree)
                .ok()
                .and_then(|s| s.settings),
        ))
    }
}

zed::register_extension!(DockerfileLs);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_path_wins_over_path_lookup() {
        let c = server_command(Inputs {
            path: Some("/opt/dockerfile-ls".into()),
            which: Some("/usr/bin/dockerfile-ls".into()),
            ..Inputs::default()
        })
        .unwrap();
        assert_eq!(c.command, "/opt/dockerfile-ls");
        assert_eq!(c.args, ["--stdio"]);
    }

    #[test]
    fn path_lookup_with_the_shell_environment() {
        let c = server_command(Inputs {
            which: Some("/usr/bin/dockerfile-ls".into()),
            shell_env: vec![
                ("PATH".into(), "/usr/bin".into()),
                ("RUST_LOG".into(), "warn".into()),
            ],
            env: vec![("RUST_LOG".into(), "dockerfile_ls=debug".into())],
            arguments: Some(vec![]),
            ..Inputs::default()
        })
        .unwrap();
        assert_eq!(c.command, "/usr/bin/dockerfile-ls");
        assert!(c.args.is_empty());
        assert_eq!(
            c.env,
            [
                ("PATH".to_owned(), "/usr/bin".to_owned()),
                ("RUST_LOG".to_owned(), "dockerfile_ls=debug".to_owned())
            ]
        );
    }

    #[test]
    fn nothing_found_says_how_to_install() {
        let e = server_command(Inputs {
            path: Some("  ".into()),
            ..Inputs::default()
        })
        .unwrap_err();
        assert!(e.contains("cargo install --path server/ls"), "{e}");
        assert!(e.contains("\"binary\""), "{e}");
    }

    #[test]
    fn workspace_configuration_is_under_the_section() {
        let v = workspace_configuration(Some(
            zed::serde_json::json!({ "rules": { "RootUser": "off" } }),
        ));
        assert_eq!(v.unwrap()["dockerfile-ls"]["rules"]["RootUser"], "off");
        assert_eq!(workspace_configuration(None), None);
    }

    #[test]
    fn manifest_declares_the_server_for_zeds_dockerfile_language() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/extension.toml"))
            .unwrap();
        let m: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(m["id"].as_str(), Some("dockerfile-ls"));
        assert_eq!(m["schema_version"].as_integer(), Some(1));
        assert_eq!(m["version"].as_str(), Some(env!("CARGO_PKG_VERSION")));
        let server = &m["language_servers"][SERVER_ID];
        assert_eq!(
            server["languages"].as_array().unwrap()[0].as_str(),
            Some("Dockerfile")
        );
        assert_eq!(
            server["language_ids"]["Dockerfile"].as_str(),
            Some("dockerfile")
        );
    }
}
