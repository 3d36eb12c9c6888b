//! Build images and the runtime images that fit what they build: which ecosystem a toolchain
//! image belongs to, and the slim, distroless or JRE/ASP.NET image to ship its output on.

/// The ecosystems whose builds we recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    /// Go (`go build`).
    Go,
    /// Rust (`cargo build`).
    Rust,
    /// Node.js (`npm run build`, bundlers, `tsc`).
    Node,
    /// Python (`pip wheel`, `python -m build`).
    Python,
    /// Java (Maven, Gradle).
    Java,
    /// .NET (`dotnet publish`).
    Dotnet,
    /// C and C++ (`make`, `cmake --build`).
    Native,
}

impl Ecosystem {
    /// The ecosystem's name in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Ecosystem::Go => "Go",
            Ecosystem::Rust => "Rust",
            Ecosystem::Node => "Node.js",
            Ecosystem::Python => "Python",
            Ecosystem::Java => "Java",
            Ecosystem::Dotnet => ".NET",
            Ecosystem::Native => "C/C++",
        }
    }
}

/// A heavy build image and what to ship on instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runtime {
    /// The ecosystem of the build image.
    pub ecosystem: Ecosystem,
    /// The image to run the build output on.
    pub image: String,
    /// Whether the replacement is the same runtime with the build tools left out (`node:22`
    /// → `node:22-slim`), so swapping it cannot break what runs; otherwise it is advice
    /// (`golang` → distroless needs a static binary).
    pub certain: bool,
}

/// The image name without `docker.io/library/`.
fn short(registry: Option<&str>, repository: &str) -> String {
    let repo = repository.strip_prefix("library/").unwrap_or(repository);
    match registry {
        None | Some("docker.io" | "index.docker.io") => repo.to_owned(),
        Some(r) => format!("{r}/{repo}"),
    }
}

/// The leading version of a tag (`1.22-bookworm` → `1.22`, `3.9-eclipse-temurin-21` → `3.9`).
fn version_of(tag: &str) -> &str {
    let end = tag
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(tag.len());
    tag.get(..end).unwrap_or_default()
}

/// If the image `repository` (at `registry`, with `tag`) is a toolchain or SDK image (the
/// full one, not a slim or runtime variant), the image that runs its build output.
#[must_use]
pub fn runtime_for(registry: Option<&str>, repository: &str, tag: Option<&str>) -> Option<Runtime> {
    let name = short(registry, repository);
    let tag = tag.unwrap_or("");
    let slim = ["slim", "alpine", "distroless", "chiseled"]
        .iter()
        .any(|v| tag.contains(v));
    let r = |ecosystem, image: String, certain| Runtime {
        ecosystem,
        image,
        certain,
    };
    match name.as_str() {
        "golang" => Some(r(
            Ecosystem::Go,
            "gcr.io/distroless/static-debian12:nonroot".to_owned(),
            false,
        )),
        "rust" => Some(r(
            Ecosystem::Rust,
            "gcr.io/distroless/cc-debian12:nonroot".to_owned(),
            false,
        )),
        "node" if !slim => {
            let v = version_of(tag);
            let image = if v.is_empty() {
                "node:lts-slim".to_owned()
            } else {
                format!("node:{v}-slim")
            };
            Some(r(Ecosystem::Node, image, !v.is_empty()))
        }
        "python" if !slim => {
            let v = version_of(tag);
            let image = if v.is_empty() {
                "python:3-slim".to_owned()
            } else {
                format!("python:{v}-slim")
            };
            Some(r(Ecosystem::Python, image, !v.is_empty()))
        }
        "maven" | "gradle" => {
            // `gradle:8.10-jdk21`, `maven:3.9-eclipse-temurin-21`: `jdkNN`, else the last
            // `-`-separated part of the tag when it is a number.
            let jdk = tag
                .split('-')
                .find_map(|p| p.strip_prefix("jdk").filter(|v| !v.is_empty()))
                .or_else(|| {
                    tag.rsplit('-')
                        .next()
                        .filter(|p| tag.contains('-') && !p.is_empty())
                })
                .filter(|v| v.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or("21");
            Some(r(
                Ecosystem::Java,
                format!("eclipse-temurin:{jdk}-jre"),
                false,
            ))
        }
        "eclipse-temurin" | "amazoncorretto" | "openjdk" if !tag.contains("jre") && !slim => {
            let v = version_of(tag);
            let v = if v.is_empty() { "21" } else { v };
            let major = v.split('.').next().unwrap_or(v);
            Some(r(
                Ecosystem::Java,
                format!("eclipse-temurin:{major}-jre"),
                name == "eclipse-temurin" && !version_of(tag).is_empty(),
            ))
        }
        "mcr.microsoft.com/dotnet/sdk" => {
            let v = version_of(tag);
            let v = if v.is_empty() { "8.0" } else { v };
            Some(r(
                Ecosystem::Dotnet,
                format!("mcr.microsoft.com/dotnet/aspnet:{v}"),
                false,
            ))
        }
        "gcc" => Some(r(
            Ecosystem::Native,
            "gcr.io/distroless/cc-debian12:nonroot".to_owned(),
            false,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(s: &str) -> Option<(String, bool)> {
        let i = crate::model::ImageRef::parse(s).unwrap();
        runtime_for(i.registry.as_deref(), &i.repository, i.tag.as_deref())
            .map(|r| (r.image, r.certain))
    }

    #[test]
    fn runtimes() {
        assert_eq!(rt("node:22"), Some(("node:22-slim".into(), true)));
        assert_eq!(rt("node:22-bookworm"), Some(("node:22-slim".into(), true)));
        assert_eq!(rt("node:22-alpine"), None);
        assert_eq!(rt("python:3.13"), Some(("python:3.13-slim".into(), true)));
        assert_eq!(rt("python:3.13-slim"), None);
        assert_eq!(
            rt("maven:3.9-eclipse-temurin-21"),
            Some(("eclipse-temurin:21-jre".into(), false))
        );
        assert_eq!(
            rt("gradle:8.10-jdk21"),
            Some(("eclipse-temurin:21-jre".into(), false))
        );
        assert_eq!(
            rt("gradle:8.10"),
            Some(("eclipse-temurin:21-jre".into(), false))
        );
        assert_eq!(
            rt("eclipse-temurin:21-jdk"),
            Some(("eclipse-temurin:21-jre".into(), true))
        );
        assert_eq!(rt("eclipse-temurin:21-jre"), None);
        assert_eq!(
            rt("mcr.microsoft.com/dotnet/sdk:8.0"),
            Some(("mcr.microsoft.com/dotnet/aspnet:8.0".into(), false))
        );
        assert_eq!(rt("golang:1.22").map(|r| r.1), Some(false));
        assert_eq!(rt("alpine:3.22"), None);
    }
}
