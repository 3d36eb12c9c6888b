//! What is known offline about base images, by family: the operating system, the user a
//! container runs as, the size class and what the image ships (a compiler, a shell, a package
//! manager). One table, read by `RootUser`, `HeavyRuntimeImage`, hover and completion alike.
//!
//! A row gives the facts of a family's default tag; the tag's variant words then adjust them
//! the same way for every family (`-slim`, `-alpine`, `-distroless`, `-chiseled`, `:nonroot`,
//! the Windows bases). Each row names where its facts come from: the image's Dockerfile in its
//! source repository, or its documentation. Nothing is fetched: an image not in the table has
//! no facts, and the rules then say only what the Dockerfile itself shows.

use crate::model::ImageRef;

/// The operating system of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux.
    Linux,
    /// Windows (Server Core, Nano Server).
    Windows,
}

/// Who the main process of a container of the image runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunsAs {
    /// `root`: the image sets no USER.
    Root,
    /// An unprivileged user the image sets with USER.
    Unprivileged(&'static str),
    /// Starts as root and steps down to this user for the service (an entrypoint using
    /// `gosu`/`su-exec`, or a server such as nginx or Apache whose workers drop privileges).
    StepsDown(&'static str),
    /// A Windows account: `ContainerAdministrator` (Server Core) or `ContainerUser` (Nano
    /// Server); Linux users mean nothing there.
    Windows(&'static str),
}

/// How big an image is, roughly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// Under about 20 MB: Alpine, BusyBox, distroless, chiselled images.
    Minimal,
    /// A distribution's base or a `-slim` runtime: tens of MB to about 200 MB.
    Slim,
    /// A full distribution with common tools (curl, git) but no compiler.
    Full,
    /// A toolchain or SDK image with compilers: several hundred MB and more.
    Toolchain,
}

impl Size {
    fn name(self) -> &'static str {
        match self {
            Size::Minimal => "minimal",
            Size::Slim => "slim",
            Size::Full => "full",
            Size::Toolchain => "toolchain",
        }
    }
}

/// The facts known about one image reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageFacts {
    /// The family, for people: `Node.js`, `PostgreSQL`, `distroless`.
    pub family: &'static str,
    /// The operating system.
    pub os: Os,
    /// The distribution it is built on, when known (`Debian`, `Alpine`, `Ubuntu`).
    pub distro: Option<&'static str>,
    /// Who a container runs as.
    pub runs_as: RunsAs,
    /// An unprivileged user the image creates for `USER` (`node` in `node` images), when it
    /// runs as root by default.
    pub spare_user: Option<&'static str>,
    /// The size class.
    pub size: Size,
    /// Whether it has a compiler (gcc, go, rustc, javac, the .NET SDK).
    pub compiler: bool,
    /// Whether it has a shell (`RUN` in shell form works).
    pub shell: bool,
    /// Its package manager, when it has one.
    pub package_manager: Option<&'static str>,
}

impl ImageFacts {
    /// Whether it is a dev container image (`mcr.microsoft.com/devcontainers/*`): made for
    /// development environments, not for images that ship.
    #[must_use]
    pub fn is_dev_container(&self) -> bool {
        self.family == DEV_CONTAINER
    }

    /// One line for hover and completion: "Node.js · Debian · toolchain (compilers, apt) ·
    /// runs as root (user `node` available)".
    #[must_use]
    pub fn summary(&self) -> String {
        let mut parts = vec![self.family.to_owned()];
        match (self.os, self.distro) {
            (Os::Windows, _) => parts.push("Windows".to_owned()),
            (Os::Linux, Some(d)) => parts.push(d.to_owned()),
            (Os::Linux, None) => {}
        }
        let mut ships = Vec::new();
        if self.compiler {
            ships.push("compilers".to_owned());
        }
        if let Some(pm) = self.package_manager {
            ships.push(format!("`{pm}`"));
        }
        if !self.shell {
            ships.push("no shell".to_owned());
        }
        if ships.is_empty() {
            parts.push(self.size.name().to_owned());
        } else {
            parts.push(format!("{} ({})", self.size.name(), ships.join(", ")));
        }
        parts.push(match self.runs_as {
            RunsAs::Root => match self.spare_user {
                Some(u) => format!("runs as root (user `{u}` available)"),
                None => "runs as root".to_owned(),
            },
            RunsAs::Unprivileged(u) => format!("runs as `{u}`"),
            RunsAs::StepsDown(u) => format!("starts as root, the service runs as `{u}`"),
            RunsAs::Windows(u) => format!("runs as `{u}`"),
        });
        parts.join(" · ")
    }
}

/// How a row matches a repository (after [`normalize`]).
#[derive(Debug, Clone, Copy)]
enum Repo {
    /// Exactly this name.
    Is(&'static str),
    /// Any name starting with this.
    Under(&'static str),
}

/// What the slim and Alpine variants of a family drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variants {
    /// Nothing: the compiler is the point of the image (`golang:1.24-alpine` still has Go).
    KeepCompiler,
    /// The full tag is built on a toolchain base (buildpack-deps); `-slim` and `-alpine`
    /// have no compiler.
    DropCompiler,
}

/// A row of the table.
struct Family {
    repos: &'static [Repo],
    facts: ImageFacts,
    variants: Variants,
}

const fn linux(
    family: &'static str,
    distro: Option<&'static str>,
    runs_as: RunsAs,
    size: Size,
    compiler: bool,
    package_manager: Option<&'static str>,
) -> ImageFacts {
    ImageFacts {
        family,
        os: Os::Linux,
        distro,
        runs_as,
        spare_user: None,
        size,
        compiler,
        shell: true,
        package_manager,
    }
}

const fn with_user(mut f: ImageFacts, user: &'static str) -> ImageFacts {
    f.spare_user = Some(user);
    f
}

const fn no_shell(mut f: ImageFacts) -> ImageFacts {
    f.shell = false;
    f.package_manager = None;
    f
}

const fn row(repos: &'static [Repo], facts: ImageFacts) -> Family {
    Family {
        repos,
        facts,
        variants: Variants::DropCompiler,
    }
}

const fn toolchain(repos: &'static [Repo], facts: ImageFacts) -> Family {
    Family {
        repos,
        facts,
        variants: Variants::KeepCompiler,
    }
}

use Repo::{Is, Under};
use RunsAs::{Root, StepsDown, Unprivileged};
use Size::{Full, Minimal, Slim, Toolchain};

const DEBIAN: Option<&str> = Some("Debian");
const ALPINE: Option<&str> = Some("Alpine");
const UBUNTU: Option<&str> = Some("Ubuntu");
const APT: Option<&str> = Some("apt-get");
const APK: Option<&str> = Some("apk");

/// The family of the dev container images.
const DEV_CONTAINER: &str = "Dev container";

/// The families, first match wins (so specific rows come before the prefixes that contain
/// them).
static FAMILIES: &[Family] = &[
    // Distributions: the images' own Dockerfiles set no USER (docker-library/official-images
    // library/alpine, debian, ubuntu, busybox).
    row(
        &[Is("alpine")],
        linux("Alpine Linux", ALPINE, Root, Minimal, false, APK),
    ),
    row(
        &[Is("busybox")],
        linux("BusyBox", None, Root, Minimal, false, None),
    ),
    row(
        &[Is("debian")],
        linux("Debian", DEBIAN, Root, Slim, false, APT),
    ),
    row(
        &[Is("ubuntu"), Is("ubuntu.azurecr.io/ubuntu")],
        linux("Ubuntu", UBUNTU, Root, Slim, false, APT),
    ),
    row(
        &[Is("fedora")],
        linux("Fedora", Some("Fedora"), Root, Slim, false, Some("dnf")),
    ),
    row(
        &[Is("oraclelinux")],
        linux(
            "Oracle Linux",
            Some("Oracle Linux"),
            Root,
            Slim,
            false,
            Some("dnf"),
        ),
    ),
    row(
        &[Is("amazonlinux")],
        linux(
            "Amazon Linux",
            Some("Amazon Linux"),
            Root,
            Slim,
            false,
            Some("dnf"),
        ),
    ),
    // Red Hat UBI: `ubi*-micro` has no package manager, `-minimal` has microdnf
    // (catalog.redhat.com, "Universal Base Images").
    row(
        &[Under("redhat/ubi"), Under("registry.access.redhat.com/ubi")],
        linux("Red Hat UBI", Some("RHEL"), Root, Slim, false, Some("dnf")),
    ),
    // Azure Linux: tdnf in `base/core`; `distroless/*` has no shell (microsoft/azurelinux).
    row(
        &[
            Under("mcr.microsoft.com/azurelinux/distroless/"),
            Under("mcr.microsoft.com/cbl-mariner/distroless/"),
        ],
        no_shell(linux(
            "Azure Linux distroless",
            Some("Azure Linux"),
            Root,
            Minimal,
            false,
            None,
        )),
    ),
    row(
        &[
            Under("mcr.microsoft.com/azurelinux/"),
            Under("mcr.microsoft.com/cbl-mariner/"),
        ],
        linux(
            "Azure Linux",
            Some("Azure Linux"),
            Root,
            Slim,
            false,
            Some("tdnf"),
        ),
    ),
    // buildpack-deps: curl, git and (except `-curl`/`-scm`) gcc and the -dev headers; the
    // base of the full language images (docker-library/buildpack-deps).
    toolchain(
        &[Is("buildpack-deps")],
        linux("buildpack-deps", DEBIAN, Root, Toolchain, true, APT),
    ),
    // Languages (docker-library's Dockerfiles): the full tags are built on buildpack-deps.
    // docker-node creates the user `node` (uid 1000) and sets no USER; php's Debian images
    // have `www-data`.
    row(
        &[Is("node")],
        with_user(linux("Node.js", DEBIAN, Root, Toolchain, true, APT), "node"),
    ),
    row(
        &[Is("python"), Is("pypy")],
        linux("Python", DEBIAN, Root, Toolchain, true, APT),
    ),
    row(
        &[Is("ruby")],
        linux("Ruby", DEBIAN, Root, Toolchain, true, APT),
    ),
    row(
        &[Is("perl")],
        linux("Perl", DEBIAN, Root, Toolchain, true, APT),
    ),
    row(
        &[Is("php")],
        with_user(linux("PHP", DEBIAN, Root, Full, false, APT), "www-data"),
    ),
    toolchain(
        &[Is("golang")],
        linux("Go", DEBIAN, Root, Toolchain, true, APT),
    ),
    toolchain(
        &[Is("rust")],
        linux("Rust", DEBIAN, Root, Toolchain, true, APT),
    ),
    toolchain(
        &[Is("gcc")],
        linux("GCC", DEBIAN, Root, Toolchain, true, APT),
    ),
    toolchain(
        &[Is("elixir"), Is("erlang")],
        linux("Erlang/Elixir", DEBIAN, Root, Toolchain, true, APT),
    ),
    toolchain(
        &[Is("maven"), Is("gradle")],
        linux("Java build tool", UBUNTU, Root, Toolchain, true, APT),
    ),
    // Java (adoptium/containers, docker-library/openjdk, corretto/corretto-docker): a JDK
    // has javac; `-jre` tags do not (adjusted below).
    toolchain(
        &[
            Is("eclipse-temurin"),
            Is("openjdk"),
            Is("ibm-semeru-runtimes"),
            Is("sapmachine"),
        ],
        linux("Java", UBUNTU, Root, Toolchain, true, APT),
    ),
    toolchain(
        &[Is("amazoncorretto")],
        linux(
            "Java (Corretto)",
            Some("Amazon Linux"),
            Root,
            Toolchain,
            true,
            Some("dnf"),
        ),
    ),
    // Servers whose workers or entrypoints step down from root: nginx's workers run as
    // `nginx` (nginxinc/docker-nginx), httpd's as `daemon` (its httpd.conf), the Apache and
    // FPM variants of php/wordpress/nextcloud as `www-data`; the databases' entrypoints
    // `gosu`/`su-exec` to their own user (docker-library/postgres, mysql, mariadb, mongo,
    // redis, rabbitmq: docker-entrypoint.sh).
    row(
        &[Is("nginxinc/nginx-unprivileged")],
        linux("nginx", DEBIAN, Unprivileged("nginx"), Slim, false, APT),
    ),
    row(
        &[Is("nginx")],
        linux("nginx", DEBIAN, StepsDown("nginx"), Slim, false, APT),
    ),
    row(
        &[Is("httpd")],
        linux(
            "Apache httpd",
            DEBIAN,
            StepsDown("daemon"),
            Slim,
            false,
            APT,
        ),
    ),
    row(
        &[Is("wordpress"), Is("nextcloud")],
        linux(
            "PHP application",
            DEBIAN,
            StepsDown("www-data"),
            Full,
            false,
            APT,
        ),
    ),
    row(
        &[Is("postgres"), Is("postgis/postgis")],
        linux(
            "PostgreSQL",
            DEBIAN,
            StepsDown("postgres"),
            Slim,
            false,
            APT,
        ),
    ),
    row(
        &[Is("mysql")],
        linux(
            "MySQL",
            Some("Oracle Linux"),
            StepsDown("mysql"),
            Slim,
            false,
            Some("microdnf"),
        ),
    ),
    row(
        &[Is("mariadb")],
        linux("MariaDB", UBUNTU, StepsDown("mysql"), Slim, false, APT),
    ),
    row(
        &[Is("mongo")],
        linux("MongoDB", UBUNTU, StepsDown("mongodb"), Slim, false, APT),
    ),
    row(
        &[Is("redis")],
        linux("Redis", DEBIAN, StepsDown("redis"), Slim, false, APT),
    ),
    row(
        &[Is("rabbitmq")],
        linux("RabbitMQ", UBUNTU, StepsDown("rabbitmq"), Slim, false, APT),
    ),
    // Images that set an unprivileged USER: memcached (`memcache`), haproxy 2.4+
    // (`haproxy`), jenkins (`jenkins`), fluentd (`fluent`), Elastic's images (`elasticsearch`
    // and the like, uid 1000), Jupyter's docker-stacks (`jovyan`), Bitnami (uid 1001).
    row(
        &[Is("memcached")],
        linux(
            "Memcached",
            DEBIAN,
            Unprivileged("memcache"),
            Slim,
            false,
            APT,
        ),
    ),
    row(
        &[Is("haproxy")],
        linux("HAProxy", DEBIAN, Unprivileged("haproxy"), Slim, false, APT),
    ),
    row(
        &[
            Is("jenkins/jenkins"),
            Is("jenkins/inbound-agent"),
            Is("jenkins/agent"),
        ],
        linux("Jenkins", DEBIAN, Unprivileged("jenkins"), Full, false, APT),
    ),
    row(
        &[Is("fluent/fluentd")],
        linux("Fluentd", DEBIAN, Unprivileged("fluent"), Slim, false, APT),
    ),
    row(
        &[Under("docker.elastic.co/")],
        linux("Elastic", UBUNTU, Unprivileged("1000"), Full, false, APT),
    ),
    row(
        &[Under("jupyter/"), Under("quay.io/jupyter/")],
        linux(
            "Jupyter docker-stacks",
            UBUNTU,
            Unprivileged("jovyan"),
            Full,
            false,
            APT,
        ),
    ),
    row(
        &[Under("bitnami/")],
        linux("Bitnami", DEBIAN, Unprivileged("1001"), Slim, false, APT),
    ),
    // distroless (GoogleContainerTools/distroless README): no shell, no package manager,
    // root unless the `nonroot` tag (uid 65532); `debug` tags add BusyBox's shell.
    row(
        &[Under("gcr.io/distroless/")],
        no_shell(linux("distroless", DEBIAN, Root, Minimal, false, None)),
    ),
    // Chainguard (Wolfi): nonroot by default; `-dev` tags add a shell and apk and run as
    // root (edu.chainguard.dev, "Chainguard Images").
    row(
        &[Under("cgr.dev/")],
        no_shell(linux(
            "Chainguard",
            Some("Wolfi"),
            Unprivileged("nonroot"),
            Minimal,
            false,
            None,
        )),
    ),
    // .NET (dotnet/dotnet-docker): Debian by default; the SDK compiles; since .NET 8 every
    // image has the user `app` ($APP_UID) and `-chiseled`/`-distroless` ones run as it.
    toolchain(
        &[Is("mcr.microsoft.com/dotnet/sdk")],
        with_user(linux(".NET SDK", DEBIAN, Root, Toolchain, true, APT), "app"),
    ),
    row(
        &[
            Is("mcr.microsoft.com/dotnet/aspnet"),
            Is("mcr.microsoft.com/dotnet/runtime"),
            Is("mcr.microsoft.com/dotnet/runtime-deps"),
            Is("mcr.microsoft.com/dotnet/monitor"),
            Is("mcr.microsoft.com/dotnet/aspire-dashboard"),
        ],
        with_user(linux(".NET runtime", DEBIAN, Root, Slim, false, APT), "app"),
    ),
    // Dev container images (devcontainers/images): they create `vscode` (or `node`, `codespace`) and set no USER;
    // devcontainer.json's `remoteUser` picks it.
    row(
        &[
            Under("mcr.microsoft.com/devcontainers/"),
            Under("mcr.microsoft.com/vscode/devcontainers/"),
            Under("devcon.azurecr.io/public/vscode/devcontainers/"),
        ],
        with_user(
            linux(DEV_CONTAINER, DEBIAN, Root, Toolchain, true, APT),
            "vscode",
        ),
    ),
    // Docker in Docker needs root (docker-library/docker); `rootless` is adjusted below.
    row(
        &[Is("docker")],
        linux("Docker", ALPINE, Root, Slim, false, APK),
    ),
];

/// Strips what does not change an image's family: `docker.io/`, `library/`, the per-architecture
/// namespaces of the official images (`arm64v8/alpine`), mirrors of Docker Hub.
fn normalize(img: &ImageRef) -> String {
    let mut repo = img.repository.to_ascii_lowercase();
    let registry = img.registry.as_deref().map(str::to_ascii_lowercase);
    let hub = match registry.as_deref() {
        None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io" | "mirror.gcr.io") => {
            true
        }
        Some("public.ecr.aws") => match repo.strip_prefix("docker/") {
            Some(r) => {
                repo = r.to_owned();
                true
            }
            None => false,
        },
        Some(_) => false,
    };
    if hub {
        if let Some(r) = repo.strip_prefix("library/") {
            repo = r.to_owned();
        }
        const ARCHES: [&str; 9] = [
            "amd64/", "arm64v8/", "arm32v7/", "arm32v6/", "arm32v5/", "i386/", "ppc64le/",
            "s390x/", "riscv64/",
        ];
        if let Some(r) = ARCHES.iter().find_map(|a| repo.strip_prefix(a)) {
            repo = r.to_owned();
        }
        repo
    } else {
        format!("{}/{repo}", registry.unwrap_or_default())
    }
}

fn has_word(tag: &str, word: &str) -> bool {
    tag.split(['-', '.', '_']).any(|w| w == word)
}

/// Whether `img`'s name or tag says that it runs unprivileged, whatever its family:
/// `:nonroot`, `-rootless`, `-chiseled` (Ubuntu's chiselled images and those built on them).
#[must_use]
pub fn named_unprivileged(img: &ImageRef) -> bool {
    let name = normalize(img);
    let tag = img.tag.as_deref().unwrap_or_default().to_ascii_lowercase();
    [&name, &tag].iter().any(|s| {
        ["rootless", "nonroot", "non-root", "chiseled", "chiselled"]
            .iter()
            .any(|w| s.contains(w))
    })
}

/// The facts known about `img`, from its family's row and its tag's variant words.
#[must_use]
pub fn facts(img: &ImageRef) -> Option<ImageFacts> {
    let name = normalize(img);
    let tag = img.tag.as_deref().unwrap_or_default().to_ascii_lowercase();
    let generic = FAMILIES.iter().find(|f| {
        f.repos.iter().any(|r| match *r {
            Is(n) => name == n,
            Under(p) => name.starts_with(p),
        })
    });
    let windows = crate::model::platform::is_windows_image(img);
    let mut f = match generic {
        Some(g) => g.facts,
        // Windows images are known by their names and tags, whatever the family.
        None if windows => linux("Windows", None, Root, Full, false, None),
        None if [&name, &tag].iter().any(|s| {
            ["rootless", "nonroot", "non-root"]
                .iter()
                .any(|w| s.contains(w))
        }) =>
        {
            no_shell(linux(
                "unprivileged image",
                None,
                Unprivileged("nonroot"),
                Slim,
                false,
                None,
            ))
        }
        None => return None,
    };
    let variants = generic.map_or(Variants::DropCompiler, |g| g.variants);
    let keep = variants == Variants::KeepCompiler;
    if has_word(&tag, "alpine") {
        f.distro = ALPINE;
        f.package_manager = APK;
        if !keep {
            f.compiler = false;
            f.size = f.size.min(Slim);
        }
    } else if has_word(&tag, "slim") && !keep {
        f.compiler = false;
        f.size = f.size.min(Slim);
    }
    if name == "buildpack-deps" && (has_word(&tag, "curl") || has_word(&tag, "scm")) {
        f.compiler = false;
        f.size = Full;
    }
    // A JRE has no javac.
    if (has_word(&tag, "jre") || tag.starts_with("jre")) && f.family.starts_with("Java") {
        f.compiler = false;
        f.size = Slim;
    }
    for (word, distro) in [
        ("bookworm", "Debian"),
        ("bullseye", "Debian"),
        ("trixie", "Debian"),
        ("noble", "Ubuntu"),
        ("jammy", "Ubuntu"),
        ("focal", "Ubuntu"),
    ] {
        if has_word(&tag, word) {
            f.distro = Some(distro);
            f.package_manager = APT;
        }
    }
    if tag.contains("azurelinux") || tag.contains("cbl-mariner") || tag.contains("mariner") {
        f.distro = Some("Azure Linux");
        f.package_manager = Some("tdnf");
    }
    if tag.contains("ubi") && f.family.starts_with("Java") {
        f.distro = Some("RHEL");
        f.package_manager = Some("microdnf");
    }
    let distroless =
        tag.contains("distroless") || tag.contains("chiseled") || tag.contains("chiselled");
    if distroless || name.contains("chiseled") || name.contains("chiselled") {
        f = no_shell(f);
        f.size = Minimal;
        f.compiler = f.compiler && keep;
        if let Some(u) = f.spare_user {
            // .NET's chiselled and distroless images run as `app`.
            f.runs_as = Unprivileged(u);
            f.spare_user = None;
        }
    }
    if has_word(&tag, "micro") && name.contains("ubi") {
        f.package_manager = None;
    }
    if has_word(&tag, "minimal") && name.contains("ubi") {
        f.package_manager = Some("microdnf");
    }
    if f.family == "distroless" && has_word(&tag, "debug") {
        f.shell = true;
    }
    if f.family == "Chainguard" && has_word(&tag, "dev") {
        f.shell = true;
        f.package_manager = APK;
        f.runs_as = Root;
    }
    if has_word(&tag, "nonroot") || tag.contains("rootless") || name.contains("rootless") {
        f.runs_as = Unprivileged(if tag.contains("rootless") {
            "rootless"
        } else {
            "nonroot"
        });
        f.spare_user = None;
    }
    // .NET images have the user `app` since .NET 8 only.
    if f.family.starts_with(".NET") {
        let major: u32 = tag
            .split(['.', '-'])
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(u32::MAX);
        if major < 8 {
            f.spare_user = None;
        }
    }
    // PHP's web server variants step down to www-data.
    if f.family == "PHP" && (has_word(&tag, "apache") || has_word(&tag, "fpm")) {
        f.runs_as = StepsDown("www-data");
        f.spare_user = None;
    }
    if windows {
        f.os = Os::Windows;
        f.distro = None;
        f.package_manager = None;
        f.spare_user = None;
        // Nano Server runs as ContainerUser, Server Core as ContainerAdministrator
        // (learn.microsoft.com, "Windows container base images").
        f.runs_as = RunsAs::Windows(
            if name.contains("nanoserver") || tag.contains("nanoserver") {
                "ContainerUser"
            } else {
                "ContainerAdministrator"
            },
        );
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(s: &str) -> ImageFacts {
        let img = ImageRef::parse(s).unwrap_or_else(|| panic!("{s}"));
        facts(&img).unwrap_or_else(|| panic!("no facts for {s}"))
    }

    #[test]
    fn families_and_variants() {
        let node = of("node:22");
        assert_eq!(
            (node.size, node.compiler, node.spare_user),
            (Toolchain, true, Some("node"))
        );
        let slim = of("node:22-slim");
        assert_eq!(
            (slim.size, slim.compiler, slim.runs_as),
            (Slim, false, Root)
        );
        assert_eq!(of("node:22-alpine").package_manager, Some("apk"));
        assert!(of("golang:1.24-alpine").compiler);
        assert!(!of("python:3.13-slim-bookworm").compiler);
        assert!(!of("eclipse-temurin:21-jre").compiler);
        assert!(of("eclipse-temurin:21-jdk").compiler);
        assert!(!of("buildpack-deps:bookworm-curl").compiler);
        assert_eq!(of("arm64v8/alpine:3.22").family, "Alpine Linux");
        assert_eq!(of("docker.io/library/debian:bookworm").family, "Debian");
        assert_eq!(
            of("public.ecr.aws/docker/library/redis:7").runs_as,
            StepsDown("redis")
        );
    }

    #[test]
    fn who_a_container_runs_as() {
        assert_eq!(of("gcr.io/distroless/static-debian12").runs_as, Root);
        assert_eq!(
            of("gcr.io/distroless/static-debian12:nonroot").runs_as,
            Unprivileged("nonroot")
        );
        assert!(of("gcr.io/distroless/base:debug").shell);
        assert_eq!(of("mcr.microsoft.com/dotnet/aspnet:8.0").runs_as, Root);
        assert_eq!(
            of("mcr.microsoft.com/dotnet/aspnet:8.0").spare_user,
            Some("app")
        );
        assert_eq!(of("mcr.microsoft.com/dotnet/aspnet:6.0").spare_user, None);
        assert_eq!(
            of("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled").runs_as,
            Unprivileged("app")
        );
        assert_eq!(
            of("mcr.microsoft.com/dotnet/runtime-deps:8.0-azurelinux3.0-distroless").runs_as,
            Unprivileged("app")
        );
        assert_eq!(
            of("quay.io/jupyter/base-notebook").runs_as,
            Unprivileged("jovyan")
        );
        assert_eq!(
            of("cgr.dev/chainguard/node").runs_as,
            Unprivileged("nonroot")
        );
        assert_eq!(of("cgr.dev/chainguard/node:latest-dev").runs_as, Root);
        assert_eq!(of("docker:dind-rootless").runs_as, Unprivileged("rootless"));
        assert_eq!(of("php:8.3-apache").runs_as, StepsDown("www-data"));
        assert_eq!(of("php:8.3-cli").runs_as, Root);
        assert_eq!(of("postgres:17").runs_as, StepsDown("postgres"));
        assert_eq!(
            of("mcr.microsoft.com/windows/nanoserver:ltsc2022").runs_as,
            RunsAs::Windows("ContainerUser")
        );
        assert_eq!(
            of("mcr.microsoft.com/dotnet/framework/sdk:4.8").runs_as,
            RunsAs::Windows("ContainerAdministrator")
        );
        assert_eq!(
            of("mcr.microsoft.com/dotnet/framework/sdk:4.8").os,
            Os::Windows
        );
        assert!(
            facts(&ImageRef::parse("example.com/team/app:1").unwrap_or_else(|| panic!())).is_none()
        );
    }

    #[test]
    fn summaries_read_as_one_line() {
        assert_eq!(
            of("node:22").summary(),
            "Node.js · Debian · toolchain (compilers, `apt-get`) · runs as root (user `node` available)"
        );
        assert_eq!(
            of("gcr.io/distroless/static-debian12:nonroot").summary(),
            "distroless · Debian · minimal (no shell) · runs as `nonroot`"
        );
    }
}
