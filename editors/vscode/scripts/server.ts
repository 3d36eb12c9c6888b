// The dockerfile-ls binary the scripts and tests run: DOCKERFILE_LS_PATH, else the
// workspace's debug build.
import * as path from "node:path";

export function serverForScripts(): string {
  return (
    process.env.DOCKERFILE_LS_PATH ??
    path.resolve(__dirname, "..", "..", "..", "target", "debug", "dockerfile-ls")
  );
}
