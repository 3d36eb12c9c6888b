//! Edits to build files that carry a Dockerfile fix across: when an ARG becomes a build
//! secret, the Compose services and Bake targets that passed it as a build argument pass it
//! as a secret instead. The edits are minimal (the argument's line goes, the secret's lines
//! are added with the file's own indentation), keep comments and layout, and the result
//! reads back with the argument gone and the secret passed.

use super::{BuildFile, BuildFileKind};
use crate::text::{TextEdit, TextRange};

/// The start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// One past the end of the line holding `offset` (its line break included).
fn line_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

/// The column (in bytes) of `offset`.
fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// The file's line break (`\r\n` when its first line ends so).
fn line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Inserts `lines` (each ending in `nl`) after the line where `range` ends, starting a new
/// line first when the file's last line has no line break.
fn insert_after(text: &str, range: TextRange, lines: &str, nl: &str) -> TextEdit {
    let at = line_end(text, range.end.saturating_sub(1).max(range.start));
    let lead = if at == 0 || text.get(..at).is_some_and(|t| t.ends_with('\n')) {
        ""
    } else {
        nl
    };
    TextEdit::insert(at, format!("{lead}{lines}"))
}

/// Removes `range` (an item of a mapping or a list): its whole lines when nothing else is
/// on them, else the item and the separator after (or before) it.
fn remove_item(text: &str, range: TextRange) -> TextEdit {
    let (ls, le) = (
        line_start(text, range.start),
        line_end(text, range.end.saturating_sub(1).max(range.start)),
    );
    let before = text.get(ls..range.start).unwrap_or_default();
    let after = text.get(range.end..le).unwrap_or_default();
    let alone = before.trim().is_empty() || before.trim() == "-";
    if alone && (after.trim().is_empty() || after.trim_start().starts_with('#')) {
        return TextEdit::delete(TextRange::new(ls, le));
    }
    // In a flow collection: the item and the comma after it, else the comma before it.
    let rest = text.get(range.end..).unwrap_or_default();
    let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if rest.get(trailing..).is_some_and(|r| r.starts_with(',')) {
        let after_comma = rest.get(trailing + 1..).unwrap_or_default();
        let spaces = after_comma.len() - after_comma.trim_start_matches([' ', '\t']).len();
        return TextEdit::delete(TextRange::new(
            range.start,
            range.end + trailing + 1 + spaces,
        ));
    }
    let head = text.get(..range.start).unwrap_or_default();
    let trimmed = head.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(',') {
        Some(h) => TextEdit::delete(TextRange::new(
            h.trim_end_matches([' ', '\t']).len(),
            range.end,
        )),
        None => TextEdit::delete(range),
    }
}

/// The edits that make entry `entry` of a build file pass the build argument `name` as the
/// secret `id` read from the environment variable `name` instead (Compose: the service's
/// `build.secrets` and a top-level `secrets:` entry with `environment: NAME`; Bake: a
/// `secret = ["id=…,env=NAME"]`). With `keep_secret` false, the argument is only removed (no
/// RUN reads it any more). None when the entry does not pass it, or the change cannot be
/// made safely (the argument comes from an inherited Bake target, a `build:` string).
#[must_use]
pub fn arg_to_secret(
    file: &BuildFile,
    text: &str,
    entry: usize,
    name: &str,
    id: &str,
    keep_secret: bool,
) -> Option<Vec<TextEdit>> {
    let e = file.entries.get(entry)?;
    let arg = e
        .args
        .iter()
        .find(|a| a.name.text == name && !a.name.dynamic)?;
    if !e.range.touches(arg.range.start) {
        return None;
    }
    let nl = line_break(text);
    let mut edits = Vec::new();
    // The argument goes; when it was the only one, `args` goes with it.
    let only_one = e
        .args_block
        .filter(|b| e.args.iter().filter(|a| b.touches(a.range.start)).count() == 1);
    edits.push(remove_item(text, only_one.unwrap_or(arg.range)));
    if !keep_secret || e.secrets.iter().any(|s| s.id.text == id) {
        return Some(edits);
    }
    match file.kind {
        BuildFileKind::Compose => {
            // The build must be a mapping (not `build: ./dir`) to hold secrets.
            if e.context
                .as_ref()
                .is_some_and(|c| c.range.start == e.range.start)
            {
                return None;
            }
            let key_indent = " ".repeat(column(text, e.range.start));
            match e.secrets_block {
                Some(block) => {
                    let src = text.get(block.start..block.end).unwrap_or_default();
                    if let Some(close) = src.rfind(']') {
                        // `secrets: [a, b]`.
                        let inner = src.get(..close).unwrap_or_default().trim_end();
                        let sep = if inner.ends_with('[') { "" } else { ", " };
                        edits.push(TextEdit::insert(
                            block.start + inner.len(),
                            format!("{sep}{id}"),
                        ));
                    } else {
                        let item_indent = e.secrets.first().map_or_else(
                            || format!("{key_indent}  "),
                            |s| " ".repeat(column(text, s.range.start)),
                        );
                        edits.push(insert_after(
                            text,
                            block,
                            &format!("{item_indent}- {id}{nl}"),
                            nl,
                        ));
                    }
                }
                None => {
                    edits.push(insert_after(
                        text,
                        e.range,
                        &format!("{key_indent}secrets:{nl}{key_indent}  - {id}{nl}"),
                        nl,
                    ));
                }
            }
            if !file.secrets.iter().any(|s| s.name.text == id) {
                match file.secrets_block {
                    Some(block) => {
                        let indent = file.secrets.first().map_or_else(
                            || "  ".to_owned(),
                            |s| " ".repeat(column(text, s.range.start)),
                        );
                        edits.push(insert_after(
                            text,
                            block,
                            &format!("{indent}{id}:{nl}{indent}  environment: {name}{nl}"),
                            nl,
                        ));
                    }
                    None => {
                        let end = TextRange::empty(text.len());
                        edits.push(insert_after(
                            text,
                            end,
                            &format!("secrets:{nl}  {id}:{nl}    environment: {name}{nl}"),
                            nl,
                        ));
                    }
                }
            }
        }
        BuildFileKind::BakeHcl => {
            let spec = format!("\"id={id},env={name}\"");
            match e.secrets_block {
                Some(block) => {
                    let src = text.get(block.start..block.end).unwrap_or_default();
                    let close = src.rfind(']')?;
                    let inner = src.get(..close).unwrap_or_default().trim_end();
                    let sep = if inner.ends_with('[') {
                        ""
                    } else if inner.ends_with(',') {
                        " "
                    } else {
                        ", "
                    };
                    edits.push(TextEdit::insert(
                        block.start + inner.len(),
                        format!("{sep}{spec}"),
                    ));
                }
                None => {
                    let anchor = e.args_block.unwrap_or(arg.range);
                    let indent = " ".repeat(column(text, anchor.start));
                    edits.push(insert_after(
                        text,
                        anchor,
                        &format!("{indent}secret = [{spec}]{nl}"),
                        nl,
                    ));
                }
            }
        }
        _ => return None,
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builds::parse;

    fn apply(text: &str, mut edits: Vec<TextEdit>) -> String {
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_owned();
        for e in edits {
            out.replace_range(e.range.start..e.range.end, &e.new_text);
        }
        out
    }

    fn moved(kind: BuildFileKind, text: &str) -> String {
        let f = parse(kind, text);
        let edits = arg_to_secret(&f, text, 0, "NPM_TOKEN", "npm_token", true).unwrap();
        let out = apply(text, edits);
        // The result reads back: the argument gone, the secret passed.
        let back = parse(kind, &out);
        let e = &back.entries[0];
        assert!(!e.args.iter().any(|a| a.name.text == "NPM_TOKEN"), "{out}");
        assert!(e.secrets.iter().any(|s| s.id.text == "npm_token"), "{out}");
        if kind == BuildFileKind::Compose {
            assert!(
                back.secrets.iter().any(|s| s.name.text == "npm_token"),
                "{out}"
            );
        }
        out
    }

    #[test]
    fn compose_arguments_become_secrets() {
        let text = "services:\n  web:\n    build:\n      context: .\n      args:\n        VERSION: 1\n        NPM_TOKEN: ${NPM_TOKEN} # from CI\n    image: web\n";
        assert_eq!(
            moved(BuildFileKind::Compose, text),
            "services:\n  web:\n    build:\n      context: .\n      args:\n        VERSION: 1\n      secrets:\n        - npm_token\n    image: web\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n"
        );
        let text = "services:\n  web:\n    build:\n      args:\n        - NPM_TOKEN\n      secrets:\n        - sentry\nsecrets:\n  sentry:\n    file: ./sentry.txt\n";
        assert_eq!(
            moved(BuildFileKind::Compose, text),
            "services:\n  web:\n    build:\n      secrets:\n        - sentry\n        - npm_token\nsecrets:\n  sentry:\n    file: ./sentry.txt\n  npm_token:\n    environment: NPM_TOKEN\n"
        );
        let text = "services:\n  web:\n    build: {context: ., args: {A: 1, NPM_TOKEN: x}, secrets: [s]}\n";
        assert_eq!(
            moved(BuildFileKind::Compose, text),
            "services:\n  web:\n    build: {context: ., args: {A: 1}, secrets: [s, npm_token]}\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n"
        );
    }

    #[test]
    fn bake_arguments_become_secrets() {
        let text = "target \"app\" {\n  context = \".\"\n  args = {\n    VERSION = \"1\"\n    NPM_TOKEN = \"x\"\n  }\n}\n";
        assert_eq!(
            moved(BuildFileKind::BakeHcl, text),
            "target \"app\" {\n  context = \".\"\n  args = {\n    VERSION = \"1\"\n  }\n  secret = [\"id=npm_token,env=NPM_TOKEN\"]\n}\n"
        );
        let text =
            "target \"app\" {\n  args = { NPM_TOKEN = \"x\" }\n  secret = [\"id=s,src=f\"]\n}\n";
        assert_eq!(
            moved(BuildFileKind::BakeHcl, text),
            "target \"app\" {\n  secret = [\"id=s,src=f\", \"id=npm_token,env=NPM_TOKEN\"]\n}\n"
        );
    }

    #[test]
    fn only_removed_when_nothing_reads_it() {
        let text =
            "services:\n  web:\n    build:\n      args:\n        NPM_TOKEN: x\n        B: 2\n";
        let f = parse(BuildFileKind::Compose, text);
        let edits = arg_to_secret(&f, text, 0, "NPM_TOKEN", "npm_token", false).unwrap();
        assert_eq!(
            apply(text, edits),
            "services:\n  web:\n    build:\n      args:\n        B: 2\n"
        );
        assert!(arg_to_secret(&f, text, 0, "OTHER", "other", true).is_none());
    }
}
