//! Well-known base images with their common tags (an offline list for completion: nothing is
//! ever fetched), and where an image reference's registry page is (for hover).

/// A well-known image.
#[derive(Debug, Clone, Copy)]
pub struct KnownImage {
    /// The name as written in FROM (`node`, `gcr.io/distroless/static-debian12`).
    pub name: &'static str,
    /// What it is for.
    pub docs: &'static str,
    /// Common tags, the usual choice first.
    pub tags: &'static [&'static str],
}

const fn img(name: &'static str, docs: &'static str, tags: &'static [&'static str]) -> KnownImage {
    KnownImage { name, docs, tags }
}

/// Common base images for building and for shipping.
pub static KNOWN_IMAGES: &[KnownImage] = &[
    img(
        "alpine",
        "Minimal Alpine Linux (musl, apk): about 8 MB.",
        &["3.22", "3.21", "3"],
    ),
    img(
        "debian",
        "Debian; `-slim` variants drop documentation and locales.",
        &["bookworm-slim", "trixie-slim", "bookworm", "trixie"],
    ),
    img(
        "ubuntu",
        "Ubuntu LTS releases.",
        &["24.04", "22.04", "noble", "jammy"],
    ),
    img(
        "busybox",
        "A single static binary with the common Unix tools.",
        &["1.37", "stable", "musl"],
    ),
    img(
        "node",
        "Node.js with npm: `-slim`/`-alpine` for the runtime stage, the full image to build.",
        &[
            "22-slim",
            "22-alpine",
            "22",
            "24-slim",
            "24-alpine",
            "24",
            "20-slim",
        ],
    ),
    img(
        "python",
        "Python with pip: build in the full image, ship `-slim`.",
        &["3.13-slim", "3.13", "3.13-alpine", "3.12-slim", "3.14-slim"],
    ),
    img(
        "golang",
        "The Go toolchain: build with it, ship the binary on distroless or scratch.",
        &["1.25", "1.25-alpine", "1.24", "1.24-alpine"],
    ),
    img(
        "rust",
        "The Rust toolchain: build with it, ship the binary on a slim or distroless base.",
        &["1", "1-slim", "1-alpine", "1.90", "1.90-slim"],
    ),
    img(
        "eclipse-temurin",
        "OpenJDK builds from Adoptium: `-jdk` to build, `-jre` to run.",
        &["21-jre", "21-jdk", "25-jre", "25-jdk", "17-jre"],
    ),
    img(
        "maven",
        "Maven with a JDK, for the build stage.",
        &["3.9-eclipse-temurin-21", "3.9-eclipse-temurin-25"],
    ),
    img(
        "gradle",
        "Gradle with a JDK, for the build stage.",
        &["8-jdk21", "9-jdk21"],
    ),
    img(
        "php",
        "PHP: `-fpm` behind a web server, `-apache` standalone.",
        &["8.4-fpm-alpine", "8.4-apache", "8.4-cli"],
    ),
    img(
        "ruby",
        "Ruby with Bundler.",
        &["3.4-slim", "3.4", "3.4-alpine"],
    ),
    img(
        "nginx",
        "The nginx web server and reverse proxy (stops gracefully on SIGQUIT).",
        &["stable-alpine", "1.28-alpine", "alpine", "stable"],
    ),
    img(
        "httpd",
        "The Apache HTTP server (stops gracefully on SIGWINCH).",
        &["2.4-alpine", "2.4"],
    ),
    img(
        "caddy",
        "The Caddy web server with automatic HTTPS.",
        &["2-alpine", "2"],
    ),
    img("postgres", "PostgreSQL.", &["17-alpine", "17", "16-alpine"]),
    img("redis", "Redis.", &["8-alpine", "7-alpine"]),
    img(
        "docker",
        "The Docker CLI and daemon (`dind` runs a daemon inside).",
        &["cli", "dind"],
    ),
    img(
        "gcr.io/distroless/static-debian12",
        "No shell, no package manager: for static binaries (Go, Rust with musl).",
        &["nonroot", "latest"],
    ),
    img(
        "gcr.io/distroless/base-debian12",
        "Distroless with glibc and OpenSSL.",
        &["nonroot", "latest"],
    ),
    img(
        "gcr.io/distroless/cc-debian12",
        "Distroless with glibc and libgcc: for Rust and C++ binaries.",
        &["nonroot", "latest"],
    ),
    img(
        "gcr.io/distroless/nodejs22-debian12",
        "Distroless Node.js runtime.",
        &["nonroot", "latest"],
    ),
    img(
        "gcr.io/distroless/python3-debian12",
        "Distroless Python runtime.",
        &["nonroot", "latest"],
    ),
    img(
        "gcr.io/distroless/java21-debian12",
        "Distroless Java runtime.",
        &["nonroot", "latest"],
    ),
    img(
        "mcr.microsoft.com/dotnet/sdk",
        "The .NET SDK: build and publish with it.",
        &["9.0", "8.0"],
    ),
    img(
        "mcr.microsoft.com/dotnet/aspnet",
        "The ASP.NET Core runtime: ship published web apps on it.",
        &["9.0", "8.0", "9.0-alpine"],
    ),
    img(
        "mcr.microsoft.com/dotnet/runtime",
        "The .NET runtime for console apps.",
        &["9.0", "8.0"],
    ),
    img(
        "mcr.microsoft.com/dotnet/runtime-deps",
        "Only the native dependencies: for self-contained .NET apps.",
        &["9.0-chiseled", "9.0"],
    ),
    img(
        "mcr.microsoft.com/windows/servercore",
        "Windows Server Core containers.",
        &["ltsc2022", "ltsc2025"],
    ),
    img(
        "mcr.microsoft.com/windows/nanoserver",
        "Minimal Windows Nano Server containers.",
        &["ltsc2022", "ltsc2025"],
    ),
    img(
        "scratch",
        "The empty image: nothing but what you copy in.",
        &[],
    ),
];

/// The known image named `name` (as written in FROM, `docker.io/library/` optional).
#[must_use]
pub fn known_image(name: &str) -> Option<&'static KnownImage> {
    let name = name
        .strip_prefix("docker.io/")
        .map(|n| n.strip_prefix("library/").unwrap_or(n))
        .unwrap_or(name);
    KNOWN_IMAGES.iter().find(|i| i.name == name)
}

/// Where an image is published: the registry's display name and the image's page there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPage {
    /// The registry, e.g. `Docker Hub`.
    pub registry: String,
    /// The image's page, when the registry has one at a known address.
    pub url: Option<String>,
}

/// The registry page of the image `repository` at `registry` (computed from the name alone:
/// no network).
#[must_use]
pub fn registry_page(registry: Option<&str>, repository: &str) -> RegistryPage {
    let repo = repository;
    let host = registry.unwrap_or("docker.io");
    let (name, url) = match host {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => {
            let official = repo.strip_prefix("library/").unwrap_or(repo);
            let url = if official.contains('/') {
                format!("https://hub.docker.com/r/{official}")
            } else {
                format!("https://hub.docker.com/_/{official}")
            };
            ("Docker Hub".to_owned(), Some(url))
        }
        "ghcr.io" => (
            "GitHub Container Registry".to_owned(),
            Some(format!("https://ghcr.io/{repo}")),
        ),
        "quay.io" => (
            "Quay.io".to_owned(),
            Some(format!("https://quay.io/repository/{repo}")),
        ),
        "mcr.microsoft.com" => (
            "Microsoft Artifact Registry".to_owned(),
            Some(format!(
                "https://mcr.microsoft.com/en-us/artifact/mar/{repo}"
            )),
        ),
        "gcr.io" | "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => {
            let url = repo.split_once('/').map(|(project, image)| {
                format!("https://console.cloud.google.com/gcr/images/{project}/global/{image}")
            });
            ("Google Container Registry".to_owned(), url)
        }
        "public.ecr.aws" => (
            "Amazon ECR Public Gallery".to_owned(),
            Some(format!("https://gallery.ecr.aws/{repo}")),
        ),
        "registry.k8s.io" => ("Kubernetes registry".to_owned(), None),
        other => (other.to_owned(), None),
    };
    RegistryPage {
        registry: name,
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> (String, Option<String>) {
        let i = crate::model::ImageRef::parse(s).unwrap_or_else(|| panic!("{s}"));
        let r = registry_page(i.registry.as_deref(), &i.repository);
        (r.registry, r.url)
    }

    #[test]
    fn links_point_at_the_right_registry() {
        let url = |s| page(s).1.unwrap_or_default();
        assert_eq!(url("node:22"), "https://hub.docker.com/_/node");
        assert_eq!(
            url("docker.io/library/node"),
            "https://hub.docker.com/_/node"
        );
        assert_eq!(
            url("bitnami/redis:7"),
            "https://hub.docker.com/r/bitnami/redis"
        );
        assert_eq!(url("ghcr.io/owner/app:1"), "https://ghcr.io/owner/app");
        assert_eq!(
            url("quay.io/jupyter/base-notebook"),
            "https://quay.io/repository/jupyter/base-notebook"
        );
        assert_eq!(
            url("mcr.microsoft.com/dotnet/sdk:9.0"),
            "https://mcr.microsoft.com/en-us/artifact/mar/dotnet/sdk"
        );
        assert_eq!(
            url("gcr.io/distroless/static-debian12"),
            "https://console.cloud.google.com/gcr/images/distroless/global/static-debian12"
        );
        assert_eq!(
            url("public.ecr.aws/docker/library/node"),
            "https://gallery.ecr.aws/docker/library/node"
        );
        assert_eq!(
            page("registry.example.com:5000/team/app"),
            ("registry.example.com:5000".to_owned(), None)
        );
        assert!(known_image("docker.io/library/node").is_some());
    }
}

/// The Docker Official Images that are commonly referenced by their bare name
/// (`COPY --from=composer …`): a bare name in this list is an image, not a missing stage.
pub static OFFICIAL_IMAGES: &[&str] = &[
    "adminer",
    "aerospike",
    "almalinux",
    "alpine",
    "amazoncorretto",
    "amazonlinux",
    "arangodb",
    "archlinux",
    "backdrop",
    "bash",
    "bonita",
    "buildpack-deps",
    "busybox",
    "caddy",
    "cassandra",
    "centos",
    "chronograf",
    "cirros",
    "clearlinux",
    "clojure",
    "composer",
    "consul",
    "couchbase",
    "couchdb",
    "crate",
    "dart",
    "debian",
    "docker",
    "drupal",
    "eclipse-mosquitto",
    "eclipse-temurin",
    "eggdrop",
    "elasticsearch",
    "elixir",
    "emqx",
    "erlang",
    "fedora",
    "flink",
    "fluentd",
    "friendica",
    "gazebo",
    "gcc",
    "geonetwork",
    "ghost",
    "golang",
    "gradle",
    "groovy",
    "haproxy",
    "haskell",
    "haxe",
    "hello-world",
    "httpd",
    "hylang",
    "ibm-semeru-runtimes",
    "ibmjava",
    "influxdb",
    "irssi",
    "jetty",
    "joomla",
    "jruby",
    "julia",
    "kapacitor",
    "kibana",
    "kong",
    "krakend",
    "lightstreamer",
    "liquibase",
    "logstash",
    "mageia",
    "mariadb",
    "matomo",
    "maven",
    "mediawiki",
    "memcached",
    "mongo",
    "mongo-express",
    "monica",
    "mono",
    "mysql",
    "nats",
    "neo4j",
    "neurodebian",
    "nextcloud",
    "nginx",
    "node",
    "odoo",
    "open-liberty",
    "openjdk",
    "oraclelinux",
    "orientdb",
    "percona",
    "perl",
    "photon",
    "php",
    "php-zendserver",
    "phpmyadmin",
    "plone",
    "postfixadmin",
    "postgres",
    "pypy",
    "python",
    "r-base",
    "rabbitmq",
    "rakudo-star",
    "redis",
    "redmine",
    "registry",
    "rethinkdb",
    "rocket.chat",
    "rockylinux",
    "ruby",
    "rust",
    "sapmachine",
    "satosa",
    "silverpeas",
    "solr",
    "sonarqube",
    "spark",
    "spiped",
    "storm",
    "swift",
    "swipl",
    "teamspeak",
    "telegraf",
    "tomcat",
    "tomee",
    "traefik",
    "ubuntu",
    "unit",
    "varnish",
    "websphere-liberty",
    "wordpress",
    "xwiki",
    "yourls",
    "znc",
    "zookeeper",
];

/// Whether a bare name (`nginx`, `composer`) is a well-known image rather than a stage.
#[must_use]
pub fn is_official_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    OFFICIAL_IMAGES.binary_search(&lower.as_str()).is_ok() || known_image(&lower).is_some()
}

#[cfg(test)]
mod official_tests {
    #[test]
    fn the_list_is_sorted_for_binary_search() {
        let mut sorted = super::OFFICIAL_IMAGES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::OFFICIAL_IMAGES);
        assert!(super::is_official_image("composer"));
        assert!(!super::is_official_image("builder"));
    }
}
