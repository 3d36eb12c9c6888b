//! `InvalidDefinitionDescription` (off by default): the comment above a stage or build
//! argument does not start with its name.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # InvalidDefinitionDescription
    ///
    /// Off by default, as in BuildKit, where it is experimental: BuildKit's directive
    /// `# check=experimental=InvalidDefinitionDescription` turns it on (a `skip` list then does
    /// not apply to it), as do `--select InvalidDefinitionDescription` and the configuration. Reports a comment placed right above `FROM … AS <stage>` or
    /// `ARG <name>` whose first word is not that name.
    ///
    /// ## Why
    ///
    /// `docker buildx build --call=outline` and `--call=targets` show these comments as the
    /// descriptions of build arguments and targets, but only when they follow the
    /// `# <name> <description>` convention. Other comments directly above are taken as a
    /// description that does not match.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// # compile the app
    /// FROM golang:1.23 AS build
    /// # go version to use
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// # build compiles the app
    /// FROM golang:1.23 AS build
    /// # GO_VERSION is the Go version to use
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// or separate an unrelated comment with a blank line.
    ///
    /// ## How it matches
    ///
    /// As BuildKit: the text of the last comment line up to its first space must equal the stage
    /// name (lower-cased, as BuildKit stores it: `# Build …` above `AS Build` is reported) or one of
    /// the ARG's names (`ARG A B` accepts `# A …` or `# B …`, and the message then says
    /// `<arg_key>`). One difference, on purpose: a comment that is a tool's directive (`# check=…`,
    /// `# hadolint ignore=…`, `# syntax=…`) is not taken for a description.
    InvalidDefinitionDescription {
        severity: Warning,
        buildkit_check: true,
        default_off: true,
        summary: "The comment above a stage or ARG does not follow `# <name> <description>`.",
    }
}

impl Check for InvalidDefinitionDescription {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            let Some(comment) = i.comments.last() else {
                continue;
            };
            // Directive-like comments (check=…, hadolint …) are not descriptions.
            if comment.contains('=')
                || comment.starts_with("hadolint")
                || comment.starts_with("syntax")
            {
                continue;
            }
            // BuildKit: the comment's text up to its first space, compared exactly with the
            // stage name (which BuildKit lower-cases) or with one of the ARG's names.
            let first = comment.split(' ').next().unwrap_or_default();
            let (instruction, names): (&str, Vec<String>) = match i.kind {
                Keyword::From if i.args.len() == 3 => (
                    "FROM",
                    i.args
                        .get(2)
                        .map(|w| w.text.to_lowercase())
                        .into_iter()
                        .collect(),
                ),
                Keyword::Arg if !i.args.is_empty() => (
                    "ARG",
                    i.args
                        .iter()
                        .map(|w| w.text.split('=').next().unwrap_or_default().to_owned())
                        .collect(),
                ),
                _ => continue,
            };
            if names.iter().any(|n| n == first) {
                continue;
            }
            let example = match names.as_slice() {
                [one] => one.as_str(),
                _ => "<arg_key>",
            };
            let range = i.args_range.unwrap_or(i.keyword_range);
            out.push(Diagnostic::new(
                &META,
                range,
                format!(
                    "Comment for {instruction} should follow the format: `# {example} <description>`"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn off_by_default() {
        check_rule(
            "InvalidDefinitionDescription",
            "# compile\nFROM a AS build\n",
            &[],
        );
    }

    #[test]
    fn descriptions_must_start_with_the_name() {
        let a = crate::Analysis::from_text(
            "# compile the app\nFROM a AS build\n# GO_VERSION to use\nARG GO_VERSION=1\n# the mode\nARG MODE\n\nARG OTHER\n# Build it\nFROM b AS Build\n# build it\nFROM c AS Build2\n# a and b\nARG A B\n# B too\nARG A B\n",
            &crate::BuildConfig::default(),
        );
        let mut s = crate::RuleSettings::default();
        s.select(["InvalidDefinitionDescription"]).unwrap();
        let got: Vec<String> = a
            .diagnostics_with(&s)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            got,
            [
                "Comment for FROM should follow the format: `# build <description>`",
                "Comment for ARG should follow the format: `# MODE <description>`",
                "Comment for FROM should follow the format: `# build <description>`",
                "Comment for FROM should follow the format: `# build2 <description>`",
                "Comment for ARG should follow the format: `# <arg_key> <description>`",
            ]
        );
    }
}
