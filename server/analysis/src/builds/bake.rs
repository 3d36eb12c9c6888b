//! Bake files: `target` blocks (`context`, `dockerfile`, `dockerfile-inline`, `target`,
//! `args`, `secret`, `inherits`), `group`s and `variable` defaults, in HCL
//! (tree-sitter-hcl) and in JSON (read as YAML). `inherits` is resolved: a target takes
//! what it does not set from the targets it inherits, later ones first. A target that
//! others inherit and no group lists is a template, not a build.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{Node, Parser};

use super::yaml::{self, Value};
use super::{BuildEntry, BuildFile, EntryArg, EntryKind, EntrySecret, Spanned, secret_spec};
use crate::text::TextRange;

/// A target block as written, before `inherits` is applied.
#[derive(Debug, Default)]
struct RawTarget {
    name: Option<Spanned>,
    range: TextRange,
    context: Option<Spanned>,
    dockerfile: Option<Spanned>,
    inline: Option<Spanned>,
    target: Option<Spanned>,
    args: Vec<EntryArg>,
    secrets: Vec<EntrySecret>,
    inherits: Vec<String>,
    named_contexts: Vec<String>,
    args_block: Option<TextRange>,
    secrets_block: Option<TextRange>,
}

/// What the file holds.
#[derive(Debug, Default)]
struct Raw {
    targets: Vec<RawTarget>,
    /// Every target a group lists.
    grouped: Vec<String>,
}

/// How deep `inherits` is followed (a guard against cycles).
const MAX_INHERITS: usize = 16;

fn finish(raw: Raw, file: &mut BuildFile) {
    let by_name: HashMap<&str, &RawTarget> = raw
        .targets
        .iter()
        .filter_map(|t| Some((t.name.as_ref()?.text.as_str(), t)))
        .collect();
    let inherited: Vec<&str> = raw
        .targets
        .iter()
        .flat_map(|t| t.inherits.iter().map(String::as_str))
        .collect();
    for t in &raw.targets {
        let Some(name) = &t.name else { continue };
        if inherited.contains(&name.text.as_str()) && !raw.grouped.contains(&name.text) {
            continue;
        }
        let mut entry = BuildEntry::new(EntryKind::BakeTarget, name.clone(), t.range);
        // Edits go to the target's own blocks (not to what it inherits).
        entry.args_block = t.args_block;
        entry.secrets_block = t.secrets_block;
        apply(&mut entry, t, &by_name, 0);
        file.entries.push(entry);
    }
}

/// Fills what `entry` lacks from `t`, then from what `t` inherits (the last first).
fn apply(entry: &mut BuildEntry, t: &RawTarget, by_name: &HashMap<&str, &RawTarget>, depth: usize) {
    let fill = |slot: &mut Option<Spanned>, v: &Option<Spanned>| {
        if slot.is_none() {
            slot.clone_from(v);
        }
    };
    fill(&mut entry.context, &t.context);
    fill(&mut entry.dockerfile, &t.dockerfile);
    fill(&mut entry.inline, &t.inline);
    fill(&mut entry.target, &t.target);
    for a in &t.args {
        if !entry.args.iter().any(|x| x.name.text == a.name.text) {
            entry.args.push(a.clone());
        }
    }
    for s in &t.secrets {
        if !entry.secrets.iter().any(|x| x.id.text == s.id.text) {
            entry.secrets.push(s.clone());
        }
    }
    for c in &t.named_contexts {
        if !entry.named_contexts.contains(c) {
            entry.named_contexts.push(c.clone());
        }
    }
    if depth >= MAX_INHERITS {
        return;
    }
    for parent in t.inherits.iter().rev() {
        if let Some(p) = by_name.get(parent.as_str()) {
            apply(entry, p, by_name, depth + 1);
        }
    }
}

thread_local! {
    static HCL: RefCell<Option<Parser>> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_hcl::LANGUAGE.into()).ok().map(|()| p)
    });
}

pub(super) fn read_hcl(text: &str, file: &mut BuildFile) {
    let Some(tree) = HCL.with(|p| p.borrow_mut().as_mut().and_then(|p| p.parse(text, None))) else {
        return;
    };
    let root = tree.root_node();
    let Some(body) = child_of_kind(root, "body") else {
        return;
    };
    let src = |n: Node| text.get(n.start_byte()..n.end_byte()).unwrap_or_default();
    let blocks: Vec<Node> = {
        let mut c = body.walk();
        body.named_children(&mut c)
            .filter(|n| n.kind() == "block")
            .collect()
    };
    // Variables first: targets use them anywhere in the file.
    let mut vars = HashMap::new();
    for b in &blocks {
        if block_type(*b, text) != "variable" {
            continue;
        }
        let Some(name) = labels(*b, text).into_iter().next() else {
            continue;
        };
        let default = attributes(*b)
            .into_iter()
            .find(|(k, _)| src(*k) == "default")
            .and_then(|(_, v)| string(v, text, &HashMap::new()))
            .filter(|d| !d.dynamic);
        if let Some(d) = default {
            vars.insert(name.text, d.text);
        }
    }
    let mut raw = Raw::default();
    for b in &blocks {
        match block_type(*b, text) {
            "group" => {
                for (k, v) in attributes(*b) {
                    if src(k) == "targets" {
                        raw.grouped
                            .extend(strings(v, text, &vars).into_iter().map(|s| s.text));
                    }
                }
            }
            "target" => {
                let mut t = RawTarget {
                    name: labels(*b, text).into_iter().next(),
                    range: TextRange::new(b.start_byte(), b.end_byte()),
                    ..RawTarget::default()
                };
                for (k, v) in attributes(*b) {
                    match src(k) {
                        "context" => t.context = string(v, text, &vars),
                        "dockerfile" => t.dockerfile = string(v, text, &vars),
                        "dockerfile-inline" => t.inline = string(v, text, &vars),
                        "target" => t.target = string(v, text, &vars),
                        "inherits" => {
                            t.inherits = strings(v, text, &vars)
                                .into_iter()
                                .map(|s| s.text)
                                .collect()
                        }
                        "args" => {
                            t.args_block = k
                                .parent()
                                .map(|a| TextRange::new(a.start_byte(), a.end_byte()));
                            for (key, val, elem) in object(v, text, &vars) {
                                t.args.push(EntryArg {
                                    name: key,
                                    value: val,
                                    range: elem,
                                });
                            }
                        }
                        "secret" => {
                            t.secrets_block = k
                                .parent()
                                .map(|a| TextRange::new(a.start_byte(), a.end_byte()));
                            for (s, r) in strings_with_ranges(v, text, &vars) {
                                t.secrets.extend(secret_spec(&s, r));
                            }
                        }
                        "contexts" => {
                            t.named_contexts = object(v, text, &vars)
                                .into_iter()
                                .map(|(key, _, _)| key.text)
                                .collect();
                        }
                        _ => {}
                    }
                }
                raw.targets.push(t);
            }
            _ => {}
        }
    }
    finish(raw, file);
}

fn child_of_kind<'t>(n: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).find(|x| x.kind() == kind)
}

fn block_type<'t>(b: Node, text: &'t str) -> &'t str {
    child_of_kind(b, "identifier")
        .and_then(|i| text.get(i.start_byte()..i.end_byte()))
        .unwrap_or_default()
}

/// A block's labels (`target "app"` → `app`).
fn labels(b: Node, text: &str) -> Vec<Spanned> {
    let mut c = b.walk();
    b.named_children(&mut c)
        .filter(|n| n.kind() == "string_lit")
        .filter_map(|n| string_lit(n, text))
        .collect()
}

/// A block's attributes: (name identifier, value expression).
fn attributes(b: Node) -> Vec<(Node, Node)> {
    let Some(body) = child_of_kind(b, "body") else {
        return Vec::new();
    };
    let mut c = body.walk();
    body.named_children(&mut c)
        .filter(|n| n.kind() == "attribute")
        .filter_map(|a| {
            Some((
                child_of_kind(a, "identifier")?,
                child_of_kind(a, "expression")?,
            ))
        })
        .collect()
}

/// `"literal"`: its text and the range inside the quotes.
fn string_lit(n: Node, text: &str) -> Option<Spanned> {
    let start = n.start_byte() + 1;
    let end = n.end_byte().saturating_sub(1).max(start);
    match child_of_kind(n, "template_literal") {
        Some(l) => Some(Spanned::literal(
            text.get(l.start_byte()..l.end_byte())?,
            TextRange::new(l.start_byte(), l.end_byte()),
        )),
        None => Some(Spanned::literal("", TextRange::new(start, end))),
    }
}

/// An expression's string value: a literal, or a template whose interpolations are
/// variables with literal defaults (else the value is dynamic).
fn string(expr: Node, text: &str, vars: &HashMap<String, String>) -> Option<Spanned> {
    let inner = expr.named_child(0)?;
    match inner.kind() {
        "literal_value" => string_lit(child_of_kind(inner, "string_lit")?, text),
        "template_expr" => {
            let q = child_of_kind(inner, "quoted_template")?;
            let range = TextRange::new(
                q.start_byte() + 1,
                q.end_byte().saturating_sub(1).max(q.start_byte() + 1),
            );
            let mut value = String::new();
            let mut dynamic = false;
            let mut c = q.walk();
            for part in q.named_children(&mut c) {
                match part.kind() {
                    "template_literal" => value.push_str(
                        text.get(part.start_byte()..part.end_byte())
                            .unwrap_or_default(),
                    ),
                    "template_interpolation" => {
                        let name = child_of_kind(part, "expression")
                            .and_then(|e| e.named_child(0))
                            .filter(|e| e.kind() == "variable_expr")
                            .and_then(|e| text.get(e.start_byte()..e.end_byte()));
                        match name.and_then(|n| vars.get(n)) {
                            Some(v) => value.push_str(v),
                            None => dynamic = true,
                        }
                    }
                    _ => {}
                }
            }
            Some(Spanned {
                text: value,
                range,
                dynamic,
            })
        }
        "variable_expr" => {
            let name = text.get(inner.start_byte()..inner.end_byte())?;
            let range = TextRange::new(inner.start_byte(), inner.end_byte());
            Some(match vars.get(name) {
                Some(v) => Spanned::literal(v.clone(), range),
                None => Spanned {
                    text: name.to_owned(),
                    range,
                    dynamic: true,
                },
            })
        }
        _ => None,
    }
}

/// The strings of a tuple (`["a", "b"]`).
fn strings(expr: Node, text: &str, vars: &HashMap<String, String>) -> Vec<Spanned> {
    strings_with_ranges(expr, text, vars)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// The strings of a tuple, each with its element's range.
fn strings_with_ranges(
    expr: Node,
    text: &str,
    vars: &HashMap<String, String>,
) -> Vec<(Spanned, TextRange)> {
    let Some(tuple) = expr
        .named_child(0)
        .filter(|n| n.kind() == "collection_value")
        .and_then(|c| child_of_kind(c, "tuple"))
    else {
        return Vec::new();
    };
    let mut c = tuple.walk();
    tuple
        .named_children(&mut c)
        .filter(|n| n.kind() == "expression")
        .filter_map(|e| {
            Some((
                string(e, text, vars)?,
                TextRange::new(e.start_byte(), e.end_byte()),
            ))
        })
        .collect()
}

/// The elements of an object (`{ A = "1", "B" = x }`): key, value, and the element's range.
fn object(
    expr: Node,
    text: &str,
    vars: &HashMap<String, String>,
) -> Vec<(Spanned, Option<Spanned>, TextRange)> {
    let Some(obj) = expr
        .named_child(0)
        .filter(|n| n.kind() == "collection_value")
        .and_then(|c| child_of_kind(c, "object"))
    else {
        return Vec::new();
    };
    let mut c = obj.walk();
    obj.named_children(&mut c)
        .filter(|n| n.kind() == "object_elem")
        .filter_map(|el| {
            let key = el.child_by_field_name("key")?;
            let k = key.named_child(0)?;
            let name = match k.kind() {
                "variable_expr" => Spanned::literal(
                    text.get(k.start_byte()..k.end_byte())?,
                    TextRange::new(k.start_byte(), k.end_byte()),
                ),
                _ => string(key, text, &HashMap::new())?,
            };
            let value = el
                .child_by_field_name("val")
                .and_then(|v| string(v, text, vars));
            Some((name, value, TextRange::new(el.start_byte(), el.end_byte())))
        })
        .collect()
}

pub(super) fn read_json(text: &str, file: &mut BuildFile) {
    let Some(root) = yaml::parse(text) else {
        return;
    };
    let mut vars = HashMap::new();
    for v in root.get("variable").map(Value::pairs).unwrap_or_default() {
        if let Some(d) = v.value.get("default").and_then(Value::str) {
            vars.insert(v.key.text.clone(), d.to_owned());
        }
    }
    let json_string = |v: &Value| -> Option<Spanned> {
        let s = v.scalar()?;
        Some(interpolate(&s.text, s.range, &vars))
    };
    let mut raw = Raw::default();
    for g in root.get("group").map(Value::pairs).unwrap_or_default() {
        for (_, t) in g.value.get("targets").map(Value::items).unwrap_or_default() {
            raw.grouped.extend(t.str().map(str::to_owned));
        }
    }
    for t in root.get("target").map(Value::pairs).unwrap_or_default() {
        let b = &t.value;
        let mut raw_target = RawTarget {
            name: Some(Spanned::literal(t.key.text.clone(), t.key.range)),
            range: t.range,
            context: b.get("context").and_then(json_string),
            dockerfile: b.get("dockerfile").and_then(json_string),
            inline: b.get("dockerfile-inline").and_then(json_string),
            target: b.get("target").and_then(json_string),
            inherits: b
                .get("inherits")
                .map(Value::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|(_, v)| v.str().map(str::to_owned))
                .collect(),
            ..RawTarget::default()
        };
        for a in b.get("args").map(Value::pairs).unwrap_or_default() {
            raw_target.args.push(EntryArg {
                name: Spanned::literal(a.key.text.clone(), a.key.range),
                value: json_string(&a.value),
                range: a.range,
            });
        }
        for (r, s) in b.get("secret").map(Value::items).unwrap_or_default() {
            if let Some(s) = json_string(s) {
                raw_target.secrets.extend(secret_spec(&s, *r));
            }
        }
        raw_target.named_contexts = b
            .get("contexts")
            .map(Value::pairs)
            .unwrap_or_default()
            .iter()
            .map(|c| c.key.text.clone())
            .collect();
        raw.targets.push(raw_target);
    }
    finish(raw, file);
}

/// `${NAME}` in a JSON string, replaced by variables with literal defaults.
fn interpolate(s: &str, range: TextRange, vars: &HashMap<String, String>) -> Spanned {
    if !s.contains("${") {
        return Spanned::literal(s, range);
    }
    let mut out = String::new();
    let mut rest = s;
    let mut dynamic = false;
    while let Some(i) = rest.find("${") {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            dynamic = true;
            rest = "";
            break;
        };
        match vars.get(after.get(..end).unwrap_or_default()) {
            Some(v) => out.push_str(v),
            None => dynamic = true,
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Spanned {
        text: out,
        range,
        dynamic,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BuildFileKind, parse};

    const HCL: &str = r#"variable "TAG" { default = "latest" }
variable "FROM_ENV" {}
group "default" { targets = ["app", "test"] }
target "_common" {
  args = { GO_VERSION = "1.23" }
  secret = ["id=npm,env=NPM_TOKEN"]
}
target "app" {
  inherits = ["_common"]
  context = "."
  dockerfile = "build/Dockerfile"
  target = "runtime"
  args = { A = "1", "B" = "${TAG}" }
}
target "test" {
  inherits = ["app"]
  target = "test-${TAG}"
}
target "dyn" {
  target = "x-${FROM_ENV}"
}
"#;

    #[test]
    fn hcl_targets_with_inherits() {
        let f = parse(BuildFileKind::BakeHcl, HCL);
        let names: Vec<_> = f.entries.iter().map(|e| e.name.text.as_str()).collect();
        // `_common` is a template; `app` is inherited but a group lists it.
        assert_eq!(names, ["app", "test", "dyn"]);
        let app = &f.entries[0];
        let at = |r: crate::TextRange| &HCL[r.start..r.end];
        assert_eq!(app.target.as_ref().map(|t| at(t.range)), Some("runtime"));
        assert_eq!(
            app.dockerfile.as_ref().map(|t| t.text.as_str()),
            Some("build/Dockerfile")
        );
        let args: Vec<_> = app
            .args
            .iter()
            .map(|a| {
                (
                    a.name.text.as_str(),
                    a.value.as_ref().map(|v| v.text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            args,
            [
                ("A", Some("1")),
                ("B", Some("latest")),
                ("GO_VERSION", Some("1.23"))
            ]
        );
        assert_eq!(
            app.secrets
                .iter()
                .map(|s| at(s.id.range))
                .collect::<Vec<_>>(),
            ["npm"]
        );
        let test = &f.entries[1];
        assert_eq!(test.target_name(), Some("test-latest"));
        assert_eq!(
            test.dockerfile.as_ref().map(|t| t.text.as_str()),
            Some("build/Dockerfile")
        );
        assert_eq!(f.entries[2].target_name(), None);
        assert!(f.entries[2].target.as_ref().is_some_and(|t| t.dynamic));
        for end in 0..HCL.len() {
            if HCL.is_char_boundary(end) {
                let _ = parse(BuildFileKind::BakeHcl, &HCL[..end]);
            }
        }
    }

    #[test]
    fn json_targets() {
        let text = r#"{"variable": {"V": {"default": "x"}}, "target": {"app": {"target": "t-${V}", "args": {"A": "1"}, "secret": ["id=s,src=f"]}}}"#;
        let f = parse(BuildFileKind::BakeJson, text);
        let app = &f.entries[0];
        assert_eq!(app.target_name(), Some("t-x"));
        assert_eq!(
            &text[app.args[0].name.range.start..app.args[0].name.range.end],
            "A"
        );
        assert_eq!(app.secrets[0].id.text, "s");
    }
}
