//! Every Dockerfile instruction: its forms, what it does, an example, the practice that
//! matters for multi-stage builds, a completion snippet, and its flags with their values
//! (BuildKit's Dockerfile frontend 1.x).

use super::{BOOL_VALUES, FlagKind, Value, v};

/// A Dockerfile instruction keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    StopSignal,
    User,
    Volume,
    Workdir,
    /// A word BuildKit does not know as an instruction.
    Unknown,
}

impl Keyword {
    /// Every known instruction, in the order of the Dockerfile reference.
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::StopSignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// The keyword for a word, case-insensitively (BuildKit's dispatch table).
    #[must_use]
    pub fn parse(word: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
            .unwrap_or(Keyword::Unknown)
    }

    /// The canonical upper-case spelling (empty for [`Keyword::Unknown`]).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::StopSignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "",
        }
    }
}

/// What we know about one instruction.
#[derive(Debug, Clone, Copy)]
pub struct InstructionDoc {
    /// The instruction.
    pub keyword: Keyword,
    /// One line: what it does.
    pub summary: &'static str,
    /// The syntax of each form.
    pub forms: &'static [&'static str],
    /// What it does and the practice that goes with it (Markdown).
    pub docs: &'static str,
    /// A short example.
    pub example: &'static str,
    /// A completion snippet (LSP snippet syntax) after the keyword, e.g. `${1:image} AS ${2:name}`.
    pub snippet: &'static str,
    /// The flags the instruction accepts.
    pub flags: &'static [FlagDoc],
}

/// One `--flag` of an instruction.
#[derive(Debug, Clone, Copy)]
pub struct FlagDoc {
    /// The name without dashes.
    pub name: &'static str,
    /// How its value is read.
    pub kind: FlagKind,
    /// The value's shape, e.g. `<stage|image|index>` (empty for booleans).
    pub placeholder: &'static str,
    /// What it does (Markdown).
    pub docs: &'static str,
    /// The values it takes, where they are a fixed set (or well-known ones).
    pub values: &'static [Value],
}

const fn flag(
    name: &'static str,
    kind: FlagKind,
    placeholder: &'static str,
    docs: &'static str,
    values: &'static [Value],
) -> FlagDoc {
    FlagDoc {
        name,
        kind,
        placeholder,
        docs,
        values,
    }
}

use FlagKind::{Bool, String as Str, Strings};

const CHOWN: FlagDoc = flag(
    "chown",
    Str,
    "<user>[:<group>]",
    "Sets the owner of the copied files (names or numeric ids; names are looked up in the \
     stage's `/etc/passwd` and `/etc/group`). Without it, files belong to root (`0:0`).",
    &[],
);
const CHMOD: FlagDoc = flag(
    "chmod",
    Str,
    "<mode>",
    "Sets the permissions of the copied files, as an octal mode (`0755`) or, since \
     Dockerfile 1.10, symbolically (`u+x`).",
    &[
        v("0755", "Owner can write; everyone can read and execute."),
        v("0644", "Owner can write; everyone can read."),
        v("0444", "Read-only for everyone."),
        v("0400", "Only the owner can read."),
    ],
);
const LINK: FlagDoc = flag(
    "link",
    Bool,
    "",
    "Copies into an independent layer that does not depend on the layers below it, so the \
     copy is cached even when the base changes and can be rebased without rebuilding. Use it \
     whenever the destination does not rely on what earlier steps created (symlinks, \
     ownership of existing directories).",
    BOOL_VALUES,
);
const EXCLUDE: FlagDoc = flag(
    "exclude",
    Strings,
    "<pattern>",
    "Leaves out the sources matching the pattern (`.dockerignore` syntax); may be repeated.",
    &[],
);

const COPY_FLAGS: &[FlagDoc] = &[
    flag(
        "from",
        Str,
        "<stage|image|index|context>",
        "Copies from a build stage (by name), an image, or a named build context instead of \
         the build context. This is how a multi-stage build keeps its final image small: copy \
         only the build output (a binary, `dist/`, the publish directory), never the stage's \
         whole file system. Name the stage (`FROM … AS build`) and write `--from=build`: \
         an index such as `--from=0` silently points elsewhere when stages are reordered.",
        &[],
    ),
    CHOWN,
    CHMOD,
    LINK,
    flag(
        "parents",
        Bool,
        "",
        "Keeps the source paths' parent directories under the destination \
         (`COPY --parents a/b/file /dst/` gives `/dst/a/b/file`). Dockerfile 1.7+.",
        BOOL_VALUES,
    ),
    EXCLUDE,
];

const ADD_FLAGS: &[FlagDoc] = &[
    CHOWN,
    CHMOD,
    LINK,
    flag(
        "keep-git-dir",
        Bool,
        "",
        "When adding a Git repository, keeps its `.git` directory.",
        BOOL_VALUES,
    ),
    flag(
        "checksum",
        Str,
        "sha256:<hex>",
        "Verifies a remote source (an `https://` URL, or a Git commit) against this checksum \
         and fails the build when it differs. Always give one for downloads: without it the \
         build trusts whatever the server returns today.",
        &[],
    ),
    flag(
        "unpack",
        Bool,
        "",
        "Whether a local or remote tar archive is extracted into the destination (local \
         archives are by default; URLs are not).",
        BOOL_VALUES,
    ),
    EXCLUDE,
];

const FROM_FLAGS: &[FlagDoc] = &[flag(
    "platform",
    Str,
    "<os>/<arch>[/<variant>]",
    "The platform of the base image. Use `$BUILDPLATFORM` for stages that only build (they \
     run natively and cross-compile with `$TARGETOS`/`$TARGETARCH`); leave it out elsewhere, \
     where the target platform is the default. A constant value makes multi-platform builds \
     produce the wrong image.",
    &[
        v(
            "$BUILDPLATFORM",
            "The platform of the machine running the build: for build stages that cross-compile.",
        ),
        v(
            "$TARGETPLATFORM",
            "The platform being built for (already the default: the flag is redundant).",
        ),
        v("linux/amd64", "64-bit x86 Linux."),
        v("linux/arm64", "64-bit ARM Linux (Apple silicon, Graviton)."),
        v("linux/arm/v7", "32-bit ARMv7 Linux (Raspberry Pi 2/3)."),
        v("windows/amd64", "64-bit x86 Windows containers."),
    ],
)];

const RUN_FLAGS: &[FlagDoc] = &[
    flag(
        "mount",
        Strings,
        "type=<bind|cache|secret|ssh|tmpfs>,<key>=<value>,…",
        "Mounts something into the container for this command only; nothing of the mount ends \
         up in the layer. Caches (`type=cache`) keep package downloads between builds, secrets \
         (`type=secret`) hand over credentials without leaking them into the image or its \
         history, `type=bind` reads another stage or the context without copying it. May be \
         repeated.",
        &[],
    ),
    flag(
        "network",
        Str,
        "<default|none|host>",
        "The network the command runs with.",
        &[
            v("default", "The normal build network."),
            v(
                "none",
                "No network at all: proves the step is hermetic (dependencies were fetched earlier).",
            ),
            v(
                "host",
                "The host's network; needs the `network.host` entitlement \
                 (`--allow network.host`).",
            ),
        ],
    ),
    flag(
        "security",
        Str,
        "<sandbox|insecure>",
        "The privileges the command runs with.",
        &[
            v("sandbox", "The default, unprivileged sandbox."),
            v(
                "insecure",
                "Privileged, like `docker run --privileged`; needs the `security.insecure` \
                 entitlement. Avoid it.",
            ),
        ],
    ),
    flag(
        "device",
        Strings,
        "<name>[,required]",
        "Gives the command access to a CDI device (e.g. a GPU). Dockerfile 1.14+ (labs).",
        &[],
    ),
];

const HEALTHCHECK_FLAGS: &[FlagDoc] = &[
    flag(
        "interval",
        Str,
        "<duration>",
        "Time between checks (default `30s`). Durations are Go durations: `30s`, `1m30s`, `500ms`.",
        &[],
    ),
    flag(
        "timeout",
        Str,
        "<duration>",
        "How long one check may take before it counts as failed (default `30s`).",
        &[],
    ),
    flag(
        "start-period",
        Str,
        "<duration>",
        "Grace time after start during which failures do not count (default `0s`).",
        &[],
    ),
    flag(
        "start-interval",
        Str,
        "<duration>",
        "Time between checks during the start period (default `5s`).",
        &[],
    ),
    flag(
        "retries",
        Str,
        "<n>",
        "Consecutive failures before the container is unhealthy (default `3`).",
        &[],
    ),
];

const fn ins(
    keyword: Keyword,
    summary: &'static str,
    forms: &'static [&'static str],
    docs: &'static str,
    example: &'static str,
    snippet: &'static str,
    flags: &'static [FlagDoc],
) -> InstructionDoc {
    InstructionDoc {
        keyword,
        summary,
        forms,
        docs,
        example,
        snippet,
        flags,
    }
}

/// Every instruction, in the order of [`Keyword::ALL`].
pub static INSTRUCTIONS: &[InstructionDoc] = &[
    ins(
        Keyword::Add,
        "Adds local files, remote URLs or Git repositories to the image.",
        &[
            "ADD [--chown=<user>] [--chmod=<mode>] [--link] [--checksum=<sha>] <src>... <dest>",
            "ADD [options] [\"<src>\", ... \"<dest>\"]",
        ],
        "Like COPY, but also downloads URLs, clones Git repositories and extracts local tar \
         archives. For plain local files use COPY: its behaviour has no surprises. For a \
         download, pin it with `--checksum=sha256:…`; for a Git source, name a commit.",
        "ADD --checksum=sha256:526e153947b2db82d149a482b550440a0cc717815282af836240c7b145b0be39 \\\n    https://example.com/tool.tar.gz /tmp/",
        "${1:src} ${2:dest}",
        ADD_FLAGS,
    ),
    ins(
        Keyword::Arg,
        "Declares a build argument, settable with `docker build --build-arg`.",
        &["ARG <name>[=<default>] ..."],
        "An ARG before the first FROM is global: FROM lines can use it, and a stage sees it \
         only after repeating `ARG <name>` (without a value) inside the stage. An ARG inside \
         a stage is visible from that line to the end of the stage. Build arguments are not \
         for secrets: their values are recorded in the image's history and provenance. Pass \
         credentials with `RUN --mount=type=secret` instead.",
        "ARG GO_VERSION=1.25\nFROM golang:${GO_VERSION} AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .",
        "${1:NAME}=${2:value}",
        &[],
    ),
    ins(
        Keyword::Cmd,
        "Sets the default command (or the default arguments of the ENTRYPOINT).",
        &[
            "CMD [\"executable\", \"param\", ...]",
            "CMD [\"param\", ...]   (arguments for ENTRYPOINT)",
            "CMD command param ...   (shell form)",
        ],
        "Only the last CMD of the final stage counts; `docker run <image> <args>` replaces \
         it. Prefer the JSON (exec) form: in the shell form the process runs under `/bin/sh \
         -c`, which does not pass on SIGTERM, so the container is killed after the stop \
         timeout instead of shutting down cleanly.",
        "CMD [\"node\", \"server.js\"]",
        "[\"${1:executable}\"${2:, \"${3:arg}\"}]",
        &[],
    ),
    ins(
        Keyword::Copy,
        "Copies files from the build context, a stage or an image into the image.",
        &[
            "COPY [--from=<stage>] [--chown=<user>] [--chmod=<mode>] [--link] <src>... <dest>",
            "COPY [options] [\"<src>\", ... \"<dest>\"]",
            "COPY <<EOF <dest>",
        ],
        "In a multi-stage build, the final stage should `COPY --from=<build stage>` only what \
         runs (a binary, `dist/`, the publish output), not the build stage's working \
         directory with its sources and dev dependencies. From the context, copy dependency \
         manifests first and install before copying the rest, so a source change does not \
         reinstall everything; keep a `.dockerignore` so `.git`, `node_modules` and `.env` \
         never reach the image. A destination ending in `/` is a directory.",
        "FROM node:22 AS build\nWORKDIR /src\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:22-slim\nCOPY --from=build /src/dist /app/dist",
        "${1:src} ${2:dest}",
        COPY_FLAGS,
    ),
    ins(
        Keyword::Entrypoint,
        "Sets the executable the container runs; CMD supplies its default arguments.",
        &[
            "ENTRYPOINT [\"executable\", \"param\", ...]",
            "ENTRYPOINT command param ...   (shell form)",
        ],
        "Use the JSON (exec) form so the process is PID 1 and receives signals; the shell \
         form ignores CMD and `docker run` arguments and runs under `/bin/sh -c`. Only the \
         last ENTRYPOINT of the final stage counts.",
        "ENTRYPOINT [\"/usr/local/bin/app\"]\nCMD [\"--port\", \"8080\"]",
        "[\"${1:executable}\"${2:, \"${3:arg}\"}]",
        &[],
    ),
    ins(
        Keyword::Env,
        "Sets environment variables for later instructions and for the running container.",
        &["ENV <key>=<value> ...", "ENV <key> <value>   (legacy form)"],
        "ENV values persist in the image (`docker inspect` shows them) and are inherited by \
         stages built `FROM` this one. Never put a secret in ENV. For a variable only the \
         build needs, such as `DEBIAN_FRONTEND`, set it on the RUN line or use ARG, so it \
         does not leak into the runtime environment.",
        "ENV NODE_ENV=production \\\n    PORT=8080",
        "${1:KEY}=${2:value}",
        &[],
    ),
    ins(
        Keyword::Expose,
        "Documents the ports the container listens on.",
        &["EXPOSE <port>[/<protocol>] ..."],
        "EXPOSE publishes nothing by itself: it tells readers and `docker run -P` which ports \
         the service uses. The protocol is `tcp` (default) or `udp`, in lower case.",
        "EXPOSE 8080\nEXPOSE 53/udp",
        "${1:8080}",
        &[],
    ),
    ins(
        Keyword::From,
        "Starts a build stage from a base image or an earlier stage.",
        &["FROM [--platform=<platform>] <image>[:<tag>][@<digest>] [AS <name>]"],
        "Every stage begins with FROM. Name stages (`AS build`): later stages then write \
         `COPY --from=build`, `docker build --target build` builds just that stage, and \
         reordering stages changes nothing. Pin the base image with a tag, and with a digest \
         (`@sha256:…`) when builds must be reproducible. Build in a full SDK image, ship on a \
         slim, distroless or `scratch` base with only the build output.",
        "FROM golang:1.25 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app",
        "${1:image}:${2:tag} AS ${3:name}",
        FROM_FLAGS,
    ),
    ins(
        Keyword::Healthcheck,
        "Tells Docker how to test that the container still works.",
        &[
            "HEALTHCHECK [--interval=<d>] [--timeout=<d>] [--start-period=<d>] [--retries=<n>] CMD <command>",
            "HEALTHCHECK NONE",
        ],
        "The command's exit status decides: 0 healthy, 1 unhealthy. It runs inside the \
         container, so the tool it calls (`curl`, `wget`, the app's own probe) must exist in \
         the final image. `HEALTHCHECK NONE` disables a check inherited from the base image.",
        "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app\", \"healthcheck\"]",
        "CMD ${1:command}",
        HEALTHCHECK_FLAGS,
    ),
    ins(
        Keyword::Label,
        "Adds metadata to the image as key-value pairs.",
        &["LABEL <key>=<value> ..."],
        "Use the OCI annotation keys where they fit (`org.opencontainers.image.source`, \
         `.version`, `.licenses`); labels are inherited from the base image.",
        "LABEL org.opencontainers.image.source=\"https://github.com/example/app\"",
        "${1:key}=\"${2:value}\"",
        &[],
    ),
    ins(
        Keyword::Maintainer,
        "Deprecated: sets the image's author.",
        &["MAINTAINER <name>"],
        "Deprecated. Use `LABEL org.opencontainers.image.authors=\"…\"` instead.",
        "LABEL org.opencontainers.image.authors=\"team@example.com\"",
        "${1:name}",
        &[],
    ),
    ins(
        Keyword::Onbuild,
        "Registers an instruction to run when another build uses this image as its base.",
        &["ONBUILD <INSTRUCTION> ..."],
        "The trigger runs in the child build right after its FROM, as if written there. It \
         suits base images for a family of applications; it surprises everyone else, since \
         the child's Dockerfile does not show it. `ONBUILD FROM`, `ONBUILD MAINTAINER` and \
         `ONBUILD ONBUILD` are not allowed.",
        "ONBUILD COPY . /app/src\nONBUILD RUN make -C /app/src",
        "${1:RUN} ${2:command}",
        &[],
    ),
    ins(
        Keyword::Run,
        "Runs a command in a new layer.",
        &[
            "RUN [--mount=...] [--network=...] [--security=...] <command>   (shell form)",
            "RUN [\"executable\", \"param\", ...]   (exec form)",
            "RUN <<EOF ... EOF   (heredoc)",
        ],
        "Each RUN is a layer, and files deleted by a later RUN still weigh in the earlier \
         one: update, install and clean up in the same RUN (`apt-get update && apt-get \
         install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*`). Keep \
         package caches out of the image with `--mount=type=cache`, and pass credentials \
         with `--mount=type=secret`, never with ARG or ENV. With pipes, start with `set -o \
         pipefail` so a failing left side fails the build.",
        "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install -r requirements.txt",
        "${1:command}",
        RUN_FLAGS,
    ),
    ins(
        Keyword::Shell,
        "Changes the shell used by the shell form of RUN, CMD and ENTRYPOINT.",
        &["SHELL [\"executable\", \"param\", ...]"],
        "The default is `[\"/bin/sh\", \"-c\"]` on Linux and `[\"cmd\", \"/S\", \"/C\"]` on \
         Windows. `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` makes every later RUN \
         fail when any command of a pipe fails.",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        "[\"${1:/bin/bash}\", \"${2:-c}\"]",
        &[],
    ),
    ins(
        Keyword::StopSignal,
        "Sets the signal that asks the container to stop.",
        &["STOPSIGNAL <signal>"],
        "`docker stop` sends it (default SIGTERM), waits for the stop timeout, then sends \
         SIGKILL. Set it when the application shuts down gracefully on another signal \
         (nginx: SIGQUIT; Apache httpd: SIGWINCH).",
        "STOPSIGNAL SIGQUIT",
        "${1:SIGTERM}",
        &[],
    ),
    ins(
        Keyword::User,
        "Sets the user (and group) for later instructions and for the running container.",
        &["USER <user>[:<group>]", "USER <uid>[:<gid>]"],
        "Without USER, the container runs as root, and an escape from the application owns \
         the container. In the final stage switch to an unprivileged user, numerically \
         (`USER 65532:65532`) when the image has no `/etc/passwd` entry for it: Kubernetes' \
         `runAsNonRoot` can only verify numeric ids. Install packages before switching.",
        "RUN useradd --system --uid 10001 app\nUSER 10001",
        "${1:65532}:${2:65532}",
        &[],
    ),
    ins(
        Keyword::Volume,
        "Declares mount points for data that outlives the container.",
        &["VOLUME [\"/path\", ...]", "VOLUME /path ..."],
        "Changes later build steps make under a declared volume are discarded. Declare \
         volumes after the directory is prepared, and only for data the container writes \
         (databases, uploads).",
        "VOLUME /var/lib/postgresql/data",
        "${1:/data}",
        &[],
    ),
    ins(
        Keyword::Workdir,
        "Sets the working directory for later instructions (created if missing).",
        &["WORKDIR <path>"],
        "Use absolute paths: a relative WORKDIR depends on the one before it, which may come \
         from the base image. Prefer WORKDIR to `cd` in RUN, which lasts only for that RUN.",
        "WORKDIR /app",
        "${1:/app}",
        &[],
    ),
];

/// What we know about `kind` (None for [`Keyword::Unknown`]).
#[must_use]
pub fn instruction(kind: Keyword) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|d| d.keyword == kind)
}

/// The flags `kind` accepts.
#[must_use]
pub fn flags_of(kind: Keyword) -> &'static [FlagDoc] {
    instruction(kind).map_or(&[], |d| d.flags)
}

/// The flag `name` of `kind`.
#[must_use]
pub fn flag_doc(kind: Keyword, name: &str) -> Option<&'static FlagDoc> {
    flags_of(kind).iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_is_documented_once_in_order() {
        let kinds: Vec<Keyword> = INSTRUCTIONS.iter().map(|d| d.keyword).collect();
        assert_eq!(kinds, Keyword::ALL.to_vec());
        for d in INSTRUCTIONS {
            assert!(!d.summary.is_empty() && !d.docs.is_empty() && !d.forms.is_empty());
            assert!(!d.example.is_empty() && !d.snippet.is_empty());
            for f in d.flags {
                assert!(!f.docs.is_empty(), "{:?} --{}", d.keyword, f.name);
                assert_eq!(f.kind == Bool, f.placeholder.is_empty(), "--{}", f.name);
            }
        }
    }
}
