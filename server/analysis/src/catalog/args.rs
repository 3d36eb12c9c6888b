//! Build arguments BuildKit defines without an `ARG` instruction: the platform arguments, the
//! proxy arguments and the ones that control BuildKit itself.

/// A build argument BuildKit defines without an `ARG` instruction.
#[derive(Debug, Clone, Copy)]
pub struct PredefinedArg {
    /// The ARG's name, as BuildKit defines it (`TARGETPLATFORM`, `HTTP_PROXY`, …).
    pub name: &'static str,
    /// What it holds.
    pub doc: &'static str,
    /// A typical value.
    pub example: &'static str,
    /// Whether it is usable inside a stage without an `ARG NAME` line (the proxy arguments);
    /// the platform arguments are only in the global scope until declared in the stage.
    pub in_stage_without_arg: bool,
}

const fn p(
    name: &'static str,
    doc: &'static str,
    example: &'static str,
    in_stage: bool,
) -> PredefinedArg {
    PredefinedArg {
        name,
        doc,
        example,
        in_stage_without_arg: in_stage,
    }
}

/// BuildKit's automatic platform arguments, proxy arguments and build-control arguments.
pub const PREDEFINED_ARGS: &[PredefinedArg] = &[
    p(
        "TARGETPLATFORM",
        "platform of the build result",
        "linux/amd64",
        false,
    ),
    p("TARGETOS", "OS component of TARGETPLATFORM", "linux", false),
    p(
        "TARGETARCH",
        "architecture component of TARGETPLATFORM",
        "arm64",
        false,
    ),
    p(
        "TARGETVARIANT",
        "variant component of TARGETPLATFORM",
        "v7",
        false,
    ),
    p(
        "BUILDPLATFORM",
        "platform of the node performing the build",
        "linux/amd64",
        false,
    ),
    p("BUILDOS", "OS component of BUILDPLATFORM", "linux", false),
    p(
        "BUILDARCH",
        "architecture component of BUILDPLATFORM",
        "amd64",
        false,
    ),
    p(
        "BUILDVARIANT",
        "variant component of BUILDPLATFORM",
        "",
        false,
    ),
    p(
        "TARGETSTAGE",
        "name of the stage being built (--target)",
        "runtime",
        false,
    ),
    p(
        "HTTP_PROXY",
        "proxy for HTTP requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "http_proxy",
        "proxy for HTTP requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "HTTPS_PROXY",
        "proxy for HTTPS requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "https_proxy",
        "proxy for HTTPS requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "FTP_PROXY",
        "proxy for FTP requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "ftp_proxy",
        "proxy for FTP requests",
        "http://proxy.example:3128",
        true,
    ),
    p(
        "NO_PROXY",
        "hosts that bypass the proxy",
        "localhost,.internal",
        true,
    ),
    p(
        "no_proxy",
        "hosts that bypass the proxy",
        "localhost,.internal",
        true,
    ),
    p(
        "ALL_PROXY",
        "proxy for all protocols",
        "socks5://proxy.example:1080",
        true,
    ),
    p(
        "all_proxy",
        "proxy for all protocols",
        "socks5://proxy.example:1080",
        true,
    ),
    p(
        "BUILDKIT_CACHE_MOUNT_NS",
        "namespace for cache mount IDs",
        "myproject",
        false,
    ),
    p(
        "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
        "keep the .git directory of a Git build context",
        "1",
        false,
    ),
    p(
        "BUILDKIT_HISTORY_PROVENANCE_V1",
        "emit provenance attestations in the v1 format",
        "1",
        false,
    ),
    p(
        "BUILDKIT_INLINE_CACHE",
        "inline cache metadata into the image config",
        "1",
        false,
    ),
    p(
        "BUILDKIT_MULTI_PLATFORM",
        "produce multi-platform output even for one platform",
        "1",
        false,
    ),
    p(
        "BUILDKIT_SANDBOX_HOSTNAME",
        "hostname used during the build",
        "buildkitsandbox",
        false,
    ),
    p(
        "BUILDKIT_SYNTAX",
        "frontend image to use for the Dockerfile",
        "docker/dockerfile:1",
        false,
    ),
    p(
        "SOURCE_DATE_EPOCH",
        "timestamp for reproducible builds",
        "1735689600",
        false,
    ),
];

/// The predefined argument named `name`.
#[must_use]
pub fn predefined(name: &str) -> Option<&'static PredefinedArg> {
    PREDEFINED_ARGS.iter().find(|a| a.name == name)
}
