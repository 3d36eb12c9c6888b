//! BuildKit's own pattern tests (moby/patternmatcher, and what moby/buildkit and fsutil send of
//! a context), as a table in
//! `tests/data/patternmatcher.tsv`: every row through our ignore-file reader and matcher, both
//! ways BuildKit matches (each path with its parents, and walking down from the top).

use dockerfile_analysis::ignorefile::{Entry, IgnoreFile, Listing, evaluate};

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
}

#[test]
fn buildkit_pattern_table() {
    let table = include_str!("data/patternmatcher.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        cases += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let at = format!("line {}: {line:?}", n + 1);
        match cols.as_slice() {
            ["match", expect, path, patterns] => {
                let patterns: Vec<&str> = if patterns.is_empty() {
                    Vec::new()
                } else {
                    patterns.split(" ;; ").collect()
                };
                let file = IgnoreFile::parse(&patterns.join("\n"));
                let got = if file.first_error().is_some() {
                    "error".to_owned()
                } else {
                    file.excludes(path).0.to_string()
                };
                if got != *expect {
                    failures.push(format!("{at}: with parents gave {got}"));
                }
                // Walking down from the top, as fsutil sends a context.
                let clean = !path.starts_with(['/', '.']) && !path.ends_with('/');
                if got != "error" && clean {
                    let mut info = None;
                    let mut prefix = String::new();
                    let mut walked = false;
                    for seg in path.split('/') {
                        if !prefix.is_empty() {
                            prefix.push('/');
                        }
                        prefix.push_str(seg);
                        let (m, _, i) = file.matches_walking(&prefix, info.as_ref());
                        walked = m;
                        info = Some(i);
                    }
                    if walked.to_string() != *expect {
                        failures.push(format!("{at}: walking gave {walked}"));
                    }
                }
            }
            ["compile", pattern, kind, rest @ ..] => {
                let file = IgnoreFile::parse(pattern);
                let Some(p) = file.patterns.first() else {
                    failures.push(format!("{at}: no pattern read"));
                    continue;
                };
                let (k, re) = p.match_type();
                let want_re = rest.first().copied();
                if k != *kind || (want_re.is_some() && re != want_re) {
                    failures.push(format!("{at}: compiled to {k} {re:?}"));
                }
            }
            ["read", text, expect] => {
                let file = IgnoreFile::parse(&unescape(text));
                let got: Vec<String> = file
                    .patterns
                    .iter()
                    .map(|p| format!("{}{}", if p.exception { "!" } else { "" }, p.cleaned))
                    .collect();
                let want: Vec<&str> = expect.split(" ;; ").collect();
                if got != want {
                    failures.push(format!("{at}: read {got:?}"));
                }
            }
            ["context", sent, entries, patterns] => {
                let mut listing = Listing {
                    entries: entries
                        .split(',')
                        .map(|e| {
                            let path = e.trim_end_matches('/');
                            let depth = u32::try_from(path.matches('/').count()).unwrap();
                            Entry::new(path, e.ends_with('/'), 1, depth)
                        })
                        .collect(),
                    ..Listing::default()
                };
                listing.finish();
                let file =
                    IgnoreFile::parse(&patterns.split(" ;; ").collect::<Vec<_>>().join("\n"));
                let e = evaluate(&file, &listing);
                let got: Vec<&str> = listing
                    .entries
                    .iter()
                    .zip(&e.excluded)
                    .filter(|(en, ex)| !en.dir && !**ex)
                    .map(|(en, _)| &*en.path)
                    .collect();
                let want: Vec<&str> = if *sent == "-" {
                    Vec::new()
                } else {
                    sent.split(',').collect()
                };
                if got != want {
                    failures.push(format!("{at}: sends {got:?}"));
                }
            }
            _ => failures.push(format!("{at}: not a row of the table")),
        }
    }
    assert!(cases >= 164, "only {cases} cases read");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("patternmatcher table: {cases} cases, all pass");
}
