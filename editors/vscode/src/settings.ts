// The extension's settings and what they become for the server. Plain code (no `vscode`
// import), unit-tested with Node's test runner.

/** Log levels of the `dockerfile-ls.logLevel` setting. */
export const LOG_LEVELS = ["off", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Rule levels the server accepts; `default` leaves the rule as the server has it. */
export const RULE_LEVELS = ["off", "hint", "info", "warning", "error"] as const;

/** The settings that decide how the server process is started (a change restarts it). */
export interface LaunchSettings {
  serverPath?: string;
  extraArgs: string[];
  logLevel: LogLevel;
}

/** Reads the launch settings through `get` (a `WorkspaceConfiguration.get` of section `dockerfile-ls`). */
export function launchSettings(get: (key: string) => unknown): LaunchSettings {
  const path = get("server.path");
  const args = get("server.extraArgs");
  const level = get("logLevel");
  return {
    serverPath: typeof path === "string" && path.trim() !== "" ? path.trim() : undefined,
    extraArgs: Array.isArray(args) ? args.filter((a): a is string => typeof a === "string") : [],
    logLevel: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : "warn",
  };
}

/** The setting keys whose change needs a new server process. */
export const LAUNCH_KEYS = ["server.path", "server.extraArgs", "logLevel"];

/**
 * The server's environment: the extension host's, with `RUST_LOG` from the log level (our
 * crates at that level, everything else at `warn`). A `RUST_LOG` the user set wins.
 */
export function serverEnv(
  level: LogLevel,
  base: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined) env[k] = v;
  }
  if (base.RUST_LOG === undefined || base.RUST_LOG === "") {
    env.RUST_LOG =
      level === "off" ? "off" : `warn,dockerfile_ls=${level},dockerfile_analysis=${level}`;
  }
  return env;
}

/** What the server reads (its `dockerfile-ls` section): `{ rules, format, secrets }`. */
export interface ServerSettings {
  rules: Record<string, string>;
  format: { indent: number | null };
  secrets: { allow: string[] };
}

/**
 * The `dockerfile-ls` section as the server wants it: rule levels other than `default`, and
 * the formatter's indent. `raw` is the whole section (`getConfiguration("dockerfile-ls")`).
 */
export function serverSettings(raw: unknown): ServerSettings {
  const section = isObject(raw) ? raw : {};
  const rules: Record<string, string> = {};
  const rawRules = section.rules;
  if (isObject(rawRules)) {
    for (const [id, level] of Object.entries(rawRules)) {
      if (typeof level === "string" && level !== "default") rules[id] = level;
    }
  }
  const format = isObject(section.format) ? section.format : {};
  const indent = format.indent;
  const secrets = isObject(section.secrets) ? section.secrets : {};
  const allow = Array.isArray(secrets.allow)
    ? secrets.allow.filter((n): n is string => typeof n === "string")
    : [];
  return {
    rules,
    secrets: { allow },
    format: {
      indent:
        typeof indent === "number" && Number.isInteger(indent) && indent >= 0 && indent <= 16
          ? indent
          : null,
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The rule ids of the diagnostics at a position, without duplicates, in order. */
export function ruleIdsOf(diagnostics: { source?: string; code?: unknown }[]): string[] {
  const ids: string[] = [];
  for (const d of diagnostics) {
    if (d.source !== "dockerfile-ls") continue;
    const code = isObject(d.code) ? d.code.value : d.code;
    if (typeof code === "string" && !ids.includes(code)) ids.push(code);
  }
  return ids;
}

/** One rule as `dockerfile-ls rules --format json` lists it. */
export interface RuleInfo {
  id: string;
  aliases: string[];
  default: string;
  summary: string;
  buildkit_check: boolean;
  fixable: boolean;
}

/**
 * The `contributes.configuration` properties of the rules, one `dockerfile-ls.rules.<Id>`
 * setting each (so the Settings editor shows a drop-down per rule), generated from the
 * server's registry: `npm run sync-settings` writes them into package.json and a unit test
 * fails when they drift.
 */
export function ruleProperties(rules: RuleInfo[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const r of rules) {
    const also = r.aliases.length > 0 ? ` Also known as ${r.aliases.join(", ")}.` : "";
    const origin = r.buildkit_check ? " A BuildKit build check." : "";
    props[`dockerfile-ls.rules.${r.id}`] = {
      type: "string",
      enum: ["default", ...RULE_LEVELS],
      default: "default",
      markdownDescription:
        `${r.summary}${also}${origin} Default: \`${r.default}\`. ` +
        `A \`.dockerfile-ls.toml\` next to the Dockerfile overrides this.`,
    };
  }
  return props;
}
