// Finding the dockerfile-ls binary. Plain Node code (no `vscode` import) so that it is
// unit-tested with Node's own test runner.
//
// Order: the DOCKERFILE_LS_PATH environment variable, the `dockerfile-ls.server.path`
// setting, the binary bundled in a platform VSIX, then PATH. A path the user chose (variable
// or setting) that does not work is an error: falling back to another binary would hide the
// mistake. Every candidate is validated by running it with `--version`.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type Source = "env" | "setting" | "bundled" | "path";

export interface Candidate {
  source: Source;
  path: string;
}

export interface Found extends Candidate {
  /** What `--version` printed, e.g. `dockerfile-ls 0.1.0`. */
  version: string;
}

export interface Rejected extends Candidate {
  reason: string;
}

export interface LookupInput {
  /** The process environment (DOCKERFILE_LS_PATH, PATH, PATHEXT). */
  env: Record<string, string | undefined>;
  /** The `dockerfile-ls.server.path` setting. */
  settingPath?: string;
  /** The extension's installation directory (holding `bundled/`). */
  extensionDir: string;
  platform: NodeJS.Platform;
  homeDir: string;
}

export interface LookupDeps {
  /** Whether `p` is a regular file. */
  isFile(p: string): boolean;
  /** Runs `p --version`: the version line, or an Error saying why it did not work. */
  version(p: string): Promise<string | Error>;
}

export interface LookupResult {
  found?: Found;
  rejected: Rejected[];
}

/** The executable's file name on `platform`. */
export function exeName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "dockerfile-ls.exe" : "dockerfile-ls";
}

/** `~` and `~/…` expanded against `home`; other paths unchanged. */
export function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/") || p.startsWith("~\\")) return path.join(home, p.slice(2));
  return p;
}

/** The candidates in the order they are tried. */
export function candidates(input: LookupInput, deps: Pick<LookupDeps, "isFile">): Candidate[] {
  const out: Candidate[] = [];
  const fromEnv = input.env.DOCKERFILE_LS_PATH?.trim();
  if (fromEnv) out.push({ source: "env", path: expandHome(fromEnv, input.homeDir) });
  const setting = input.settingPath?.trim();
  if (setting) out.push({ source: "setting", path: expandHome(setting, input.homeDir) });
  const exe = exeName(input.platform);
  out.push({ source: "bundled", path: bundledPath(input) });
  const sep = input.platform === "win32" ? ";" : ":";
  const dirs = (input.env.PATH ?? input.env.Path ?? "").split(sep).filter((d) => d.length > 0);
  for (const dir of dirs) {
    const p = path.join(dir, exe);
    if (deps.isFile(p)) {
      out.push({ source: "path", path: p });
      break;
    }
  }
  return out;
}

/** Tries the candidates in order; the first that runs `--version` is the server. */
export async function findServer(input: LookupInput, deps: LookupDeps): Promise<LookupResult> {
  const rejected: Rejected[] = [];
  for (const c of candidates(input, deps)) {
    const explicit = c.source === "env" || c.source === "setting";
    if (!deps.isFile(c.path)) {
      if (explicit) {
        rejected.push({ ...c, reason: "no such file" });
        return { rejected };
      }
      continue;
    }
    const v = await deps.version(c.path);
    if (v instanceof Error) {
      rejected.push({ ...c, reason: v.message });
      if (explicit) return { rejected };
      continue;
    }
    return { found: { ...c, version: v }, rejected };
  }
  return { rejected };
}

/** `0.1.0` from `dockerfile-ls 0.1.0 (0123456789ab 2026-12-07)`; undefined for other lines. */
export function versionNumber(line: string): string | undefined {
  const m = /^dockerfile-ls\s+(\S+)/.exec(line.trim());
  return m?.[1];
}

/**
 * A warning when the server in use is not the version the extension was released with: a
 * binary the user chose (or found on PATH) that differs from the one bundled in the VSIX (or,
 * in the universal VSIX, which bundles none, from the extension's own version). Settings,
 * commands and messages of one version may not be understood by another.
 */
export function versionMismatch(
  found: Found,
  bundled: { path: string; version: string } | undefined,
  extensionVersion: string,
): string | undefined {
  if (found.source === "bundled") return undefined;
  const using = versionNumber(found.version);
  const expected = bundled ? versionNumber(bundled.version) : extensionVersion;
  if (!using || !expected || using === expected) return undefined;
  const what = bundled
    ? `the server bundled with the extension is ${expected}`
    : `the extension is version ${expected}`;
  return (
    `dockerfile-ls: the server in use (${SOURCE_NAMES[found.source]}: ${found.path}) is ` +
    `version ${using}, but ${what}; some features may not work. Update one of them, or ` +
    "clear `dockerfile-ls.server.path` to use the bundled server."
  );
}

/** The bundled binary's path, whatever the lookup chose. */
export function bundledPath(input: LookupInput): string {
  return path.join(input.extensionDir, "bundled", exeName(input.platform));
}

const SOURCE_NAMES: Record<Source, string> = {
  env: "DOCKERFILE_LS_PATH",
  setting: "setting dockerfile-ls.server.path",
  bundled: "binary bundled with the extension",
  path: "PATH",
};

/** An actionable message for when no binary works. */
export function notFoundMessage(result: LookupResult): string {
  const tried = result.rejected.map((r) => `${SOURCE_NAMES[r.source]}: ${r.path} (${r.reason})`);
  const explicit = result.rejected.find((r) => r.source === "env" || r.source === "setting");
  const head = explicit
    ? `dockerfile-ls: the ${SOURCE_NAMES[explicit.source]} does not point to a working dockerfile-ls binary.`
    : "dockerfile-ls: the language server binary was not found.";
  const fix =
    "Install the platform-specific extension (it bundles the server), or install the server " +
    "(`cargo install dockerfile-ls`, or a release binary on PATH: see the README), or set `dockerfile-ls.server.path` to the binary, then run " +
    "'Dockerfile LS: Restart Server'.";
  return [head, fix, ...(tried.length > 0 ? [`Tried: ${tried.join("; ")}.`] : [])].join(" ");
}

/** The real file system and process runner. */
export const nodeDeps: LookupDeps = {
  isFile(p: string): boolean {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  version(p: string): Promise<string | Error> {
    return new Promise((resolve) => {
      execFile(p, ["--version"], { timeout: 5000, windowsHide: true }, (err, stdout) => {
        if (err) {
          resolve(new Error(err.message.split("\n")[0] ?? "does not run"));
          return;
        }
        const line = stdout.trim().split("\n")[0] ?? "";
        resolve(
          line.startsWith("dockerfile-ls")
            ? line
            : new Error(`\`--version\` printed ${JSON.stringify(line)}, not dockerfile-ls`),
        );
      });
    });
  },
};

/** The lookup with the real environment. */
export function defaultInput(settingPath: string | undefined, extensionDir: string): LookupInput {
  return {
    env: process.env,
    settingPath,
    extensionDir,
    platform: process.platform,
    homeDir: os.homedir(),
  };
}
