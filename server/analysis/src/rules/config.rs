//! Which rules run and how severe their findings are: the user's choices (editor settings,
//! `.dockerfile-ls.toml`, CLI flags) resolved against the registry. The front ends read and
//! merge the sources; this module only knows ids and levels.

use std::collections::HashMap;

use super::{REGISTRY, RuleMeta, find};
use crate::diagnostic::Severity;

/// A rule's configured level: off, or on with a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule runs and reports with this severity.
    On(Severity),
}

impl Level {
    /// Parses `off`, `hint`, `info`, `warning` or `error` (also `information`, `warn`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Level> {
        if s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
            return Some(Level::Off);
        }
        Severity::parse(s).map(Level::On)
    }
}

/// A configuration mistake, with the name it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The rule id or value at fault, as written.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// The resolved rule configuration. `Default` is every rule at its default level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    /// Per-rule levels, keyed by canonical id.
    levels: HashMap<&'static str, Level>,
    /// When set, only these rules run (default-off ones included).
    select: Option<Vec<&'static str>>,
    /// Rules that never run.
    ignore: Vec<&'static str>,
    /// The options of individual rules.
    pub options: RuleOptions,
}

/// The options of individual rules, each read by its rule's [`Check::apply_options`](super::Check::apply_options).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions {
    /// SecretsUsedInArgOrEnv: ARG/ENV names it accepts (`*` matches any text).
    pub secret_names_allowed: Vec<String>,
}

impl RuleOptions {
    /// Whether SecretsUsedInArgOrEnv accepts `name` (case-insensitive).
    #[must_use]
    pub fn secret_name_allowed(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.secret_names_allowed
            .iter()
            .any(|p| crate::names::glob_match(&p.to_ascii_lowercase(), &name))
    }
}

/// Resolves an id or alias to the canonical id; `ALL` is not a rule.
fn canonical(id: &str) -> Result<&'static str, ConfigError> {
    find(id.trim()).map(|r| r.meta().id).ok_or_else(|| {
        let ids = REGISTRY.iter().map(|r| r.meta().id);
        let wanted = id.trim().to_ascii_lowercase();
        let prefixed = REGISTRY
            .iter()
            .map(|r| r.meta().id)
            .find(|i| wanted.len() >= 4 && i.to_ascii_lowercase().starts_with(&wanted));
        let hint = prefixed
            .or_else(|| crate::names::suggest(id.trim(), ids))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        ConfigError {
            key: id.to_owned(),
            message: format!("unknown rule{hint}; `dockerfile-ls rules` lists them"),
        }
    })
}

impl RuleSettings {
    /// Sets the level of a rule (id or alias) from its text form.
    ///
    /// # Errors
    /// An unknown rule or level.
    pub fn set(&mut self, id: &str, level: &str) -> Result<(), ConfigError> {
        let id = canonical(id)?;
        let level = Level::parse(level).ok_or_else(|| ConfigError {
            key: level.to_owned(),
            message: "expected one of off, hint, info, warning, error".to_owned(),
        })?;
        self.levels.insert(id, level);
        Ok(())
    }

    /// Runs only `ids` (ids or aliases; `ALL` for every rule, default-off ones included).
    ///
    /// # Errors
    /// An unknown rule.
    pub fn select<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ConfigError> {
        let mut out = Vec::new();
        for id in ids {
            if id.trim().eq_ignore_ascii_case("all") {
                out.extend(REGISTRY.iter().map(|r| r.meta().id));
            } else {
                out.push(canonical(id)?);
            }
        }
        self.select = Some(out);
        Ok(())
    }

    /// Never runs `ids` (ids or aliases; `ALL` for every rule).
    ///
    /// # Errors
    /// An unknown rule.
    pub fn ignore<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ConfigError> {
        for id in ids {
            if id.trim().eq_ignore_ascii_case("all") {
                self.ignore.extend(REGISTRY.iter().map(|r| r.meta().id));
            } else {
                self.ignore.push(canonical(id)?);
            }
        }
        Ok(())
    }

    /// Layers `other` over `self`: its levels win, its selection replaces ours if it has one,
    /// its ignores add to ours.
    pub fn overlay(&mut self, other: &RuleSettings) {
        for (k, v) in &other.levels {
            self.levels.insert(k, *v);
        }
        if other.select.is_some() {
            self.select.clone_from(&other.select);
        }
        self.ignore.extend(other.ignore.iter().copied());
        self.options
            .secret_names_allowed
            .extend(other.options.secret_names_allowed.iter().cloned());
    }

    /// Adds names (or patterns with `*`) that SecretsUsedInArgOrEnv accepts, for the
    /// well-known non-secrets of a project (`GPG_KEY` fingerprints in official images).
    pub fn allow_secret_names(&mut self, names: impl IntoIterator<Item = String>) {
        self.options.secret_names_allowed.extend(names);
    }

    /// Whether `name` is on the secrets allow-list (case-insensitive).
    #[must_use]
    pub fn secret_name_allowed(&self, name: &str) -> bool {
        self.options.secret_name_allowed(name)
    }

    /// The severity `meta`'s rule reports with, or `None` when it does not run.
    #[must_use]
    pub fn severity(&self, meta: &RuleMeta) -> Option<Severity> {
        if self.ignore.contains(&meta.id) {
            return None;
        }
        let selected = self.select.as_ref().map(|s| s.contains(&meta.id));
        match (self.levels.get(meta.id), selected) {
            (_, Some(false)) => None,
            (Some(Level::Off), None) => None,
            (Some(Level::Off), Some(true)) => Some(meta.severity),
            (Some(Level::On(s)), _) => Some(*s),
            (None, Some(true)) => Some(meta.severity),
            (None, None) => (!meta.default_off).then_some(meta.severity),
        }
    }

    /// Whether the settings leave `meta`'s rule to its default: neither a level, a selection
    /// nor `--ignore` names it (a `# check=experimental=` directive may then turn it on).
    #[must_use]
    pub fn is_default(&self, meta: &RuleMeta) -> bool {
        !self.ignore.contains(&meta.id)
            && self.select.is_none()
            && !self.levels.contains_key(meta.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str) -> &'static RuleMeta {
        find(id).map(|r| r.meta()).unwrap_or_else(|| panic!("{id}"))
    }

    #[test]
    fn levels_select_and_ignore() {
        let mut s = RuleSettings::default();
        assert_eq!(s.severity(meta("StageNameCasing")), Some(Severity::Warning));
        s.set("stagenamecasing", "error").unwrap();
        s.set("DL4000", "off").unwrap();
        assert_eq!(s.severity(meta("StageNameCasing")), Some(Severity::Error));
        assert_eq!(s.severity(meta("MaintainerDeprecated")), None);
        s.select(["MaintainerDeprecated", "FromAsCasing"]).unwrap();
        assert_eq!(
            s.severity(meta("MaintainerDeprecated")),
            Some(Severity::Warning)
        );
        assert_eq!(s.severity(meta("StageNameCasing")), None);
        s.ignore(["FromAsCasing"]).unwrap();
        assert_eq!(s.severity(meta("FromAsCasing")), None);
    }

    #[test]
    fn unknown_names_are_errors_with_a_hint() {
        let mut s = RuleSettings::default();
        let e = s.set("StageNameCasin", "off").unwrap_err();
        assert!(e.message.contains("did you mean `StageNameCasing`"), "{e}");
        assert!(s.set("StageNameCasing", "loud").is_err());
        assert!(s.select(["ALL"]).is_ok());
    }
}
