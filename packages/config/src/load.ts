import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { z } from 'zod';
import { closest, error, warning, type ConfigProblem } from './problems';
import { configSchema, defaultConfig, type ErmineConfig } from './schema';
import {
  childSchema,
  isTable,
  knownKeys,
  schemaAt,
  schemaEntries,
  tomlText,
  typeLabel,
  unwrap,
} from './schema-walk';
import { validateConfig } from './validate';

/** Where to read the config from. Every field is optional. */
export interface LoadOptions {
  /** A config file (`--config FILE`); otherwise `Revolt.toml` in `cwd`, if present. */
  file?: string;
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** Environment variables; only `REVOLT__*` are read (default: the process's). */
  env?: Record<string, string | undefined>;
}

/** The loaded config, every problem found, and the sources applied (files, then env). */
export interface LoadResult {
  config: ErmineConfig;
  problems: ConfigProblem[];
  sources: string[];
}

/** The file names Stoat looks for in a directory, in the order they apply. */
export const CONFIG_FILE = 'Revolt.toml';
export const OVERRIDES_FILE = 'Revolt.overrides.toml';
/** Prefix and separator of environment overrides (`REVOLT__FILES__ENCRYPTION_KEY`). */
export const ENV_PREFIX = 'REVOLT__';

type Table = Record<string, unknown>;

/** Keys Stoat's files carry that nothing reads; they warn instead of failing. */
const DEAD_KEYS: Record<string, { message: string; fix: string }> = {
  'hosts.voso_legacy': {
    message: 'a dead key of the legacy voice server (Stoat ignores it too)',
    fix: 'remove it',
  },
  'hosts.voso_legacy_ws': {
    message: 'a dead key of the legacy voice server (Stoat ignores it too)',
    fix: 'remove it',
  },
  'hosts.gifbox': {
    message:
      "not a key Stoat's backend reads; Ermine derives the GIF proxy URL from ermine.public_url (<public_url>/gifbox)",
    fix: 'remove it (set ermine.public_url instead)',
  },
  'api.security.authifier_shield_key': {
    message: 'superseded by [api.security.shield] (Stoat ignores it too)',
    fix: 'move the value to api.security.shield.key (with api.security.shield.host), or remove it',
  },
  'api.security.voso_legacy_token': {
    message: 'a dead key of the legacy voice server',
    fix: 'remove it',
  },
  'features.admin_api_enabled': {
    message: "Stoat's admin API is not served by Ermine, so this key has no effect",
    fix: 'remove it',
  },
  'features.admin_api_show_spec': {
    message: "Stoat's admin API is not served by Ermine, so this key has no effect",
    fix: 'remove it',
  },
};

/**
 * Loads the config in layers: built-in defaults, then a file (`options.file`, else `Revolt.toml`
 * in cwd if present), then `Revolt.overrides.toml` beside it, then `REVOLT__SECTION__KEY`
 * environment variables. Never throws for bad content: every mistake becomes a problem, and the
 * offending value falls back to its default.
 */
export function loadConfig(options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const problems: ConfigProblem[] = [];
  const sources: string[] = [];
  const raw: Table = {};
  const origins = new Map<string, string>();

  for (const file of configFiles(options.file, cwd, problems)) {
    const label = displayPath(file, cwd);
    const table = readToml(file, label, problems);
    if (!table) continue;
    mergeInto(raw, table, [], label, origins);
    sources.push(label);
  }

  const envNames = applyEnv(raw, env, origins);
  if (envNames.length > 0) sources.push(`environment (${envNames.join(', ')})`);

  checkKeys(raw, configSchema, [], origins, problems);
  checkNodeCoordinates(raw, problems);
  const config = parseCollecting(raw, origins, problems);
  problems.push(...validateConfig(config));
  return { config, problems: problems.map((p) => annotate(p, origins)), sources };
}

function configFiles(file: string | undefined, cwd: string, problems: ConfigProblem[]): string[] {
  const out: string[] = [];
  let dir = cwd;
  if (file !== undefined) {
    const path = resolve(cwd, file);
    if (existsSync(path)) out.push(path);
    else
      problems.push(
        error(
          displayPath(path, cwd),
          'config file not found',
          'check the path, or run `npx ermine init --out FILE` to write one',
        ),
      );
    dir = dirname(path);
  } else if (existsSync(resolve(cwd, CONFIG_FILE))) {
    out.push(resolve(cwd, CONFIG_FILE));
  }
  const overrides = resolve(dir, OVERRIDES_FILE);
  if (existsSync(overrides) && !out.includes(overrides)) out.push(overrides);
  return out;
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function readToml(path: string, label: string, problems: ConfigProblem[]): Table | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(error(label, `cannot read the file: ${messageOf(err)}`, 'check its permissions'));
    return null;
  }
  try {
    return parseToml(text) as Table;
  } catch (err) {
    const where = err instanceof TomlError ? ` at line ${err.line}, column ${err.column}` : '';
    const first = messageOf(err).split('\n')[0] ?? '';
    problems.push(
      error(label, `not valid TOML${where}: ${first}`, `correct the TOML syntax${where}`),
    );
    return null;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isPlainTable(value: unknown): value is Table {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** Deep-merges `source` into `target` key by key; arrays and values replace. */
function mergeInto(
  target: Table,
  source: Table,
  path: string[],
  label: string,
  origins: Map<string, string>,
): void {
  for (const [key, value] of Object.entries(source)) {
    const childPath = [...path, key];
    origins.set(childPath.join('.'), label);
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainTable(value)) {
      const into = isPlainTable(existing) ? existing : {};
      setOwn(target, key, into);
      mergeInto(into, value, childPath, label, origins);
    } else {
      setOwn(target, key, value);
    }
  }
}

/** Sets an own property, even one named `__proto__` (then reported as an unknown key). */
function setOwn(target: Table, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Applies `REVOLT__A__B=value` variables; returns the names applied. */
function applyEnv(
  raw: Table,
  env: Record<string, string | undefined>,
  origins: Map<string, string>,
): string[] {
  const applied: string[] = [];
  const names = Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(ENV_PREFIX))
    .sort();
  for (const name of names) {
    const text = env[name];
    if (text === undefined) continue;
    // config-rs lowercases keys, so map keys such as node names come out lowercase too.
    const path = name
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((part) => part.toLowerCase())
      .filter((part) => part !== '');
    if (path.length === 0) continue;
    let table = raw;
    for (const [i, key] of path.slice(0, -1).entries()) {
      const next = Object.hasOwn(table, key) ? table[key] : undefined;
      if (!isPlainTable(next)) setOwn(table, key, {});
      table = table[key] as Table;
      origins.set(path.slice(0, i + 1).join('.'), name);
    }
    setOwn(table, path.at(-1) as string, envValue(path, text));
    origins.set(path.join('.'), name);
    applied.push(name);
  }
  return applied;
}

/** An env value as a TOML value when it parses as one; strings stay verbatim for string keys. */
function envValue(path: string[], text: string): unknown {
  const parsed = parseTomlValue(text);
  const schema = schemaAt(path);
  const inner = schema ? unwrap(schema).inner : undefined;
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum) {
    return parsed.ok && typeof parsed.value === 'string' ? parsed.value : text;
  }
  return parsed.ok ? parsed.value : text;
}

function parseTomlValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const table = parseToml(`v = ${text}`);
    if (Object.keys(table).length !== 1) return { ok: false };
    return { ok: true, value: table.v };
  } catch {
    return { ok: false };
  }
}

/** Reports unknown and dead keys (removing them), recursing into tables. */
function checkKeys(
  value: Table,
  schema: z.ZodType,
  path: string[],
  origins: Map<string, string>,
  problems: ConfigProblem[],
): void {
  for (const key of Object.keys(value)) {
    const childPath = [...path, key];
    const dotted = childPath.join('.');
    const dead = DEAD_KEYS[dotted];
    if (dead) {
      problems.push(warning(dotted, dead.message, dead.fix));
      delete value[key];
      continue;
    }
    const child = childSchema(schema, key);
    if (!child) {
      problems.push(unknownKey(key, path, schema, value[key], origins));
      delete value[key];
      continue;
    }
    const inner = value[key];
    if (isPlainTable(inner) && isTable(child))
      checkKeys(inner, child, childPath, origins, problems);
  }
}

function unknownKey(
  key: string,
  path: string[],
  schema: z.ZodType,
  value: unknown,
  origins: Map<string, string>,
): ConfigProblem {
  const dotted = [...path, key].join('.');
  const siblings = knownKeys(schema) ?? [];
  const where = path.length === 0 ? 'at the top level' : `in [${path.join('.')}]`;
  const suggestion = closest(key, siblings);
  const origin = origins.get(dotted);
  const fromEnv = origin?.toUpperCase().startsWith(ENV_PREFIX) ?? false;
  if (suggestion) {
    const target = [...path, suggestion].join('.');
    return error(
      dotted,
      `unknown key "${key}" ${where}; did you mean "${suggestion}"?`,
      fromEnv ? `rename ${origin} to ${envName(target)}` : `rename it to ${target}`,
    );
  }
  if (path.join('.') === 'features.limits' && isPlainTable(value)) {
    return warning(
      dotted,
      `extra limits tier "${key}" is never used (only global, new_user and default are)`,
      'remove it, or move its keys to [features.limits.default]',
    );
  }
  const elsewhere = schemaEntries().find(
    (e) => e.key.split('.').at(-1) === key && !e.key.includes('<name>'),
  );
  const hint = elsewhere ? `; did you mean ${elsewhere.key}?` : '';
  const valid = siblings.length > 0 ? ` (${where} the keys are: ${siblings.join(', ')})` : '';
  return error(
    dotted,
    `unknown key "${key}" ${where}${hint}`,
    elsewhere
      ? `move it to ${fromEnv ? envName(elsewhere.key) : elsewhere.key}`
      : `remove it${valid}`,
  );
}

/** The environment variable that sets a dotted key. */
export function envName(key: string): string {
  return ENV_PREFIX + key.split('.').join('__').toUpperCase();
}

/** Stoat panics on a node without lat/lon; Ermine warns and uses 0.0. */
function checkNodeCoordinates(raw: Table, problems: ConfigProblem[]): void {
  const api = raw.api;
  const livekit = isPlainTable(api) ? api.livekit : undefined;
  const nodes = isPlainTable(livekit) ? livekit.nodes : undefined;
  if (!isPlainTable(nodes)) return;
  for (const [name, node] of Object.entries(nodes)) {
    if (!isPlainTable(node)) continue;
    for (const coordinate of ['lat', 'lon']) {
      if (node[coordinate] !== undefined) continue;
      problems.push(
        warning(
          `api.livekit.nodes.${name}.${coordinate}`,
          `node "${name}" has no ${coordinate}; using 0.0 (Stoat would panic here)`,
          `add ${coordinate} = 0.0 to [api.livekit.nodes.${name}], or the node's real ${coordinate === 'lat' ? 'latitude' : 'longitude'} (clients use it to pick the nearest node)`,
        ),
      );
    }
  }
}

/** Parses with the schema; each bad value becomes a problem and falls back to its default. */
function parseCollecting(
  raw: Table,
  origins: Map<string, string>,
  problems: ConfigProblem[],
): ErmineConfig {
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = configSchema.safeParse(raw);
    if (result.success) return result.data;
    let removed = false;
    for (const issue of result.error.issues) {
      problems.push(issueProblem(issue, raw, origins));
      removed = removeAt(raw, issue.path) || removed;
    }
    if (!removed) break;
  }
  return defaultConfig();
}

function dottedKey(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function issueProblem(
  issue: z.core.$ZodIssue,
  raw: Table,
  origins: Map<string, string>,
): ConfigProblem {
  const key = dottedKey(issue.path);
  const names = issue.path.filter((p): p is string => typeof p === 'string');
  const schema = schemaAt(issue.path);
  const expected = schema ? typeLabel(schema) : expectedOf(issue);
  const actual = describeValue(valueAt(raw, issue.path));
  const example = schema ? exampleOf(schema) : undefined;
  const origin = origins.get(names.join('.'));
  const setter = origin?.toUpperCase().startsWith(ENV_PREFIX) ? `${origin}=` : `${key} = `;
  const fix =
    example !== undefined ? `set ${setter}${example}` : `set ${key} to ${article(expected)}`;
  switch (issue.code) {
    case 'invalid_type':
      return error(key, `expected ${article(expected)}, got ${actual}`, fix);
    case 'too_small':
      return error(
        key,
        `${actual} is too small: ${bound(issue.origin, 'at least', issue.minimum)}`,
        fix,
      );
    case 'too_big':
      return error(
        key,
        `${actual} is too big: ${bound(issue.origin, 'at most', issue.maximum)}`,
        fix,
      );
    case 'invalid_value':
      return error(
        key,
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${actual}`,
        fix,
      );
    default:
      return error(key, `${issue.message}, got ${actual}`, fix);
  }
}

function expectedOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' ? String(issue.expected) : 'value';
}

function bound(origin: string, word: string, limit: number | bigint): string {
  return origin === 'array' ? `needs ${word} ${limit} items` : `must be ${word} ${limit}`;
}

function article(label: string): string {
  if (label.endsWith('[]')) return `an array of ${label.slice(0, -2)}s`;
  if (label.startsWith('[') || label.includes('|') || label.includes(' of ')) return label;
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}

function exampleOf(schema: z.ZodType): string | undefined {
  const u = unwrap(schema);
  const useful =
    u.defaultValue !== '' && !(Array.isArray(u.defaultValue) && u.defaultValue.length === 0);
  if (
    u.hasDefault &&
    useful &&
    !(u.inner instanceof z.ZodObject) &&
    !(u.inner instanceof z.ZodRecord)
  ) {
    return tomlText(u.defaultValue);
  }
  if (u.inner instanceof z.ZodString) return '"…"';
  if (u.inner instanceof z.ZodBoolean) return 'true';
  if (u.inner instanceof z.ZodNumber) return '0';
  if (
    u.inner instanceof z.ZodArray &&
    unwrap(u.inner.def.element as z.ZodType).inner instanceof z.ZodString
  ) {
    return '["…"]';
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (value instanceof Date) return `the date ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isPlainTable(value)) return 'a table';
  return String(value);
}

function valueAt(raw: Table, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Removes the value at a path; inside an array the whole array goes (back to its default). */
function removeAt(raw: Table, path: readonly PropertyKey[]): boolean {
  const firstIndex = path.findIndex((p) => typeof p === 'number');
  const cut = firstIndex === -1 ? path : path.slice(0, firstIndex);
  if (cut.length === 0) return false;
  const parent = valueAt(raw, cut.slice(0, -1));
  if (!parent || typeof parent !== 'object') return false;
  if (!Object.hasOwn(parent, cut.at(-1) as PropertyKey)) return false;
  return delete (parent as Record<PropertyKey, unknown>)[cut.at(-1) as PropertyKey];
}

/** Adds where a problem's key was set (file or environment variable), when known. */
function annotate(problem: ConfigProblem, origins: Map<string, string>): ConfigProblem {
  const origin = origins.get(problem.key);
  if (!origin) return problem;
  const where = origin.toUpperCase().startsWith(ENV_PREFIX) ? `from ${origin}` : `in ${origin}`;
  return { ...problem, message: `${problem.message} (${where})` };
}
