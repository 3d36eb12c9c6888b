//! The command line never harms a file or hangs: `--fix` through links, hard links,
//! read-only files and planted temporary names; FIFOs and devices where a Dockerfile or an
//! ignore file is expected; configuration discovery that stops at the repository root;
//! mistyped commands; byte-order marks.

#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    dockerfile_ls_tests::server_binary("debug")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dockerfile-ls-safety-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with stdin closed; fails the test if it takes more than 20 s (a hang).
fn run(args: &[&str], cwd: &Path) -> Output {
    let child = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = std::sync::Arc::clone(&done);
    let watchdog = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if watch.load(std::sync::atomic::Ordering::SeqCst) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-9", &pid]).status();
        true
    });
    let out = child.wait_with_output().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(!watchdog.join().unwrap(), "dockerfile-ls {args:?} hung");
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A Dockerfile with one safe fix (JSONArgsRecommended).
const FIXABLE: &str = "FROM alpine:3.22\nCMD echo hi\n";
const FIXED: &str = "FROM alpine:3.22\nCMD [\"echo\", \"hi\"]\n";

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn fix_follows_links_keeps_hard_links_and_permissions() {
    let dir = scratch("links");
    let real = dir.join("real.Dockerfile");
    std::fs::write(&real, FIXABLE).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("Dockerfile");
    symlink(&real, &link).unwrap();
    let o = run(&["check", "--fix", "Dockerfile"], &dir);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        FIXED,
        "the target is fixed"
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );

    let a = dir.join("a.Dockerfile");
    let b = dir.join("b.Dockerfile");
    std::fs::write(&a, FIXABLE).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let ino = std::fs::metadata(&a).unwrap().ino();
    let o = run(&["check", "--fix", "a.Dockerfile"], &dir);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&a).unwrap().ino(), ino, "the same file");
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        FIXED,
        "both names see the fix"
    );
}

#[test]
fn fix_refuses_read_only_files_and_ignores_planted_temporary_names() {
    let dir = scratch("readonly");
    let f = dir.join("Dockerfile");
    std::fs::write(&f, FIXABLE).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&["check", "--fix", "Dockerfile"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXABLE);
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();

    // A link planted where older releases put their temporary file is never written through.
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    for pid in 0..64 {
        let _ = symlink(
            &victim,
            dir.join(format!(".Dockerfile.dockerfile-ls-{pid}.tmp")),
        );
    }
    let o = run(&["check", "--fix", "Dockerfile"], &dir);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn fifos_and_devices_are_refused_not_read() {
    let dir = scratch("fifo");
    std::fs::create_dir_all(dir.join("svc")).unwrap();
    mkfifo(&dir.join("svc/Dockerfile"));
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.22\nCOPY . /app\n").unwrap();
    mkfifo(&dir.join(".dockerignore"));
    symlink("/dev/zero", dir.join("zero.Dockerfile")).unwrap();
    let o = run(&["check", "."], &dir);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("svc/Dockerfile: skipped: a FIFO (named pipe)"),
        "{err}"
    );
    assert!(
        err.contains("zero.Dockerfile: skipped: a character device"),
        "{err}"
    );
    let o = run(&["check", "svc/Dockerfile"], &dir);
    assert!(
        stderr(&o).contains("a FIFO (named pipe), not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn oversized_files_are_refused() {
    let dir = scratch("big");
    std::fs::write(dir.join("Dockerfile"), "# padding\n".repeat(2000)).unwrap();
    let o = Command::new(bin())
        .args(["check", "Dockerfile"])
        .current_dir(&dir)
        .env("DOCKERFILE_LS_MAX_FILE_BYTES", "1000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("larger than 1000 bytes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn configuration_is_not_looked_for_above_the_repository() {
    let dir = scratch("bounded");
    std::fs::write(
        dir.join(".dockerfile-ls.toml"),
        "[rules]\nJSONArgsRecommended = \"error\"\n",
    )
    .unwrap();
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("app")).unwrap();
    std::fs::write(repo.join("app/Dockerfile"), FIXABLE).unwrap();
    let o = run(&["check", "--format", "json", "app/Dockerfile"], &repo);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the file above the repository root was used: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    std::fs::write(
        repo.join(".dockerfile-ls.toml"),
        "[rules]\nJSONArgsRecommended = \"error\"\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "app/Dockerfile"], &repo);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the repository's own file applies"
    );
}

#[test]
fn mistyped_commands_are_usage_errors_not_lsp_sessions() {
    let dir = scratch("usage");
    let o = run(&["chekc", "x"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("check"), "{}", stderr(&o));
    let o = run(&["--bogus"], &dir);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--help"], &dir);
    assert!(String::from_utf8_lossy(&o.stdout).contains("serves the Language Server"));
    // `serve`, `--stdio` and `--clientProcessId=N` start a session (ended here by EOF).
    for args in [
        &["serve"][..],
        &["--stdio", "--clientProcessId=4"],
        &["lsp"],
    ] {
        let o = run(args, &dir);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_byte_order_mark_takes_no_column() {
    let dir = scratch("bom");
    std::fs::write(
        dir.join("Dockerfile"),
        "\u{feff}FROM alpine:3.22 AS Build\n",
    )
    .unwrap();
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "StageNameCasing",
            "Dockerfile",
        ],
        &dir,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["column"], 21, "{v}");
}

/// A small deterministic generator (xorshift), so that the CLI fuzz run is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn check_and_fix_on_random_files_exit_0_1_or_2_and_never_break_a_file() {
    const LINES: &[&str] = &[
        "FROM alpine:3.22 AS Build",
        "FROM REPLACE-ME",
        "ARG G=1",
        "ENV A B",
        "ENV A\u{a0}B c",
        "LABEL \"maintainer Erik x",
        "CMD npm start",
        "COPY --from=0 /a /b",
        "RUN apt-get install -y curl",
        "RUN echo $G",
        "MAINTAINER me",
        "EXPOSE 80/TCP",
        "RUN <<EOF",
        "EOF",
        "WORKDIR app \\",
        "",
    ];
    let dir = scratch("fuzz");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut originals = Vec::new();
    for n in 0..120 {
        let bytes: Vec<u8> = if n % 4 == 0 {
            (0..rng.below(300))
                .map(|_| (rng.next() & 0xff) as u8)
                .collect()
        } else {
            let mut s = String::new();
            for _ in 0..1 + rng.below(12) {
                s.push_str(LINES[rng.below(LINES.len())]);
                s.push_str(if rng.below(5) == 0 { "\r\n" } else { "\n" });
            }
            s.into_bytes()
        };
        let path = dir.join(format!("f{n}.Dockerfile"));
        std::fs::write(&path, &bytes).unwrap();
        originals.push((path, bytes));
    }
    let started = Instant::now();
    for args in [
        &["check", "--format", "json", "."][..],
        &["check", "--fix", "."],
    ] {
        let o = run(args, &dir);
        assert!(
            matches!(o.status.code(), Some(0..=2)),
            "{args:?}: {:?}",
            o.status
        );
    }
    let config = dockerfile_analysis::BuildConfig::default();
    let errors = |t: &str| {
        dockerfile_analysis::Analysis::from_text(t, &config)
            .parsed()
            .errors
            .len()
    };
    for (path, before) in &originals {
        let after = std::fs::read(path).unwrap();
        if &after == before {
            continue;
        }
        let (b, a) = (
            String::from_utf8_lossy(before),
            String::from_utf8_lossy(&after),
        );
        assert!(
            errors(&a) <= errors(&b),
            "--fix broke {}:\n{b:?}\n=>\n{a:?}",
            path.display()
        );
    }
    // Idempotent: a second --fix changes nothing.
    let snapshot: Vec<Vec<u8>> = originals
        .iter()
        .map(|(p, _)| std::fs::read(p).unwrap())
        .collect();
    let o = run(&["check", "--fix", "."], &dir);
    assert!(matches!(o.status.code(), Some(0..=2)));
    for ((path, _), before) in originals.iter().zip(&snapshot) {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            before,
            "second --fix changed {}",
            path.display()
        );
    }
    eprintln!(
        "cli fuzz: {} files, check + 2x --fix in {:.1} s",
        originals.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn format_checks_and_rewrites_files() {
    let dir = scratch("format");
    std::fs::write(dir.join("Dockerfile"), "from alpine:3.22\nrun echo hi  \n").unwrap();
    std::fs::write(dir.join("ok.Dockerfile"), "FROM alpine:3.22\n").unwrap();
    let o = run(&["format", "--check", "."], &dir);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("would reformat ./Dockerfile") && !out.contains("ok.Dockerfile"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        "from alpine:3.22\nrun echo hi  \n"
    );
    let o = run(&["format", "."], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        "FROM alpine:3.22\nRUN echo hi\n"
    );
    assert_eq!(
        run(&["format", "--check", "."], &dir).status.code(),
        Some(0)
    );
}

#[test]
fn graph_in_every_format() {
    let dir = scratch("graph");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM golang:1.25 AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /out /app\n",
    )
    .unwrap();
    let mermaid = run(&["graph", "Dockerfile"], &dir);
    assert_eq!(mermaid.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&mermaid.stdout).starts_with("flowchart LR"));
    let json = run(
        &[
            "graph",
            "Dockerfile",
            "--format",
            "json",
            "--target",
            "test",
        ],
        &dir,
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["target"], "test");
    assert!(
        run(&["graph", "Dockerfile", "--target", "nope"], &dir)
            .status
            .code()
            == Some(2)
    );
    let dot = run(&["graph", "Dockerfile", "--format", "dot"], &dir);
    assert!(
        String::from_utf8_lossy(&dot.stdout).contains("s0 -> s3")
            || String::from_utf8_lossy(&dot.stdout).contains("s0 -> s2")
    );
    // The SVG is well-formed XML with a box per stage.
    let svg = run(&["graph", "Dockerfile", "--format", "svg"], &dir);
    assert_eq!(svg.status.code(), Some(0));
    std::fs::write(dir.join("g.svg"), &svg.stdout).unwrap();
    let check = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom as m\nd = m.parse(sys.argv[1])\ndef text(n):\n    return n.data if n.nodeType == n.TEXT_NODE else ''.join(text(c) for c in n.childNodes)\nprint('|'.join(text(x) for x in d.getElementsByTagName('text')))",
        ])
        .arg(dir.join("g.svg"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "not well-formed: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let texts = String::from_utf8_lossy(&check.stdout).into_owned();
    for label in ["build", "test", "stage 2"] {
        assert_eq!(
            texts.split('|').filter(|t| t.trim() == label).count(),
            1,
            "{label} in {texts}"
        );
    }
}
