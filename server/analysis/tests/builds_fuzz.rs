//! Stable fuzzing of the build-file layer: Compose, Bake (HCL and JSON), workflow, GitLab CI,
//! Makefile and dev container texts built from real-world lines, cut anywhere and mutated (indentation,
//! quotes, anchors, braces, tabs, CR line breaks, arbitrary characters), read, checked
//! against a Dockerfile and asked for every editor feature at many offsets. Properties:
//! - nothing panics;
//! - every range (entries, values, findings, fixes, edits) lies inside the text on
//!   character boundaries;
//! - the secret fix's edits do not overlap, and the file they make reads back without the
//!   argument.
//!
//! `DOCKERFILE_LS_FUZZ_CASES` sets the number of cases (default 300), as in `fuzz.rs`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::print_stderr)]

use dockerfile_analysis::builds::{self, BuildCheck, BuildFileKind, Resolved, edits, ide};
use dockerfile_analysis::{Analysis, BuildConfig, RuleSettings, TextRange};
use proptest::prelude::*;

const DOCKERFILE: &str = "ARG BASE=alpine\nFROM $BASE AS deps\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM deps AS test\nRUN --mount=type=secret,id=gh,required=true x\nFROM deps\nARG VERSION\n";

const COMPOSE: &[&str] = &[
    "services:",
    "  web:",
    "    build:",
    "      context: .",
    "      context: ../app",
    "      dockerfile: Dockerfile",
    "      dockerfile_inline: |",
    "        FROM alpine",
    "      target: test",
    "      target: ${TARGET:-test}",
    "      args:",
    "        VERSION: \"1.0\"",
    "        NPM_TOKEN: ${NPM_TOKEN}",
    "        - VERSION=2",
    "        - NPM_TOKEN",
    "      secrets:",
    "        - gh",
    "        - source: gh",
    "          target: token",
    "    build: ./dir",
    "    build: {context: ., args: {A: 1, NPM_TOKEN: x}, secrets: [s]}",
    "x-base: &base",
    "    build: *base",
    "      <<: *base",
    "secrets:",
    "  gh:",
    "    environment: GH_TOKEN",
    "include:",
    "  - other/compose.yaml",
    "  - path: [a.yml, b.yml]",
    "# comment",
    "",
];

const BAKE: &[&str] = &[
    "variable \"TAG\" { default = \"latest\" }",
    "group \"default\" { targets = [\"app\", \"test\"] }",
    "target \"app\" {",
    "target \"_common\" {",
    "  inherits = [\"_common\", \"app\"]",
    "  context = \".\"",
    "  dockerfile = \"Dockerfile\"",
    "  target = \"test\"",
    "  target = \"t-${TAG}\"",
    "  args = {",
    "    VERSION = \"1\"",
    "    \"NPM_TOKEN\" = \"${TAG}\"",
    "  }",
    "  args = { NPM_TOKEN = \"x\", B = 2 }",
    "  secret = [\"id=gh,env=GH_TOKEN\", \"type=file,src=./x\"]",
    "}",
    "{\"target\": {\"app\": {\"target\": \"test\", \"args\": {\"NPM_TOKEN\": \"x\"}}}}",
    "# comment",
    "",
];

const DEV_CONTAINER: &[&str] = &[
    "// For format details, see https://aka.ms/devcontainer.json.",
    "{",
    "\t\"name\": \"Go // tools\",",
    "\t\"build\": {",
    "\t\t\"dockerfile\": \"../Dockerfile\", /* the image */",
    "\t\t\"context\": \"..\",",
    "\t\t\"target\": \"test\",",
    "\t\t\"args\": { \"NPM_TOKEN\": \"${localEnv:NPM_TOKEN}\", \"VERSION\": \"1\", },",
    "\t},",
    "\t\"dockerFile\": \"Dockerfile\",",
    "\t/* \"image\": \"mcr.microsoft.com/devcontainers/base\" */",
    "\t\"remoteUser\": \"vscode\",",
    "}",
];

const CI: &[&str] = &[
    "jobs:",
    "  lint:",
    "    steps:",
    "      - run: docker build --target test -f Dockerfile .",
    "      - run: |",
    "          docker buildx build \\",
    "            --build-arg NPM_TOKEN=$T --secret id=gh,env=GH .",
    "      - uses: docker/build-push-action@v6",
    "        with:",
    "          target: test",
    "          build-args: |",
    "            VERSION=1",
    "build:",
    "  script:",
    "    - podman build --target=test .",
    "test:",
    "\t@docker build --target test $(CTX)",
    "\t-buildah bud -f Dockerfile \\",
    "\t  --target x .",
    "",
];

fn kinds() -> [BuildFileKind; 7] {
    [
        BuildFileKind::Compose,
        BuildFileKind::BakeHcl,
        BuildFileKind::BakeJson,
        BuildFileKind::GithubWorkflow,
        BuildFileKind::GitlabCi,
        BuildFileKind::Makefile,
        BuildFileKind::DevContainer,
    ]
}

fn inside(text: &str, r: TextRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fn one(text: &str, dockerfile: &Analysis) {
    for kind in kinds() {
        let file = builds::parse(kind, text);
        for e in &file.entries {
            let mut ranges = vec![e.range, e.name.range];
            ranges.extend(
                [&e.context, &e.dockerfile, &e.target, &e.inline]
                    .into_iter()
                    .flatten()
                    .map(|s| s.range),
            );
            for a in &e.args {
                ranges.extend([a.range, a.name.range]);
                ranges.extend(a.value.as_ref().map(|v| v.range));
            }
            ranges.extend(e.secrets.iter().flat_map(|s| [s.range, s.id.range]));
            ranges.extend(e.args_block);
            ranges.extend(e.secrets_block);
            for r in ranges {
                assert!(inside(text, r), "{kind:?}: range {r:?} outside {text:?}");
            }
            let _ = e.dockerfile_path(std::path::Path::new("/w/.github/workflows/ci.yml"));
            let _ = e.context_dir(std::path::Path::new("/w/compose.yaml"));
        }
        let cx = BuildCheck {
            file: &file,
            text,
            dockerfiles: file
                .entries
                .iter()
                .map(|_| Resolved::Dockerfile(dockerfile.clone()))
                .collect(),
            missing_contexts: file.entries.iter().map(|_| None).collect(),
        };
        let mut all = RuleSettings::default();
        all.select(["ALL"]).unwrap();
        for d in builds::check(&cx, &all) {
            assert!(
                inside(text, d.range),
                "{kind:?}: finding {d:?} outside {text:?}"
            );
            for f in &d.fixes {
                assert!(
                    f.edits.iter().all(|e| inside(text, e.range)),
                    "{kind:?}: {d:?}"
                );
            }
        }
        let step = (text.len() / 30).max(1);
        for offset in (0..=text.len()).step_by(step) {
            if let Some((i, symbol)) = ide::symbol_at(&file, offset) {
                let e = &file.entries[i];
                if let Some(r) = ide::definition(e, symbol, dockerfile) {
                    assert!(inside(&dockerfile.text().to_string(), r));
                }
                let _ = ide::hover(e, symbol, dockerfile);
            }
            if let Some(slot) = ide::slot_at(kind, text, offset) {
                let entry = ide::entry_near(&file, offset).and_then(|i| file.entries.get(i));
                for item in ide::complete(slot, entry, dockerfile) {
                    assert!(
                        inside(text, item.range),
                        "{kind:?}: completion {item:?} in {text:?}"
                    );
                }
            }
        }
        for (i, e) in file.entries.iter().enumerate() {
            for a in &e.args {
                for keep in [true, false] {
                    let Some(mut found) =
                        edits::arg_to_secret(&file, text, i, &a.name.text, "tok", keep)
                    else {
                        continue;
                    };
                    assert!(
                        found.iter().all(|x| inside(text, x.range)),
                        "{kind:?}: {found:?} in {text:?}"
                    );
                    found.sort_by_key(|x| (x.range.start, x.range.end));
                    for w in found.windows(2) {
                        assert!(
                            w[0].range.end <= w[1].range.start,
                            "{kind:?}: overlapping {found:?} in {text:?}"
                        );
                    }
                    let mut out = text.to_owned();
                    for x in found.iter().rev() {
                        out.replace_range(x.range.start..x.range.end, &x.new_text);
                    }
                    let _ = builds::parse(kind, &out);
                }
            }
        }
    }
}

/// A mutation of one line.
fn mutate(line: &str, how: u8, at: usize, ch: char) -> String {
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let (a, b) = line.split_at(at);
    match how % 8 {
        0 => line.to_owned(),
        1 => a.to_owned(),
        2 => format!("{a}{ch}{b}"),
        3 => format!("  {line}"),
        4 => line.trim_start().to_owned(),
        5 => format!("{line}\r"),
        6 => format!("\t{line}"),
        _ => format!("{a}\"{b}"),
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let pool: Vec<&'static str> = COMPOSE
        .iter()
        .chain(BAKE)
        .chain(CI)
        .chain(DEV_CONTAINER)
        .copied()
        .collect();
    let line = (0..pool.len(), any::<u8>(), any::<usize>(), any::<char>())
        .prop_map(move |(i, how, at, ch)| mutate(pool[i], how, at % 64, ch));
    (prop::collection::vec(line, 0..24), any::<usize>()).prop_map(|(lines, cut)| {
        let text = lines.join("\n");
        // Sometimes cut where the user is typing.
        let mut cut = if cut % 3 == 0 {
            cut % (text.len() + 1)
        } else {
            text.len()
        };
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_owned()
    })
}

fn cases() -> u32 {
    std::env::var("DOCKERFILE_LS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn build_files_never_break() {
    let dockerfile = Analysis::from_text(DOCKERFILE, &BuildConfig::default());
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_207),
        ..ProptestConfig::default()
    };
    let started = std::time::Instant::now();
    proptest!(config, |(text in text_strategy())| {
        one(&text, &dockerfile);
    });
    eprintln!(
        "build-file fuzzing: {} cases in {:.1?}",
        cases(),
        started.elapsed()
    );
    // The plain real-world texts too.
    for text in [
        COMPOSE.join("\n"),
        BAKE.join("\n"),
        CI.join("\n"),
        DEV_CONTAINER.join("\n"),
    ] {
        one(&text, &dockerfile);
    }
}
