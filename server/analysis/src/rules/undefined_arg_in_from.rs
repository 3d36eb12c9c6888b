//! `UndefinedArgInFrom`: FROM uses a variable that no global ARG declares.

use super::{Check, global_args};
use crate::diagnostic::Diagnostic;
use crate::model::{predefined, substitution};
use crate::syntax::Keyword;

declare_rule! {
    /// # UndefinedArgInFrom
    ///
    /// Reports `$NAME` in a `FROM` line when no `ARG NAME` comes before the first `FROM` and NAME is
    /// not one of BuildKit's automatic platform arguments.
    ///
    /// ## Why
    ///
    /// Only global ARGs (declared before the first `FROM`) are visible in `FROM` lines. An ARG
    /// declared inside a stage, or a typo, expands to an empty string, giving an invalid or
    /// unexpected base image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:${GO_VERSION}
    /// ARG GO_VERSION=1.22
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// ARG GO_VERSION=1.22
    /// FROM golang:${GO_VERSION}
    /// ```
    UndefinedArgInFrom {
        severity: Warning,
        buildkit_check: true,
        summary: "FROM uses a variable that no global ARG declares.",
    }
}

impl Check for UndefinedArgInFrom {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let parsed = analysis.parsed();
        let globals: Vec<&str> = global_args(analysis).map(|(name, _)| name).collect();
        for i in parsed
            .instructions
            .iter()
            .filter(|i| i.kind == Keyword::From)
        {
            let mut check =
                |text: &str, at: &dyn Fn(usize, usize) -> Option<crate::text::TextRange>| {
                    for u in substitution::find_uses(text, parsed.escape) {
                        let name = text.get(u.name_start..u.name_end).unwrap_or("");
                        let defaulted = u.modifier.is_some();
                        if globals.contains(&name) || predefined(name).is_some() || defaulted {
                            continue;
                        }
                        if let Some(range) = at(u.start, u.end) {
                            // As BuildKit: a near name among the global ARGs and the
                            // predefined ones.
                            let near = crate::names::suggest(
                                name,
                                globals.iter().copied().chain(
                                    crate::model::PREDEFINED_ARGS.iter().map(|p| p.name),
                                ),
                            );
                            let hint = near
                                .map(|n| format!(" (did you mean {n}?)"))
                                .unwrap_or_default();
                            out.push(Diagnostic::new(
                                &META,
                                range,
                                format!("FROM argument '{name}' is not declared{hint}"),
                            ));
                        }
                    }
                };
            if let Some(w) = i.args.first() {
                check(&w.text, &|s, e| Some(i.word_subrange(w, s, e)));
            }
            for f in &i.flags {
                if let Some(v) = &f.value {
                    check(v, &|s, e| i.flag_value_subrange(f, s, e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn undeclared_variables_in_from() {
        check_rule(
            "UndefinedArgInFrom",
            "ARG V=1\nFROM golang:${V}-${FLAVOR}\nFROM --platform=$BUILDPLATFORM x:${T:-latest}\nARG LATE=1\nFROM y:$LATE\n",
            &[
                "2:18-2:27 FROM argument 'FLAVOR' is not declared",
                "5:8-5:13 FROM argument 'LATE' is not declared",
            ],
        );
    }
}
