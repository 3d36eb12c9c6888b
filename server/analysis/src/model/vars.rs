//! Variables: BuildKit's predefined build arguments, finding `$X` / `${X…}` uses in a word,
//! and expanding the simple forms with known values.

/// A build argument BuildKit defines without an `ARG` instruction.
#[derive(Debug, Clone, Copy)]
pub struct PredefinedArg {
    /// The name.
    pub name: &'static str,
    /// What it holds.
    pub doc: &'static str,
    /// Whether it is usable inside a stage without an `ARG NAME` line (the proxy arguments);
    /// the platform arguments are only in the global scope until declared in the stage.
    pub in_stage_without_arg: bool,
}

const fn p(name: &'static str, doc: &'static str, in_stage: bool) -> PredefinedArg {
    PredefinedArg {
        name,
        doc,
        in_stage_without_arg: in_stage,
    }
}

/// BuildKit's automatic platform arguments, proxy arguments and build-control arguments.
pub const PREDEFINED_ARGS: &[PredefinedArg] = &[
    p(
        "TARGETPLATFORM",
        "platform of the build result, e.g. linux/amd64",
        false,
    ),
    p("TARGETOS", "OS component of TARGETPLATFORM", false),
    p(
        "TARGETARCH",
        "architecture component of TARGETPLATFORM",
        false,
    ),
    p(
        "TARGETVARIANT",
        "variant component of TARGETPLATFORM",
        false,
    ),
    p(
        "BUILDPLATFORM",
        "platform of the node performing the build",
        false,
    ),
    p("BUILDOS", "OS component of BUILDPLATFORM", false),
    p(
        "BUILDARCH",
        "architecture component of BUILDPLATFORM",
        false,
    ),
    p("BUILDVARIANT", "variant component of BUILDPLATFORM", false),
    p(
        "TARGETSTAGE",
        "name of the stage being built (--target)",
        false,
    ),
    p("HTTP_PROXY", "proxy for HTTP requests", true),
    p("http_proxy", "proxy for HTTP requests", true),
    p("HTTPS_PROXY", "proxy for HTTPS requests", true),
    p("https_proxy", "proxy for HTTPS requests", true),
    p("FTP_PROXY", "proxy for FTP requests", true),
    p("ftp_proxy", "proxy for FTP requests", true),
    p("NO_PROXY", "hosts that bypass the proxy", true),
    p("no_proxy", "hosts that bypass the proxy", true),
    p("ALL_PROXY", "proxy for all protocols", true),
    p("all_proxy", "proxy for all protocols", true),
    p(
        "BUILDKIT_CACHE_MOUNT_NS",
        "namespace for cache mount IDs",
        false,
    ),
    p(
        "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
        "keep the .git directory of a Git build context",
        false,
    ),
    p(
        "BUILDKIT_HISTORY_PROVENANCE_V1",
        "emit provenance attestations in the v1 format",
        false,
    ),
    p(
        "BUILDKIT_INLINE_CACHE",
        "inline cache metadata into the image config",
        false,
    ),
    p(
        "BUILDKIT_MULTI_PLATFORM",
        "produce multi-platform output even for one platform",
        false,
    ),
    p(
        "BUILDKIT_SANDBOX_HOSTNAME",
        "hostname used during the build",
        false,
    ),
    p(
        "BUILDKIT_SYNTAX",
        "frontend image to use for the Dockerfile",
        false,
    ),
    p(
        "SOURCE_DATE_EPOCH",
        "timestamp for reproducible builds",
        false,
    ),
];

/// The predefined argument named `name`.
#[must_use]
pub fn predefined(name: &str) -> Option<&'static PredefinedArg> {
    PREDEFINED_ARGS.iter().find(|a| a.name == name)
}

/// One `$NAME` or `${NAME…}` in a text: byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawUse {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    /// For `${NAME:-word}` and friends: the operator and the word.
    pub(crate) modifier: Option<(String, String)>,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Finds variable references the way BuildKit's shell lexer sees them: not inside single
/// quotes, not after the escape character.
pub(crate) fn find_uses(text: &str, escape: char) -> Vec<RawUse> {
    if !text.contains('$') {
        return Vec::new();
    }
    let b = text.as_bytes();
    let esc = u8::try_from(escape).unwrap_or(b'\\');
    let mut out = Vec::new();
    let mut i = 0;
    let mut single = false;
    while let Some(&c) = b.get(i) {
        if single {
            single = c != b'\'';
            i += 1;
            continue;
        }
        if c == esc {
            i += 2;
            continue;
        }
        if c == b'\'' {
            single = true;
            i += 1;
            continue;
        }
        if c != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'{') => {
                let ns = i + 2;
                let mut j = ns;
                while b.get(j).is_some_and(|c| is_name_char(*c)) {
                    j += 1;
                }
                let Some(close) = text.get(j..).and_then(|r| r.find('}')).map(|k| j + k) else {
                    i += 2;
                    continue;
                };
                if j > ns && b.get(ns).is_some_and(|c| is_name_start(*c)) {
                    let rest = text.get(j..close).unwrap_or("");
                    let modifier = [":-", ":+", ":?", "-", "+", "?", "##", "#", "%%", "%", "/"]
                        .iter()
                        .find(|op| rest.starts_with(**op))
                        .map(|op| {
                            (
                                (*op).to_owned(),
                                rest.get(op.len()..).unwrap_or("").to_owned(),
                            )
                        });
                    out.push(RawUse {
                        start: i,
                        end: close + 1,
                        name_start: ns,
                        name_end: j,
                        modifier,
                    });
                }
                i = close + 1;
            }
            Some(&c2) if is_name_start(c2) => {
                let ns = i + 1;
                let mut j = ns;
                while b.get(j).is_some_and(|c| is_name_char(*c)) {
                    j += 1;
                }
                out.push(RawUse {
                    start: i,
                    end: j,
                    name_start: ns,
                    name_end: j,
                    modifier: None,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// Expands `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+d}` and `${X+d}` in `text` with `lookup`;
/// `None` when a variable is unknown and has no default (the value is only known at build time).
pub(crate) fn expand(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for u in find_uses(text, escape) {
        out.push_str(text.get(last..u.start)?);
        let name = text.get(u.name_start..u.name_end)?;
        let value = lookup(name);
        let piece = match (&u.modifier, value) {
            (None, v) => v?,
            (Some((op, word)), v) => match op.as_str() {
                ":-" => v.filter(|v| !v.is_empty()).unwrap_or_else(|| word.clone()),
                "-" => v.unwrap_or_else(|| word.clone()),
                ":+" => v
                    .filter(|v| !v.is_empty())
                    .map(|_| word.clone())
                    .unwrap_or_default(),
                "+" => v.map(|_| word.clone()).unwrap_or_default(),
                _ => return None,
            },
        };
        out.push_str(&piece);
        last = u.end;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<&str> {
        find_uses(t, '\\')
            .into_iter()
            .filter_map(|u| t.get(u.name_start..u.name_end))
            .collect()
    }

    #[test]
    fn finds_uses_outside_single_quotes_and_escapes() {
        assert_eq!(
            names("$A ${B} ${C:-x} '$D' \\$E \"$F\" $1 ${G}x"),
            vec!["A", "B", "C", "F", "G"]
        );
        let u = find_uses("a${B:-c}d", '\\');
        assert_eq!(
            u.first().map(|u| (u.start, u.end, u.modifier.clone())),
            Some((1, 8, Some((":-".into(), "c".into()))))
        );
    }

    #[test]
    fn expands_known_values_and_defaults() {
        let look = |n: &str| (n == "V").then(|| "1.2".to_owned());
        assert_eq!(
            expand("golang:${V}-alpine", '\\', &look),
            Some("golang:1.2-alpine".into())
        );
        assert_eq!(expand("${X:-alpine}", '\\', &look), Some("alpine".into()));
        assert_eq!(expand("$X", '\\', &look), None);
    }
}
