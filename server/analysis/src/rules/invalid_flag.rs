//! `InvalidFlag`: a `--flag` the instruction does not accept, or with the wrong kind of value.

use super::ReportsSyntaxErrors;

declare_rule! {
    /// # InvalidFlag
    ///
    /// Checks each instruction's `--flags` against the flags BuildKit accepts for it:
    ///
    /// | instruction | flags |
    /// | --- | --- |
    /// | `ADD` | `--chown --chmod --link --keep-git-dir --checksum --unpack --exclude` |
    /// | `COPY` | `--chown --from --chmod --link --exclude --parents` |
    /// | `FROM` | `--platform` |
    /// | `HEALTHCHECK` | `--interval --timeout --start-period --start-interval --retries` |
    /// | `RUN` | `--mount --network --security --device` |
    ///
    /// A flag that takes a value (`--from=build`) must have one; a boolean flag (`--link`) takes none
    /// or `true`/`false`; only `--mount`, `--exclude` and `--device` may repeat.
    ///
    /// ## Why
    ///
    /// BuildKit fails the build on the first bad flag (`unknown flag: frm`).
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// COPY --frm=build /out /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// COPY --from=build /out /app
    /// ```
    InvalidFlag {
        severity: Error,
        fixable: true,
        summary: "An instruction flag is unknown, repeated, or lacks the value it needs.",
    }
}

impl ReportsSyntaxErrors for InvalidFlag {}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn flags_are_checked_per_instruction() {
        check_rule(
            "InvalidFlag",
            "FROM alpine AS b\nCOPY --frm=b --link --link=maybe a b\nRUN --mount --network=none --network=host x\nENV --x=1\nCOPY --from=b --from=b a b\n",
            &[
                "2:6-2:11 unknown flag: --frm (did you mean --from?)",
                "2:21-2:33 duplicate flag specified: --link",
                "2:28-2:33 expecting boolean value for flag link, not: maybe",
                "3:5-3:12 missing a value on flag: --mount",
                "3:28-3:42 duplicate flag specified: --network",
                "4:5-4:8 ENV takes no flags",
                "5:15-5:23 duplicate flag specified: --from",
            ],
        );
    }

    #[test]
    fn mount_options_and_healthcheck_durations() {
        check_rule(
            "InvalidFlag",
            "FROM a:1\nRUN --mount=type=cahce,target=/c --mount=tagret=/x,type=bind true\nRUN --mount=type=cache,target=/c,sharing=lock --mount=type=bind,size=1g,target=/d true\nRUN --mount=type=secret,id=t,env=T,required --mount=type=cache,target=/c,uid=1000,mode=0755 --mount=type=$T,target=/x true\nHEALTHCHECK --interval=30 --timeout=1m30s --start-period=10us --retries=-1 CMD true\n",
            &[
                "2:18-2:23 unsupported mount type \"cahce\" (did you mean cache?)",
                "2:42-2:48 unexpected key 'tagret' in 'tagret=/x' (did you mean target?)",
                "3:42-3:46 unsupported sharing value \"lock\" (shared, private or locked)",
                "3:70-3:72 unexpected key 'size' for mount type 'bind'",
                "5:24-5:26 time: invalid duration \"30\" (for example 30s, 1m30s)",
                "5:58-5:62 Interval \"start-period\" cannot be less than 1ms",
                "5:73-5:75 --retries cannot be negative (-1)",
            ],
        );
    }

    #[test]
    fn fix_corrects_a_misspelled_mount_key_and_type() {
        crate::testing::check_fix(
            "InvalidFlag",
            "FROM a:1\nRUN --mount=type=cahce,target=/c true\n",
            "FROM a:1\nRUN --mount=type=cache,target=/c true\n",
        );
        crate::testing::check_fix(
            "InvalidFlag",
            "FROM a:1\nRUN --mount=type=cache,tagret=/c true\n",
            "FROM a:1\nRUN --mount=type=cache,target=/c true\n",
        );
    }
}
