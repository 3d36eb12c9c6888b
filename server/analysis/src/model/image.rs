//! Image references (`[registry/]repository[:tag][@digest]`), split into their parts.

/// A parsed image reference, as written (no implicit `docker.io/library/` is added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host, when the first path component names one (has a `.` or `:`, or is
    /// `localhost`).
    pub registry: Option<String>,
    /// The repository path, e.g. `library/alpine` or `alpine`.
    pub repository: String,
    /// The tag after `:`.
    pub tag: Option<String>,
    /// The digest after `@`, e.g. `sha256:…`.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Splits a reference; `None` if it is not a valid reference (empty parts, upper case in
    /// the repository, spaces).
    #[must_use]
    pub fn parse(text: &str) -> Option<ImageRef> {
        if text.is_empty() || text.chars().any(char::is_whitespace) {
            return None;
        }
        let (name_tag, digest) = match text.split_once('@') {
            Some((n, d)) => (n, Some(d.to_owned())),
            None => (text, None),
        };
        let (registry, path) = match name_tag.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_owned()), rest)
            }
            _ => (None, name_tag),
        };
        let (repository, tag) = match path.rsplit_once(':') {
            Some((r, t)) if !t.contains('/') => (r, Some(t.to_owned())),
            _ => (path, None),
        };
        let valid_repo = !repository.is_empty()
            && repository.split('/').all(|c| {
                !c.is_empty()
                    && c.chars().all(|ch| {
                        ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch)
                    })
            });
        let valid_tag = tag.as_deref().is_none_or(|t| {
            !t.is_empty()
                && t.len() <= 128
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        });
        let valid_digest = digest.as_deref().is_none_or(|d| {
            d.split_once(':')
                .is_some_and(|(a, h)| !a.is_empty() && !h.is_empty())
        });
        (valid_repo && valid_tag && valid_digest).then(|| ImageRef {
            registry,
            repository: repository.to_owned(),
            tag,
            digest,
        })
    }
}

impl std::fmt::Display for ImageRef {
    /// The reference as written: `[registry/]repository[:tag][@digest]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(r) = &self.registry {
            write!(f, "{r}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

/// Whether `s` is a valid image reference, by the reference grammar's main constraints:
/// lower-case path components of `[a-z0-9]` separated by `.`, `_`, `__` or `-`, an optional `:tag` of `[\w][\w.-]{0,127}`,
/// and an optional `@digest`.
pub fn is_valid_reference(s: &str) -> bool {
    let (name_tag, digest) = s.split_once('@').map_or((s, None), |(a, b)| (a, Some(b)));
    if digest.is_some_and(|d| !d.contains(':') || d.ends_with(':')) {
        return false;
    }
    let (name, tag) = match name_tag.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, Some(t)),
        _ => (name_tag, None),
    };
    if let Some(t) = tag
        && (t.is_empty()
            || t.len() > 128
            || t.starts_with(['.', '-'])
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return false;
    }
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or_default();
    let host = first.contains(['.', ':']) || first == "localhost";
    let rest: Vec<&str> = if host {
        parts.collect()
    } else {
        std::iter::once(first).chain(parts).collect()
    };
    !rest.is_empty()
        && rest.iter().all(|c| {
            !c.is_empty()
                && c.starts_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit())
                && c.ends_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit())
                && c.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '.' | '_' | '-')
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_references() {
        let r = ImageRef::parse("ghcr.io/org/app:1.2@sha256:abc");
        assert_eq!(
            r,
            Some(ImageRef {
                registry: Some("ghcr.io".into()),
                repository: "org/app".into(),
                tag: Some("1.2".into()),
                digest: Some("sha256:abc".into())
            })
        );
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!(
            r.map(|r| (r.registry, r.tag)),
            Some((Some("localhost:5000".into()), None))
        );
        assert_eq!(
            ImageRef::parse("alpine").map(|r| r.repository),
            Some("alpine".into())
        );
        assert_eq!(ImageRef::parse("Alpine"), None);
        assert_eq!(ImageRef::parse("alpine:"), None);
    }
}
