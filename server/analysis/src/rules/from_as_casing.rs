//! `FromAsCasing`: `FROM` and `AS` are written in different cases.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # FromAsCasing
    ///
    /// Reports `FROM … as name` (or `from … AS name`): the two keywords of a stage declaration
    /// should be written in the same case.
    ///
    /// ## Why
    ///
    /// Consistent casing keeps stage declarations easy to scan and search for; BuildKit reports the
    /// mismatch as a build check.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang as build
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang AS build
    /// ```
    FromAsCasing {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "The `FROM` and `AS` keywords of a stage are not in the same case.",
    }
}

fn is_upper(s: &str) -> bool {
    s == s.to_uppercase()
}

impl Check for FromAsCasing {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            if i.kind != Keyword::From || i.args.len() != 3 {
                continue;
            }
            let Some(as_word) = i.args.get(1).filter(|w| w.text.eq_ignore_ascii_case("as")) else {
                continue;
            };
            if is_upper(&i.keyword) != is_upper(&as_word.text) {
                let want = if is_upper(&i.keyword) { "AS" } else { "as" };
                out.push(
                    Diagnostic::new(
                        &META,
                        as_word.range,
                        format!(
                            "'{}' and '{}' keywords' casing do not match",
                            as_word.text, i.keyword
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Change to `{want}`"),
                        vec![TextEdit::replace(as_word.range, want)],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_matches_the_from_keyword() {
        check_fix("FromAsCasing", "FROM a as b\n", "FROM a AS b\n");
        check_fix("FromAsCasing", "from a AS b\n", "from a as b\n");
    }

    #[test]
    fn mismatched_keywords() {
        check_rule(
            "FromAsCasing",
            "FROM a as b\nfrom c AS d\nFROM e AS f\nfrom g as h\n",
            &[
                "1:8-1:10 'as' and 'FROM' keywords' casing do not match",
                "2:8-2:10 'AS' and 'from' keywords' casing do not match",
            ],
        );
    }
}
