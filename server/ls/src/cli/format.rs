//! `dockerfile-ls format [--check] [PATH ...]`: the editor's formatter on files. Without
//! `--check` it rewrites the files that change (the same careful writing as `check --fix`);
//! with it, it lists them and exits 1. Exit 2 when a file cannot be read or written.

use std::io::Write;
use std::process::ExitCode;

use dockerfile_analysis::fix::apply_edits;
use dockerfile_analysis::ide::format::{FormatOptions, Indent, format};
use dockerfile_analysis::{Analysis, BuildConfig};

use super::{FormatArgs, complain, read_source};

/// Runs `format`.
#[must_use]
pub fn run(args: &FormatArgs) -> ExitCode {
    let (files, mut errors) =
        super::check::files_to_check(&args.paths, super::check::Search::Dockerfiles);
    let options = FormatOptions {
        indent: match args.indent {
            Some(0) => Indent::Preserve,
            Some(n) => Indent::Relative(" ".repeat(n.min(16))),
            None => FormatOptions::default().indent,
        },
    };
    let mut changed = 0usize;
    let mut out = std::io::stdout().lock();
    for file in &files {
        let name = file.display().to_string();
        let text = match read_source(file) {
            Ok(t) => t,
            Err(e) => {
                errors.push((name, e));
                continue;
            }
        };
        let analysis = Analysis::from_text(&text, &BuildConfig::default());
        let (formatted, _) = apply_edits(&text, &format(&analysis, &options));
        if formatted == text {
            continue;
        }
        changed += 1;
        if args.check {
            let _ = writeln!(out, "would reformat {name}");
        } else if file.as_os_str() == "-" {
            let _ = write!(out, "{formatted}");
        } else if let Err(e) =
            crate::fsutil::replace_contents(file, text.as_bytes(), formatted.as_bytes())
        {
            errors.push((name, e));
        } else {
            complain(&name, "formatted");
        }
    }
    for (path, what) in &errors {
        complain(path, what);
    }
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if args.check && changed > 0 {
        let _ = writeln!(
            out,
            "{changed} file{} would be reformatted",
            if changed == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
