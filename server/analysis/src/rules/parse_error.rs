//! `ParseError`: the Dockerfile does not parse the way BuildKit parses it.

use super::ReportsSyntaxErrors;

declare_rule! {
    /// # ParseError
    ///
    /// Reports what BuildKit's Dockerfile parser rejects: a duplicated or invalid parser directive,
    /// `ENV`/`LABEL` without a value, a JSON array holding something other than strings, an
    /// unterminated heredoc, a `FROM` with the wrong number of words, an instruction before the first
    /// `FROM`, and the other argument checks `docker build` makes before it runs anything.
    ///
    /// ## Why
    ///
    /// `docker build` stops at the first of these errors. Seeing all of them in the editor saves a
    /// build round trip for each one.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine
    /// ENV DEBUG
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine
    /// ENV DEBUG=1
    /// ```
    ///
    /// This rule only fires where BuildKit fails: Dockerfiles that build are never reported.
    ParseError {
        severity: Error,
        summary: "The Dockerfile is rejected by BuildKit's parser.",
    }
}

impl ReportsSyntaxErrors for ParseError {}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn reports_buildkit_parse_errors() {
        check_rule(
            "ParseError",
            "# escape=x\nFROM alpine AS\nENV DEBUG\nCMD [1]\nRUN <<EOF\necho\n",
            &[
                "1:10-1:11 invalid escape token 'x' does not match ` or \\",
                "2:6-2:15 FROM requires either one or three arguments: `FROM image` or `FROM image AS name`",
                "3:5-3:10 ENV must have two arguments: `ENV name=value` (or the legacy `ENV name value`)",
                "4:5-4:8 when using JSON array syntax, arrays must be comprised of strings only",
                "5:5-5:10 unterminated heredoc: no line `EOF` closes it before the end of the file",
            ],
        );
    }

    #[test]
    fn instructions_before_from() {
        check_rule(
            "ParseError",
            "ARG V=1\nRUN echo\nFROM alpine\n",
            &[
                "2:1-2:4 no build stage in current context: RUN must come after a FROM (only ARG may come before the first FROM)",
            ],
        );
    }
}
