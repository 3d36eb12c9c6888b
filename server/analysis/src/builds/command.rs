//! Commands that build a Dockerfile: `docker build`, `docker buildx build` (`b`),
//! `docker image build`, `nerdctl build`, `podman build`, `buildah bud`/`build`, with
//! `-f`/`--file`, `--target`, `--build-arg`, `--secret`, `--build-context` and the context, read from a
//! script parsed with tree-sitter-bash.

use super::{BuildEntry, EntryArg, EntryKind, Spanned, secret_spec};
use crate::syntax::shell::{Script, ShellCommand, ShellWord};
use crate::text::TextRange;

/// Options that take no value (every other option takes one, unless written `--x=v`).
const FLAGS: &[&str] = &[
    "--no-cache",
    "--pull",
    "--push",
    "--load",
    "-q",
    "--quiet",
    "--rm",
    "--force-rm",
    "--squash",
    "--compress",
    "--disable-content-trust",
    "--check",
    "--layers",
    "--debug",
    "-D",
];

/// The builds `script` runs. `base` is added to nothing: the script's ranges are already
/// in the file's offsets.
#[must_use]
pub fn builds_in(script: &Script, source: &str, base: usize) -> Vec<BuildEntry> {
    let between = |a: usize, b: usize| source.get(a.checked_sub(base)?..b.checked_sub(base)?);
    script
        .commands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let mut e = build_of(&c.words, c.range)?;
            e.workdir = cd_before(&script.commands, i, &between);
            Some(e)
        })
        .collect()
}

/// The directory that `cd DIR &&` (or `cd DIR;`) right before command `i`, on the same line,
/// moves to: `cd ./SessionQueue && docker build .` builds `SessionQueue`. Only a literal,
/// relative directory; `between(a, b)` is the source from offset `a` to `b`.
pub(super) fn cd_before<'s>(
    commands: &[ShellCommand],
    i: usize,
    between: &dyn Fn(usize, usize) -> Option<&'s str>,
) -> Option<String> {
    let prev = commands.get(i.checked_sub(1)?)?;
    let cur = commands.get(i)?;
    let [cd, dir] = prev.words.as_slice() else {
        return None;
    };
    let dir = dir.text.as_str();
    if cd.text.as_str() != "cd"
        || dir.is_empty()
        || dir.contains(['$', '`'])
        || dir.starts_with(['-', '/', '~'])
    {
        return None;
    }
    // Only `&&` or `;` between them (line continuations allowed): the same shell, in order.
    let gap = between(prev.range.end, cur.range.start)?.replace("\\\n", " ");
    matches!(gap.trim(), "&&" | ";").then(|| dir.to_owned())
}

fn spanned(w: &ShellWord) -> Spanned {
    Spanned {
        text: w.text.to_string(),
        range: w.range,
        // Shell and make variables, command substitutions.
        dynamic: w.text.contains('$') || w.text.contains('`'),
    }
}

/// The part of `w` after `prefix` (`--target=lint` → `lint`), with its range when the word
/// is written as its text.
fn after(w: &ShellWord, prefix: usize) -> Spanned {
    let text = w.text.get(prefix..).unwrap_or_default();
    let exact = w.range.len() == w.text.len();
    Spanned {
        text: text.to_owned(),
        range: if exact {
            TextRange::new(w.range.start + prefix, w.range.end)
        } else {
            w.range
        },
        dynamic: text.contains('$') || text.contains('`'),
    }
}

pub(super) fn build_of(words: &[ShellWord], range: TextRange) -> Option<BuildEntry> {
    let word = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
    let tool = word(0).rsplit('/').next().unwrap_or_default();
    let start = match tool {
        "docker" | "nerdctl" => match (word(1), word(2)) {
            ("build", _) => 2,
            ("buildx", "build" | "b") | ("image", "build") => 3,
            _ => return None,
        },
        "podman" => match (word(1), word(2)) {
            ("build", _) => 2,
            ("image", "build") => 3,
            _ => return None,
        },
        "buildah" => match word(1) {
            "bud" | "build" => 2,
            _ => return None,
        },
        _ => return None,
    };
    let name_end = words.get(start - 1).map_or(range.end, |w| w.range.end);
    let name = Spanned::literal(
        words
            .iter()
            .take(start)
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        TextRange::new(range.start, name_end),
    );
    let mut entry = BuildEntry::new(EntryKind::Command, name, range);
    let mut context: Option<Spanned> = None;
    let mut i = start;
    while let Some(w) = words.get(i) {
        i += 1;
        let t = w.text.as_str();
        if !t.starts_with('-') || t == "-" {
            // The context is the one positional word; a lone variable (`$(BUILD_ARGS)`)
            // may hold options instead, so a literal word after it wins.
            let lone_variable = |x: &str| {
                (x.starts_with("$(") && x.ends_with(')'))
                    || (x.starts_with("${") && x.ends_with('}'))
                    || x.strip_prefix('$').is_some_and(|n| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
            };
            match &context {
                Some(c) if !lone_variable(&c.text) => {}
                _ => context = Some(spanned(w)),
            }
            continue;
        }
        let (option, inline) = match t.split_once('=') {
            Some((o, _)) if o.starts_with("--") => (o, Some(after(w, o.len() + 1))),
            _ => (t, None),
        };
        let value = match inline {
            Some(v) => Some(v),
            None if FLAGS.contains(&option) => None,
            None => {
                let v = words.get(i).map(spanned);
                i += 1;
                v
            }
        };
        let Some(value) = value else { continue };
        let whole = TextRange::new(w.range.start, value.range.end.max(w.range.end));
        match option {
            "-f" | "--file" => entry.dockerfile = Some(value),
            "--target" => entry.target = Some(value),
            "--build-arg" => {
                let (name, v) = match value.text.split_once('=') {
                    Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                    None => (value.text.clone(), None),
                };
                let exact = value.range.len() == value.text.len();
                let sub = |from: usize, to: usize| {
                    if exact {
                        TextRange::new(value.range.start + from, value.range.start + to)
                    } else {
                        value.range
                    }
                };
                entry.args.push(EntryArg {
                    name: Spanned {
                        range: sub(0, name.len()),
                        dynamic: name.contains('$'),
                        text: name.clone(),
                    },
                    value: v.map(|v| Spanned {
                        range: sub(name.len() + 1, name.len() + 1 + v.len()),
                        dynamic: v.contains('$'),
                        text: v,
                    }),
                    range: whole,
                });
            }
            "--secret" => entry.secrets.extend(secret_spec(&value, whole)),
            "--build-context" => {
                if let Some((n, _)) = value.text.split_once('=') {
                    entry.named_contexts.push(n.trim().to_owned());
                }
            }
            _ => {}
        }
    }
    entry.context = Some(context?);
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::shell::parse_text;

    fn builds(text: &str) -> Vec<BuildEntry> {
        builds_in(&parse_text(text, 0), text, 0)
    }

    #[test]
    fn docker_build_and_friends() {
        let text = "set -e\ndocker buildx build --target=lint -f docker/Dockerfile --build-arg V=1 --secret id=npm,env=NPM_TOKEN -t x:1 . && echo ok\n";
        let b = builds(text);
        assert_eq!(b.len(), 1);
        let e = &b[0];
        let at = |r: TextRange| &text[r.start..r.end];
        assert_eq!(e.name.text, "docker buildx build");
        assert_eq!(e.target.as_ref().map(|t| at(t.range)), Some("lint"));
        assert_eq!(
            e.dockerfile.as_ref().map(|t| t.text.as_str()),
            Some("docker/Dockerfile")
        );
        assert_eq!(e.context.as_ref().map(|t| t.text.as_str()), Some("."));
        assert_eq!(at(e.args[0].name.range), "V");
        assert_eq!(e.secrets[0].id.text, "npm");
        assert!(!e.dockerfile_in_context);

        let b = builds(
            "podman build --target \"$T\" ctx\nbuildah bud -f F .\ndocker run x\ndocker image build --pull .\nnerdctl build",
        );
        assert_eq!(b.len(), 3);
        assert!(b[0].target.as_ref().is_some_and(|t| t.dynamic));
        assert_eq!(b[0].context.as_ref().map(|t| t.text.as_str()), Some("ctx"));
        assert_eq!(b[1].dockerfile.as_ref().map(|t| t.text.as_str()), Some("F"));
        assert_eq!(b[2].name.text, "docker image build");
    }

    #[test]
    fn a_cd_before_the_build_moves_its_working_directory() {
        let b = builds(
            "cd ./SessionQueue && docker buildx build -t q .\ncd x; docker build .\ncd $D && docker build .\ncd y\ndocker build .\ncd z && \\\n  docker build .",
        );
        let dirs: Vec<_> = b.iter().map(|e| e.workdir.as_deref()).collect();
        assert_eq!(
            dirs,
            [Some("./SessionQueue"), Some("x"), None, None, Some("z")]
        );
    }

    #[test]
    fn named_contexts() {
        let b = builds(
            "docker buildx build --build-context base=docker-image://alpine:3.22 --build-context=src=../src .",
        );
        assert_eq!(b[0].named_contexts, ["base", "src"]);
    }
}
