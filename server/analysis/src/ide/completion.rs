//! Completion: what may be written at the cursor, from the catalog and the snapshot's model
//! (never by running rules). Contexts: instruction keywords at the start of a line (only ARG
//! and FROM before the first stage; trigger instructions after ONBUILD), parser directives
//! and rule names in `# check=skip=`, flags of the instruction and their values, `--mount`
//! keys per type and their values, stage names after `--from=`, `FROM` and `from=`, variables
//! after `$` and `${`, base images and their tags, `AS`, STOPSIGNAL signals, EXPOSE
//! protocols and HEALTHCHECK's `CMD`/`NONE`.
//!
//! Items carry a [`DocKey`] instead of their documentation; [`resolve`] turns it into
//! Markdown when the editor shows the item.

use super::variables::{Named, value_in_effect};
use crate::Analysis;
use crate::catalog::{self, BOOL_VALUES, FlagKind, Value};
use crate::model::{ImageRef, Scope, VarKind};
use crate::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// What kind of thing an item inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// An instruction keyword.
    Keyword,
    /// A `--flag` or a mount key.
    Flag,
    /// A value from a fixed set.
    Value,
    /// A build stage.
    Stage,
    /// An ARG or ENV.
    Variable,
    /// A base image or tag.
    Image,
    /// A parser directive.
    Directive,
    /// A rule id.
    Rule,
}

/// Which documentation an item has (see [`resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocKey {
    /// An instruction.
    Instruction(String),
    /// A flag of an instruction.
    Flag(String, String),
    /// A mount type, or a key of one.
    Mount(String, String),
    /// A parser directive.
    Directive(String),
    /// A rule.
    Rule(String),
}

impl DocKey {
    /// The key as three strings (for the front end to round-trip).
    #[must_use]
    pub fn to_parts(&self) -> (&'static str, &str, &str) {
        match self {
            DocKey::Instruction(a) => ("instruction", a, ""),
            DocKey::Flag(a, b) => ("flag", a, b),
            DocKey::Mount(a, b) => ("mount", a, b),
            DocKey::Directive(a) => ("directive", a, ""),
            DocKey::Rule(a) => ("rule", a, ""),
        }
    }

    /// The key back from [`DocKey::to_parts`].
    #[must_use]
    pub fn from_parts(kind: &str, a: &str, b: &str) -> Option<DocKey> {
        Some(match kind {
            "instruction" => DocKey::Instruction(a.to_owned()),
            "flag" => DocKey::Flag(a.to_owned(), b.to_owned()),
            "mount" => DocKey::Mount(a.to_owned(), b.to_owned()),
            "directive" => DocKey::Directive(a.to_owned()),
            "rule" => DocKey::Rule(a.to_owned()),
            _ => return None,
        })
    }
}

/// One completion item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    /// What the list shows.
    pub label: String,
    /// What it is.
    pub kind: ItemKind,
    /// A short description beside the label.
    pub detail: Option<String>,
    /// The text that replaces `range`.
    pub insert: String,
    /// The same as an LSP snippet (tab stops), when it has some.
    pub snippet: Option<String>,
    /// The text the item replaces (the word typed so far).
    pub range: TextRange,
    /// Where its documentation comes from.
    pub docs: Option<DocKey>,
    /// Documentation known at once (values: one sentence).
    pub short_docs: Option<String>,
    /// Whether the editor should offer completion again right after inserting it (`--mount=`).
    pub retrigger: bool,
    /// Marked deprecated.
    pub deprecated: bool,
}

impl CompletionItem {
    pub(crate) fn new(
        label: impl Into<String>,
        kind: ItemKind,
        range: TextRange,
    ) -> CompletionItem {
        let label = label.into();
        CompletionItem {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            snippet: None,
            range,
            docs: None,
            short_docs: None,
            retrigger: false,
            deprecated: false,
        }
    }

    pub(crate) fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }

    fn insert(mut self, text: impl Into<String>) -> Self {
        self.insert = text.into();
        self
    }
}

/// The completion items at `offset`.
#[must_use]
pub fn completions(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let rope = analysis.text();
    let offset = crate::text::floor_char_boundary(rope, offset.min(rope.len_bytes()));
    let line = crate::text::line_range(rope, offset);
    let before = crate::text::slice(rope, TextRange::new(line.start, offset)).into_owned();
    let trimmed = before.trim_start();
    let parsed = analysis.parsed();
    let index = analysis.instruction_at(offset).or_else(|| {
        // Right after an instruction's last character on its own line.
        let i = parsed
            .instructions
            .partition_point(|x| x.range.end < offset);
        let prev = i.checked_sub(1)?;
        parsed
            .instructions
            .get(prev)
            .filter(|x| x.range.end >= line.start && x.keyword_range.start < offset)
            .map(|_| prev)
    });
    let ins = index.and_then(|i| parsed.instructions.get(i));
    let in_continuation = ins.is_some_and(|i| i.keyword_range.start < line.start);
    if trimmed.starts_with('#') && !in_continuation {
        return comment(analysis, offset, &before, line.start);
    }
    if let Some(i) = ins.filter(|i| {
        i.heredocs.iter().any(|h| {
            h.body_range.start <= line.start
                && line.start <= h.body_range.end
                && !h.body_range.is_empty()
        })
    }) && i.keyword_range.start < line.start
    {
        // Inside a here-document body: a script or a file, not Dockerfile syntax.
        return variables_in_token(analysis, index.unwrap_or(0), i, offset, &before);
    }
    let word_start =
        offset - (before.len() - before.trim_end_matches(|c: char| !c.is_whitespace()).len());
    let first_word = !trimmed.contains(char::is_whitespace);
    match ins {
        Some(i) if !in_continuation && first_word && i.keyword_range.start >= line.start => {
            keywords(
                analysis,
                index.unwrap_or(0),
                TextRange::new(word_start, offset),
                false,
            )
        }
        None if first_word => keywords(
            analysis,
            parsed.instructions.len(),
            TextRange::new(word_start, offset),
            false,
        ),
        Some(i) => {
            let idx = index.unwrap_or(0);
            inside(analysis, idx, i, offset, word_start, &before)
        }
        None => Vec::new(),
    }
}

/// Instruction keywords for a line before instruction `index`.
fn keywords(
    analysis: &Analysis,
    index: usize,
    range: TextRange,
    trigger: bool,
) -> Vec<CompletionItem> {
    let before_first_from = !analysis
        .parsed()
        .instructions
        .iter()
        .take(index)
        .any(|i| i.kind == Keyword::From);
    catalog::instructions::INSTRUCTIONS
        .iter()
        .filter(|d| {
            if trigger {
                !matches!(
                    d.keyword,
                    Keyword::From | Keyword::Maintainer | Keyword::Onbuild
                )
            } else if before_first_from {
                matches!(d.keyword, Keyword::Arg | Keyword::From)
            } else {
                true
            }
        })
        .map(|d| {
            let name = d.keyword.as_str();
            let mut item = CompletionItem::new(name, ItemKind::Keyword, range)
                .detail(d.summary)
                .insert(format!("{name} "));
            item.snippet = Some(format!("{name} {}", d.snippet));
            item.docs = Some(DocKey::Instruction(name.to_owned()));
            item.deprecated = d.keyword == Keyword::Maintainer;
            item
        })
        .collect()
}

/// Completion in a comment line: directive names and values at the top, rule names after
/// `check=skip=` anywhere.
fn comment(
    analysis: &Analysis,
    offset: usize,
    before: &str,
    line_start: usize,
) -> Vec<CompletionItem> {
    let body = before.trim_start().trim_start_matches('#').trim_start();
    let token_len = before.len()
        - before
            .trim_end_matches(|c: char| {
                c.is_ascii_alphanumeric()
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '/'
                    || c == ':'
            })
            .len();
    let range = TextRange::new(offset - token_len, offset);
    let lower = body.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("check=")
        && let Some(list) = rest
            .rsplit(';')
            .next()
            .and_then(|p| p.trim().strip_prefix("skip="))
    {
        let done: Vec<&str> = list.split(',').map(str::trim).collect();
        let mut out: Vec<CompletionItem> = crate::rules::REGISTRY
            .iter()
            .map(|r| r.meta())
            // Build-file rules never report on a Dockerfile.
            .filter(|m| {
                !matches!(
                    m.scope,
                    crate::rules::Scope::Build | crate::rules::Scope::Ignore
                )
            })
            .filter(|m| !done.iter().any(|d| d.eq_ignore_ascii_case(m.id)))
            .map(|m| {
                let mut item = CompletionItem::new(m.id, ItemKind::Rule, range).detail(m.summary);
                item.docs = Some(DocKey::Rule(m.id.to_owned()));
                item
            })
            .collect();
        if list.trim().is_empty() {
            out.insert(
                0,
                CompletionItem::new("all", ItemKind::Value, range).detail("every build check"),
            );
        }
        return out;
    }
    let at_top = analysis
        .parsed()
        .instructions
        .first()
        .is_none_or(|i| i.range.start >= line_start)
        && analysis.text().byte_to_line(line_start) <= analysis.parsed().directives.len();
    if let Some((name, _)) = body.split_once('=') {
        let Some(d) = catalog::directives::directive(name.trim()) else {
            return Vec::new();
        };
        if d.name == "check" || !at_top {
            return Vec::new();
        }
        return values(d.values, range);
    }
    if !at_top || body.contains(char::is_whitespace) {
        return Vec::new();
    }
    catalog::directives::DIRECTIVES
        .iter()
        .map(|d| {
            let mut item = CompletionItem::new(d.name, ItemKind::Directive, range)
                .insert(format!("{}=", d.name))
                .detail(d.example);
            item.docs = Some(DocKey::Directive(d.name.to_owned()));
            item.retrigger = true;
            item
        })
        .collect()
}

fn values(values: &[Value], range: TextRange) -> Vec<CompletionItem> {
    values
        .iter()
        .map(|v| {
            let mut item = CompletionItem::new(v.name, ItemKind::Value, range);
            item.short_docs = Some(v.docs.to_owned());
            item
        })
        .collect()
}

/// The instruction (or ONBUILD trigger) the cursor is in.
fn effective(i: &Instruction, offset: usize) -> &Instruction {
    match i.trigger.as_deref() {
        Some(t) if t.keyword_range.end <= offset => t,
        _ => i,
    }
}

fn inside(
    analysis: &Analysis,
    index: usize,
    outer: &Instruction,
    offset: usize,
    word_start: usize,
    before: &str,
) -> Vec<CompletionItem> {
    let token = before
        .get(before.len() - (offset - word_start)..)
        .unwrap_or("");
    if token.contains('$') {
        return variables_in_token(analysis, index, outer, offset, before);
    }
    if outer.kind == Keyword::Onbuild
        && outer
            .trigger
            .as_deref()
            .is_none_or(|t| t.keyword_range.start >= word_start)
    {
        return keywords(analysis, index, TextRange::new(word_start, offset), true);
    }
    let i = effective(outer, offset);
    // Flags come before the first argument.
    let first_arg = i.args.first().map_or(usize::MAX, |w| w.range.start);
    let in_flags = word_start <= first_arg
        || i.args
            .first()
            .is_some_and(|w| w.range.touches(offset) && w.text.starts_with("--"));
    if token.starts_with("--") && in_flags {
        return flags(analysis, index, i, token, word_start, offset);
    }
    let arg_index = i.args.iter().filter(|w| w.range.end < word_start).count();
    let range = TextRange::new(word_start, offset);
    match i.kind {
        Keyword::From if !token.starts_with('-') => match arg_index {
            0 => images(analysis, index, token, word_start, offset),
            1 => vec![
                CompletionItem::new("AS", ItemKind::Keyword, range)
                    .detail("name the stage")
                    .insert("AS "),
            ],
            _ => Vec::new(),
        },
        Keyword::StopSignal if arg_index == 0 => values(catalog::signals::SIGNALS, range),
        Keyword::Expose => match token.split_once('/') {
            Some((port, _)) => {
                let r = TextRange::new(word_start + port.len() + 1, offset);
                values(
                    &[
                        catalog::v("tcp", "TCP (the default)."),
                        catalog::v("udp", "UDP."),
                    ],
                    r,
                )
            }
            None => Vec::new(),
        },
        Keyword::Healthcheck if arg_index == 0 && !token.starts_with('-') => values(
            &[
                catalog::v("CMD", "Run this command to check the container's health."),
                catalog::v(
                    "NONE",
                    "Disable any health check inherited from the base image.",
                ),
            ],
            range,
        ),
        _ => Vec::new(),
    }
}

fn flags(
    analysis: &Analysis,
    index: usize,
    i: &Instruction,
    token: &str,
    word_start: usize,
    offset: usize,
) -> Vec<CompletionItem> {
    let Some((name, value)) = token.strip_prefix("--").and_then(|t| t.split_once('=')) else {
        return catalog::flags_of(i.kind)
            .iter()
            .filter(|f| {
                f.kind == FlagKind::Strings
                    || i.flag(f.name).is_none_or(|x| x.range.start == word_start)
            })
            .map(|f| {
                let range = TextRange::new(word_start, offset);
                let label = format!("--{}", f.name);
                let mut item = CompletionItem::new(label.clone(), ItemKind::Flag, range);
                if f.kind == FlagKind::Bool {
                    item.insert = label;
                } else {
                    item.insert = format!("{label}=");
                    item.detail = Some(format!("{label}={}", f.placeholder));
                    item.retrigger = true;
                }
                item.docs = Some(DocKey::Flag(i.kind.as_str().to_owned(), f.name.to_owned()));
                item
            })
            .collect();
    };
    let value_start = word_start + 2 + name.len() + 1;
    let Some(doc) = catalog::flag_doc(i.kind, name) else {
        return Vec::new();
    };
    let range = TextRange::new(value_start, offset);
    match (name, doc.kind) {
        ("mount", _) => mount(analysis, index, value, value_start, offset),
        ("from", _) => stages(analysis, index, range, true),
        (_, FlagKind::Bool) => values(BOOL_VALUES, range),
        _ => values(doc.values, range),
    }
}

fn mount(
    analysis: &Analysis,
    index: usize,
    value: &str,
    value_start: usize,
    offset: usize,
) -> Vec<CompletionItem> {
    let seg_start = value.rfind(',').map_or(0, |p| p + 1);
    let segment = value.get(seg_start..).unwrap_or("");
    let present: Vec<&str> = value
        .split(',')
        .filter_map(|o| o.split_once('=').map_or(Some(o), |(k, _)| Some(k)))
        .map(str::trim)
        .collect();
    let ty = value
        .split(',')
        .find_map(|o| o.strip_prefix("type="))
        .filter(|t| !t.is_empty())
        .unwrap_or("bind");
    let Some(t) = catalog::mounts::mount_type(ty) else {
        return Vec::new();
    };
    match segment.split_once('=') {
        None => {
            let range = TextRange::new(value_start + seg_start, offset);
            t.keys
                .iter()
                .filter(|k| {
                    !present
                        .iter()
                        .any(|p| *p == k.name || k.aliases.contains(p))
                        || being_typed(segment, k.name)
                })
                .map(|k| {
                    let mut item = CompletionItem::new(k.name, ItemKind::Flag, range);
                    if !k.bare {
                        item.insert = format!("{}=", k.name);
                        item.retrigger = true;
                    }
                    item.docs = Some(DocKey::Mount(t.name.to_owned(), k.name.to_owned()));
                    item
                })
                .collect()
        }
        Some((key, _)) => {
            let start = value_start + seg_start + key.len() + 1;
            let range = TextRange::new(start, offset);
            if key == "type" {
                return catalog::mounts::MOUNT_TYPES
                    .iter()
                    .map(|mt| {
                        let mut item = CompletionItem::new(mt.name, ItemKind::Value, range);
                        item.docs = Some(DocKey::Mount(mt.name.to_owned(), "type".to_owned()));
                        item
                    })
                    .collect();
            }
            if key == "from" {
                return stages(analysis, index, range, true);
            }
            match t.key(key) {
                Some(k) => values(k.values, range),
                None => Vec::new(),
            }
        }
    }
}

/// Whether the segment being typed is (a prefix of) this key: it stays offered.
fn being_typed(segment: &str, key: &str) -> bool {
    !segment.is_empty() && key.starts_with(segment)
}

/// The stages before the one holding instruction `index` (never that stage itself): by name,
/// or by index for unnamed ones.
fn stages(
    analysis: &Analysis,
    index: usize,
    range: TextRange,
    by_index: bool,
) -> Vec<CompletionItem> {
    let model = analysis.model();
    let current = model
        .stage_of
        .get(index)
        .copied()
        .flatten()
        .unwrap_or(model.stages.len());
    model
        .stages
        .iter()
        .take(current)
        .filter(|s| by_index || s.name.is_some())
        .map(|s| match s.name.as_deref() {
            Some(name) => CompletionItem::new(name, ItemKind::Stage, range)
                .detail(format!("stage {} (FROM {})", s.index, s.base_text)),
            // An unnamed stage can only be referenced by index; say how to name it.
            None => {
                CompletionItem::new(s.index.to_string(), ItemKind::Stage, range).detail(format!(
                    "stage {} (FROM {}), unnamed: add `AS <name>` to its FROM and use the name",
                    s.index, s.base_text
                ))
            }
        })
        .collect()
}

fn images(
    analysis: &Analysis,
    index: usize,
    token: &str,
    word_start: usize,
    offset: usize,
) -> Vec<CompletionItem> {
    if let Some((name, _)) = token.split_once(':')
        && !name.contains('@')
    {
        let range = TextRange::new(word_start + name.len() + 1, offset);
        let Some(k) = catalog::images::known_image(name) else {
            return Vec::new();
        };
        return k
            .tags
            .iter()
            .map(|t| {
                let full = format!("{name}:{t}");
                // What the tag's variant is: `-slim` has no compiler, `:nonroot` its user.
                let facts = ImageRef::parse(&full).and_then(|i| catalog::base_images::facts(&i));
                let mut item = CompletionItem::new(*t, ItemKind::Image, range).detail(full);
                item.short_docs = facts.map(|f| f.summary());
                item
            })
            .collect();
    }
    let range = TextRange::new(word_start, offset);
    // FROM names stages by name only (a number there is an image name).
    let mut out = stages(analysis, index, range, false);
    out.extend(catalog::images::KNOWN_IMAGES.iter().map(|k| {
        let mut item = CompletionItem::new(k.name, ItemKind::Image, range).detail(k.docs);
        if let Some(t) = k.tags.first() {
            item.snippet = Some(format!("{}:${{1:{t}}}", k.name));
        }
        item
    }));
    out
}

/// Variables for a `$NAME` / `${NAME` being typed at the end of `before`.
fn variables_in_token(
    analysis: &Analysis,
    index: usize,
    ins: &Instruction,
    offset: usize,
    before: &str,
) -> Vec<CompletionItem> {
    let Some(dollar) = before.rfind('$') else {
        return Vec::new();
    };
    let after = before.get(dollar + 1..).unwrap_or("");
    let (braced, name) = match after.strip_prefix('{') {
        Some(n) => (true, n),
        None => (false, after),
    };
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Vec::new();
    }
    let range = TextRange::new(offset - name.len(), offset);
    let next = analysis.text().get_byte(offset);
    let close = braced && next != Some(b'}');
    variables(analysis, index, ins, range, close)
}

fn variables(
    analysis: &Analysis,
    index: usize,
    ins: &Instruction,
    range: TextRange,
    close: bool,
) -> Vec<CompletionItem> {
    let model = analysis.model();
    let vars = analysis.variables();
    let stage = if ins.kind == Keyword::From {
        None
    } else {
        model.stage_of.get(index).copied().flatten()
    };
    let mut out = Vec::new();
    let suffix = if close { "}" } else { "" };
    for (name, named) in Named::all_names(analysis) {
        let Some(d) = named.visible(stage, index, true) else {
            continue;
        };
        let Some(decl) = vars.decls.get(d) else {
            continue;
        };
        let kind = match decl.kind {
            VarKind::Arg => "ARG",
            VarKind::Env => "ENV",
        };
        let value = value_in_effect(analysis, d)
            .map_or_else(|| "(no default)".to_owned(), |(v, _)| format!("= {v}"));
        let scope = if decl.scope == Scope::Global {
            " (global)"
        } else {
            ""
        };
        out.push(
            CompletionItem::new(name, ItemKind::Variable, range)
                .insert(format!("{name}{suffix}"))
                .detail(format!("{kind}{scope} {value}")),
        );
    }
    for p in catalog::args::PREDEFINED_ARGS {
        if out.iter().any(|i| i.label == p.name) {
            continue;
        }
        let usable = stage.is_none() || p.in_stage_without_arg;
        // BuildKit's own settings are read by BuildKit, not by the build's commands.
        if !usable && (p.name.starts_with("BUILDKIT_") || p.name == "SOURCE_DATE_EPOCH") {
            continue;
        }
        let mut item = CompletionItem::new(p.name, ItemKind::Variable, range)
            .insert(format!("{}{suffix}", p.name))
            .detail(if usable {
                format!("predefined: {}", p.doc)
            } else {
                format!(
                    "predefined (add `ARG {}` in this stage first): {}",
                    p.name, p.doc
                )
            });
        item.short_docs = Some(format!("e.g. `{}`", p.example));
        out.push(item);
    }
    out
}

/// The documentation of an item.
#[must_use]
pub fn resolve(key: &DocKey) -> Option<String> {
    match key {
        DocKey::Instruction(name) => {
            let d = catalog::instruction(Keyword::parse(name))?;
            Some(format!(
                "{}\n\n```dockerfile\n{}\n```\n\n{}\n\n```dockerfile\n{}\n```",
                d.summary,
                d.forms.join("\n"),
                d.docs,
                d.example
            ))
        }
        DocKey::Flag(ins, flag) => {
            let d = catalog::flag_doc(Keyword::parse(ins), flag)?;
            let mut md = d.docs.to_owned();
            for v in d.values {
                md.push_str(&format!("\n- `{}`: {}", v.name, v.docs));
            }
            Some(md)
        }
        DocKey::Mount(ty, key) => {
            let t = catalog::mounts::mount_type(ty)?;
            if key == "type" {
                return Some(format!("{}\n\n`{}`", t.docs, t.example));
            }
            let k = t.key(key)?;
            let mut md = k.docs.to_owned();
            if !k.bare {
                for v in k.values {
                    md.push_str(&format!("\n- `{}`: {}", v.name, v.docs));
                }
            }
            Some(md)
        }
        DocKey::Directive(name) => {
            let d = catalog::directives::directive(name)?;
            Some(format!("{}\n\n`{}`", d.docs, d.example))
        }
        DocKey::Rule(id) => {
            let m = crate::rules::find(id)?.meta();
            Some(format!("{}\n\nDefault: {}.", m.summary, m.default_level()))
        }
    }
}
