//! Configuration sources shared by the CLI and the server: `.dockerfile-ls.toml` (found
//! upward from a Dockerfile), the editor's settings (JSON, section `dockerfile-ls`), and what
//! the build context holds (`.dockerignore`). The analysis crate does no I/O; this module
//! reads the files and hands it plain values.
//!
//! Precedence, lowest first: each rule's default, the editor's settings, the nearest
//! `.dockerfile-ls.toml` (the file is shared by the team and by CI, so the editor shows what
//! CI will report), then the CLI's `--select`/`--ignore`.

use std::path::{Path, PathBuf};

use dockerfile_analysis::{BuildConfig, BuildContext, RuleSettings};
use serde::Deserialize;
use tower_lsp_server::ls_types::Uri;

/// The configuration file's name.
pub const FILE_NAME: &str = ".dockerfile-ls.toml";

/// A configuration file that could not be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFileError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: toml::Table,
    #[serde(default)]
    secrets: RawSecrets,
}

/// `[secrets]`: names SecretsUsedInArgOrEnv accepts.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSecrets {
    #[serde(default)]
    allow: Vec<String>,
}

/// The nearest `.dockerfile-ls.toml` in `dir` or a parent of it, looking no higher than the
/// project: the first directory that holds `.git` (the repository root) or is one of
/// `roots` (the editor's workspace folders, or the CLI's working directory), whichever comes
/// first. When `dir` is under none of them, only `dir` itself is looked at: a configuration
/// file in `/tmp` or a home directory never applies to a Dockerfile it does not belong to.
#[must_use]
pub fn find(dir: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::path::absolute(r).unwrap_or_else(|_| r.clone()))
        .collect();
    let bounded = dir
        .ancestors()
        .any(|d| roots.iter().any(|r| r == d) || d.join(".git").exists());
    for d in dir.ancestors() {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !bounded || roots.iter().any(|r| r == d) || d.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Parses a configuration file's text:
///
/// ```toml
/// [rules]
/// StageNameCasing = "off"
/// DL3008 = "warning"
///
/// [secrets]
/// allow = ["GPG_KEY", "*_KEY_ID"]
/// ```
///
/// # Errors
/// TOML syntax errors, unknown keys, unknown rules and unknown levels, with their line.
pub fn parse(path: &Path, text: &str) -> Result<RuleSettings, ConfigFileError> {
    let line_of = |offset: usize| {
        Some(
            text.get(..offset.min(text.len()))
                .map_or(0, |t| t.matches('\n').count())
                + 1,
        )
    };
    let err = |line: Option<usize>, message: String| ConfigFileError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().and_then(|s| line_of(s.start));
        err(line, e.message().trim().to_owned())
    })?;
    let mut settings = RuleSettings::default();
    for (id, value) in &raw.rules {
        // Tables do not keep key spans: find the key's line by its text.
        let line = text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                let rest = l
                    .strip_prefix(&format!("\"{id}\""))
                    .or_else(|| l.strip_prefix(id.as_str()));
                rest.is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|l| l + 1);
        let Some(level) = value.as_str() else {
            return Err(err(
                line,
                format!("`{id}` must be a string: off, hint, info, warning or error"),
            ));
        };
        settings
            .set(id, level)
            .map_err(|e| err(line, e.to_string()))?;
    }
    settings.allow_secret_names(raw.secrets.allow);
    Ok(settings)
}

/// Reads and parses the configuration file at `path`.
///
/// # Errors
/// See [`parse`]; also an unreadable file.
pub fn load(path: &Path) -> Result<RuleSettings, ConfigFileError> {
    let text = crate::fsutil::read_small_text(path)
        .unwrap_or_else(|| Err("no such file or directory".to_owned()))
        .map_err(|e| ConfigFileError {
            path: path.to_path_buf(),
            line: None,
            message: e,
        })?;
    parse(path, &text)
}

/// The editor's settings (`{"rules": {"StageNameCasing": "off"}, "format": {"indent": 2}}`,
/// the `dockerfile-ls` section). Entries that make no sense are skipped and described in the returned messages.
#[must_use]
pub fn from_editor(value: &serde_json::Value) -> (EditorSettings, Vec<String>) {
    let mut settings = EditorSettings::default();
    let mut problems = Vec::new();
    if let Some(rules) = value.get("rules").and_then(serde_json::Value::as_object) {
        for (id, level) in rules {
            match level.as_str() {
                Some(level) => {
                    if let Err(e) = settings.rules.set(id, level) {
                        problems.push(format!("dockerfile-ls.rules: {e}"));
                    }
                }
                None => problems.push(format!(
                    "dockerfile-ls.rules.{id}: expected off, hint, info, warning or error"
                )),
            }
        }
    }
    if let Some(allow) = value.get("secrets").and_then(|s| s.get("allow")) {
        match allow.as_array() {
            Some(names) => settings
                .rules
                .allow_secret_names(names.iter().filter_map(|n| n.as_str().map(str::to_owned))),
            None => {
                problems.push("dockerfile-ls.secrets.allow: expected a list of names".to_owned())
            }
        }
    }
    match value.get("format").and_then(|f| f.get("indent")) {
        None | Some(serde_json::Value::Null) => {}
        Some(v) => match v.as_u64().filter(|n| *n <= 16) {
            Some(n) => settings.format_indent = u32::try_from(n).ok(),
            None => problems.push(
                "dockerfile-ls.format.indent: expected null (the editor's tab size), 0 (keep) or a number of spaces up to 16".to_owned(),
            ),
        },
    }
    (settings, problems)
}

/// The settings an editor sends (section `dockerfile-ls`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorSettings {
    /// Rule levels, under those of `.dockerfile-ls.toml`.
    pub rules: RuleSettings,
    /// The formatter's continuation indent in spaces (0 keeps the indentation); `None` takes
    /// the editor's tab size from the formatting request.
    pub format_indent: Option<u32>,
}

/// Files whose presence at the top of the context tells its ecosystem.
const MARKERS: [&str; 9] = [
    "package.json",
    "requirements.txt",
    "pyproject.toml",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile",
];

/// What the build context of `dockerfile` holds: the ignore file BuildKit would use
/// (`<name>.dockerignore` next to the Dockerfile wins over `<context>/.dockerignore`) and the
/// ecosystem marker files. `context` defaults to the Dockerfile's directory.
#[must_use]
pub fn build_context(dockerfile: &Path, context: Option<&Path>) -> BuildContext {
    let dir = dockerfile.parent().unwrap_or(Path::new("."));
    let context = context.unwrap_or(dir);
    let own = dockerfile
        .file_name()
        .map(|n| dir.join(format!("{}.dockerignore", n.to_string_lossy())));
    let candidates = own.into_iter().chain([context.join(".dockerignore")]);
    let dockerignore = candidates.into_iter().find_map(|p| {
        // A FIFO, device or huge file is no ignore file: it must not hang or flood us.
        let text = match crate::fsutil::read_small_text(&p)? {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!("{}: {e}", p.display());
                return None;
            }
        };
        let name = p.file_name()?.to_string_lossy().into_owned();
        Some((name, text))
    });
    let markers = MARKERS
        .iter()
        .filter(|m| context.join(m).is_file())
        .map(|m| (*m).to_owned())
        .collect();
    BuildContext {
        dockerignore,
        markers,
        relative_dir: relative(dir, context),
    }
}

/// `to` relative to `from` (`.`, `..`, `../..`, `sub`, `../other`), `/`-separated; None when
/// they share no root.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let (from, to) = (
        crate::workspace::absolute(from),
        crate::workspace::absolute(to),
    );
    let common = from.ancestors().find(|a| to.starts_with(a))?;
    let ups = from.strip_prefix(common).ok()?.components().count();
    let down = to.strip_prefix(common).ok()?;
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(
        down.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

/// What a document is checked with: the editor's rule settings under the nearest
/// `.dockerfile-ls.toml`, and its build context.
#[derive(Debug, Clone, Default)]
pub struct DocEnv {
    /// The rules that run and their severities.
    pub settings: RuleSettings,
    /// Build arguments and what the build context holds.
    pub build: BuildConfig,
    /// Why the configuration file could not be used, if it could not.
    pub config_error: Option<String>,
    /// The formatter's continuation indent from the editor's settings (see
    /// [`EditorSettings`]).
    pub format_indent: Option<u32>,
    /// The build context's directory: the one the project's build files agree on, else the
    /// Dockerfile's (None for documents that are not files).
    pub context_dir: Option<PathBuf>,
}

/// Whether the Dockerfile at `path` is in a `.devcontainer` directory (a dev container's).
#[must_use]
pub fn in_dev_container_dir(path: &std::path::Path) -> bool {
    path.parent()
        .is_some_and(|d| d.components().any(|c| c.as_os_str() == ".devcontainer"))
}

impl DocEnv {
    /// Reads the configuration and build context of the document at `uri` (nothing for
    /// documents that are not files); `builders` are who builds it (see `workspace`).
    #[must_use]
    pub fn load(
        uri: &Uri,
        editor: &EditorSettings,
        roots: &[PathBuf],
        builders: Option<Vec<dockerfile_analysis::Builder>>,
    ) -> DocEnv {
        let mut env = DocEnv {
            settings: editor.rules.clone(),
            format_indent: editor.format_indent,
            ..DocEnv::default()
        };
        // The context the project's build files use (a compose `context: ..`), else the
        // Dockerfile's directory.
        let context = builders
            .as_deref()
            .and_then(crate::workspace::agreed_context);
        env.build.builders = builders;
        let Some(path) = uri.to_file_path() else {
            return env;
        };
        let dir = path.parent().unwrap_or(std::path::Path::new("/"));
        if let Some(file) = find(dir, roots) {
            match load(&file) {
                Ok(s) => env.settings.overlay(&s),
                Err(e) => env.config_error = Some(e.to_string()),
            }
        }
        env.build.context = Some(build_context(&path, context.as_deref()));
        env.build.dev_container = in_dev_container_dir(&path);
        env.context_dir = Some(context.unwrap_or_else(|| dir.to_path_buf()));
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let p = Path::new("x/.dockerfile-ls.toml");
        let e = parse(
            p,
            "[rules]\nStageNameCasing = \"off\"\nStageNameTypoo = \"error\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("StageNameTypo"), "{e}");
        let e = parse(p, "[rules]\nStageNameCasing = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse(p, "[rule]\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse(p, "[rules]\nX = = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(parse(p, "").is_ok());
        let s = parse(p, "[secrets]\nallow = [\"GPG_KEY\"]\n").unwrap();
        assert!(s.secret_name_allowed("gpg_key"));
        let e = parse(p, "[secrets]\nalow = []\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn editor_settings_skip_bad_entries() {
        let (s, problems) = from_editor(&serde_json::json!({
            "rules": {"DL4000": "off", "Nope": "error", "StageNameCasing": 3}
        }));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_ne!(s.rules, RuleSettings::default());
        assert_eq!(s.format_indent, None);
        let (s, problems) = from_editor(&serde_json::json!({"format": {"indent": 2}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.format_indent, Some(2));
        let (s, problems) = from_editor(&serde_json::json!({"format": {"indent": "tab"}}));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(s.format_indent, None);
    }
}
