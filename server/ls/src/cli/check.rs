//! `dockerfile-ls check`: find Dockerfiles, analyse each, print findings, pick the exit status
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O error).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dockerfile_analysis::fix::fix_all;
use dockerfile_analysis::{Analysis, BuildConfig, Diagnostic, RuleSettings, Severity};

use crate::{config, workspace};

use super::render::{self, Finding};
use super::{CheckArgs, FailOn, complain, read_source};

/// Whether a file name is one we check when searching a directory.
#[must_use]
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || lower.ends_with(".dockerfile")
}

/// Whether a file is a build file `check` checks (Compose and Bake files).
fn is_checked_build_file(path: &Path) -> bool {
    dockerfile_analysis::builds::BuildFileKind::of(path).is_some_and(|k| k.is_checked())
}

/// Whether a file name is an ignore file's (`.dockerignore`, `<Dockerfile>.dockerignore`).
#[must_use]
pub fn is_ignore_file_name(name: &str) -> bool {
    name.ends_with(".dockerignore")
}

/// What a directory search collects besides Dockerfiles.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Search {
    /// Dockerfiles only (`format`).
    Dockerfiles,
    /// Dockerfiles, the Compose and Bake files and the ignore files (`check`).
    Everything,
}

/// Searches `dir` for Dockerfiles (and, for `check`, build and ignore files), skipping hidden
/// directories, `node_modules`, `target` and `vendor`, in a stable order.
pub(crate) fn discover(
    dir: &Path,
    search: Search,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<(String, String)>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((
                dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.')
                && !matches!(name.as_str(), "node_modules" | "target" | "vendor")
            {
                discover(&e.path(), search, out, errors);
            }
        } else if is_dockerfile_name(&name)
            || (search == Search::Everything
                && (is_checked_build_file(&e.path()) || is_ignore_file_name(&name)))
        {
            out.push(e.path());
        }
    }
}

/// The files named by `paths` (default `.`): directories searched, `-` for standard input,
/// anything else that exists kept (reading it says what is wrong with a FIFO or a device),
/// and an error for each path that does not exist.
pub(crate) fn files_to_check(
    paths: &[PathBuf],
    search: Search,
) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let roots = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    let mut errors: Vec<(String, String)> = Vec::new();
    for root in roots {
        if root.is_dir() {
            discover(&root, search, &mut files, &mut errors);
        } else if root.as_os_str() == "-" || std::fs::symlink_metadata(&root).is_ok() {
            // Whatever it is, reading it says what is wrong with it (a FIFO, a device …).
            files.push(root);
        } else {
            errors.push((
                root.display().to_string(),
                "no such file or directory".to_owned(),
            ));
        }
    }
    (files, errors)
}

/// A configuration error as `line N: message`.
fn located(e: &config::ConfigFileError) -> String {
    match e.line {
        Some(l) => format!("line {l}: {}", e.message),
        None => e.message.clone(),
    }
}

/// The rule settings of each directory: the nearest `.dockerfile-ls.toml` (or the one given
/// with `--config`, or none with `--no-config`) under the CLI's `--select`/`--ignore`. Each
/// file is read once.
struct SettingsCache {
    cli: RuleSettings,
    no_config: bool,
    explicit: Option<RuleSettings>,
    /// Where configuration files stop being looked for (the working directory).
    roots: Vec<PathBuf>,
    files: HashMap<PathBuf, Result<RuleSettings, config::ConfigFileError>>,
}

impl SettingsCache {
    fn new(args: &CheckArgs, cli: RuleSettings) -> SettingsCache {
        SettingsCache {
            cli,
            no_config: args.no_config,
            explicit: None,
            roots: std::env::current_dir().into_iter().collect(),
            files: HashMap::new(),
        }
    }

    fn explicit(&mut self, path: &Path) -> Result<(), config::ConfigFileError> {
        self.explicit = Some(config::load(path)?);
        Ok(())
    }

    fn for_dir(&mut self, dir: &Path) -> Result<RuleSettings, config::ConfigFileError> {
        let mut base = if let Some(e) = &self.explicit {
            e.clone()
        } else if self.no_config {
            RuleSettings::default()
        } else if let Some(path) = config::find(dir, &self.roots) {
            self.files
                .entry(path.clone())
                .or_insert_with(|| config::load(&path))
                .clone()?
        } else {
            RuleSettings::default()
        };
        base.overlay(&self.cli);
        Ok(base)
    }
}

/// Applies the safe fixes to `file`, whose text was `text` when read (analysed as
/// `analysis`): writes a temporary file beside it and renames it over the original, unless the
/// file changed meanwhile (see `fsutil::replace_contents` for what it guarantees). Reports what was fixed on stderr and returns the analysis of the
/// text the file now has.
fn apply_fixes(
    file: &Path,
    text: &str,
    analysis: &Analysis,
    config: &BuildConfig,
    rules: &RuleSettings,
) -> Result<Analysis, String> {
    let fixed = fix_all(analysis, config, rules);
    for (rule, title) in &fixed.rejected {
        complain(
            &file.display().to_string(),
            &format!("not fixed: {rule} ({title}) would make the file invalid"),
        );
    }
    if fixed.applied.is_empty() || fixed.text == text {
        return Ok(analysis.clone());
    }
    crate::fsutil::replace_contents(file, text.as_bytes(), fixed.text.as_bytes())?;
    let mut by_rule: Vec<&str> = fixed.applied.iter().map(|(r, _)| *r).collect();
    by_rule.sort_unstable();
    by_rule.dedup();
    complain(
        &file.display().to_string(),
        &format!(
            "fixed {} finding{} ({})",
            fixed.applied.len(),
            if fixed.applied.len() == 1 { "" } else { "s" },
            by_rule.join(", ")
        ),
    );
    Ok(fixed.analysis)
}

/// One file to check, with what it is checked with.
struct Job {
    file: PathBuf,
    name: String,
    rules: RuleSettings,
    config: BuildConfig,
}

/// Reads, (fixes) and analyses one file: its findings, or `(name, error)`.
fn check_one(job: &Job, fix: bool) -> Result<Vec<Finding>, (String, String)> {
    let text = read_source(&job.file).map_err(|e| (job.name.clone(), e))?;
    let mut analysis = Analysis::from_text(&text, &job.config);
    if fix {
        analysis = apply_fixes(&job.file, &text, &analysis, &job.config, &job.rules)
            .map_err(|e| (job.name.clone(), e))?;
    }
    let diags: Vec<Diagnostic> = analysis.diagnostics_with(&job.rules);
    Ok(diags
        .iter()
        .map(|d| Finding::new(&job.name, &analysis, d))
        .collect())
}

/// Checks a Compose or Bake file against the Dockerfiles it builds (read from disk).
fn check_build_file(
    file: &Path,
    rules: &RuleSettings,
    disk: &mut workspace::DiskDockerfiles,
) -> Result<(dockerfile_analysis::Rope, Vec<Diagnostic>), String> {
    use dockerfile_analysis::builds::{self, BuildCheck, BuildFileKind};
    let text = read_source(file)?;
    let kind = BuildFileKind::of(file).ok_or_else(|| "not a build file".to_owned())?;
    let parsed = builds::parse(kind, &text);
    let path = workspace::absolute(file);
    let (dockerfiles, missing_contexts) = workspace::resolve(&parsed, &path, &|_| None, disk);
    let cx = BuildCheck {
        file: &parsed,
        text: &text,
        dockerfiles,
        missing_contexts,
    };
    let found = builds::check(&cx, rules);
    Ok((dockerfile_analysis::Rope::from_str(&text), found))
}

/// Checks an ignore file: its context walked, the Dockerfiles built with it read from disk.
fn check_ignore_file(
    file: &Path,
    rules: &RuleSettings,
) -> Result<(dockerfile_analysis::Rope, Vec<Diagnostic>), String> {
    use dockerfile_analysis::ignorefile::check::{IgnoreCheck, UsingDockerfile, check};
    use dockerfile_analysis::ignorefile::{IgnoreFile, evaluate};
    let text = read_source(file)?;
    let path = workspace::absolute(file);
    let (context, own) = crate::context::context_of_ignore_file(&path);
    let listing = crate::context::walk(&context, &crate::context::WalkLimits::from_env());
    let parsed = IgnoreFile::parse(&text);
    let eval = evaluate(&parsed, &listing);
    let analyses: Vec<(String, Analysis)> =
        crate::context::dockerfiles_using(&context, own.as_deref(), Some(&listing))
            .into_iter()
            .filter_map(|p| {
                let t = read_source(&p).ok()?;
                let name = p
                    .strip_prefix(&context)
                    .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
                Some((name, Analysis::from_text(&t, &BuildConfig::default())))
            })
            .collect();
    let using: Vec<UsingDockerfile<'_>> = analyses
        .iter()
        .map(|(name, a)| UsingDockerfile {
            name: name.clone(),
            analysis: a,
        })
        .collect();
    let cx = IgnoreCheck {
        text: &text,
        file: &parsed,
        context: Some((&listing, &eval)),
        dockerfiles: &using,
    };
    let found = check(&cx, rules)
        .into_iter()
        .map(|f| f.diagnostic)
        .collect();
    Ok((dockerfile_analysis::Rope::from_str(&text), found))
}

/// Where `check` looks for build files: the repository holding the working directory (its
/// nearest ancestor with `.git`, else the working directory itself), and each directory
/// given that is outside it.
pub(crate) fn index_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let cwd = workspace::absolute(Path::new("."));
    let project = cwd
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map_or_else(|| cwd.clone(), Path::to_path_buf);
    let mut roots = vec![project];
    for p in paths {
        let p = workspace::absolute(p);
        let dir = if p.is_dir() {
            p
        } else {
            p.parent().map(Path::to_path_buf).unwrap_or(p)
        };
        if !roots.iter().any(|r| dir.starts_with(r)) {
            roots.push(dir);
        }
    }
    roots
}

fn threshold(f: FailOn) -> Severity {
    match f {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    }
}

/// Runs `check`.
#[must_use]
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut build_args = Vec::new();
    for a in &args.build_args {
        match a.split_once('=') {
            Some((k, v)) if !k.is_empty() => build_args.push((k.to_owned(), v.to_owned())),
            _ => {
                complain(a, "--build-arg expects KEY=VALUE");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(ctx) = &args.context
        && !ctx.is_dir()
    {
        complain(&ctx.display().to_string(), "--context is not a directory");
        return ExitCode::from(2);
    }
    let mut cli_settings = RuleSettings::default();
    if !args.select.is_empty()
        && let Err(e) = cli_settings.select(args.select.iter().map(String::as_str))
    {
        complain("--select", &e.to_string());
        return ExitCode::from(2);
    }
    if let Err(e) = cli_settings.ignore(args.ignore.iter().map(String::as_str)) {
        complain("--ignore", &e.to_string());
        return ExitCode::from(2);
    }
    let mut settings = SettingsCache::new(args, cli_settings);
    if let Some(path) = &args.config
        && let Err(e) = settings.explicit(path)
    {
        complain(&e.path.display().to_string(), &located(&e));
        return ExitCode::from(2);
    }
    let (files, mut errors) = files_to_check(&args.paths, Search::Everything);
    // Who builds each Dockerfile: the build files of the project (the repository holding
    // the working directory) and of the directories given.
    let index =
        workspace::BuildIndex::scan(&index_roots(&args.paths), workspace::Limits::default());
    let mut build_jobs: Vec<(PathBuf, String, RuleSettings)> = Vec::new();
    // First, in order: each file's settings and build context (configuration files are read
    // once per directory). Then the files are read and analysed on every core.
    let mut jobs: Vec<Job> = Vec::with_capacity(files.len());
    for file in &files {
        let is_stdin = file.as_os_str() == "-";
        let name = if is_stdin {
            "<stdin>".to_owned()
        } else {
            file.display().to_string()
        };
        let dir = if is_stdin {
            PathBuf::from(".")
        } else {
            file.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let rules = match settings.for_dir(&dir) {
            Ok(s) => s,
            Err(e) => {
                errors.push((e.path.display().to_string(), located(&e)));
                continue;
            }
        };
        if args.fix && is_stdin {
            errors.push((name, "--fix cannot rewrite standard input".to_owned()));
            continue;
        }
        if !is_stdin
            && (is_checked_build_file(file)
                || file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_ignore_file_name))
        {
            build_jobs.push((file.clone(), name, rules));
            continue;
        }
        let builders = if is_stdin {
            None
        } else {
            index.builders_of(&workspace::absolute(file))
        };
        // `--context`, else the context the project's build files use for it.
        let context = args
            .context
            .clone()
            .or_else(|| builders.as_deref().and_then(workspace::agreed_context));
        let config = BuildConfig {
            builders,
            dev_container: !is_stdin && config::in_dev_container_dir(file),
            build_args: build_args.clone(),
            context: match (is_stdin, &context) {
                (false, ctx) => Some(config::build_context(file, ctx.as_deref())),
                (true, Some(ctx)) => {
                    Some(config::build_context(&ctx.join("Dockerfile"), Some(ctx)))
                }
                (true, None) => None,
            },
        };
        jobs.push(Job {
            file: file.clone(),
            name,
            rules,
            config,
        });
    }
    let results =
        dockerfile_analysis::concurrent::parallel_map(&jobs, |job| check_one(job, args.fix));
    let mut findings: Vec<Finding> = Vec::new();
    let mut checked = 0usize;
    let mut disk = workspace::DiskDockerfiles::default();
    for (file, name, rules) in &build_jobs {
        let ignore_file = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_ignore_file_name);
        let checked_file = if ignore_file {
            check_ignore_file(file, rules)
        } else {
            check_build_file(file, rules, &mut disk)
        };
        match checked_file {
            Ok((rope, diags)) => {
                checked += 1;
                findings.extend(diags.iter().map(|d| {
                    let mut f = Finding::in_text(name, &rope, d);
                    // `--fix` rewrites Dockerfiles only.
                    f.auto_fixable = false;
                    f
                }));
            }
            Err(e) => errors.push((name.clone(), e)),
        }
    }
    for r in results {
        match r {
            Ok(f) => {
                checked += 1;
                findings.extend(f);
            }
            Err(e) => errors.push(e),
        }
    }
    for (path, what) in &errors {
        complain(path, what);
    }
    if let Err(e) = render::write(args.format, &findings, checked) {
        complain("<stdout>", &format!("cannot write output: {e}"));
        return ExitCode::from(2);
    }
    if !errors.is_empty() {
        return ExitCode::from(2);
    }
    let limit = threshold(args.fail_on);
    if findings.iter().any(|f| f.severity <= limit) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
