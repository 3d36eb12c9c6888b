//! `LegacyKeyValueFormat`: ENV or LABEL uses the legacy `key value` form.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;

declare_rule! {
    /// # LegacyKeyValueFormat
    ///
    /// Reports `ENV key value` and `LABEL key value`, the form without `=`.
    ///
    /// ## Why
    ///
    /// In the legacy form everything after the first space is the value, so `ENV A 1 B 2` sets `A`
    /// to `1 B 2`. The `key=value` form is unambiguous and sets several keys in one instruction.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ENV PATH /usr/local/bin:$PATH
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// ENV PATH=/usr/local/bin:$PATH
    /// ```
    LegacyKeyValueFormat {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "ENV or LABEL uses the legacy `key value` form.",
    }
}

impl Check for LegacyKeyValueFormat {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            if i.legacy_key_value
                && i.errors.is_empty()
                && let Some(range) = i.args_range
            {
                let k = i.kind.as_str();
                let mut d = Diagnostic::new(
                    &META,
                    range,
                    format!(
                        "\"{k} key=value\" should be used instead of legacy \"{k} key value\" format"
                    ),
                );
                if let (Some(key), value) = (i.args.first(), i.args.get(1)) {
                    let value = value.map_or("", |v| v.text.as_str());
                    // Quotes and escapes would need re-quoting, and a key holding a quote or
                    // a space BuildKit does not split on (U+00A0, U+2028, …) would not be
                    // one key after the rewrite: left to a human.
                    let awkward = |t: &str| {
                        t.contains(['"', '\'', '\\', analysis.parsed().escape])
                            || t.chars().any(|c| c.is_whitespace() && !c.is_ascii())
                    };
                    if !awkward(value) && !awkward(&key.text) {
                        let value = if value.is_empty() || value.contains(char::is_whitespace) {
                            format!("\"{value}\"")
                        } else {
                            value.to_owned()
                        };
                        d = d.with_fix(Fix::safe(
                            format!("Change to `{k} {}={value}`", key.text),
                            vec![TextEdit::replace(range, format!("{}={value}", key.text))],
                        ));
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn no_fix_where_the_rewrite_would_not_parse() {
        for text in [
            "FROM a\nENV A\u{a0}B c\n",
            "FROM a\nENV A\u{2028}B c\n",
            "FROM a\nLABEL \"maintainer Erik x\n",
        ] {
            let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
            for d in a
                .diagnostics()
                .iter()
                .filter(|d| d.rule == "LegacyKeyValueFormat")
            {
                assert!(d.fixes.is_empty(), "{text:?}: {:?}", d.fixes);
            }
        }
    }

    #[test]
    fn fix_writes_key_equals_value() {
        check_fix(
            "LegacyKeyValueFormat",
            "FROM a\nENV PATH /opt/bin:$PATH\n",
            "FROM a\nENV PATH=/opt/bin:$PATH\n",
        );
        check_fix(
            "LegacyKeyValueFormat",
            "FROM a\nLABEL desc  a long text\n",
            "FROM a\nLABEL desc=\"a long text\"\n",
        );
    }

    #[test]
    fn legacy_forms() {
        check_rule(
            "LegacyKeyValueFormat",
            "FROM a\nENV A 1 2\nENV B=1\nLABEL c \"d\"\n",
            &[
                "2:5-2:10 \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "4:7-4:12 \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
            ],
        );
    }
}
