import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CONFIG_FILE,
  SERVICES,
  checkServiceNames,
  isServiceName,
  formatProblems,
  loadConfig,
  validateForMode,
  type RunMode,
} from '@ermine/config';
import { flag, parseCommandArgs, type CommandIo } from '../args';

/** A command's io, plus the environment whose `REVOLT__*` variables apply (default: the process's). */
export interface CheckIo extends CommandIo {
  env?: Record<string, string | undefined>;
}

const USAGE = `Usage: ermine config check [FILE] [--service NAME ...]
  FILE            the config to check (default: ./Revolt.toml if present, then REVOLT__* variables)
  --service NAME  check for split services (repeatable or comma-separated; "all" for every one):
                  ${SERVICES.join(', ')}`;

/**
 * `ermine config check [FILE] [--service NAME ...]`: loads the config as `ermine start` would,
 * validates it for the single process (or the named split services) and prints every problem.
 * Exit code 1 when any problem is an error, 0 otherwise (warnings are printed), 2 bad usage.
 */
export async function runConfigCheck(argv: string[], io: CheckIo): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { usage: USAGE, valued: ['service', 'config'], positional: 1 },
    io,
  );
  if (typeof args === 'number') return args;
  const file = args.positional[0] ?? flag(args, 'config');
  const services = (args.flags.get('service') ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .flatMap((s) => (s === 'all' ? [...SERVICES] : [s]));
  const unknown = checkServiceNames(services);
  const mode: RunMode =
    services.length === 0
      ? { kind: 'single' }
      : { kind: 'split', services: services.filter(isServiceName) };

  const loaded = loadConfig({ file, cwd: io.cwd, env: io.env ?? process.env });
  const problems = [...unknown, ...loaded.problems, ...validateForMode(loaded.config, mode)];
  const what =
    mode.kind === 'single' ? 'the single process' : `split services ${services.join(', ')}`;
  const from =
    loaded.sources.length > 0
      ? loaded.sources.join(', ')
      : file === undefined && !existsSync(resolve(io.cwd, CONFIG_FILE))
        ? `defaults only (no ${CONFIG_FILE} here)`
        : 'defaults only';
  io.out(`checking ${from} for ${what}`);
  if (problems.length > 0) io.out(formatProblems(problems));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (errors > 0) {
    io.out(
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')}: fix the errors above (each names the key to set)`,
    );
    return 1;
  }
  io.out(warnings > 0 ? `ok, with ${plural(warnings, 'warning')}` : 'ok: no problems found');
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
