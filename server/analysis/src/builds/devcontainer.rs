//! Dev container definitions (`devcontainer.json`, `.devcontainer.json`): a `build` with
//! `dockerfile`, `context`, `target` and `args`, or the older top-level `dockerFile` and
//! `context`. Both paths are relative to the definition's own directory, and the context is
//! that directory when not given. A definition that names an `image` or a Compose file builds
//! no Dockerfile of its own (a Compose file is read as one).
//!
//! The file is JSON with comments and trailing commas: comments are blanked (offsets kept)
//! and the rest is read as YAML, which accepts JSON and trailing commas in flow collections.

use super::yaml::{self, Scalar, Value};
use super::{BuildEntry, BuildFile, EntryArg, EntryKind, Spanned};

fn spanned(s: &Scalar) -> Spanned {
    Spanned {
        text: s.text.clone(),
        range: s.range,
        // `${localEnv:X}`, `${localWorkspaceFolder}`: known only where it is built.
        dynamic: s.text.contains("${"),
    }
}

pub(super) fn read(text: &str, file: &mut BuildFile) {
    let plain = blank_comments(text);
    let Some(root) = yaml::parse(&plain) else {
        return;
    };
    let build = root.get("build");
    let field = |key: &str| {
        build
            .and_then(|b| b.get(key))
            .or_else(|| root.get(key))
            .and_then(Value::scalar)
            .map(spanned)
    };
    let Some(dockerfile) = field("dockerfile").or_else(|| field("dockerFile")) else {
        return;
    };
    // Unnamed: an empty name where the Dockerfile is named.
    let name = root
        .get("name")
        .and_then(Value::scalar)
        .map_or_else(|| Spanned::literal("", dockerfile.range), spanned);
    let range = build.map_or(root.range, |b| b.range);
    let mut entry = BuildEntry::new(EntryKind::DevContainer, name, range);
    entry.dockerfile = Some(dockerfile);
    entry.context = field("context");
    entry.target = build
        .and_then(|b| b.get("target"))
        .and_then(Value::scalar)
        .map(spanned);
    if let Some(args) = build.and_then(|b| b.pair("args")) {
        entry.args_block = Some(args.range);
        for a in args.value.pairs() {
            entry.args.push(EntryArg {
                name: spanned(&a.key),
                value: a.value.scalar().map(spanned),
                range: a.range,
            });
        }
    }
    file.entries.push(entry);
}

/// `text` with its `//` and `/* */` comments replaced by spaces (line breaks kept), so that
/// every offset still points at the same character.
fn blank_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while let Some(&c) = b.get(i) {
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let end = match (c, b.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                i += 1;
                continue;
            }
            (b'/', Some(b'/')) => b
                .get(i..)
                .and_then(|rest| rest.iter().position(|&x| x == b'\n'))
                .map_or(b.len(), |p| i + p),
            (b'/', Some(b'*')) => b
                .get(i + 2..)
                .and_then(|rest| rest.windows(2).position(|w| w == b"*/"))
                .map_or(b.len(), |p| i + 2 + p + 2),
            _ => {
                i += 1;
                continue;
            }
        };
        for x in out.get_mut(i..end).unwrap_or_default() {
            if *x != b'\n' {
                *x = b' ';
            }
        }
        i = end;
    }
    // Only ASCII bytes were replaced, each by a space, and never inside a character.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::{BuildFileKind, parse};
    use std::path::Path;

    #[test]
    fn a_build_with_comments_and_trailing_commas() {
        let text = r#"// For format details, see the documentation.
{
	"name": "Go // tools",
	"build": {
		"dockerfile": "Dockerfile", /* the image */
		"context": "..",
		"target": "dev",
		"args": { "VARIANT": "1.23", "USER": "${localEnv:USER}", },
	},
	"remoteUser": "vscode",
}
"#;
        let f = parse(BuildFileKind::DevContainer, text);
        assert_eq!(f.entries.len(), 1);
        let e = &f.entries[0];
        assert_eq!(e.label(), "dev container `Go // tools`");
        let file = Path::new("/repo/.devcontainer/devcontainer.json");
        assert_eq!(e.context_dir(file).as_deref(), Some(Path::new("/repo")));
        // The Dockerfile is relative to the definition, not to the context.
        assert_eq!(
            e.dockerfile_path(file).as_deref(),
            Some(Path::new("/repo/.devcontainer/Dockerfile"))
        );
        assert_eq!(e.target_name(), Some("dev"));
        let args: Vec<_> = e
            .args
            .iter()
            .map(|a| (a.name.text.as_str(), a.value.as_ref().map(|v| v.dynamic)))
            .collect();
        assert_eq!(args, [("VARIANT", Some(false)), ("USER", Some(true))]);
        let d = e
            .dockerfile
            .as_ref()
            .map(|d| &text[d.range.start..d.range.end]);
        assert_eq!(d, Some("Dockerfile"));
    }

    #[test]
    fn the_older_form_and_definitions_without_a_dockerfile() {
        let text = "{\n  \"dockerFile\": \"base.Dockerfile\",\n  \"context\": \"..\"\n}\n";
        let f = parse(BuildFileKind::DevContainer, text);
        let file = Path::new("/r/containers/go/.devcontainer/devcontainer.json");
        assert_eq!(
            f.entries[0].dockerfile_path(file).as_deref(),
            Some(Path::new("/r/containers/go/.devcontainer/base.Dockerfile"))
        );
        assert_eq!(f.entries[0].label(), "dev container");
        for text in [
            "{ \"image\": \"mcr.microsoft.com/devcontainers/base:debian\" }",
            "{ \"dockerComposeFile\": \"compose.yaml\", \"service\": \"app\" }",
            "{ \"build\": { \"dockerfile\": ",
            "/* unterminated",
            "",
        ] {
            assert!(
                parse(BuildFileKind::DevContainer, text).entries.is_empty(),
                "{text}"
            );
        }
    }
}
