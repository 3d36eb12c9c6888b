//! The file system, carefully: every file we read must be a regular file of a bounded size
//! (a FIFO named `Dockerfile` or a link to `/dev/zero` must neither hang nor exhaust memory),
//! and `check --fix` replaces a file without ever following a planted link, without changing
//! which file the path names, and without losing an edit made meanwhile.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest Dockerfile read (16 MiB, or `DOCKERFILE_LS_MAX_FILE_BYTES`).
#[must_use]
pub fn dockerfile_limit() -> u64 {
    std::env::var("DOCKERFILE_LS_MAX_FILE_BYTES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(16 << 20)
}

/// The largest `.dockerignore` or configuration file read.
pub const SMALL_FILE_LIMIT: u64 = 1 << 20;

/// What kind of file a non-regular file is, for messages.
fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO without a writer would block; with O_NONBLOCK it returns at once
        // and the type check below refuses it.
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// The bytes of the regular file at `path` (links followed), at most `limit` of them.
///
/// # Errors
/// A message for people: missing, unreadable, not a regular file (saying what it is), or
/// larger than the limit.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        _ => format!("cannot read: {e}"),
    })?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.file_type().is_file() {
        return Err(format!(
            "skipped: {}, not a regular file",
            kind_of(meta.file_type())
        ));
    }
    let too_large = || {
        format!(
            "skipped: larger than {} (the limit; DOCKERFILE_LS_MAX_FILE_BYTES raises it)",
            human_size(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(buf)
}

/// A small text file (`.dockerignore`, configuration), or None when there is no usable one.
#[must_use]
pub fn read_small_text(path: &Path) -> Option<Result<String, String>> {
    std::fs::symlink_metadata(path).ok()?;
    Some(
        read_regular(path, SMALL_FILE_LIMIT)
            .and_then(|b| String::from_utf8(b).map_err(|_| "not valid UTF-8".to_owned())),
    )
}

fn human_size(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// Replaces the contents of the Dockerfile at `path` with `new`, provided it still holds
/// `expected`. What it guarantees:
/// - a link is followed: the file it points to is fixed and the link stays a link;
/// - the temporary file is created exclusively, under an unpredictable name, in the same
///   directory (a link planted there cannot redirect the write);
/// - permissions, owner (when we can set it) and extended attributes are kept; a file with
///   several hard links, or whose owner we cannot keep, is rewritten in place so that it
///   stays the same file;
/// - a read-only file, or one we may not write, is refused;
/// - the contents are compared with `expected` right before the switch: an edit made since
///   the file was read is never overwritten (an edit in the last microseconds before the
///   rename can still be; editors that save by renaming their own temporary file are safe).
///
/// # Errors
/// A message for people, and the file untouched.
pub fn replace_contents(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {e}"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.file_type().is_file() {
        return Err(format!("not fixed: {}", kind_of(meta.file_type())));
    }
    if meta.permissions().readonly() {
        return Err("not fixed: the file is read-only".to_owned());
    }
    // Opening for writing (without truncating) asks the system whether we may write it.
    let mut in_place = OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| format!("not fixed: cannot write the file: {e}"))?;
    let unchanged = || -> Result<(), String> {
        let now = std::fs::read(&target).map_err(|e| format!("cannot re-read: {e}"))?;
        if now == expected {
            Ok(())
        } else {
            Err("changed while being checked; not fixed (run again)".to_owned())
        }
    };
    unchanged()?;
    if hard_linked(&meta) {
        // Renaming would split the links; write through this one instead.
        return write_in_place(&mut in_place, new, unchanged);
    }
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = target
        .file_name()
        .map_or_else(|| "Dockerfile".into(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.dockerfile-ls-"))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    let keep = (|| -> std::io::Result<bool> {
        tmp.write_all(new)?;
        tmp.as_file().sync_all()?;
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
        Ok(copy_identity(&target, tmp.path(), &meta))
    })()
    .map_err(|e| format!("cannot write the fixed file: {e}"))?;
    if !keep {
        // The owner cannot be kept by a new file: keep the file itself.
        drop(tmp);
        return write_in_place(&mut in_place, new, unchanged);
    }
    unchanged()?;
    tmp.persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}

fn write_in_place(
    file: &mut File,
    new: &[u8],
    unchanged: impl Fn() -> Result<(), String>,
) -> Result<(), String> {
    unchanged()?;
    let io = (|| -> std::io::Result<()> {
        file.set_len(0)?;
        file.write_all(new)?;
        file.sync_all()
    })();
    io.map_err(|e| format!("cannot write the fixed file: {e}"))
}

#[cfg(unix)]
fn hard_linked(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn hard_linked(_: &std::fs::Metadata) -> bool {
    false
}

/// Gives `tmp` the owner and extended attributes of `original`; false when the owner cannot
/// be kept (we are not allowed to give the file away).
#[cfg(unix)]
fn copy_identity(original: &Path, tmp: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let owned = std::fs::metadata(tmp).map(|m| (m.uid(), m.gid())).ok();
    if owned != Some((meta.uid(), meta.gid()))
        && std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid())).is_err()
    {
        return false;
    }
    if let Ok(names) = xattr::list(original) {
        for n in names {
            if let Ok(Some(v)) = xattr::get(original, &n) {
                // Some attributes (security labels) may not be settable by us; the rest are.
                let _ = xattr::set(tmp, &n, &v);
            }
        }
    }
    true
}

#[cfg(not(unix))]
fn copy_identity(_: &Path, _: &Path, _: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let d = dir();
        assert!(
            read_regular(d.path(), 100)
                .unwrap_err()
                .contains("directory")
        );
        #[cfg(unix)]
        {
            let z = read_regular(Path::new("/dev/zero"), 100).unwrap_err();
            assert!(z.contains("character device"), "{z}");
        }
        let big = d.path().join("Dockerfile");
        std::fs::write(&big, vec![b'#'; 200]).unwrap_or_else(|e| panic!("{e}"));
        assert!(read_regular(&big, 100).unwrap_err().contains("larger than"));
        assert_eq!(read_regular(&big, 200).map(|b| b.len()), Ok(200));
    }
}
