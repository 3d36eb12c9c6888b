//! `UndefinedVar`: a variable BuildKit expands is declared nowhere it could come from.

use std::collections::HashMap;

use super::Check;
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::{Base, PREDEFINED_ARGS, Scope, VarKind, predefined};

declare_rule! {
    /// # UndefinedVar
    ///
    /// Reports `$NAME` in an instruction BuildKit expands itself (`ENV`, `ARG` defaults, `COPY`,
    /// `ADD`, `WORKDIR`, `USER`, `LABEL`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`, flags) when no ARG or
    /// ENV declares NAME where the instruction can see it and NAME is not one of BuildKit's
    /// predefined arguments.
    ///
    /// A global ARG (declared before the first `FROM`) used in a stage that does not redeclare it
    /// is always reported: it is not visible there. The fix adds `ARG NAME` to the stage; when the
    /// global ARG has a default, that changes the value the build uses (from empty to the default),
    /// so `check --fix` and fix-all leave that fix to you.
    ///
    /// BuildKit also knows the environment of the base image, which an editor cannot fetch. So that
    /// a variable the base image sets (`$PATH`, `$JAVA_HOME`, …) is never reported by mistake, the
    /// variable is only reported when the stage is built on `scratch` (which sets nothing), or when
    /// its name is a near-miss of a declared variable (then the message suggests it and a fix
    /// replaces it). Uses with a default (`${NAME:-x}`) are never reported.
    ///
    /// ## Why
    ///
    /// An undefined variable silently expands to an empty string: `COPY app $DEST` copies to the
    /// working directory, `WORKDIR /srv/$APP_NAME` becomes `/srv/`. Usually it is a typo or an ARG
    /// declared in another stage (ARGs do not cross stages).
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_VERSION=1.2
    /// ENV VERSION=$APP_VERISON
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_VERSION=1.2
    /// ENV VERSION=$APP_VERSION
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - `PATH`: BuildKit gives every image a default `PATH`, `scratch` included, so
    ///   `ENV PATH=/app/bin:$PATH` is fine everywhere.
    /// - BuildKit's predefined ARGs that need no declaration (the proxy variables), and uses with a
    ///   default (`${NAME:-x}`).
    /// - In a stage built on an image, a name declared nowhere may come from the image's own ENV,
    ///   which we cannot see without pulling it: it is only reported when it looks like a typo of a
    ///   name in the stage's environment at that point — its ARGs and ENVs so far, the ENVs of the
    ///   stages it is built on — or of a predefined ARG: the names BuildKit suggests from. A name
    ///   declared only in another stage is not in scope, so it is never suggested (`PATH`, which
    ///   every stage has, is). A name an `ARG` of the same stage declares only after the use is
    ///   reported too, as BuildKit does. In a stage built on `scratch` there is nothing to
    ///   inherit, so every undefined name is reported.
    UndefinedVar {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "A variable BuildKit expands (in ENV, COPY, WORKDIR, …) is not declared.",
    }
}

impl Check for UndefinedVar {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let vars = analysis.variables();
        if vars.uses.is_empty() {
            return;
        }
        // Indexes built once, so that each use costs a lookup, not a scan of every
        // declaration: the last global ARG of each name, and each stage's declarations.
        let mut globals: HashMap<&str, &crate::model::VarDecl> = HashMap::new();
        let mut in_stage: Vec<Vec<&crate::model::VarDecl>> = vec![Vec::new(); model.stages.len()];
        for d in &vars.decls {
            match d.scope {
                Scope::Global if d.kind == VarKind::Arg => {
                    globals.insert(d.name.as_str(), d);
                }
                Scope::Stage(s) => {
                    if let Some(list) = in_stage.get_mut(s) {
                        list.push(d);
                    }
                }
                Scope::Global => {}
            }
        }
        // The "did you mean" candidates for each undefined name in each stage (computed once
        // for each): the close names, closest first, with where each becomes visible.
        let mut hints: HashMap<(&str, usize), Vec<(usize, &str)>> = HashMap::new();
        // The predefined ARGs close to each name (the same in every stage).
        let mut predefined_near: HashMap<&str, Vec<(usize, usize, &str)>> = HashMap::new();
        for u in &vars.uses {
            // FROM lines (stage None) are UndefinedArgInFrom's; the shell expands RUN & co.
            let Some(stage) = u.stage else { continue };
            if !u.expanded_by_buildkit || u.has_default {
                continue;
            }
            // BuildKit gives every image a default PATH, `scratch` included.
            if u.name == "PATH"
                || vars.declaration_of(model, u).is_some()
                || predefined(&u.name).is_some_and(|p| p.in_stage_without_arg)
            {
                continue;
            }
            if let Some(global) = globals.get(u.name.as_str()) {
                let mut d = Diagnostic::new(
                    &META,
                    u.name_range,
                    format!(
                        "Usage of undefined variable '${}': the global ARG {} is not visible in a stage until the stage declares `ARG {}`",
                        u.name, u.name, u.name
                    ),
                );
                let from = model
                    .stages
                    .get(stage)
                    .and_then(|s| analysis.parsed().instructions.get(s.from));
                let edits = from.and_then(|from| {
                    super::insert_line_after(analysis, from, &format!("ARG {}", u.name))
                });
                if let Some(edits) = edits {
                    let title = format!("Declare `ARG {}` in this stage", u.name);
                    // With a default, declaring it changes the value the build uses (from
                    // empty to the default): that is for a person to decide.
                    let has_default = global.value.as_deref().is_some_and(|v| !v.is_empty());
                    d = d.with_fix(if has_default {
                        Fix::suggested(title, edits)
                    } else {
                        Fix::safe(title, edits)
                    });
                }
                out.push(d);
                continue;
            }
            // What BuildKit suggests from: the names in the stage's environment at the use
            // (its ARGs and ENVs so far, the ENVs of the stages it is built on), and the
            // predefined ARGs.
            let hint = hints
                .entry((u.name.as_str(), stage))
                .or_insert_with(|| {
                    let pre = predefined_near.entry(u.name.as_str()).or_insert_with(|| {
                        let all = PREDEFINED_ARGS.iter().map(|p| (0, p.name)).collect();
                        close_names(&u.name, all)
                    });
                    let mut near = close_names(&u.name, stage_names(model, &in_stage, stage));
                    // Closest first, then by name; a name both declared and predefined is
                    // visible from the start.
                    near.extend(pre.iter().copied());
                    near.sort_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)).then(a.1.cmp(&b.1)));
                    near.dedup_by(|b, a| a.2 == b.2);
                    near.into_iter().map(|(_, at, c)| (at, c)).collect()
                })
                .iter()
                .find(|(visible_from, _)| *visible_from <= u.instruction)
                .map(|(_, c)| *c)
                // BuildKit's default PATH is in every stage's environment: `$PAHT` means it.
                // Only a slip of one letter, or two swapped: `GOPATH` and the like are the
                // base image's own variables, which we cannot see.
                .or_else(|| one_slip(&u.name, "PATH").then_some("PATH"));
            let from_scratch = root_is_scratch(analysis, stage);
            // An ARG of that name later in the stage: the Dockerfile declares it, too late
            // (BuildKit reports it whatever the base image).
            let declared_later = in_stage.get(stage).is_some_and(|l| {
                l.iter().any(|d| {
                    d.kind == VarKind::Arg && d.name == u.name && d.instruction > u.instruction
                })
            });
            if hint.is_none() && !from_scratch && !declared_later {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                u.name_range,
                match hint {
                    Some(h) => format!(
                        "Usage of undefined variable '${}' (did you mean ${h}?)",
                        u.name
                    ),
                    None => format!("Usage of undefined variable '${}'", u.name),
                },
            );
            if let Some(h) = hint {
                d = d.with_fix(Fix::suggested(
                    format!("Change to `${h}`"),
                    vec![TextEdit::replace(u.name_range, h)],
                ));
            }
            out.push(d);
        }
    }
}

/// Whether `a` is `b` with one letter added, dropped or changed, or two adjacent ones swapped.
fn one_slip(a: &str, b: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x == y {
        return false;
    }
    if x.len() == y.len() {
        let diff: Vec<usize> = (0..x.len()).filter(|&i| x.get(i) != y.get(i)).collect();
        return match diff.as_slice() {
            [_] => true,
            [i, j] => {
                *j == i + 1 && x.get(*i) == y.get(*j) && x.get(*j) == y.get(*i)
            }
            _ => false,
        };
    }
    let (long, short) = if x.len() > y.len() { (&x, &y) } else { (&y, &x) };
    if long.len() != short.len() + 1 {
        return false;
    }
    (0..long.len()).any(|k| {
        let mut l = long.clone();
        l.remove(k);
        l == *short
    })
}

/// The names that can be in stage `stage`'s environment, each with the instruction after
/// which it is: the stage's own declarations, and the ENVs of the stages it is built on (ARGs
/// do not carry over), from the start.
fn stage_names<'a>(
    model: &crate::model::Model,
    in_stage: &[Vec<&'a crate::model::VarDecl>],
    stage: usize,
) -> Vec<(usize, &'a str)> {
    let own = in_stage.get(stage).map_or(&[][..], Vec::as_slice);
    let mut names: Vec<(usize, &str)> = own
        .iter()
        .map(|d| (d.instruction + 1, d.name.as_str()))
        .collect();
    let mut s = stage;
    for _ in 0..model.stages.len() {
        let Some(Base::Stage(b)) = model.stages.get(s).map(|st| &st.base) else {
            break;
        };
        s = *b;
        let inherited = in_stage.get(s).map_or(&[][..], Vec::as_slice);
        names.extend(
            inherited
                .iter()
                .filter(|d| d.kind == VarKind::Env)
                .map(|d| (0, d.name.as_str())),
        );
    }
    names
}

/// The names within typo distance of `name` (at most 2 edits, so only names within 2
/// characters of its length are compared): each with its distance and the instruction from
/// which it is visible (the earliest, for a name declared twice), closest first, then by name.
fn close_names<'a>(name: &str, names: Vec<(usize, &'a str)>) -> Vec<(usize, usize, &'a str)> {
    let len = name.chars().count();
    let mut all: Vec<(&'a str, usize)> = names
        .into_iter()
        .filter(|(_, c)| *c != name && c.chars().count().abs_diff(len) <= 2)
        .map(|(at, c)| (c, at))
        .collect();
    all.sort_unstable();
    all.dedup_by_key(|(c, _)| *c);
    let mut found: Vec<(usize, usize, &'a str)> = Vec::new();
    let lower = name.to_lowercase();
    let limit = (len / 3).clamp(1, 2);
    for (c, at) in all {
        if let Some(d) = crate::names::distance_within(&lower, &c.to_lowercase(), limit) {
            found.push((d, at, c));
        }
    }
    found.sort_by_key(|(d, _, _)| *d);
    found
}

/// Whether stage `s` is built, through its base stages, on `scratch`.
fn root_is_scratch(analysis: &Analysis, mut s: usize) -> bool {
    let stages = &analysis.model().stages;
    for _ in 0..=stages.len() {
        match stages.get(s).map(|st| &st.base) {
            Some(Base::Scratch) => return true,
            Some(Base::Stage(b)) => s = *b,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn typos_and_scratch() {
        check_rule(
            "UndefinedVar",
            "ARG GLOBAL=1\nFROM alpine AS a\nARG APP_VERSION=1\nENV V=$APP_VERISON P=$PATH D=${NOPE:-x} G=$GLOBAL\nRUN echo $APP_VERISON\nFROM scratch\nCOPY a $DEST\nENV H=$HTTP_PROXY\nENV PATH=/app/bin:$PATH\n",
            &[
                "4:8-4:19 Usage of undefined variable '$APP_VERISON' (did you mean $APP_VERSION?)",
                "4:44-4:50 Usage of undefined variable '$GLOBAL': the global ARG GLOBAL is not visible in a stage until the stage declares `ARG GLOBAL`",
                "7:9-7:13 Usage of undefined variable '$DEST'",
            ],
        );
    }

    #[test]
    fn suggestions_come_from_the_stage_environment() {
        check_rule(
            "UndefinedVar",
            "FROM alpine AS a\nARG ONLY_ARG=1\nENV APP_HOME=/a\nFROM a AS b\nWORKDIR $APP_HOMEE\nLABEL x=$ONLY_ARGG\nFROM alpine\nWORKDIR $APP_HOMEE\n",
            &["5:10-5:19 Usage of undefined variable '$APP_HOMEE' (did you mean $APP_HOME?)"],
        );
    }

    #[test]
    fn fix_declares_the_global_arg_in_the_stage() {
        check_fix(
            "UndefinedVar",
            "ARG VERSION=1\nFROM alpine:3\nLABEL v=$VERSION\n",
            "ARG VERSION=1\nFROM alpine:3\nARG VERSION\nLABEL v=$VERSION\n",
        );
    }

    #[test]
    fn declaring_a_global_arg_with_a_default_is_only_a_suggestion() {
        let applicability = |text: &str| {
            let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
            a.diagnostics()
                .into_iter()
                .find(|d| d.rule == "UndefinedVar")
                .and_then(|d| d.fixes.first().map(|f| f.applicability))
        };
        use crate::diagnostic::Applicability::{Safe, Suggested};
        // Declaring it changes the value from empty to 1: a person decides.
        assert_eq!(
            applicability("ARG V=1\nFROM alpine:3\nLABEL v=$V\n"),
            Some(Suggested)
        );
        assert_eq!(
            applicability("ARG V\nFROM alpine:3\nLABEL v=$V\n"),
            Some(Safe)
        );
    }

    #[test]
    fn fix_uses_the_suggestion() {
        check_fix(
            "UndefinedVar",
            "FROM alpine\nARG APP_VERSION=1\nLABEL v=${APP_VERISON}\n",
            "FROM alpine\nARG APP_VERSION=1\nLABEL v=${APP_VERSION}\n",
        );
    }
}
