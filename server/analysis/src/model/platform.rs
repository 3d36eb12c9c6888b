//! Which shell runs each RUN, and which stages are Windows images: the shell rules analyse
//! POSIX shell scripts only (as hadolint does), and the user rules know Windows' users.

use super::{Base, ImageRef, Model};
use crate::syntax::{Instruction, Keyword};

/// The shells whose scripts the shell rules understand (by file name).
const POSIX_SHELLS: [&str; 7] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// Whether `image` is a Windows image (Server Core, Nano Server, the `windows` repositories
/// of mcr.microsoft.com, .NET Framework, or a tag naming a Windows base such as `ltsc2022`).
#[must_use]
pub fn is_windows_image(image: &ImageRef) -> bool {
    let repo = image.repository.to_ascii_lowercase();
    let tag = image
        .tag
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let windows_words = ["nanoserver", "servercore", "windowsservercore", "ltsc20"];
    repo.starts_with("windows/")
        || repo == "windows"
        // .NET Framework exists on Windows only.
        || repo.starts_with("dotnet/framework/")
        || repo.contains("/windows/")
        || windows_words
            .iter()
            .any(|w| repo.contains(w) || tag.contains(w))
}

/// Whether a SHELL instruction (JSON form) names a POSIX shell.
#[must_use]
pub fn is_posix_shell(shell: &Instruction) -> bool {
    shell.args.first().is_some_and(|w| {
        let exe = w.text.rsplit(['/', '\\']).next().unwrap_or_default();
        let exe = exe.strip_suffix(".exe").unwrap_or(exe).to_ascii_lowercase();
        POSIX_SHELLS.contains(&exe.as_str())
    })
}

/// Per-stage and per-instruction platform facts, computed in one pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Platform {
    /// For each stage: whether it runs on Windows (its base chain ends at a Windows image, or
    /// its `--platform` says windows).
    pub windows: Vec<bool>,
    /// For each instruction: the SHELL instruction in effect (an index into the instructions;
    /// inherited from the parent stage for `FROM <stage>`), if any.
    pub shell: Vec<Option<usize>>,
}

impl Platform {
    /// Computes the facts for `ins` and the stages of `model`.
    #[must_use]
    pub fn build(ins: &[Instruction], model: &Model) -> Platform {
        let mut p = Platform {
            windows: vec![false; model.stages.len()],
            shell: vec![None; ins.len()],
        };
        // The SHELL in effect at the end of each stage, for stages built on it.
        let mut last_shell: Vec<Option<usize>> = vec![None; model.stages.len()];
        for s in &model.stages {
            let (windows, inherited) = match &s.base {
                Base::Stage(b) => (
                    p.windows.get(*b).copied().unwrap_or(false),
                    last_shell.get(*b).copied().flatten(),
                ),
                Base::Image(img) => (is_windows_image(img), None),
                _ => (false, None),
            };
            let platform_windows = s
                .platform
                .as_deref()
                .is_some_and(|v| v.to_ascii_lowercase().starts_with("windows"));
            if let Some(w) = p.windows.get_mut(s.index) {
                *w = windows || platform_windows;
            }
            let mut current = inherited;
            for j in s.from..s.end.min(ins.len()) {
                if ins.get(j).is_some_and(|i| i.kind == Keyword::Shell) {
                    current = Some(j);
                }
                if let Some(slot) = p.shell.get_mut(j) {
                    *slot = current;
                }
            }
            if let Some(slot) = last_shell.get_mut(s.index) {
                *slot = current;
            }
        }
        p
    }

    /// Whether a RUN at instruction `i` (of stage `stage`) runs under a POSIX shell: the SHELL
    /// in effect names one, or there is none and the stage is not a Windows one (whose default
    /// shell is `cmd`).
    #[must_use]
    pub fn posix_at(&self, ins: &[Instruction], i: usize, stage: Option<usize>) -> bool {
        match self.shell.get(i).copied().flatten() {
            Some(j) => ins.get(j).is_some_and(is_posix_shell),
            None => !stage.is_some_and(|s| self.windows.get(s).copied().unwrap_or(false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_images() {
        for w in [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:1809",
            "mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022",
            "mcr.microsoft.com/powershell:lts-windowsservercore-ltsc2022",
            "mcr.microsoft.com/windows:ltsc2019",
        ] {
            assert!(is_windows_image(&ImageRef::parse(w).unwrap()), "{w}");
        }
        for l in [
            "alpine:3.22",
            "mcr.microsoft.com/dotnet/runtime:8.0",
            "debian:12-slim",
        ] {
            assert!(!is_windows_image(&ImageRef::parse(l).unwrap()), "{l}");
        }
    }
}
