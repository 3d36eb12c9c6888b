//! Hover: Markdown documentation for whatever is under the cursor — instruction keywords,
//! flags and their values, `--mount` types and keys, parser directives, stages and every
//! reference to them, variables with the value in effect, image references with their
//! registry page, here-documents, signals — and for the findings under the cursor, what the
//! rule is about and how to fix or silence it.

use std::fmt::Write;

use super::symbol_at::{InsRef, Symbol, heredoc_terminator, symbol_at};
use super::variables::{Binding, Start, binding, value_in_effect};
use crate::Analysis;
use crate::catalog::{self, FlagKind, Value, find_value};
use crate::diagnostic::Diagnostic;
use crate::model::{Base, ImageRef, RefKind, RefTarget, Scope, VarKind};
use crate::text::TextRange;

/// A hover answer: Markdown text about `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The text the hover is about.
    pub range: TextRange,
    /// The documentation, in Markdown.
    pub markdown: String,
}

/// Where the documentation of rule `id` lives, if anywhere (the front end knows the URL).
pub type RuleLink<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The hover at `offset`. `findings` are the document's diagnostics (already computed by the
/// caller): those under the cursor are explained too.
#[must_use]
pub fn hover(
    analysis: &Analysis,
    offset: usize,
    findings: &[Diagnostic],
    rule_link: RuleLink<'_>,
) -> Option<Hover> {
    let symbol = symbol_at(analysis, offset);
    let mut md = String::new();
    let mut range = None;
    if let Some(s) = &symbol
        && let Some(text) = describe(analysis, &s.symbol)
    {
        md.push_str(&text);
        range = Some(s.range);
    }
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.range.touches(offset))
        .collect();
    for d in &here {
        if !md.is_empty() {
            md.push_str("\n\n---\n\n");
        }
        md.push_str(&explain_finding(d, rule_link));
        range = Some(range.map_or(d.range, |r: TextRange| {
            // The narrower of the two is what the hover is about.
            if d.range.len() < r.len() { d.range } else { r }
        }));
    }
    Some(Hover {
        range: range?,
        markdown: md,
    })
}

fn line_of(analysis: &Analysis, offset: usize) -> usize {
    analysis
        .text()
        .byte_to_line(offset.min(analysis.text().len_bytes()))
        + 1
}

/// The first line of an instruction, trimmed, for quoting.
fn first_line(analysis: &Analysis, range: TextRange) -> String {
    let line = crate::text::line_range(analysis.text(), range.start);
    let text = crate::text::slice(analysis.text(), TextRange::new(range.start, line.end));
    text.trim_end().trim_end_matches('\\').trim_end().to_owned()
}

fn describe(analysis: &Analysis, symbol: &Symbol) -> Option<String> {
    match *symbol {
        Symbol::Directive(i) => directive(analysis, i),
        Symbol::Keyword(ins) => keyword(analysis, ins),
        Symbol::FlagName { ins, flag } => flag_doc(analysis, ins, flag, false),
        Symbol::FlagValue { ins, flag } => flag_doc(analysis, ins, flag, true),
        Symbol::MountOption {
            ins,
            flag,
            option,
            on_value,
        } => mount_option(analysis, ins, flag, option, on_value),
        Symbol::StageName(s) => Some(stage(analysis, s, None)),
        Symbol::StageRef(k) => stage_ref(analysis, k),
        Symbol::Image(s) => image(analysis, s),
        Symbol::VarUse(u) => variable(analysis, Start::Use(u)),
        Symbol::VarDecl(d) => variable(analysis, Start::Decl(d)),
        Symbol::Heredoc { ins, heredoc: h } => heredoc(analysis, ins, h),
        Symbol::Signal(ins) => signal(analysis, ins),
    }
}

fn directive(analysis: &Analysis, i: usize) -> Option<String> {
    let d = analysis.parsed().directives.get(i)?;
    let doc = catalog::directives::directive(&d.name)?;
    let mut md = format!("**`# {}=`** parser directive\n\n{}\n\n", doc.name, doc.docs);
    if let Some(v) = find_value(doc.values, &d.value) {
        let _ = write!(md, "`{}`: {}\n\n", v.name, v.docs);
    }
    if doc.name == "check" {
        let skipped: Vec<&str> = d
            .value
            .split(';')
            .filter_map(|part| part.trim().strip_prefix("skip="))
            .flat_map(|list| list.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for s in skipped {
            match crate::rules::find(s) {
                Some(r) => {
                    let _ = writeln!(md, "- skips `{}`: {}", r.meta().id, r.meta().summary);
                }
                None if s.eq_ignore_ascii_case("all") => {
                    let _ = writeln!(md, "- skips every build check");
                }
                None => {
                    let _ = writeln!(md, "- `{s}` is not a known rule");
                }
            }
        }
        md.push('\n');
    }
    let _ = write!(
        md,
        "{}\n\n```dockerfile\n{}\n```",
        catalog::directives::placement(),
        doc.example
    );
    Some(md)
}

fn reference_link(name: &str) -> String {
    format!(
        "[Dockerfile reference](https://docs.docker.com/reference/dockerfile/#{})",
        name.to_ascii_lowercase()
    )
}

fn keyword(analysis: &Analysis, ins: InsRef) -> Option<String> {
    let i = ins.get(analysis)?;
    let doc = catalog::instruction(i.kind)?;
    let name = i.kind.as_str();
    let mut md = format!("**{name}**: {}\n\n```dockerfile\n", doc.summary);
    for f in doc.forms {
        md.push_str(f);
        md.push('\n');
    }
    let _ = write!(md, "```\n\n{}\n\n", doc.docs);
    if !doc.flags.is_empty() {
        md.push_str("Flags: ");
        let names: Vec<String> = doc
            .flags
            .iter()
            .map(|f| format!("`--{}`", f.name))
            .collect();
        md.push_str(&names.join(", "));
        md.push_str("\n\n");
    }
    let _ = write!(
        md,
        "Example:\n\n```dockerfile\n{}\n```\n\n{}",
        doc.example,
        reference_link(name)
    );
    Some(md)
}

fn values_list(md: &mut String, values: &[Value]) {
    for v in values {
        let _ = writeln!(md, "- `{}`: {}", v.name, v.docs);
    }
}

fn flag_doc(analysis: &Analysis, ins: InsRef, flag: usize, on_value: bool) -> Option<String> {
    let i = ins.get(analysis)?;
    let f = i.flags.get(flag)?;
    let Some(doc) = catalog::flag_doc(i.kind, &f.name) else {
        let known: Vec<String> = catalog::flags_of(i.kind)
            .iter()
            .map(|d| format!("`--{}`", d.name))
            .collect();
        return Some(if known.is_empty() {
            format!("`--{}`: {} takes no flags.", f.name, i.kind.as_str())
        } else {
            format!(
                "`--{}` is not a flag of {}; it takes {}.",
                f.name,
                i.kind.as_str(),
                known.join(", ")
            )
        });
    };
    let mut md = String::new();
    if on_value
        && let Some(value) = &f.value
        && let Some(v) = find_value(doc.values, value)
    {
        let _ = write!(md, "`--{}={}`: {}\n\n", doc.name, v.name, v.docs);
    }
    let shape = if doc.kind == FlagKind::Bool {
        format!("--{}", doc.name)
    } else {
        format!("--{}={}", doc.name, doc.placeholder)
    };
    let _ = write!(
        md,
        "**`{shape}`** ({} flag)\n\n{}",
        i.kind.as_str(),
        doc.docs
    );
    if doc.kind == FlagKind::Strings && !doc.docs.to_ascii_lowercase().contains("repeated") {
        md.push_str(" May be repeated.");
    }
    if !doc.values.is_empty() && doc.kind != FlagKind::Bool {
        md.push_str("\n\nValues:\n\n");
        values_list(&mut md, doc.values);
    }
    if f.name == "mount" {
        md.push_str("\n\nTypes:\n\n");
        values_list(&mut md, catalog::mounts::TYPE_VALUES);
    }
    Some(md.trim_end().to_owned())
}

fn mount_option(
    analysis: &Analysis,
    ins: InsRef,
    flag: usize,
    option: usize,
    on_value: bool,
) -> Option<String> {
    let i = ins.get(analysis)?;
    let m = i.mounts().into_iter().find(|m| m.flag == flag)?;
    let o = m.options.get(option)?;
    let kind = m.kind().to_ascii_lowercase();
    let Some(t) = catalog::mounts::mount_type(&kind) else {
        return Some(format!(
            "`{kind}` is not a mount type. Types:\n\n{}",
            catalog::mounts::TYPE_VALUES
                .iter()
                .map(|v| format!("- `{}`: {}", v.name, v.docs))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    };
    if o.key == "type" {
        return Some(format!(
            "**`--mount=type={}`**\n\n{}\n\nKeys: {}\n\n```dockerfile\nRUN {} …\n```",
            t.name,
            t.docs,
            t.keys
                .iter()
                .skip(1)
                .map(|k| format!("`{}`", k.name))
                .collect::<Vec<_>>()
                .join(", "),
            t.example
        ));
    }
    let Some(k) = t.key(&o.key) else {
        let keys: Vec<String> = t.keys.iter().map(|k| format!("`{}`", k.name)).collect();
        return Some(format!(
            "`{}` is not a key of `type={}` mounts; they take {}.",
            o.key,
            t.name,
            keys.join(", ")
        ));
    };
    let mut md = String::new();
    if on_value
        && let Some(value) = &o.value
        && let Some(v) = find_value(k.values, value)
    {
        let _ = write!(md, "`{}={}`: {}\n\n", o.key, v.name, v.docs);
    }
    let alias = if k.name == o.key {
        String::new()
    } else {
        format!(" (written `{}`)", o.key)
    };
    let _ = write!(
        md,
        "**`{}`**{alias}: key of `--mount=type={}`\n\n{}",
        k.name, t.name, k.docs
    );
    if !k.aliases.is_empty() {
        let _ = write!(
            md,
            " Also spelled {}.",
            k.aliases
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !k.values.is_empty() && !k.bare {
        md.push_str("\n\nValues:\n\n");
        values_list(&mut md, k.values);
    }
    if t.name == "secret" && k.name == "id" {
        let id = o.value.as_deref().unwrap_or("<id>");
        let _ = write!(
            md,
            "\n\nBuild with `docker build --secret id={id},src=<file> .` or `--secret id={id},env=<VARIABLE> .`"
        );
    }
    Some(md.trim_end().to_owned())
}

/// The stages that use stage `s`, as "stage `x` (`COPY --from`, line N)".
fn users(analysis: &Analysis, s: usize) -> Vec<String> {
    let model = analysis.model();
    model
        .stage_refs
        .iter()
        .filter(|r| r.target.stage() == Some(s))
        .map(|r| {
            let how = match r.kind {
                RefKind::From => "FROM",
                RefKind::CopyFrom => "COPY --from",
                RefKind::MountFrom => "RUN --mount from",
            };
            format!(
                "stage {} (`{how}`, line {})",
                label(analysis, r.stage),
                line_of(analysis, r.range.start)
            )
        })
        .collect()
}

fn label(analysis: &Analysis, s: usize) -> String {
    match analysis
        .model()
        .stages
        .get(s)
        .and_then(|st| st.name.as_deref())
    {
        Some(n) => format!("`{n}`"),
        None => s.to_string(),
    }
}

/// The base chain of stage `s`: `build` ← `deps` ← `golang:1.25`.
fn chain(analysis: &Analysis, s: usize) -> String {
    let model = analysis.model();
    let mut parts = Vec::new();
    let mut cur = Some(s);
    let mut guard = 0;
    while let Some(i) = cur {
        guard += 1;
        let Some(st) = model.stages.get(i) else { break };
        parts.push(label(analysis, i));
        cur = match &st.base {
            Base::Stage(p) if *p < i && guard <= model.stages.len() => Some(*p),
            Base::Scratch => {
                parts.push("`scratch`".to_owned());
                None
            }
            _ => {
                parts.push(format!("`{}`", st.base_text));
                None
            }
        };
    }
    parts.join(" ← ")
}

fn stage(analysis: &Analysis, s: usize, numeric_ref: Option<&str>) -> String {
    let model = analysis.model();
    let Some(st) = model.stages.get(s) else {
        return String::new();
    };
    let from = analysis
        .parsed()
        .instructions
        .get(st.from)
        .map(|i| first_line(analysis, i.range))
        .unwrap_or_default();
    let last = model.stages.len().saturating_sub(1);
    let mut md = match &st.name {
        Some(n) => format!("**stage `{n}`** (index {s})"),
        None => format!("**stage {s}** (unnamed)"),
    };
    if s == last {
        md.push_str(", the final stage: `docker build` without `--target` builds it");
    }
    let _ = write!(
        md,
        "\n\n```dockerfile\n{from}\n```\n\nline {}",
        line_of(analysis, st.range.start)
    );
    let _ = write!(md, "; base: {}", chain(analysis, s));
    let used = users(analysis, s);
    let builders: Vec<String> = model
        .builders_of(s)
        .map(|b| format!("- {} ({})", b.label, b.place))
        .collect();
    if !builders.is_empty() {
        let _ = write!(md, "\n\nBuilt as a target by:\n{}", builders.join("\n"));
    }
    if used.is_empty() {
        if s != last && builders.is_empty() {
            md.push_str("\n\nNo stage uses it: a default build skips it.");
        }
    } else {
        let _ = write!(md, "\n\nUsed by {}.", used.join(", "));
    }
    if let Some(n) = numeric_ref {
        match &st.name {
            Some(name) => {
                let _ = write!(
                    md,
                    "\n\n`{n}` refers to this stage by index: write `{name}` instead, which survives reordering."
                );
            }
            None => {
                let _ = write!(
                    md,
                    "\n\nThe stage has no name: name it (`AS build`) and refer to it by that name, not `{n}`."
                );
            }
        }
    }
    md
}

fn stage_ref(analysis: &Analysis, k: usize) -> Option<String> {
    let model = analysis.model();
    let r = model.stage_refs.get(k)?;
    let numeric = !r.text.is_empty() && r.text.bytes().all(|b| b.is_ascii_digit());
    Some(match r.target {
        RefTarget::Stage(s) | RefTarget::Forward(s) | RefTarget::SelfReference(s) => {
            let mut md = stage(analysis, s, numeric.then_some(r.text.as_str()));
            if let RefTarget::Forward(_) = r.target {
                md.push_str("\n\nThe stage is defined later in the file.");
            }
            if let RefTarget::SelfReference(_) = r.target {
                md.push_str("\n\nThis is the stage the reference is in: a cycle.");
            }
            md
        }
        RefTarget::LikelyTypo(s) => format!(
            "No stage is named `{}`, so BuildKit pulls it as the image `docker.io/library/{}`. Did you mean stage {}?",
            r.text,
            r.text,
            label(analysis, s)
        ),
        RefTarget::IndexOutOfRange => format!(
            "There is no stage {}: this Dockerfile has stages 0 to {}.",
            r.text,
            model.stages.len().saturating_sub(1)
        ),
        RefTarget::Dynamic => format!(
            "`{}` depends on build arguments: which stage or image it names is only known at build time.",
            r.text
        ),
        RefTarget::Image => match ImageRef::parse(&r.text) {
            Some(img) => {
                let mut md = format!("No stage is named `{}`: this is an image.\n\n", r.text);
                md.push_str(&image_ref(&img));
                md
            }
            None => format!(
                "`{}` names no stage and is not a valid image reference.",
                r.text
            ),
        },
    })
}

fn image_ref(img: &ImageRef) -> String {
    let page = catalog::images::registry_page(img.registry.as_deref(), &img.repository);
    let mut md = String::from("| registry | repository | tag | digest |\n|---|---|---|---|\n");
    let _ = writeln!(
        md,
        "| {} | `{}` | {} | {} |",
        img.registry.as_deref().unwrap_or("docker.io"),
        img.repository,
        img.tag
            .as_deref()
            .map_or("— (means `latest`)".to_owned(), |t| format!("`{t}`")),
        img.digest
            .as_deref()
            .map_or("—".to_owned(), |d| format!("`{d}`")),
    );
    let name = match &img.registry {
        Some(r) => format!("{r}/{}", img.repository),
        None => img.repository.clone(),
    };
    if let Some(k) = catalog::images::known_image(&name) {
        let _ = write!(md, "\n{}\n", k.docs);
    }
    if let Some(f) = catalog::base_images::facts(img) {
        let _ = write!(md, "\n{}\n", f.summary());
    }
    match page.url {
        Some(url) => {
            let _ = write!(md, "\n[{name} on {}]({url})", page.registry);
        }
        None => {
            let _ = write!(md, "\nPublished on {}.", page.registry);
        }
    }
    md
}

/// Whether the build files pass a build argument that `base_text` (a FROM's image) uses.
fn passes_from_args(analysis: &Analysis, base_text: &str) -> bool {
    let escape = analysis.parsed().escape;
    let builders = analysis.model().builders().unwrap_or_default();
    crate::model::substitution::find_uses(base_text, escape)
        .iter()
        .filter_map(|u| base_text.get(u.name_start..u.name_end))
        .any(|n| builders.iter().any(|b| b.args.iter().any(|(a, _)| a == n)))
}

fn image(analysis: &Analysis, s: usize) -> Option<String> {
    let st = analysis.model().stages.get(s)?;
    Some(match &st.base {
        Base::Scratch => "**`scratch`**: the empty image. The stage starts with no files at all: \
                          only what it copies in (a static binary, certificates) ends up in it."
            .to_owned(),
        Base::Image(img) => {
            let mut md = format!("**image `{}`**", st.base_text);
            if st.base_varies {
                let _ = write!(
                    md,
                    " (with the default build arguments: `{img}`; the build files pass values only known when they run, so the image built may differ)"
                );
            } else if st.base_text.contains('$') && passes_from_args(analysis, &st.base_text) {
                let _ = write!(md, " (as the build files build it: `{img}`)");
            } else if st.base_text.contains('$') {
                let _ = write!(md, " (with the default build arguments: `{img}`)");
            }
            md.push_str("\n\n");
            md.push_str(&image_ref(img));
            md
        }
        Base::Dynamic => format!(
            "**image `{}`**: depends on build arguments without a default; it is only known at build time.",
            st.base_text
        ),
        Base::Invalid => format!("`{}` is not a valid image reference.", st.base_text),
        Base::Stage(p) => stage(analysis, *p, None),
    })
}

fn variable(analysis: &Analysis, start: Start) -> Option<String> {
    let vars = analysis.variables();
    let model = analysis.model();
    let (name, decl, use_) = match start {
        Start::Decl(d) => (vars.decls.get(d)?.name.clone(), Some(d), None),
        Start::Use(u) => {
            let x = vars.uses.get(u)?;
            let named = super::variables::Named::new(analysis, &x.name);
            (x.name.clone(), named.of_use(x), Some(x))
        }
    };
    let Some(di) = decl else {
        let u = use_?;
        if let Some(p) = catalog::args::predefined(&name) {
            let scope = if p.in_stage_without_arg {
                "usable anywhere without declaring it".to_owned()
            } else {
                format!("usable in FROM lines; inside a stage only after `ARG {name}`")
            };
            return Some(format!(
                "**`{name}`**: predefined build argument\n\n{}, e.g. `{}`; {scope}.",
                capitalise(p.doc),
                p.example
            ));
        }
        return Some(if u.expanded_by_buildkit {
            format!(
                "**`${name}`** is not declared in this Dockerfile before this line: BuildKit takes it from the base image's environment if that sets it (most set `PATH`), else it expands to an empty string. Declare it with `ARG {name}` or `ENV {name}=…` before this line."
            )
        } else {
            format!(
                "**`${name}`** is expanded by the shell when the command runs (it is no ARG or ENV visible here)."
            )
        });
    };
    let d = vars.decls.get(di)?;
    let kind = match d.kind {
        VarKind::Arg => "ARG",
        VarKind::Env => "ENV",
    };
    let scope = match d.scope {
        Scope::Global => "global (before the first FROM)".to_owned(),
        Scope::Stage(s) => format!("stage {}", label(analysis, s)),
    };
    let mut md = match (use_, d.scope) {
        (Some(u), Scope::Stage(s)) if u.stage != Some(s) => {
            format!(
                "**{kind} `{name}`**, inherited from stage {}",
                label(analysis, s)
            )
        }
        _ => format!("**{kind} `{name}`**, {scope}"),
    };
    md.push_str("\n\n");
    let predefined = catalog::args::predefined(&name).filter(|_| d.value.is_none());
    match value_in_effect(analysis, di) {
        None if let Some(p) = predefined => {
            let _ = write!(
                md,
                "Value: set by BuildKit: {} (e.g. `{}`)",
                p.doc, p.example
            );
        }
        Some((v, from)) if from == di => {
            let _ = write!(md, "Value: `{v}`");
        }
        Some((v, from)) => {
            let line = vars
                .decls
                .get(from)
                .map_or(0, |g| line_of(analysis, g.name_range.start));
            let _ = write!(
                md,
                "Value: `{v}` (the default of the global ARG on line {line})"
            );
        }
        None => md.push_str("No default: empty unless given with `--build-arg`"),
    }
    if d.kind == VarKind::Arg {
        let _ = write!(md, "; override with `docker build --build-arg {name}=…`.");
    } else {
        md.push_str("; set in the image's environment, so the running container sees it too.");
    }
    let ins = analysis.parsed().instructions.get(d.instruction)?;
    let _ = write!(
        md,
        "\n\n```dockerfile\n{}\n```\nline {}",
        first_line(analysis, ins.range),
        line_of(analysis, ins.range.start)
    );
    if d.scope == Scope::Global && !model.stages.is_empty() && d.kind == VarKind::Arg {
        let _ = write!(
            md,
            "\n\nVisible in FROM lines; a stage sees it only after its own `ARG {name}`."
        );
    }
    if let Some(Binding { uses, .. }) = binding(analysis, Start::Decl(di)) {
        let _ = write!(
            md,
            "\n\n{} use{}.",
            uses.len(),
            if uses.len() == 1 { "" } else { "s" }
        );
    }
    Some(md)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn heredoc(analysis: &Analysis, ins: InsRef, k: usize) -> Option<String> {
    let i = ins.get(analysis)?;
    let h = i.heredocs.get(k)?;
    let first = line_of(analysis, h.body_range.start);
    let lines = h.content.lines().count();
    let mut md = format!("**here-document `{}`**", h.name);
    let _ = write!(
        md,
        "\n\n{} line{} (from line {first}), ",
        lines,
        if lines == 1 { "" } else { "s" }
    );
    md.push_str(if h.expand {
        "variables expanded (quote the marker, `<<\"EOF\"`, to keep `$` literal)"
    } else {
        "taken literally (the marker is quoted)"
    });
    if h.chomp {
        md.push_str("; leading tabs stripped (`<<-`)");
    }
    match heredoc_terminator(analysis, h) {
        Some(t) => {
            let _ = write!(md, "; ends on line {}.", line_of(analysis, t.start));
        }
        None => {
            let _ = write!(
                md,
                ".\n\nNo line `{}` ends it: it runs to the end of the file.",
                h.name
            );
        }
    }
    if i.kind == crate::syntax::Keyword::Run {
        md.push_str("\n\nFor RUN, the body is the script, run by the default shell (or the one a `#!` line names).");
    } else {
        md.push_str("\n\nFor COPY/ADD, the body becomes a file with this content.");
    }
    Some(md)
}

fn signal(analysis: &Analysis, ins: InsRef) -> Option<String> {
    let i = ins.get(analysis)?;
    let w = i.args.first()?;
    Some(match catalog::signals::signal(&w.text) {
        Some(s) => format!("**`{}`**: {}", s.name, s.docs),
        None => format!("`{}`: a signal name (`SIGTERM`) or number.", w.text),
    })
}

/// What a finding's rule is about: summary, why, and how to fix or silence it.
fn explain_finding(d: &Diagnostic, rule_link: RuleLink<'_>) -> String {
    let mut md = format!("**{}** ({}): {}", d.rule, d.severity.as_str(), d.message);
    if let Some(rule) = crate::rules::find(d.rule) {
        let m = rule.meta();
        let _ = write!(md, "\n\n{}", m.summary);
        if let Some(why) = section(&m.docs(), "## Why") {
            let _ = write!(md, "\n\n{why}");
        }
    }
    if let Some(f) = d.fixes.first() {
        let _ = write!(md, "\n\nQuick-fix: {}.", f.title);
    }
    if d.severity != crate::Severity::Error && crate::rules::find(d.rule).is_some() {
        let _ = write!(
            md,
            "\n\nSilence it here with `# check=skip={}` above the instruction.",
            d.rule
        );
    }
    if let Some(url) = rule_link(d.rule) {
        let _ = write!(md, " [Rule documentation]({url})");
    }
    md
}

/// The body of a Markdown section (up to the next heading).
fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let start = docs.find(heading)? + heading.len();
    let rest = docs.get(start..)?;
    let end = rest.find("\n#").unwrap_or(rest.len());
    Some(rest.get(..end)?.trim())
}

#[cfg(test)]
mod tests {
    use super::hover;

    /// Hover on a FROM image says which build arguments it was read with.
    #[test]
    fn from_images_read_with_the_build_files_arguments() {
        let text = "ARG V=latest\nFROM alpine:${V}\n";
        let md = |args: Vec<(String, Option<String>)>| {
            let builder = crate::Builder {
                args,
                ..crate::testing::builder("compose service `x`", None)
            };
            let config = crate::BuildConfig {
                builders: Some(vec![builder]),
                ..crate::BuildConfig::default()
            };
            let a = crate::Analysis::from_text(text, &config);
            let at = text.find("alpine").unwrap_or(0) + 2;
            hover(&a, at, &[], &|_| None)
                .map(|h| h.markdown)
                .unwrap_or_default()
        };
        assert!(md(Vec::new()).contains("(with the default build arguments: `alpine:latest`)"));
        let v = |x: Option<&str>| vec![("V".to_owned(), x.map(str::to_owned))];
        assert!(md(v(Some("3.22"))).contains("(as the build files build it: `alpine:3.22`)"));
        assert!(md(v(None)).contains("the build files pass values only known when they run"));
    }

    /// No hover on a flag says the same sentence twice ("May be repeated. May be repeated."
    /// on `--mount` did).
    #[test]
    fn flag_hovers_repeat_no_sentence() {
        use crate::catalog::instructions::{Keyword, flags_of};
        for kind in Keyword::ALL {
            for f in flags_of(kind) {
                let text = format!("FROM a\n{} --{}=x a b\n", kind.as_str(), f.name);
                let a = crate::Analysis::from_text(&text, &crate::BuildConfig::default());
                let at = text.find(&format!("--{}", f.name)).unwrap_or(0) + 3;
                let Some(h) = hover(&a, at, &[], &|_| None) else {
                    continue;
                };
                let mut seen = std::collections::HashSet::new();
                let sentences = h
                    .markdown
                    .split(['.', '\n'])
                    .map(str::trim)
                    .filter(|s| s.len() > 8);
                for sentence in sentences {
                    assert!(
                        seen.insert(sentence.to_owned()),
                        "{} --{}: {sentence:?} twice in {}",
                        kind.as_str(),
                        f.name,
                        h.markdown
                    );
                }
            }
        }
    }
}
