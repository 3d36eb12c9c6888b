//! Editor features of an ignore file: hover on a pattern (what it does, what it matches in the
//! context), the context's totals (code lens), completion of paths and usual patterns,
//! semantic tokens, folding of comment blocks and formatting. Pure: byte offsets in, plain
//! values out.

use super::{Evaluation, IgnoreFile, Listing, Pattern, human_bytes, human_count};
use crate::ide::tokens::{Token, TokenType};
use crate::text::{TextEdit, TextRange};

/// The context as the editor features see it.
#[derive(Clone, Copy)]
pub enum ContextState<'a> {
    /// Not known (no file on disk, or no directory to walk).
    Unknown,
    /// Being counted right now.
    Counting,
    /// Counted (perhaps stopped at a limit: `Listing::stopped`).
    Counted(&'a Listing, &'a Evaluation),
}

/// The one-line summary of the context: `sends 1,204 files (38.1 MB); ignores 9,310 files
/// (512.0 MB)`, or what stands in its place.
#[must_use]
pub fn summary(state: ContextState<'_>) -> String {
    match state {
        ContextState::Unknown => "build context not known".to_owned(),
        ContextState::Counting => "counting the build context…".to_owned(),
        ContextState::Counted(listing, e) => {
            let plural = |n: u64| if n == 1 { "file" } else { "files" };
            let mut s = format!(
                "sends {} {} ({}); ignores {} {} ({})",
                human_count(e.sent_files),
                plural(e.sent_files),
                human_bytes(e.sent_bytes),
                human_count(e.ignored_files),
                plural(e.ignored_files),
                human_bytes(e.ignored_bytes)
            );
            if let Some(why) = &listing.stopped {
                s.push_str(&format!(" — at least: {why}"));
            }
            s
        }
    }
}

/// What a pattern means, in words: how BuildKit matches it.
fn meaning(p: &Pattern) -> String {
    let c = p.cleaned.as_str();
    let (kind, _) = p.match_type();
    let verb = if p.exception {
        "Re-includes (sends again)"
    } else {
        "Leaves out"
    };
    let what = match kind {
        "exact" => format!("`{c}` and, if it is a directory, everything in it"),
        "prefix" => format!(
            "everything under `{}`",
            c.get(..c.len().saturating_sub(2)).unwrap_or(c)
        ),
        "suffix" if c == "**" => "everything".to_owned(),
        "suffix" => format!(
            "every path ending in `{}`, in any directory",
            c.get(2..).unwrap_or(c).trim_start_matches('/')
        ),
        "regexp" => format!(
            "paths matching `{c}` (`*` and `?` stay within one directory level, `**` crosses levels), and everything in a matching directory"
        ),
        _ => "nothing: BuildKit rejects the pattern".to_owned(),
    };
    let mut s = format!("{verb} {what}.");
    // The difference to .gitignore that bites most often.
    if !c.contains('/') && !c.starts_with("**") && kind != "invalid" {
        s.push_str(&format!(
            " Unlike `.gitignore`, it matches only at the top of the context: `**/{c}` matches in every directory."
        ));
    }
    s
}

/// Hover at `offset`: on a pattern, what it does and what it matches in the context; on a
/// comment or blank line of the first line, the context's totals.
#[must_use]
pub fn hover(
    file: &IgnoreFile,
    text: &str,
    offset: usize,
    state: ContextState<'_>,
) -> Option<(TextRange, String)> {
    let line_start = text
        .get(..offset)
        .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1));
    let line_end = text
        .get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| offset + i);
    let line = TextRange::new(line_start, line_end);
    let index = file
        .patterns
        .iter()
        .position(|p| p.range.start <= offset && offset <= p.range.end);
    let Some(i) = index else {
        return (line_start == 0).then(|| (line, format!("**Build context**: {}", summary(state))));
    };
    let p = file.patterns.get(i)?;
    let mut md = format!(
        "**`{}{}`** — {}",
        if p.exception { "!" } else { "" },
        p.cleaned,
        meaning(p)
    );
    if let Some(e) = &p.error {
        md.push_str(&format!("\n\nBuildKit rejects it: {e}. The build fails."));
        return Some((p.range, md));
    }
    match state {
        ContextState::Counted(listing, eval) => {
            let s = eval.patterns.get(i).cloned().unwrap_or_default();
            let at_least = if listing.stopped.is_some() {
                "at least "
            } else {
                ""
            };
            if s.matched == 0 && listing.any_matches(p) {
                // BuildKit never needed to ask it: the state was already what it would set.
                md.push_str(if p.exception {
                    "\n\nWhat it matches is not left out by the lines before it: it re-includes nothing."
                } else {
                    "\n\nWhat it matches is left out by the lines before it already."
                });
            } else if s.matched == 0 {
                md.push_str("\n\nMatches nothing in the build context.");
            } else if s.files == 0 && s.examples.is_empty() {
                md.push_str(&format!(
                    "\n\nMatches {at_least}{} entries, but a later line decides each of them.",
                    human_count(s.matched)
                ));
            } else {
                let verb = if p.exception {
                    "Re-includes"
                } else {
                    "Leaves out"
                };
                md.push_str(&format!(
                    "\n\n{verb} {at_least}{} {} ({}){}",
                    human_count(s.files),
                    if s.files == 1 { "file" } else { "files" },
                    human_bytes(s.bytes),
                    if s.examples.is_empty() {
                        ".".to_owned()
                    } else {
                        format!(
                            ", such as {}.",
                            s.examples
                                .iter()
                                .map(|e| format!("`{e}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ));
            }
        }
        ContextState::Counting => md.push_str("\n\nCounting the build context…"),
        ContextState::Unknown => {}
    }
    Some((p.range, md))
}

/// A completion proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What is inserted (replacing the word typed so far).
    pub label: String,
    /// Whether it is a directory of the context, a file of it, or a usual pattern.
    pub kind: ItemKind,
    /// A short note.
    pub detail: String,
    /// Sorts directories first, then files, then usual patterns.
    pub sort: String,
}

/// What a completion proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A directory of the context (ends in `/`).
    Folder,
    /// A file of the context.
    File,
    /// A pattern people usually want.
    Pattern,
}

/// Completion at `offset`: the entries of the context under the directory typed so far
/// (directories first, with a trailing `/`), then — at the start of a pattern — the usual
/// patterns for what the context holds. Also returns the range the proposals replace.
#[must_use]
pub fn complete(text: &str, offset: usize, listing: Option<&Listing>) -> (TextRange, Vec<Item>) {
    let line_start = text
        .get(..offset)
        .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1));
    let typed_full = text.get(line_start..offset).unwrap_or_default();
    if typed_full.starts_with('#') {
        return (TextRange::new(offset, offset), Vec::new());
    }
    let bang = typed_full.len() - typed_full.trim_start_matches([' ', '\t', '!']).len();
    let typed = typed_full.get(bang..).unwrap_or_default();
    let word_start = line_start + bang;
    let replace = TextRange::new(word_start, offset);
    let typed_clean = typed.trim_start_matches('/');
    let (dir, _) = typed_clean.rsplit_once('/').unwrap_or(("", typed_clean));
    let mut items = Vec::new();
    const MAX: usize = 200;
    if let Some(l) = listing {
        let depth = if dir.is_empty() {
            0
        } else {
            u32::try_from(dir.matches('/').count() + 1).unwrap_or(u32::MAX)
        };
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        for e in &l.entries {
            if e.depth != depth || !e.path.starts_with(prefix.as_str()) {
                continue;
            }
            let lead = if typed.starts_with('/') { "/" } else { "" };
            let (label, kind, sort) = if e.dir {
                (
                    format!("{lead}{}/", e.path),
                    ItemKind::Folder,
                    format!("0{}", e.path),
                )
            } else {
                (
                    format!("{lead}{}", e.path),
                    ItemKind::File,
                    format!("1{}", e.path),
                )
            };
            items.push(Item {
                label,
                kind,
                detail: if e.dir {
                    "directory".to_owned()
                } else {
                    human_bytes(e.size)
                },
                sort,
            });
            if items.len() >= MAX {
                break;
            }
        }
    }
    if dir.is_empty() && !typed.contains('/') {
        for (pattern, why) in usual_patterns(listing) {
            items.push(Item {
                label: pattern.to_owned(),
                kind: ItemKind::Pattern,
                detail: why.to_owned(),
                sort: format!("2{pattern}"),
            });
        }
    }
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    (replace, items)
}

/// Patterns most contexts want, and those for the ecosystems the context holds.
fn usual_patterns(listing: Option<&Listing>) -> Vec<(&'static str, &'static str)> {
    let has = |name: &str| {
        listing.is_some_and(|l| {
            l.entries
                .iter()
                .any(|e| e.path.rsplit('/').next() == Some(name))
        })
    };
    let mut out = vec![
        (".git", "the repository's history"),
        ("**/.env", "environment files with secrets"),
        ("**/*.pem", "keys and certificates"),
        ("**/.DS_Store", "macOS folder metadata"),
        (".vscode", "editor settings"),
        (".idea", "editor settings"),
        ("**/*.log", "logs"),
        (
            "Dockerfile*",
            "the Dockerfiles (not needed inside the image)",
        ),
        (".dockerignore", "this file"),
    ];
    if has("package.json") {
        out.extend([
            (
                "**/node_modules",
                "npm dependencies (installed in the image)",
            ),
            ("npm-debug.log*", "npm logs"),
            ("coverage", "test coverage output"),
            ("dist", "build output"),
        ]);
    }
    if has("Cargo.toml") {
        out.push(("target", "Cargo's build output"));
    }
    if has("go.mod") {
        out.push((
            "vendor",
            "vendored Go modules (if the image downloads them)",
        ));
    }
    if has("pyproject.toml") || has("requirements.txt") || has("setup.py") {
        out.extend([
            ("**/__pycache__", "Python bytecode caches"),
            ("**/*.py[cod]", "compiled Python files"),
            (".venv", "a virtual environment"),
            (".pytest_cache", "test caches"),
        ]);
    }
    if has("pom.xml") {
        out.push(("target", "Maven's build output"));
    }
    if has("build.gradle") || has("build.gradle.kts") {
        out.extend([
            ("build", "Gradle's build output"),
            (".gradle", "Gradle's caches"),
        ]);
    }
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// Semantic tokens: comments, the `!` of exceptions, and wildcards (`*`, `**`, `?`, `[…]`).
#[must_use]
pub fn tokens(text: &str, file: &IgnoreFile) -> Vec<Token> {
    let mut out = Vec::new();
    let mut comments = file.comments.iter().peekable();
    for p in &file.patterns {
        while let Some(c) = comments.next_if(|c| c.start < p.range.start) {
            out.push(Token {
                range: *c,
                kind: comment_kind(text, *c),
                modifiers: 0,
            });
        }
        let s = text.get(p.range.start..p.range.end).unwrap_or_default();
        let mut i = 0;
        let bytes = s.as_bytes();
        if bytes.first() == Some(&b'!') {
            out.push(Token {
                range: TextRange::new(p.range.start, p.range.start + 1),
                kind: TokenType::Keyword,
                modifiers: 0,
            });
            i = 1;
        }
        while let Some(&b) = bytes.get(i) {
            let len = match b {
                b'\\' => {
                    i += 2;
                    continue;
                }
                b'*' => bytes
                    .get(i..)
                    .map_or(1, |r| r.iter().take_while(|&&c| c == b'*').count()),
                b'?' => 1,
                b'[' => bytes
                    .get(i..)
                    .and_then(|r| r.iter().position(|&c| c == b']'))
                    .map_or(1, |k| k + 1),
                _ => 0,
            };
            if len == 0 {
                i += 1;
                continue;
            }
            out.push(Token {
                range: TextRange::new(p.range.start + i, p.range.start + i + len),
                kind: TokenType::Macro,
                modifiers: 0,
            });
            i += len;
        }
    }
    for c in comments {
        out.push(Token {
            range: *c,
            kind: comment_kind(text, *c),
            modifiers: 0,
        });
    }
    out
}

fn comment_kind(text: &str, c: TextRange) -> TokenType {
    let s = text.get(c.start..c.end).unwrap_or_default();
    if s.trim_start_matches('#')
        .trim_start()
        .starts_with("dockerfile-ls:")
    {
        TokenType::Macro
    } else {
        TokenType::Comment
    }
}

/// Blocks of two or more comment lines, as (first line, last line), 0-based.
#[must_use]
pub fn comment_folds(text: &str, file: &IgnoreFile) -> Vec<(usize, usize)> {
    let line_of = |offset: usize| text.get(..offset).map_or(0, |t| t.matches('\n').count());
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut block: Option<(usize, usize)> = None;
    for c in &file.comments {
        let l = line_of(c.start);
        block = match block {
            Some((a, b)) if b + 1 == l => Some((a, l)),
            Some((a, b)) => {
                if b > a {
                    out.push((a, b));
                }
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((a, b)) = block
        && b > a
    {
        out.push((a, b));
    }
    out
}

/// Formatting: trailing whitespace removed (BuildKit trims it anyway), runs of blank lines
/// made one, blank lines at the end removed, and a final newline. Leading whitespace stays:
/// it decides whether `#` starts a comment.
#[must_use]
pub fn format(text: &str) -> Vec<TextEdit> {
    let mut edits = Vec::new();
    let mut offset = 0;
    let mut blank_run = 0;
    let mut last_content_end = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let trimmed = body.trim_end_matches([' ', '\t']);
        if trimmed.is_empty() {
            blank_run += 1;
            if blank_run > 1 || start == 0 {
                edits.push(TextEdit {
                    range: TextRange::new(start, offset),
                    new_text: String::new(),
                });
            } else if !body.is_empty() {
                edits.push(TextEdit {
                    range: TextRange::new(start, start + body.len()),
                    new_text: String::new(),
                });
            }
            continue;
        }
        blank_run = 0;
        if trimmed.len() < body.len() {
            edits.push(TextEdit {
                range: TextRange::new(start + trimmed.len(), start + body.len()),
                new_text: String::new(),
            });
        }
        last_content_end = start + raw.len();
    }
    // Blank lines at the end go (an edit above may already cover some of them: merge).
    if blank_run > 0 && last_content_end < text.len() {
        edits.retain(|e| e.range.start < last_content_end);
        edits.push(TextEdit {
            range: TextRange::new(last_content_end, text.len()),
            new_text: String::new(),
        });
    }
    if !text.is_empty() && blank_run == 0 && !text.ends_with('\n') {
        edits.push(TextEdit {
            range: TextRange::new(text.len(), text.len()),
            new_text: "\n".to_owned(),
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ignorefile::context::listing_of;
    use crate::ignorefile::evaluate;

    fn apply(text: &str, mut edits: Vec<TextEdit>) -> String {
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut s = text.to_owned();
        for e in edits {
            s.replace_range(e.range.start..e.range.end, &e.new_text);
        }
        s
    }

    #[test]
    fn formatting_trims_and_collapses_only() {
        let text = "\n# deps  \nnode_modules   \n\n\n\n  # indented stays\n*.log\t\n\n\n";
        let out = apply(text, format(text));
        assert_eq!(out, "# deps\nnode_modules\n\n  # indented stays\n*.log\n");
        assert!(format(&out).is_empty(), "formatting is idempotent");
        assert_eq!(apply("a", format("a")), "a\n");
        assert!(format("").is_empty());
    }

    #[test]
    fn hover_says_what_a_pattern_does_in_the_context() {
        let text = "# deps\nnode_modules\n*.log\n!keep.log\n";
        let file = IgnoreFile::parse(text);
        let listing = listing_of(&[
            ("node_modules/", 0),
            ("node_modules/a.js", 2000),
            ("app.log", 10),
            ("keep.log", 5),
            ("src/", 0),
            ("src/x.log", 1),
        ]);
        let eval = evaluate(&file, &listing);
        let state = ContextState::Counted(&listing, &eval);
        let (_, md) = hover(&file, text, 9, state).unwrap_or_default();
        assert!(
            md.contains("Leaves out 1 file (2.0 kB), such as `node_modules/`."),
            "{md}"
        );
        assert!(md.contains("only at the top of the context"), "{md}");
        let (_, md) = hover(&file, text, 21, state).unwrap_or_default();
        assert!(
            md.contains("Leaves out 1 file (10 B), such as `app.log`"),
            "{md}"
        );
        let (_, md) = hover(&file, text, 28, state).unwrap_or_default();
        assert!(md.starts_with("**`!keep.log`** — Re-includes"), "{md}");
        let (_, md) = hover(&file, text, 1, state).unwrap_or_default();
        assert_eq!(
            md,
            "**Build context**: sends 2 files (6 B); ignores 2 files (2.0 kB)"
        );
    }

    #[test]
    fn completion_lists_directories_first_then_usual_patterns() {
        let listing = listing_of(&[
            ("package.json", 10),
            ("src/", 0),
            ("src/app/", 0),
            ("src/index.js", 3),
        ]);
        let (_, items) = complete("src/", 4, Some(&listing));
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["src/app/", "src/index.js"]);
        let (range, items) = complete("!", 1, Some(&listing));
        assert_eq!(range, TextRange::new(1, 1));
        assert!(
            items
                .iter()
                .any(|i| i.label == "src/" && i.kind == ItemKind::Folder)
        );
        assert!(items.iter().any(|i| i.label == "**/node_modules"));
        assert!(complete("# c", 3, Some(&listing)).1.is_empty());
    }

    #[test]
    fn tokens_and_folds() {
        let text = "# a\n# b\n!src/**/*.go\nx?[ab]\n";
        let file = IgnoreFile::parse(text);
        let t: Vec<(String, TokenType)> = tokens(text, &file)
            .iter()
            .map(|t| {
                (
                    text.get(t.range.start..t.range.end)
                        .unwrap_or_default()
                        .to_owned(),
                    t.kind,
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                ("# a".to_owned(), TokenType::Comment),
                ("# b".to_owned(), TokenType::Comment),
                ("!".to_owned(), TokenType::Keyword),
                ("**".to_owned(), TokenType::Macro),
                ("*".to_owned(), TokenType::Macro),
                ("?".to_owned(), TokenType::Macro),
                ("[ab]".to_owned(), TokenType::Macro),
            ]
        );
        assert_eq!(comment_folds(text, &file), [(0, 1)]);
    }
}
