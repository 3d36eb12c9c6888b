//! The checks BuildKit makes when it turns parsed lines into instructions
//! (`frontend/dockerfile/instructions/parse.go`): known instruction, known flags with the
//! right kind of value, argument counts, ONBUILD triggers, nothing but ARG before FROM.
//! Anything reported here makes `docker build` fail.

use super::SyntaxError;
use super::instruction::{Flag, Instruction, Keyword};
use crate::catalog::{FlagKind, flags_of, mounts};
use crate::names::suggest;

/// Go's `strconv.ParseBool`.
fn parse_bool(v: &str) -> bool {
    matches!(
        v,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    )
}

fn check_flags(ins: &Instruction, errors: &mut Vec<SyntaxError>) {
    let allowed = flags_of(ins.kind);
    for (i, f) in ins.flags.iter().enumerate() {
        let Some(kind) = allowed.iter().find(|d| d.name == f.name).map(|d| d.kind) else {
            let hint = suggest(&f.name, allowed.iter().map(|d| d.name))
                .map(|s| format!(" (did you mean --{s}?)"))
                .unwrap_or_default();
            let what = if allowed.is_empty() {
                format!("{} takes no flags", ins.kind.as_str())
            } else {
                format!("unknown flag: --{}{hint}", f.name)
            };
            errors.push(SyntaxError::flag(f.name_range, what));
            continue;
        };
        match (kind, &f.value) {
            (FlagKind::Bool, Some(v)) if !parse_bool(v) => errors.push(SyntaxError::flag(
                value_or_whole(f),
                format!("expecting boolean value for flag {}, not: {v}", f.name),
            )),
            (FlagKind::String | FlagKind::Strings, None) => {
                errors.push(SyntaxError::flag(
                    f.range,
                    format!("missing a value on flag: --{}", f.name),
                ));
            }
            _ => {}
        }
        if kind != FlagKind::Strings && ins.flags.iter().take(i).any(|p| p.name == f.name) {
            errors.push(SyntaxError::flag(
                f.range,
                format!("duplicate flag specified: --{}", f.name),
            ));
        }
    }
}

fn value_or_whole(f: &Flag) -> crate::text::TextRange {
    f.value_range.unwrap_or(f.range)
}

/// Checks one instruction (and an ONBUILD trigger).
pub(crate) fn instruction(ins: &Instruction, errors: &mut Vec<SyntaxError>) {
    let name = ins.kind.as_str();
    let whole = ins.args_range.unwrap_or(ins.keyword_range);
    let n = ins.args.len();
    macro_rules! err {
        ($msg:expr) => {
            errors.push(SyntaxError::parse(whole, $msg))
        };
    }
    match ins.kind {
        Keyword::Unknown => {
            let hint = suggest(&ins.keyword, Keyword::ALL.iter().map(|k| k.as_str()))
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            errors.push(SyntaxError {
                rule: "UnknownInstruction",
                message: format!("unknown instruction: {}{hint}", ins.keyword),
                range: ins.keyword_range,
            });
            return;
        }
        Keyword::From => {
            let named = n == 3
                && ins
                    .args
                    .get(1)
                    .is_some_and(|w| w.text.eq_ignore_ascii_case("as"));
            if !(n == 1 || named) {
                err!("FROM requires either one or three arguments: `FROM image` or `FROM image AS name`".to_owned());
            } else if let (true, Some(stage)) = (named, ins.args.get(2))
                && !valid_stage_name(&stage.text)
            {
                errors.push(SyntaxError::parse(
                    stage.range,
                    format!("invalid name for build stage: {:?}, name can't start with a number or contain symbols", stage.text),
                ));
            }
        }
        Keyword::Arg if n == 0 => err!("ARG requires at least one argument".to_owned()),
        Keyword::Arg => {
            for w in &ins.args {
                if w.text.starts_with('=') {
                    errors.push(SyntaxError::parse(
                        w.range,
                        "ARG names can not be blank".to_owned(),
                    ));
                }
            }
        }
        Keyword::Env | Keyword::Label => {
            if n == 0 && !errors.iter().any(|e| ins.range.touches(e.range.start)) {
                err!(format!("{name} requires at least one argument"));
            }
            for key in ins.args.iter().step_by(2) {
                if key.text.is_empty() {
                    errors.push(SyntaxError::parse(
                        key.range,
                        format!("{name} names can not be blank"),
                    ));
                }
            }
        }
        Keyword::Add | Keyword::Copy if n < 2 => err!(format!(
            "{name} requires at least two arguments, but only {} provided: the destination could not be determined",
            if n == 0 {
                "none was".to_owned()
            } else {
                "one was".to_owned()
            }
        )),
        Keyword::Expose | Keyword::Volume if n == 0 => {
            err!(format!("{name} requires at least one argument"))
        }
        Keyword::Volume if ins.args.iter().any(|w| w.text.trim().is_empty()) => {
            err!("VOLUME specified can not be an empty string".to_owned());
        }
        Keyword::Maintainer | Keyword::StopSignal | Keyword::User | Keyword::Workdir if n != 1 => {
            err!(format!("{name} requires exactly one argument"));
        }
        Keyword::Shell if n == 0 => err!("SHELL requires at least one argument".to_owned()),
        Keyword::Shell if !ins.json => {
            err!(
                "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/sh\", \"-c\"]"
                    .to_owned()
            );
        }
        Keyword::Healthcheck => match ins.args.first().map(|w| w.text.to_ascii_uppercase()) {
            None => err!("HEALTHCHECK requires at least one argument".to_owned()),
            Some(t) if t == "NONE" && n != 1 => {
                err!("HEALTHCHECK NONE takes no arguments".to_owned())
            }
            Some(t) if t == "CMD" && n == 1 => {
                err!("Missing command after HEALTHCHECK CMD".to_owned())
            }
            Some(t) if t != "NONE" && t != "CMD" => {
                err!(format!("Unknown type {t:?} in HEALTHCHECK (try CMD)"));
            }
            Some(_) => {}
        },
        Keyword::Onbuild => match &ins.trigger {
            None => err!("ONBUILD requires at least one argument".to_owned()),
            Some(t) => {
                match t.kind {
                    Keyword::Onbuild => errors.push(SyntaxError::parse(
                        t.keyword_range,
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_owned(),
                    )),
                    Keyword::From | Keyword::Maintainer => errors.push(SyntaxError::parse(
                        t.keyword_range,
                        format!("{} isn't allowed as an ONBUILD trigger", t.kind.as_str()),
                    )),
                    _ => instruction(t, errors),
                }
                check_flags(ins, errors);
                return;
            }
        },
        _ => {}
    }
    check_flags(ins, errors);
    match ins.kind {
        Keyword::Run => check_mounts(ins, errors),
        Keyword::Healthcheck => check_health_flags(ins, errors),
        _ => {}
    }
}

/// `RUN --mount` options the way BuildKit's `parseMount` checks them (values holding a
/// variable are expanded at build time and not judged here).
fn check_mounts(ins: &Instruction, errors: &mut Vec<SyntaxError>) {
    let types: Vec<&str> = mounts::MOUNT_TYPES.iter().map(|t| t.name).collect();
    let keys: Vec<&str> = mounts::all_keys().collect();
    for m in ins.mounts() {
        let kind = m.kind().to_ascii_lowercase();
        let err = |errors: &mut Vec<SyntaxError>, r: crate::text::TextRange, msg: String| {
            errors.push(SyntaxError::flag(r, msg));
        };
        for o in &m.options {
            let at = o.value_range.unwrap_or(o.range);
            if o.value.as_deref().is_some_and(|v| v.contains('$')) {
                continue;
            }
            if !keys.contains(&o.key.as_str()) {
                let hint = suggest(&o.key, keys.iter().copied())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                let field = o
                    .value
                    .as_ref()
                    .map_or_else(|| o.key.clone(), |v| format!("{}={v}", o.key));
                let key_end = (o.range.start + o.key.len()).min(o.range.end);
                err(
                    errors,
                    crate::text::TextRange::new(o.range.start, key_end),
                    format!("unexpected key '{}' in '{field}'{hint}", o.key),
                );
                break;
            }
            let Some(v) = &o.value else {
                let ok = matches!(o.key.as_str(), "readonly" | "ro" | "readwrite" | "rw")
                    || (o.key == "required" && matches!(kind.as_str(), "secret" | "ssh"));
                if !ok {
                    let msg = if o.key == "required" {
                        format!("unexpected key 'required' for mount type '{kind}'")
                    } else {
                        format!("invalid field '{}' must be a key=value pair", o.key)
                    };
                    err(errors, o.range, msg);
                    break;
                }
                continue;
            };
            let problem = match o.key.as_str() {
                "type" if !types.contains(&v.to_ascii_lowercase().as_str()) => {
                    let hint = suggest(&v.to_ascii_lowercase(), types.iter().copied())
                        .map(|s| format!(" (did you mean {s}?)"))
                        .unwrap_or_default();
                    Some(format!("unsupported mount type \"{v}\"{hint}"))
                }
                "sharing"
                    if !matches!(
                        v.to_ascii_lowercase().as_str(),
                        "shared" | "private" | "locked"
                    ) =>
                {
                    Some(format!(
                        "unsupported sharing value \"{v}\" (shared, private or locked)"
                    ))
                }
                "readonly" | "ro" | "readwrite" | "rw" if !parse_bool(v) => {
                    Some(format!("invalid value for {}: {v}", o.key))
                }
                "required" if !matches!(kind.as_str(), "secret" | "ssh") => {
                    Some(format!("unexpected key 'required' for mount type '{kind}'"))
                }
                "size" if kind != "tmpfs" => {
                    Some(format!("unexpected key 'size' for mount type '{kind}'"))
                }
                "mode" if u32::from_str_radix(v, 8).is_err() => {
                    Some(format!("invalid value {v} for mode"))
                }
                "uid" | "gid" if v.parse::<u32>().is_err() => {
                    Some(format!("invalid value {v} for {}", o.key))
                }
                "mode" | "uid" | "gid" if matches!(kind.as_str(), "bind" | "tmpfs") => {
                    Some(format!("{} not allowed for \"{kind}\" type mounts", o.key))
                }
                "env" if kind != "secret" => {
                    Some(format!("unexpected key 'env' for mount type '{kind}'"))
                }
                _ => None,
            };
            if let Some(msg) = problem {
                err(errors, at, msg);
                break;
            }
        }
    }
}

/// Go's `time.ParseDuration`: `0`, or a sequence of decimal numbers with units
/// (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), optionally signed. Returns nanoseconds.
fn parse_duration(s: &str) -> Option<f64> {
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let (num, after) = rest.split_at(num_len);
        if num.is_empty() || num == "." {
            return None;
        }
        let value: f64 = num.parse().ok()?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += value * scale;
        rest = after;
    }
    Some(if neg { -total } else { total })
}

/// HEALTHCHECK's duration flags and `--retries`, as BuildKit parses them.
fn check_health_flags(ins: &Instruction, errors: &mut Vec<SyntaxError>) {
    for f in &ins.flags {
        let (Some(v), Some(r)) = (&f.value, f.value_range) else {
            continue;
        };
        if v.contains('$') {
            continue;
        }
        match f.name.as_str() {
            "interval" | "timeout" | "start-period" | "start-interval" => match parse_duration(v) {
                None => errors.push(SyntaxError::flag(
                    r,
                    format!("time: invalid duration \"{v}\" (for example 30s, 1m30s)"),
                )),
                Some(ns) if ns != 0.0 && ns < 1e6 => errors.push(SyntaxError::flag(
                    r,
                    format!("Interval \"{}\" cannot be less than 1ms", f.name),
                )),
                Some(_) => {}
            },
            "retries" => match v.parse::<i64>() {
                Err(_) => errors.push(SyntaxError::flag(
                    r,
                    format!("invalid --retries value \"{v}\": not a number"),
                )),
                Ok(n) if n < 0 => errors.push(SyntaxError::flag(
                    r,
                    format!("--retries cannot be negative ({n})"),
                )),
                Ok(_) => {}
            },
            _ => {}
        }
    }
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$`, applied to the lower-cased name.
#[must_use]
pub fn valid_stage_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// File-level checks: only ARG may come before the first FROM, and there must be a stage.
pub(crate) fn file(instructions: &[Instruction], errors: &mut Vec<SyntaxError>) {
    let mut seen_from = false;
    for ins in instructions {
        match ins.kind {
            Keyword::From => {
                // Everything after the first FROM is in a stage.
                seen_from = true;
                break;
            }
            Keyword::Arg | Keyword::Unknown => {}
            _ if !seen_from => errors.push(SyntaxError::parse(
                ins.keyword_range,
                format!("no build stage in current context: {} must come after a FROM (only ARG may come before the first FROM)", ins.kind.as_str()),
            )),
            _ => {}
        }
    }
    if !seen_from && let Some(first) = instructions.first() {
        errors.push(SyntaxError::parse(
            first.keyword_range,
            "the Dockerfile has no FROM instruction, so there is no stage to build".to_owned(),
        ));
    }
}
