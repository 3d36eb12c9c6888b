//! The file shapes the benchmarks measure, each at any size: a server that is fast on one
//! shape can be slow on another (the generator's stage every 10 lines is harsh on the model,
//! long scripts on the shell analysis, many variables on the scopes).

use std::fmt::Write as _;

/// A kind of Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The shared harness's generator (`tests/benches/gen_dockerfile.py --seed 1`): every
    /// construct, a stage about every 60 lines, some findings.
    Generated,
    /// Hundreds of stages, thousands of ARG/ENV declarations and uses.
    Variables,
    /// Few stages, long RUN scripts: `&&` chains over continuation lines and heredocs.
    Scripts,
    /// Ordinary multi-stage Dockerfiles (Go, Node, Python, Rust, Java, nginx) one after the
    /// other, each with its own stage names.
    RealWorld,
}

impl Shape {
    /// Every shape, in the order the tables list them.
    pub const ALL: [Shape; 4] = [
        Shape::Generated,
        Shape::Variables,
        Shape::Scripts,
        Shape::RealWorld,
    ];

    /// The name in tables.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Shape::Generated => "generated",
            Shape::Variables => "variable-heavy",
            Shape::Scripts => "script-heavy",
            Shape::RealWorld => "real-world",
        }
    }

    /// A Dockerfile of this shape with about `lines` lines (`None` when the generator
    /// cannot run: it needs `python3`).
    #[must_use]
    pub fn text(self, lines: usize) -> Option<String> {
        let text = match self {
            Shape::Generated => return generated(lines),
            Shape::Variables => repeat_to(lines, variables_block),
            Shape::Scripts => repeat_to(lines, scripts_block),
            Shape::RealWorld => repeat_to(lines, real_world_block),
        };
        Some(text)
    }
}

fn generated(lines: usize) -> Option<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/gen_dockerfile.py");
    let out = std::process::Command::new("python3")
        .args([script, "--lines", &lines.to_string(), "--seed", "1"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}

/// Whole blocks `block(k)` one after another while the text stays within `lines` lines.
fn repeat_to(lines: usize, block: fn(usize) -> String) -> String {
    let mut out = String::from(
        "# syntax=docker/dockerfile:1\nARG BASE_TAG=3.22\nARG APP_VERSION=1.0.0\nARG PYTHON_VERSION=3.12\n",
    );
    let mut count = out.lines().count();
    for k in 0.. {
        let b = block(k);
        let n = b.lines().count();
        if count + n > lines {
            break;
        }
        out.push_str(&b);
        count += n;
    }
    out
}

/// A stage that declares and uses many variables, built on the previous one.
fn variables_block(k: usize) -> String {
    let mut s = String::new();
    let base = if k == 0 {
        "alpine:${BASE_TAG}".to_owned()
    } else {
        format!("vars{}", k - 1)
    };
    let _ = writeln!(s, "FROM {base} AS vars{k}");
    let _ = writeln!(s, "ARG APP_VERSION");
    for v in 0..6 {
        let _ = writeln!(s, "ARG OPT_{k}_{v}=value{v}");
    }
    let _ = writeln!(
        s,
        "ENV APP_HOME=/opt/app{k} \\\n    APP_DATA=${{APP_HOME}}/data \\\n    APP_LOG=${{APP_HOME}}/log/${{OPT_{k}_0}}"
    );
    let _ = writeln!(s, "ENV PATH=${{APP_HOME}}/bin:$PATH");
    let _ = writeln!(s, "WORKDIR ${{APP_HOME}}");
    let _ = writeln!(
        s,
        "LABEL org.opencontainers.image.version=${{APP_VERSION}} stage=vars{k} opt=${{OPT_{k}_1}}"
    );
    let _ = writeln!(
        s,
        "COPY --chown=${{OPT_{k}_2}} config/${{OPT_{k}_3}} ${{APP_DATA}}/"
    );
    let _ = writeln!(
        s,
        "RUN echo \"${{APP_VERSION}} ${{OPT_{k}_4}} ${{OPT_{k}_5}}\" > ${{APP_LOG}}.txt"
    );
    let _ = writeln!(s, "USER ${{OPT_{k}_5}}");
    s
}

/// A stage with long shell scripts: a continued `&&` chain and two heredocs.
fn scripts_block(k: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "FROM debian:12-slim AS tools{k}");
    s.push_str("RUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends \\\n        ca-certificates curl gnupg git make gcc libc6-dev; \\\n");
    for n in 0..12 {
        let _ = writeln!(
            s,
            "    if [ -d /opt/step{n} ]; then rm -rf /opt/step{n}; fi; \\\n    mkdir -p /opt/step{n} && cd /opt/step{n} && echo \"step {n} of {k}\" > info.txt; \\"
        );
    }
    s.push_str("    rm -rf /var/lib/apt/lists/*\n");
    s.push_str("RUN <<EOF\nset -e\n");
    for n in 0..10 {
        let _ = writeln!(
            s,
            "for f in /opt/step{n}/*; do\n  case \"$f\" in\n    *.txt) cat \"$f\" | wc -l ;;\n    *) echo \"skip $f\" ;;\n  esac\ndone"
        );
    }
    s.push_str("EOF\n");
    s.push_str("COPY <<EOF /etc/app.conf\nname = tools\nversion = 1\nEOF\n");
    s
}

/// One ordinary multi-stage Dockerfile of six kinds, its stage names made unique by `k`.
fn real_world_block(k: usize) -> String {
    let text = match k % 6 {
        0 => {
            "FROM golang:1.23-bookworm AS build@\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12:nonroot AS runtime@\nCOPY --from=build@ /out/server /server\nUSER nonroot:nonroot\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n"
        }
        1 => {
            "FROM node:22-bookworm-slim AS deps@\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n\nFROM deps@ AS build@\nCOPY . .\nRUN npm run build\n\nFROM node:22-bookworm-slim AS web@\nENV NODE_ENV=production\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY --from=build@ /app/dist ./dist\nUSER node\nEXPOSE 3000\nCMD [\"node\", \"dist/server.js\"]\n"
        }
        2 => {
            "FROM python:${PYTHON_VERSION}-slim AS wheels@\nWORKDIR /wheels\nCOPY requirements.txt .\nRUN pip wheel --no-cache-dir -r requirements.txt\n\nFROM python:${PYTHON_VERSION}-slim AS api@\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY --from=wheels@ /wheels /wheels\nRUN pip install --no-cache-dir /wheels/* && rm -rf /wheels\nCOPY . .\nRUN useradd --create-home appuser\nUSER appuser\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n"
        }
        3 => {
            "FROM rust:1.82-slim-bookworm AS chef@\nRUN cargo install cargo-chef --locked\nWORKDIR /app\n\nFROM chef@ AS planner@\nCOPY . .\nRUN cargo chef prepare --recipe-path recipe.json\n\nFROM chef@ AS builder@\nCOPY --from=planner@ /app/recipe.json recipe.json\nRUN cargo chef cook --release --recipe-path recipe.json\nCOPY . .\nRUN cargo build --release --bin app\n\nFROM debian:12-slim AS app@\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder@ /app/target/release/app /usr/local/bin/app\nUSER 1000\nENTRYPOINT [\"/usr/local/bin/app\"]\n"
        }
        4 => {
            "FROM eclipse-temurin:21-jdk AS jdk@\nWORKDIR /workspace\nCOPY mvnw pom.xml ./\nCOPY .mvn .mvn\nRUN --mount=type=cache,target=/root/.m2 ./mvnw -B dependency:go-offline\nCOPY src src\nRUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -DskipTests\n\nFROM eclipse-temurin:21-jre AS jre@\nRUN groupadd --system app && useradd --system --gid app app\nCOPY --from=jdk@ /workspace/target/*.jar /app/app.jar\nUSER app\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1\nENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n"
        }
        _ => {
            "FROM node:22-alpine AS assets@\nWORKDIR /site\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .\nRUN yarn build\n\nFROM nginx:1.27-alpine AS site@\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY --from=assets@ /site/public /usr/share/nginx/html\nEXPOSE 80\n"
        }
    };
    format!("\n# service {k}\n{}", text.replace('@', &k.to_string()))
}

#[cfg(test)]
mod tests {
    use super::Shape;

    #[test]
    fn shapes_have_the_size_asked_for() {
        for shape in [Shape::Variables, Shape::Scripts, Shape::RealWorld] {
            let text = shape.text(1000).unwrap();
            let n = text.lines().count();
            assert!((880..=1000).contains(&n), "{}: {n}", shape.name());
        }
    }
}
