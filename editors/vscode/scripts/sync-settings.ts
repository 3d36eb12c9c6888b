// Writes the rule settings (`dockerfile-ls.rules.<Id>`) into package.json from the server's
// registry (`dockerfile-ls rules --format json`). `npm test` fails when they drift.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type RuleInfo, ruleProperties } from "../src/settings";
import { serverForScripts } from "./server";

const manifestPath = path.resolve(__dirname, "..", "package.json");

/** package.json with the rule settings replaced by those of `rules`. */
export function syncedManifest(manifest: string, rules: RuleInfo[]): string {
  const pkg = JSON.parse(manifest);
  const props: Record<string, unknown> = pkg.contributes.configuration.properties;
  const kept = Object.entries(props).filter(([k]) => !k.startsWith("dockerfile-ls.rules."));
  pkg.contributes.configuration.properties = {
    ...Object.fromEntries(kept),
    ...ruleProperties(rules),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function registry(): RuleInfo[] {
  const out = execFileSync(serverForScripts(), ["rules", "--format", "json"], { encoding: "utf8" });
  return JSON.parse(out) as RuleInfo[];
}

if (require.main === module) {
  const before = fs.readFileSync(manifestPath, "utf8");
  const after = syncedManifest(before, registry());
  if (after !== before) {
    fs.writeFileSync(manifestPath, after);
    console.log("package.json: rule settings updated");
  } else {
    console.log("package.json: rule settings up to date");
  }
}
