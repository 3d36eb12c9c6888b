//! `RUN --mount` types and the keys each accepts, as BuildKit's `parseMount` reads them.

use super::{BOOL_VALUES, Value, v};

/// One key of a mount type.
#[derive(Debug, Clone, Copy)]
pub struct MountKey {
    /// The key as written in `--mount=…,key=value` (`target`, `from`, …).
    pub name: &'static str,
    /// Other spellings BuildKit accepts (`dst` for `target`).
    pub aliases: &'static [&'static str],
    /// What it does for this mount type (Markdown).
    pub docs: &'static str,
    /// Its values, where they are a fixed set.
    pub values: &'static [Value],
    /// Whether it may be written without `=value` (`rw`, `required`).
    pub bare: bool,
}

/// One mount type.
#[derive(Debug, Clone, Copy)]
pub struct MountType {
    /// `bind`, `cache`, `tmpfs`, `secret` or `ssh`.
    pub name: &'static str,
    /// What it mounts and when to use it (Markdown).
    pub docs: &'static str,
    /// An example flag.
    pub example: &'static str,
    /// The keys it accepts, `type` first.
    pub keys: &'static [MountKey],
}

const fn key(name: &'static str, aliases: &'static [&'static str], docs: &'static str) -> MountKey {
    MountKey {
        name,
        aliases,
        docs,
        values: &[],
        bare: false,
    }
}

const fn bool_key(
    name: &'static str,
    aliases: &'static [&'static str],
    docs: &'static str,
) -> MountKey {
    MountKey {
        name,
        aliases,
        docs,
        values: BOOL_VALUES,
        bare: true,
    }
}

/// The mount types, for the `type` key.
pub const TYPE_VALUES: &[Value] = &[
    v(
        "bind",
        "Mounts a directory of the context, a stage or an image, read-only (the default type).",
    ),
    v(
        "cache",
        "A persistent cache directory shared between builds (package downloads, compiler caches).",
    ),
    v("tmpfs", "An empty in-memory file system."),
    v(
        "secret",
        "A secret from `docker build --secret`, never stored in the image.",
    ),
    v("ssh", "The SSH agent socket from `docker build --ssh`."),
];

const TYPE: MountKey = MountKey {
    name: "type",
    aliases: &[],
    docs: "The kind of mount: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.",
    values: TYPE_VALUES,
    bare: false,
};
const FROM: MountKey = key(
    "from",
    &[],
    "The stage, image or named context to mount from (default: the build context). Name \
     the stage rather than using its index.",
);
const SOURCE: MountKey = key(
    "source",
    &["src"],
    "The path inside `from` to mount (default: its root).",
);
const MODE: MountKey = key(
    "mode",
    &[],
    "The permissions of the mounted file or directory, in octal.",
);
const UID: MountKey = key("uid", &[], "The numeric user id that owns the mount.");
const GID: MountKey = key("gid", &[], "The numeric group id that owns the mount.");

/// Every mount type.
pub static MOUNT_TYPES: &[MountType] = &[
    MountType {
        name: "bind",
        docs: "Mounts a directory of the build context, another stage or an image for this \
               command, without copying it into a layer: read the sources to build them, or \
               use a tool from another stage. Read-only unless `rw` is given, and even then \
               writes are thrown away.",
        example: "--mount=type=bind,source=go.mod,target=go.mod",
        keys: &[
            TYPE,
            key(
                "target",
                &["dst", "destination"],
                "Where the mount appears in the container (required).",
            ),
            SOURCE,
            FROM,
            bool_key(
                "rw",
                &["readwrite"],
                "Allows writes to the mount (they are discarded afterwards).",
            ),
        ],
    },
    MountType {
        name: "cache",
        docs: "A directory that persists across builds on the same builder, for package \
               manager and compiler caches: downloads are reused, and the cache never ends \
               up in the image, so nothing needs cleaning after the install.",
        example: "--mount=type=cache,target=/root/.cache/go-build",
        keys: &[
            TYPE,
            key(
                "id",
                &[],
                "Identifies the cache, so that different targets share it (default: the target path).",
            ),
            key(
                "target",
                &["dst", "destination"],
                "Where the cache appears in the container (required).",
            ),
            bool_key("ro", &["readonly"], "Mounts the cache read-only."),
            MountKey {
                name: "sharing",
                aliases: &[],
                docs: "What happens when builds use the same cache at the same time.",
                values: &[
                    v("shared", "Every writer uses it at once (the default)."),
                    v(
                        "private",
                        "A writer that finds it in use gets a new, empty instance.",
                    ),
                    v(
                        "locked",
                        "A writer waits until the other releases it: needed for apt's cache.",
                    ),
                ],
                bare: false,
            },
            key(
                "from",
                &[],
                "A stage or image whose directory seeds the cache (default: an empty directory).",
            ),
            key(
                "source",
                &["src"],
                "The path inside `from` to seed the cache with.",
            ),
            MODE,
            UID,
            GID,
        ],
    },
    MountType {
        name: "tmpfs",
        docs: "An empty in-memory file system for this command, for scratch files that must \
               not end up in the layer.",
        example: "--mount=type=tmpfs,target=/tmp",
        keys: &[
            TYPE,
            key(
                "target",
                &["dst", "destination"],
                "Where it appears in the container (required).",
            ),
            key(
                "size",
                &[],
                "The maximum size, in bytes (no limit by default).",
            ),
        ],
    },
    MountType {
        name: "secret",
        docs: "A secret passed with `docker build --secret id=<id>,src=<file>` (or \
               `env=<VAR>`), visible only to this command and never written to the image or \
               its history. This is the right way to give a build a token or a password \
               (not ARG or ENV).",
        example: "--mount=type=secret,id=npm_token,env=NPM_TOKEN",
        keys: &[
            TYPE,
            key(
                "id",
                &[],
                "The secret's id, as given to `docker build --secret id=…` (default: the target's file name).",
            ),
            key(
                "target",
                &["dst", "destination"],
                "The file the secret appears as (default `/run/secrets/<id>`).",
            ),
            key(
                "env",
                &[],
                "Exposes the secret as this environment variable instead of (or besides) a file. Dockerfile 1.10+.",
            ),
            bool_key(
                "required",
                &[],
                "Fails the build when the secret was not provided (default: the mount is skipped).",
            ),
            MODE,
            UID,
            GID,
        ],
    },
    MountType {
        name: "ssh",
        docs: "The SSH agent socket (or keys) passed with `docker build --ssh default`, so \
               the command can clone private repositories without a key in the image.",
        example: "--mount=type=ssh",
        keys: &[
            TYPE,
            key(
                "id",
                &[],
                "The SSH id given to `docker build --ssh <id>` (default `default`).",
            ),
            key(
                "target",
                &["dst", "destination"],
                "Where the socket appears (default `/run/buildkit/ssh_agent.${N}`).",
            ),
            bool_key(
                "required",
                &[],
                "Fails the build when no SSH agent was provided.",
            ),
            MODE,
            UID,
            GID,
        ],
    },
];

/// The mount type named `name` (case-insensitively).
#[must_use]
pub fn mount_type(name: &str) -> Option<&'static MountType> {
    MOUNT_TYPES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

impl MountType {
    /// The key `name` or one of its aliases, for this type.
    #[must_use]
    pub fn key(&self, name: &str) -> Option<&'static MountKey> {
        let keys: &'static [MountKey] = self.keys;
        keys.iter()
            .find(|k| k.name == name || k.aliases.contains(&name))
    }
}

/// Every key some mount type accepts, aliases included (what BuildKit recognises at all).
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for t in MOUNT_TYPES {
        for k in t.keys {
            for n in std::iter::once(&k.name).chain(k.aliases) {
                if !seen.contains(n) {
                    seen.push(n);
                }
            }
        }
    }
    seen.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cover_what_buildkit_accepts() {
        let mut keys: Vec<&str> = all_keys().collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "destination",
                "dst",
                "env",
                "from",
                "gid",
                "id",
                "mode",
                "readonly",
                "readwrite",
                "required",
                "ro",
                "rw",
                "sharing",
                "size",
                "source",
                "src",
                "target",
                "type",
                "uid"
            ]
        );
        assert_eq!(
            mount_type("cache")
                .and_then(|t| t.key("dst"))
                .map(|k| k.name),
            Some("target")
        );
        assert!(TYPE_VALUES.iter().all(|t| mount_type(t.name).is_some()));
    }
}
