//! Annotations beside the text: inlay hints (the stage a `--from=0` means, each stage's
//! index after its name, the image a FROM resolves to with the default build arguments),
//! code lenses (who uses a stage, or how to build one nothing uses), document links (image
//! pages, files of the build context) and signature help (an instruction's forms).

use crate::Analysis;
use crate::model::{Base, ImageRef, RefKind, RefTarget};
use crate::syntax::Keyword;
use crate::text::TextRange;

/// One inlay hint: `label` shown at `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where it is shown.
    pub offset: usize,
    /// What it says.
    pub label: String,
    /// What it explains (shown on hover).
    pub tooltip: String,
}

/// Inlay hints for the instructions touching `range`.
#[must_use]
pub fn inlay_hints(analysis: &Analysis, range: TextRange) -> Vec<InlayHint> {
    let model = analysis.model();
    let mut out = Vec::new();
    for r in &model.stage_refs {
        if !range.touches(r.range.start) || r.kind == RefKind::From {
            continue;
        }
        let numeric = !r.text.is_empty() && r.text.bytes().all(|b| b.is_ascii_digit());
        if let (true, RefTarget::Stage(s) | RefTarget::Forward(s)) = (numeric, r.target)
            && let Some(name) = model.stages.get(s).and_then(|st| st.name.as_deref())
        {
            out.push(InlayHint {
                offset: r.range.end,
                label: format!(" {name}"),
                tooltip: format!("stage {s} is named `{name}`: write `--from={name}`"),
            });
        }
    }
    for s in &model.stages {
        if !range.touches(s.range.start) {
            continue;
        }
        if let Some(n) = s.name_range {
            out.push(InlayHint {
                offset: n.end,
                label: format!(" #{}", s.index),
                tooltip: format!("stage index {}", s.index),
            });
        }
        if s.base_text.contains('$')
            && let Base::Image(img) = &s.base
        {
            out.push(InlayHint {
                offset: s.base_range.end,
                label: format!(" = {img}"),
                tooltip: "the image with the default values of the build arguments".to_owned(),
            });
        }
    }
    // A hint sits at the end of what it explains, which may lie past the range.
    out.retain(|h| range.start <= h.offset && h.offset <= range.end);
    out.sort_by_key(|h| h.offset);
    out
}

/// A code lens: a line of text above `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLens {
    /// The line it stands above.
    pub range: TextRange,
    /// What it says.
    pub title: String,
    /// The stage as a build target: its name, else its index.
    pub target: String,
}

/// One lens per stage: which stages use it, or, for a stage nothing uses (and that is not
/// the final one), the command that builds it.
#[must_use]
pub fn code_lenses(analysis: &Analysis) -> Vec<CodeLens> {
    let model = analysis.model();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); model.stages.len()];
    for r in &model.stage_refs {
        if let RefTarget::Stage(t) | RefTarget::Forward(t) = r.target
            && let Some(u) = users.get_mut(t)
            && !u.contains(&r.stage)
        {
            u.push(r.stage);
        }
    }
    let last = model.stages.len().saturating_sub(1);
    let mut out = Vec::new();
    for (s, used) in model.stages.iter().zip(&users) {
        let Some(from) = analysis.parsed().instructions.get(s.from) else {
            continue;
        };
        let builders: Vec<_> = model.builders_of(s.index).collect();
        let built = builders.len();
        let by = match builders.as_slice() {
            [one] => one.label.clone(),
            _ => format!("{built} builds"),
        };
        let title = match (used.len(), s.index == last) {
            (_, true) if used.is_empty() && built > 0 => {
                format!("final stage: what `docker build` builds; target of {by}")
            }
            (_, true) if used.is_empty() => "final stage: what `docker build` builds".to_owned(),
            (0, false) if built > 0 => format!("target of {by}"),
            (0, false) => match &s.name {
                Some(n) => format!("unused: build it with `docker build --target {n}`"),
                None => "unused: name it to build it with `--target`".to_owned(),
            },
            (1, _) if built > 0 => format!("used by 1 stage; target of {by}"),
            (n, _) if built > 0 => format!("used by {n} stages; target of {by}"),
            (1, _) => "used by 1 stage".to_owned(),
            (n, _) => format!("used by {n} stages"),
        };
        out.push(CodeLens {
            range: from.keyword_range,
            title,
            target: s.name.clone().unwrap_or_else(|| s.index.to_string()),
        });
    }
    out
}

/// Where a document link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A web page (an image's registry page).
    Url(String),
    /// A path relative to the build context, to be linked if such a file exists.
    ContextPath(String),
}

/// A document link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The text that is the link.
    pub range: TextRange,
    /// Where it leads.
    pub target: LinkTarget,
}

/// Links: every base image and `COPY --from=<image>` to its registry page, and every local
/// COPY/ADD source without wildcards or variables to the file it names (the front end links
/// it only if the file exists).
#[must_use]
pub fn links(analysis: &Analysis) -> Vec<Link> {
    let model = analysis.model();
    let mut out = Vec::new();
    for r in &model.stage_refs {
        if r.target != RefTarget::Image || r.text.contains('$') {
            continue;
        }
        if let Some(img) = ImageRef::parse(&r.text)
            && let Some(url) =
                crate::catalog::images::registry_page(img.registry.as_deref(), &img.repository).url
            && !r.text.eq_ignore_ascii_case("scratch")
        {
            out.push(Link {
                range: r.range,
                target: LinkTarget::Url(url),
            });
        }
    }
    for i in &analysis.parsed().instructions {
        if !matches!(i.kind, Keyword::Copy | Keyword::Add)
            || i.flag("from").is_some()
            || !i.heredocs.is_empty()
        {
            continue;
        }
        let Some((_, sources)) = i.args.split_last() else {
            continue;
        };
        for w in sources {
            let t = w.text.trim_matches('"');
            let plain = !t.is_empty()
                && t != "."
                && !t.contains(['*', '?', '[', '$', '\\'])
                && !t.contains("://")
                && !t.starts_with("git@");
            if plain {
                out.push(Link {
                    range: w.range,
                    target: LinkTarget::ContextPath(t.trim_start_matches("./").to_owned()),
                });
            }
        }
    }
    out.sort_by_key(|l| l.range.start);
    out
}

/// Signature help: the forms of the instruction under `offset`, which one it is written in,
/// and which part of that form the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The instruction's forms.
    pub forms: Vec<String>,
    /// Its summary.
    pub docs: String,
    /// The form in use: here-document, JSON (exec) or the plain one, as written.
    pub active: usize,
    /// The parts of each form after the keyword (`[--from=<stage>]`, `<src>...`, `<dest>`),
    /// substrings of its label.
    pub parameters: Vec<Vec<String>>,
    /// The part of the active form the cursor is on, if any.
    pub active_parameter: Option<usize>,
}

/// How an instruction, or one of its documented forms, is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Heredoc,
    Json,
    Plain,
}

fn written(form: &str) -> Written {
    if form.contains("<<") {
        Written::Heredoc
    } else if form.contains("[\"") {
        Written::Json
    } else {
        Written::Plain
    }
}

/// The parts of a form after its keyword: white-space separated, a bracketed group kept
/// whole, the trailing `(shell form)`-style note left out.
fn parameters(form: &str) -> Vec<String> {
    let body = form.split("   (").next().unwrap_or(form);
    let rest = body.split_once(' ').map_or("", |(_, r)| r);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in rest.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The part of `params` the cursor at `offset` is on in instruction `i`: the option group
/// that names its flag (or the first one), else the argument in its place, a variadic part
/// (`<src>...`) taking every argument but those the parts after it need.
fn active_parameter(
    i: &crate::syntax::Instruction,
    params: &[String],
    offset: usize,
) -> Option<usize> {
    let is_option = |p: &String| p.starts_with("[-") || p == "[options]";
    if let Some(f) = i.flags.iter().find(|f| f.range.touches(offset)) {
        let named = format!("--{}", f.name);
        return params
            .iter()
            .position(|p| is_option(p) && p.contains(&named))
            .or_else(|| params.iter().position(is_option));
    }
    let args: Vec<usize> = (0..params.len())
        .filter(|&k| !params.get(k).is_some_and(is_option))
        .collect();
    if args.is_empty() || i.json {
        return args.first().copied();
    }
    // Which argument: the one under the cursor, else the next one to be typed.
    let k = i
        .args
        .iter()
        .position(|w| w.range.touches(offset))
        .unwrap_or_else(|| i.args.iter().filter(|w| w.range.end < offset).count());
    let n = i.args.len().max(k + 1);
    let variadic = args
        .iter()
        .position(|&p| params.get(p).is_some_and(|p| p.ends_with("...")));
    let slot = match variadic {
        Some(v) if k >= v => {
            let after = args.len() - 1 - v;
            if after > 0 && k + after >= n {
                args.len() - (n - k)
            } else {
                v
            }
        }
        _ => k.min(args.len() - 1),
    };
    args.get(slot).copied()
}

/// The signature of the instruction at `offset`, once past its keyword.
#[must_use]
pub fn signature(analysis: &Analysis, offset: usize) -> Option<Signature> {
    let i = analysis
        .parsed()
        .instructions
        .get(analysis.instruction_at(offset)?)?;
    let i = match i.trigger.as_deref() {
        Some(t) if t.keyword_range.end <= offset => t,
        _ => i,
    };
    if offset <= i.keyword_range.end {
        return None;
    }
    let doc = crate::catalog::instruction(i.kind)?;
    let forms: Vec<String> = doc.forms.iter().map(|f| (*f).to_owned()).collect();
    let how = if !i.heredocs.is_empty() {
        Written::Heredoc
    } else if i.json {
        Written::Json
    } else {
        Written::Plain
    };
    let active = forms.iter().position(|f| written(f) == how).unwrap_or(0);
    let parameters: Vec<Vec<String>> = forms.iter().map(|f| parameters(f)).collect();
    let active_parameter = parameters
        .get(active)
        .and_then(|p| active_parameter(i, p, offset));
    Some(Signature {
        forms,
        docs: doc.summary.to_owned(),
        active,
        parameters,
        active_parameter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;

    #[test]
    fn hints_lenses_links_and_signatures() {
        let text = "ARG V=1.25\nFROM golang:${V} AS build\nFROM alpine:3.22 AS tool\nFROM scratch\nCOPY --from=0 /out /app\nCOPY app.py ./\nCMD [\"/app\"]\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let labels: Vec<String> = inlay_hints(&a, TextRange::new(0, text.len()))
            .into_iter()
            .map(|h| h.label)
            .collect();
        assert_eq!(labels, [" = golang:1.25", " #0", " #1", " build"]);
        let lenses: Vec<String> = code_lenses(&a).into_iter().map(|l| l.title).collect();
        assert_eq!(
            lenses,
            [
                "used by 1 stage",
                "unused: build it with `docker build --target tool`",
                "final stage: what `docker build` builds"
            ]
        );
        let targets: Vec<LinkTarget> = links(&a).into_iter().map(|l| l.target).collect();
        assert_eq!(
            targets,
            [
                LinkTarget::Url("https://hub.docker.com/_/alpine".to_owned()),
                LinkTarget::ContextPath("app.py".to_owned())
            ]
        );
        let cmd = text.rfind("CMD [").unwrap_or(0) + 6;
        assert_eq!(
            signature(&a, cmd).map(|s| s.active),
            Some(0),
            "the JSON form is first for CMD"
        );
    }

    /// Issue #25, item 9: the form in use is the one the instruction is written in, and the
    /// part of it the cursor is on is the active parameter.
    #[test]
    fn signatures_pick_the_written_form_and_the_parameter() {
        let text = "FROM a\nRUN ls\nRUN [\"ls\"]\nRUN <<EOF\nls\nEOF\nCOPY --from=a x y /d/\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let at = |needle: &str, plus: usize| text.find(needle).unwrap_or(0) + plus;
        let active = |offset: usize| {
            signature(&a, offset).map(|s| {
                let form = s.forms.get(s.active).cloned().unwrap_or_default();
                let param = s
                    .active_parameter
                    .and_then(|p| s.parameters.get(s.active)?.get(p).cloned());
                (form, param)
            })
        };
        let (form, param) = active(at("RUN ls", 5)).unwrap_or_default();
        assert!(
            form.ends_with("(shell form)") && param.as_deref() == Some("<command>"),
            "{form} {param:?}"
        );
        let (form, _) = active(at("RUN [", 6)).unwrap_or_default();
        assert!(form.ends_with("(exec form)"), "{form}");
        let (form, _) = active(at("RUN <<", 5)).unwrap_or_default();
        assert!(form.ends_with("(heredoc)"), "{form}");
        let copy = |needle: &str| {
            active(at(needle, 1)).and_then(|(f, p)| Some((f.starts_with("COPY [--from"), p?)))
        };
        assert_eq!(copy("-from"), Some((true, "[--from=<stage>]".to_owned())));
        assert_eq!(copy(" x "), Some((true, "<src>...".to_owned())));
        assert_eq!(copy(" y "), Some((true, "<src>...".to_owned())));
        assert_eq!(copy(" /d/"), Some((true, "<dest>".to_owned())));
    }
}
