//! The Zed extension: starts `dockerfile-ls` for the "Dockerfile" language (which Zed's
//! dockerfile extension provides) and hands it the user's `lsp.dockerfile-ls` settings.
//!
//! Which binary: `lsp.dockerfile-ls.binary.path` from the settings, else `dockerfile-ls` on
//! the worktree's PATH (as the user's shell sets it), else the binary of the latest GitHub
//! release for this platform, downloaded once into the extension's directory and run only
//! after its SHA-256 matches the `.sha256` published beside it.

use sha2::{Digest, Sha256};
use zed_extension_api::{self as zed, LanguageServerId, Result, settings::LspSettings};

/// The server's id in `extension.toml` and in the user's `lsp` settings.
pub const SERVER_ID: &str = "dockerfile-ls";
/// The binary looked up on PATH.
pub const BINARY: &str = "dockerfile-ls";
/// The GitHub repository whose releases carry the binaries.
pub const REPOSITORY: &str = "dockerfile-ls/dockerfile-ls";

/// The release asset with the bare binary for a platform (`dockerfile-ls-linux-x86_64`, …, as
/// server/release/package.py names them); None where no binary is released.
#[must_use]
pub fn asset_name(os: zed::Os, arch: zed::Architecture) -> Option<String> {
    let os = match os {
        zed::Os::Linux => "linux",
        zed::Os::Mac => "macos",
        zed::Os::Windows => "windows",
    };
    let arch = match arch {
        zed::Architecture::X8664 => "x86_64",
        zed::Architecture::Aarch64 => "aarch64",
        zed::Architecture::X86 => return None,
    };
    if os == "windows" && arch == "aarch64" {
        return None;
    }
    let exe = if os == "windows" { ".exe" } else { "" };
    Some(format!("{BINARY}-{os}-{arch}{exe}"))
}

/// Checks `bytes` against a `sha256sum` line (`<64 hex>  <name>`) for the file `name`.
///
/// # Errors
/// When the line is not a checksum of `name`, or the digest differs.
pub fn verify_sha256(
    bytes: &[u8],
    checksum_line: &str,
    name: &str,
) -> std::result::Result<(), String> {
    let mut words = checksum_line.split_whitespace();
    let expected = words.next().unwrap_or_default().to_ascii_lowercase();
    let file = words.next().unwrap_or_default().trim_start_matches('*');
    if expected.len() != 64 || !expected.bytes().all(|b| b.is_ascii_hexdigit()) || file != name {
        return Err(format!("{name}.sha256 is not a SHA-256 checksum of {name}"));
    }
    let actual: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "the downloaded {name} does not match its published checksum (expected {expected}, got {actual}); it was deleted"
        ))
    }
}

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
/// When no binary is configured, on PATH or downloaded: the message says why the download
/// failed (`downloaded` is its error) and how to install or configure a binary instead.
pub fn server_command(
    inputs: Inputs,
    downloaded: impl FnOnce() -> std::result::Result<String, String>,
) -> std::result::Result<zed::Command, String> {
    let configured = inputs
        .path
        .filter(|p| !p.trim().is_empty())
        .or(inputs.which);
    let command = match configured {
        Some(c) => c,
        None => downloaded().map_err(|why| {
            format!(
                "{BINARY} was not found on PATH, and downloading it failed: {why}. Install it \
                 (`cargo install dockerfile-ls`, or see https://github.com/{REPOSITORY}#install), \
                 or set \"lsp\": {{ \"{SERVER_ID}\": {{ \"binary\": {{ \"path\": \"/path/to/{BINARY}\" }} }} }} \
                 in Zed's settings."
            )
        })?,
    };
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

struct DockerfileLs {
    /// The downloaded binary, once it was found or fetched in this session.
    cached: Option<String>,
}

impl DockerfileLs {
    /// The latest release's binary for this platform, in `dockerfile-ls-<version>/` of the
    /// extension's directory: downloaded and checked when it is not there yet, older versions
    /// removed.
    fn downloaded_binary(&mut self, id: &LanguageServerId) -> std::result::Result<String, String> {
        if let Some(path) = &self.cached
            && std::fs::metadata(path).is_ok_and(|m| m.is_file())
        {
            return Ok(path.clone());
        }
        zed::set_language_server_installation_status(
            id,
            &zed::LanguageServerInstallationStatus::CheckingForUpdate,
        );
        let release = zed::latest_github_release(
            REPOSITORY,
            zed::GithubReleaseOptions {
                require_assets: true,
                pre_release: false,
            },
        )?;
        let (os, arch) = zed::current_platform();
        let name = asset_name(os, arch).ok_or("no release binary for this platform")?;
        let find = |n: &str| {
            release
                .assets
                .iter()
                .find(|a| a.name == n)
                .ok_or_else(|| format!("release {} has no asset {n}", release.version))
        };
        let asset = find(&name)?;
        let checksum = find(&format!("{name}.sha256"))?;
        let dir = format!("{BINARY}-{}", release.version);
        let exe = if name.ends_with(".exe") { ".exe" } else { "" };
        let binary = format!("{dir}/{BINARY}{exe}");
        if !std::fs::metadata(&binary).is_ok_and(|m| m.is_file()) {
            zed::set_language_server_installation_status(
                id,
                &zed::LanguageServerInstallationStatus::Downloading,
            );
            std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir}: {e}"))?;
            let sum_path = format!("{dir}/{name}.sha256");
            let partial = format!("{dir}/{name}.part");
            zed::download_file(
                &checksum.download_url,
                &sum_path,
                zed::DownloadedFileType::Uncompressed,
            )?;
            zed::download_file(
                &asset.download_url,
                &partial,
                zed::DownloadedFileType::Uncompressed,
            )?;
            let checked = std::fs::read(&partial)
                .map_err(|e| format!("reading {partial}: {e}"))
                .and_then(|bytes| {
                    let line = std::fs::read_to_string(&sum_path)
                        .map_err(|e| format!("reading {sum_path}: {e}"))?;
                    verify_sha256(&bytes, &line, &name)
                });
            if let Err(e) = checked {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            std::fs::rename(&partial, &binary).map_err(|e| format!("moving {partial}: {e}"))?;
            zed::make_file_executable(&binary)?;
            // Older versions' directories go.
            if let Ok(entries) = std::fs::read_dir(".") {
                for entry in entries.flatten() {
                    let n = entry.file_name();
                    let n = n.to_string_lossy();
                    if n.starts_with(&format!("{BINARY}-")) && n != dir.as_str() {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
        }
        zed::set_language_server_installation_status(
            id,
            &zed::LanguageServerInstallationStatus::None,
        );
        self.cached = Some(binary.clone());
        Ok(binary)
    }
}

impl zed::Extension for DockerfileLs {
    fn new() -> Self {
        DockerfileLs { cached: None }
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
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
        server_command(
            Inputs {
                path,
                arguments,
                env,
                which: worktree.which(BINARY),
                shell_env: worktree.shell_env(),
            },
            || self.downloaded_binary(id),
        )
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
        let c = server_command(
            Inputs {
                path: Some("/opt/dockerfile-ls".into()),
                which: Some("/usr/bin/dockerfile-ls".into()),
                ..Inputs::default()
            },
            no_download,
        )
        .unwrap();
        assert_eq!(c.command, "/opt/dockerfile-ls");
        assert_eq!(c.args, ["--stdio"]);
    }

    #[test]
    fn path_lookup_with_the_shell_environment() {
        let c = server_command(
            Inputs {
                which: Some("/usr/bin/dockerfile-ls".into()),
                shell_env: vec![
                    ("PATH".into(), "/usr/bin".into()),
                    ("RUST_LOG".into(), "warn".into()),
                ],
                env: vec![("RUST_LOG".into(), "dockerfile_ls=debug".into())],
                arguments: Some(vec![]),
                ..Inputs::default()
            },
            no_download,
        )
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

    /// The download, which a configured or PATH binary must never start.
    fn no_download() -> std::result::Result<String, String> {
        panic!("downloaded although a binary was configured or on PATH")
    }

    #[test]
    fn without_a_binary_the_release_is_downloaded() {
        let c = server_command(Inputs::default(), || {
            Ok("dockerfile-ls-0.1.0/dockerfile-ls".into())
        })
        .unwrap();
        assert_eq!(c.command, "dockerfile-ls-0.1.0/dockerfile-ls");
        assert_eq!(c.args, ["--stdio"]);
    }

    #[test]
    fn a_failed_download_says_why_and_how_to_install() {
        let e = server_command(
            Inputs {
                path: Some("  ".into()),
                ..Inputs::default()
            },
            || Err("no release binary for this platform".into()),
        )
        .unwrap_err();
        assert!(e.contains("no release binary for this platform"), "{e}");
        assert!(e.contains("cargo install dockerfile-ls"), "{e}");
        assert!(e.contains("\"binary\""), "{e}");
    }

    #[test]
    fn asset_names_are_the_release_binaries() {
        use zed::{Architecture as A, Os};
        assert_eq!(
            asset_name(Os::Linux, A::X8664).as_deref(),
            Some("dockerfile-ls-linux-x86_64")
        );
        assert_eq!(
            asset_name(Os::Linux, A::Aarch64).as_deref(),
            Some("dockerfile-ls-linux-aarch64")
        );
        assert_eq!(
            asset_name(Os::Mac, A::Aarch64).as_deref(),
            Some("dockerfile-ls-macos-aarch64")
        );
        assert_eq!(
            asset_name(Os::Mac, A::X8664).as_deref(),
            Some("dockerfile-ls-macos-x86_64")
        );
        assert_eq!(
            asset_name(Os::Windows, A::X8664).as_deref(),
            Some("dockerfile-ls-windows-x86_64.exe")
        );
        assert_eq!(asset_name(Os::Windows, A::Aarch64), None);
        assert_eq!(asset_name(Os::Linux, A::X86), None);
    }

    #[test]
    fn the_checksum_must_match_and_name_the_file() {
        // sha256("abc"), as `sha256sum` prints it.
        let line = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  dockerfile-ls-linux-x86_64\n";
        assert_eq!(
            verify_sha256(b"abc", line, "dockerfile-ls-linux-x86_64"),
            Ok(())
        );
        let upper = line
            .to_uppercase()
            .replace("DOCKERFILE-LS-LINUX-X86_64", "dockerfile-ls-linux-x86_64");
        assert_eq!(
            verify_sha256(b"abc", &upper, "dockerfile-ls-linux-x86_64"),
            Ok(())
        );
        let e = verify_sha256(b"abd", line, "dockerfile-ls-linux-x86_64").unwrap_err();
        assert!(e.contains("does not match"), "{e}");
        assert!(verify_sha256(b"abc", line, "dockerfile-ls-macos-x86_64").is_err());
        assert!(verify_sha256(b"abc", "", "dockerfile-ls-linux-x86_64").is_err());
        assert!(
            verify_sha256(
                b"abc",
                "xyz  dockerfile-ls-linux-x86_64",
                "dockerfile-ls-linux-x86_64"
            )
            .is_err()
        );
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
