//! YAML (and JSON, which YAML reads) as a small tree of values with byte ranges, made from
//! tree-sitter-yaml's tree. The grammar recovers from errors while the user types; what it
//! cannot place is skipped, and everything else keeps its exact span. Anchors, aliases and
//! merge keys (`<<: *defaults`, common in compose files) are resolved, within a budget so
//! that an alias bomb costs no more than a large file.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{Node, Parser};

use crate::text::TextRange;

/// A value and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// What it is.
    pub node: Yaml,
    /// Its source range.
    pub range: TextRange,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yaml {
    /// A mapping, its pairs in order (merged pairs after the explicit ones).
    Map(Vec<Pair>),
    /// A sequence: each item's whole range (`- x` with its dash) and its value.
    Seq(Vec<(TextRange, Value)>),
    /// A scalar.
    Scalar(Scalar),
    /// Nothing (an empty value, or what could not be read).
    Null,
}

/// `key: value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The key.
    pub key: Scalar,
    /// The value.
    pub value: Value,
    /// The whole pair.
    pub range: TextRange,
}

/// A scalar's text (quotes and escapes removed) and where its content is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The value.
    pub text: String,
    /// The content: inside the quotes; for a block scalar, the lines after its header.
    pub range: TextRange,
    /// Whether the source of `range` is exactly `text` (no escapes, no folding), so that a
    /// sub-range of the text is the same sub-range of the source.
    pub verbatim: bool,
    /// Whether it is a block scalar (`|` or `>`).
    pub block: bool,
}

impl Scalar {
    /// The range of `text[from..to]` in the source: exact when the scalar is verbatim,
    /// else the whole scalar.
    #[must_use]
    pub fn sub_range(&self, from: usize, to: usize) -> TextRange {
        if self.verbatim {
            TextRange::new(
                self.range.start + from,
                self.range.start + to.min(self.text.len()),
            )
        } else {
            self.range
        }
    }

    /// The non-empty lines of the value, trimmed, with their source ranges (exact for
    /// verbatim and block scalars).
    #[must_use]
    pub fn lines<'a>(&'a self, source: &'a str) -> Vec<(&'a str, TextRange)> {
        let (text, base, exact) = if self.block {
            (
                source
                    .get(self.range.start..self.range.end)
                    .unwrap_or_default(),
                self.range.start,
                true,
            )
        } else {
            (self.text.as_str(), self.range.start, self.verbatim)
        };
        let mut out = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let lead = line.len() - line.trim_start().len();
                let range = if exact {
                    TextRange::new(base + at + lead, base + at + lead + trimmed.len())
                } else {
                    self.range
                };
                out.push((trimmed, range));
            }
            at += line.len() + 1;
        }
        out
    }
}

impl Value {
    /// The value of `key` in a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.pair(key).map(|p| &p.value)
    }

    /// The pair of `key` in a mapping.
    #[must_use]
    pub fn pair(&self, key: &str) -> Option<&Pair> {
        match &self.node {
            Yaml::Map(pairs) => pairs.iter().find(|p| p.key.text == key),
            _ => None,
        }
    }

    /// The pairs of a mapping (none for anything else).
    #[must_use]
    pub fn pairs(&self) -> &[Pair] {
        match &self.node {
            Yaml::Map(pairs) => pairs,
            _ => &[],
        }
    }

    /// The items of a sequence (none for anything else).
    #[must_use]
    pub fn items(&self) -> &[(TextRange, Value)] {
        match &self.node {
            Yaml::Seq(items) => items,
            _ => &[],
        }
    }

    /// The scalar, if the value is one.
    #[must_use]
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.node {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text, if the value is one.
    #[must_use]
    pub fn str(&self) -> Option<&str> {
        self.scalar().map(|s| s.text.as_str())
    }
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_yaml::LANGUAGE.into()).ok().map(|()| p)
    });
}

/// How many values anchors may copy in one file: aliases of aliases can describe
/// exponentially many values; past this many copies, aliases read as null.
const ALIAS_BUDGET: usize = 100_000;

/// How deep values nest before the rest is read as null (a stack guard).
const MAX_DEPTH: usize = 200;

/// The first document of `text` (None when it has no value at all).
#[must_use]
pub fn parse(text: &str) -> Option<Value> {
    let tree = PARSER.with(|p| p.borrow_mut().as_mut().and_then(|p| p.parse(text, None)))?;
    let root = tree.root_node();
    let mut cursor = root.walk();
    let document = root
        .children(&mut cursor)
        .find(|n| n.kind() == "document")?;
    let mut reader = Reader {
        text,
        anchors: HashMap::new(),
        budget: ALIAS_BUDGET,
    };
    let mut cursor = document.walk();
    let node = document.children(&mut cursor).find(|n| is_value(*n))?;
    Some(reader.value(node, 0))
}

fn is_value(n: Node) -> bool {
    matches!(n.kind(), "block_node" | "flow_node")
}

struct Reader<'t> {
    text: &'t str,
    anchors: HashMap<String, Value>,
    budget: usize,
}

impl Reader<'_> {
    fn src(&self, n: Node) -> &str {
        self.text
            .get(n.start_byte()..n.end_byte())
            .unwrap_or_default()
    }

    fn value(&mut self, node: Node, depth: usize) -> Value {
        let range = TextRange::new(node.start_byte(), node.end_byte());
        let null = Value {
            node: Yaml::Null,
            range,
        };
        if depth > MAX_DEPTH {
            return null;
        }
        let mut anchor = None;
        let mut inner = None;
        let mut cursor = node.walk();
        for c in node.named_children(&mut cursor) {
            match c.kind() {
                "anchor" => {
                    anchor = c
                        .named_child(0)
                        .map(|n| self.src(n).to_owned())
                        .or_else(|| Some(self.src(c).trim_start_matches('&').to_owned()));
                }
                "tag" | "comment" => {}
                _ => inner = inner.or(Some(c)),
            }
        }
        let value = match inner {
            None => null,
            Some(n) => match n.kind() {
                "alias" => {
                    let name = self.src(n).trim_start_matches('*').to_owned();
                    match self.anchors.get(&name) {
                        Some(v) if count(v) <= self.budget => {
                            self.budget -= count(v);
                            v.clone()
                        }
                        _ => null,
                    }
                }
                "block_mapping" | "flow_mapping" => self.mapping(n, range, depth),
                "block_sequence" | "flow_sequence" => self.sequence(n, range, depth),
                "plain_scalar" | "single_quote_scalar" | "double_quote_scalar" | "block_scalar" => {
                    Value {
                        node: Yaml::Scalar(self.scalar(n)),
                        range,
                    }
                }
                _ => null,
            },
        };
        if let Some(a) = anchor {
            self.anchors.insert(a, value.clone());
        }
        value
    }

    fn mapping(&mut self, n: Node, range: TextRange, depth: usize) -> Value {
        let mut pairs: Vec<Pair> = Vec::new();
        let mut merged: Vec<Pair> = Vec::new();
        let mut cursor = n.walk();
        for p in n.named_children(&mut cursor) {
            if !matches!(p.kind(), "block_mapping_pair" | "flow_pair") {
                continue;
            }
            let Some(key) = p.child_by_field_name("key") else {
                continue;
            };
            let key_value = self.value(key, depth + 1);
            let Some(key) = key_value.scalar().cloned() else {
                continue;
            };
            let value = match p.child_by_field_name("value") {
                Some(v) => self.value(v, depth + 1),
                None => Value {
                    node: Yaml::Null,
                    range: TextRange::new(p.end_byte(), p.end_byte()),
                },
            };
            let pair_range = TextRange::new(p.start_byte(), p.end_byte());
            if key.text == "<<" {
                // A merge key: the pairs of the mapping (or mappings) it names, where the
                // mapping does not set them itself.
                let sources: Vec<&Value> = match &value.node {
                    Yaml::Seq(items) => items.iter().map(|(_, v)| v).collect(),
                    _ => vec![&value],
                };
                for s in sources {
                    merged.extend(s.pairs().iter().cloned());
                }
                continue;
            }
            pairs.push(Pair {
                key,
                value,
                range: pair_range,
            });
        }
        for m in merged {
            if !pairs.iter().any(|p| p.key.text == m.key.text) {
                pairs.push(m);
            }
        }
        Value {
            node: Yaml::Map(pairs),
            range,
        }
    }

    fn sequence(&mut self, n: Node, range: TextRange, depth: usize) -> Value {
        let mut items = Vec::new();
        let mut cursor = n.walk();
        for c in n.named_children(&mut cursor) {
            let item_range = TextRange::new(c.start_byte(), c.end_byte());
            let value = if c.kind() == "block_sequence_item" {
                let mut cc = c.walk();
                let inner = c.named_children(&mut cc).find(|x| is_value(*x));
                match inner {
                    Some(v) => self.value(v, depth + 1),
                    None => Value {
                        node: Yaml::Null,
                        range: item_range,
                    },
                }
            } else if is_value(c) {
                self.value(c, depth + 1)
            } else if c.kind() == "flow_pair" {
                // `[a: b]`: a one-pair mapping.
                let wrapper = self.mapping_of_pair(c, depth);
                Value {
                    node: wrapper,
                    range: item_range,
                }
            } else {
                continue;
            };
            items.push((item_range, value));
        }
        Value {
            node: Yaml::Seq(items),
            range,
        }
    }

    fn mapping_of_pair(&mut self, p: Node, depth: usize) -> Yaml {
        let key = p
            .child_by_field_name("key")
            .map(|k| self.value(k, depth + 1))
            .and_then(|v| v.scalar().cloned());
        let value = p
            .child_by_field_name("value")
            .map(|v| self.value(v, depth + 1));
        match (key, value) {
            (Some(key), Some(value)) => Yaml::Map(vec![Pair {
                key,
                value,
                range: TextRange::new(p.start_byte(), p.end_byte()),
            }]),
            _ => Yaml::Null,
        }
    }

    fn scalar(&self, n: Node) -> Scalar {
        let raw = self.src(n);
        let (start, end) = (n.start_byte(), n.end_byte());
        match n.kind() {
            "single_quote_scalar" => {
                let inner = raw.strip_prefix('\'').unwrap_or(raw);
                let inner = inner.strip_suffix('\'').unwrap_or(inner);
                let text = inner.replace("''", "'");
                Scalar {
                    verbatim: text == inner && !inner.contains('\n'),
                    text,
                    range: TextRange::new(start + 1, (start + 1 + inner.len()).min(end)),
                    block: false,
                }
            }
            "double_quote_scalar" => {
                let inner = raw.strip_prefix('"').unwrap_or(raw);
                let inner = inner.strip_suffix('"').unwrap_or(inner);
                let text = unescape_double(inner);
                Scalar {
                    verbatim: text == inner && !inner.contains('\n'),
                    text,
                    range: TextRange::new(start + 1, (start + 1 + inner.len()).min(end)),
                    block: false,
                }
            }
            "block_scalar" => {
                // The content starts on the line after the header (`|`, `>-`, `|2`…).
                let body = raw.find('\n').map_or(raw.len(), |i| i + 1);
                let content = raw.get(body..).unwrap_or_default();
                let indent = content
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
                let folded = raw.starts_with('>');
                let mut text = String::with_capacity(content.len());
                for line in content.lines() {
                    let line = line.get(indent.min(line.len())..).unwrap_or_default();
                    if folded && !text.is_empty() && !text.ends_with('\n') && !line.is_empty() {
                        text.push(' ');
                    } else if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(line);
                }
                Scalar {
                    text,
                    range: TextRange::new(start + body, end),
                    verbatim: false,
                    block: true,
                }
            }
            _ => {
                // A plain scalar: lines fold into spaces.
                let text = if raw.contains('\n') {
                    raw.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")
                } else {
                    raw.to_owned()
                };
                Scalar {
                    verbatim: text == raw,
                    text,
                    range: TextRange::new(start, end),
                    block: false,
                }
            }
        }
    }
}

/// How many values `v` holds (what copying it for an alias costs).
fn count(v: &Value) -> usize {
    1 + match &v.node {
        Yaml::Map(pairs) => pairs.iter().map(|p| count(&p.value)).sum(),
        Yaml::Seq(items) => items.iter().map(|(_, v)| count(v)).sum(),
        _ => 0,
    }
}

/// A double-quoted scalar's escapes.
fn unescape_double(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some('\n') => {}
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, r: TextRange) -> &str {
        &text[r.start..r.end]
    }

    #[test]
    fn scalars_keep_their_spans() {
        let text = "a: plain\nb: 'it''s'\nc: \"q\\\"x\"\nd: |\n  one\n  two\ne: [x, {k: v}]\n";
        let v = parse(text).unwrap();
        let a = v.get("a").unwrap().scalar().unwrap();
        assert_eq!(
            (a.text.as_str(), at(text, a.range), a.verbatim),
            ("plain", "plain", true)
        );
        let b = v.get("b").unwrap().scalar().unwrap();
        assert_eq!(
            (b.text.as_str(), at(text, b.range), b.verbatim),
            ("it's", "it''s", false)
        );
        let c = v.get("c").unwrap().scalar().unwrap();
        assert_eq!(c.text, "q\"x");
        let d = v.get("d").unwrap().scalar().unwrap();
        assert_eq!(d.text, "one\ntwo");
        let lines: Vec<_> = d
            .lines(text)
            .into_iter()
            .map(|(l, r)| (l, at(text, r)))
            .collect();
        assert_eq!(lines, [("one", "one"), ("two", "two")]);
        let e = v.get("e").unwrap().items();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].1.get("k").and_then(Value::str), Some("v"));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let text = "x: &b\n  context: .\n  target: t\ns:\n  a:\n    build: *b\n  c:\n    build:\n      <<: *b\n      target: u\n";
        let v = parse(text).unwrap();
        let s = v.get("s").unwrap();
        assert_eq!(
            s.get("a")
                .and_then(|a| a.get("build"))
                .and_then(|b| b.get("target"))
                .and_then(Value::str),
            Some("t")
        );
        let c = s.get("c").and_then(|c| c.get("build")).unwrap();
        assert_eq!(c.get("target").and_then(Value::str), Some("u"));
        assert_eq!(c.get("context").and_then(Value::str), Some("."));
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let v = parse(&text).unwrap();
        assert!(count(&v) < 3 * ALIAS_BUDGET, "{}", count(&v));
    }

    #[test]
    fn json_reads_as_yaml() {
        let text = "{\"target\": {\"app\": {\"context\": \".\", \"args\": {\"A\": \"1\"}}}}";
        let v = parse(text).unwrap();
        let app = v.get("target").and_then(|t| t.get("app")).unwrap();
        let ctx = app.get("context").unwrap().scalar().unwrap();
        assert_eq!(at(text, ctx.range), ".");
        assert_eq!(app.get("args").unwrap().pairs()[0].key.text, "A");
    }
}
