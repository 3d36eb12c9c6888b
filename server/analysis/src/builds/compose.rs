//! Compose files: each service's `build` (a context as a string, or a mapping with
//! `context`, `dockerfile`, `dockerfile_inline`, `target`, `args` as a mapping or a list,
//! `secrets` in the short and the long form), the top-level `secrets`, and `include`.

use super::yaml::{self, Scalar, Value, Yaml};
use super::{BuildEntry, BuildFile, EntryArg, EntryKind, EntrySecret, Spanned, TopSecret};

fn spanned(s: &Scalar) -> Spanned {
    Spanned {
        text: s.text.clone(),
        range: s.range,
        // `${VAR}` is interpolated by Compose from the environment and `.env`.
        dynamic: s.text.contains('$'),
    }
}

pub(super) fn read(text: &str, file: &mut BuildFile) {
    let Some(root) = yaml::parse(text) else {
        return;
    };
    for service in root.get("services").map(Value::pairs).unwrap_or_default() {
        let Some(build) = service.value.get("build").or_else(|| {
            // `build: ./dir`.
            service.value.pair("build").map(|p| &p.value)
        }) else {
            continue;
        };
        let mut entry = BuildEntry::new(
            EntryKind::ComposeService,
            spanned(&service.key),
            build.range,
        );
        if let Some(s) = build.scalar() {
            entry.context = Some(spanned(s));
        } else {
            read_build(build, &mut entry);
        }
        file.entries.push(entry);
    }
    file.secrets_block = root.pair("secrets").map(|p| p.range);
    for secret in root.get("secrets").map(Value::pairs).unwrap_or_default() {
        file.secrets.push(TopSecret {
            name: spanned(&secret.key),
            range: secret.range,
        });
    }
    for (_, item) in root.get("include").map(Value::items).unwrap_or_default() {
        let paths: Vec<&Value> = match &item.node {
            Yaml::Scalar(_) => vec![item],
            // The long form: `path:` is a string or a list.
            Yaml::Map(_) => match item.get("path") {
                Some(p) if p.scalar().is_some() => vec![p],
                Some(p) => p.items().iter().map(|(_, v)| v).collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        file.includes
            .extend(paths.into_iter().filter_map(Value::scalar).map(spanned));
    }
}

fn read_build(build: &Value, entry: &mut BuildEntry) {
    let scalar = |key: &str| build.get(key).and_then(Value::scalar).map(spanned);
    entry.context = scalar("context");
    entry.dockerfile = scalar("dockerfile");
    entry.inline = scalar("dockerfile_inline");
    entry.target = scalar("target");
    entry.args_block = build.pair("args").map(|p| p.range);
    entry.secrets_block = build.pair("secrets").map(|p| p.range);
    if let Some(args) = build.get("args") {
        match &args.node {
            Yaml::Map(pairs) => {
                for p in pairs {
                    entry.args.push(EntryArg {
                        name: spanned(&p.key),
                        value: p.value.scalar().map(spanned),
                        range: p.range,
                    });
                }
            }
            Yaml::Seq(items) => {
                for (range, v) in items {
                    let Some(s) = v.scalar() else { continue };
                    // `- NAME=value` or `- NAME` (the value from the environment).
                    let (name, value) = match s.text.split_once('=') {
                        Some((n, v)) => (n, Some((n.len() + 1, v))),
                        None => (s.text.as_str(), None),
                    };
                    entry.args.push(EntryArg {
                        name: Spanned {
                            text: name.trim().to_owned(),
                            range: s.sub_range(0, name.trim_end().len()),
                            dynamic: false,
                        },
                        value: value.map(|(at, v)| Spanned {
                            text: v.to_owned(),
                            range: s.sub_range(at, at + v.len()),
                            dynamic: v.contains('$'),
                        }),
                        range: *range,
                    });
                }
            }
            _ => {}
        }
    }
    // `additional_contexts`: a mapping, or a list of `NAME=value`.
    if let Some(extra) = build.get("additional_contexts") {
        match &extra.node {
            Yaml::Map(pairs) => {
                entry
                    .named_contexts
                    .extend(pairs.iter().map(|p| p.key.text.clone()));
            }
            Yaml::Seq(items) => {
                entry
                    .named_contexts
                    .extend(items.iter().filter_map(|(_, v)| {
                        let s = v.scalar()?;
                        Some(s.text.split_once('=')?.0.trim().to_owned())
                    }));
            }
            _ => {}
        }
    }
    for (range, v) in build.get("secrets").map(Value::items).unwrap_or_default() {
        // Short form `- name`; long form `{source: name, target: id}`: the build sees the
        // target when it is given.
        let id = match &v.node {
            Yaml::Scalar(s) => Some(spanned(s)),
            Yaml::Map(_) => v
                .get("target")
                .or_else(|| v.get("source"))
                .and_then(Value::scalar)
                .map(spanned),
            _ => None,
        };
        if let Some(id) = id {
            entry.secrets.push(EntrySecret { id, range: *range });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BuildFileKind, parse};

    #[test]
    fn services_with_builds() {
        let text = "\
services:
  web:
    build:
      context: ./app
      dockerfile: Dockerfile.web
      target: runtime
      args:
        VERSION: \"1.2\"
        DEBUG:
      secrets:
        - npm
        - source: gh
          target: github_token
  worker:
    build: ./worker
    image: w
  db:
    image: postgres
secrets:
  npm:
    environment: NPM_TOKEN
include:
  - other/compose.yaml
";
        let f = parse(BuildFileKind::Compose, text);
        assert_eq!(f.entries.len(), 2);
        let web = &f.entries[0];
        assert_eq!(web.label(), "compose service `web`");
        assert_eq!(
            web.target
                .as_ref()
                .map(|t| &text[t.range.start..t.range.end]),
            Some("runtime")
        );
        assert_eq!(web.context.as_ref().map(|c| c.text.as_str()), Some("./app"));
        let args: Vec<_> = web
            .args
            .iter()
            .map(|a| {
                (
                    a.name.text.as_str(),
                    a.value.as_ref().map(|v| v.text.as_str()),
                )
            })
            .collect();
        assert_eq!(args, [("VERSION", Some("1.2")), ("DEBUG", None)]);
        let secrets: Vec<_> = web.secrets.iter().map(|s| s.id.text.as_str()).collect();
        assert_eq!(secrets, ["npm", "github_token"]);
        assert_eq!(
            f.entries[1].context.as_ref().map(|c| c.text.as_str()),
            Some("./worker")
        );
        assert_eq!(f.secrets.len(), 1);
        assert_eq!(f.includes[0].text, "other/compose.yaml");
    }

    #[test]
    fn args_as_a_list_and_half_typed_files() {
        let text = "services:\n  a:\n    build:\n      args:\n        - A=1\n        - B\n      target: te";
        let f = parse(BuildFileKind::Compose, text);
        let a = &f.entries[0];
        let args: Vec<_> = a
            .args
            .iter()
            .map(|x| {
                (
                    &text[x.name.range.start..x.name.range.end],
                    x.value.as_ref().map(|v| &text[v.range.start..v.range.end]),
                )
            })
            .collect();
        assert_eq!(args, [("A", Some("1")), ("B", None)]);
        assert_eq!(a.target.as_ref().map(|t| t.text.as_str()), Some("te"));
        // Whatever is typed, reading never fails.
        for end in 0..text.len() {
            let _ = parse(BuildFileKind::Compose, &text[..end]);
        }
    }
}
