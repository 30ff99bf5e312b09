import { resolve } from 'node:path';
import {
  checkServiceNames,
  formatProblems,
  loadConfig,
  settleForMode,
  validateForMode,
  type RunMode,
  type ServiceName,
} from '@ermine/config';
import type { Logger } from '@ermine/infra';
import { flag, parseCommandArgs, type CommandIo } from '../args';
import { startErmine, type RunningErmine } from '../app';
import { createLogger } from '../logger';
import { serviceList } from '../service-help';

const USAGE = `Usage: ermine start [--port N] [--host ADDRESS] [--data DIR] [--config FILE] [--service NAME ...]
  --port N          port of the single process (default 14700), or of a lone split service
  --host ADDRESS    address to listen on (default: every interface), e.g. 127.0.0.1
  --data DIR        data folder of the single process (default ./data)
  --config FILE     the config file (default ./Revolt.toml if present)
  --service NAME    run this service alone on its guide port (repeatable); one of:
${serviceList('                      ')}`;

/** How often the process checks that the process that started it is still there. */
const PARENT_CHECK_MS = 1000;

/**
 * `ermine start [--port N] [--host ADDRESS] [--data DIR] [--config FILE] [--service NAME ...]`:
 * runs until SIGINT/SIGTERM or until the process that started it (`npm start`) exits, then
 * shuts down gracefully. Returns the exit code.
 */
export async function runStart(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { usage: USAGE, valued: ['port', 'host', 'data', 'config', 'service'] },
    io,
  );
  if (typeof args === 'number') return args;
  const names = (args.flags.get('service') ?? []).flatMap((s) => s.split(',')).filter(Boolean);
  const unknown = checkServiceNames(names);
  if (unknown.length > 0) {
    io.err(formatProblems(unknown));
    return 2;
  }
  const mode: RunMode =
    names.length === 0 ? { kind: 'single' } : { kind: 'split', services: names as ServiceName[] };
  const file = flag(args, 'config');
  const loaded = loadConfig({
    file: file ? resolve(io.cwd, file) : undefined,
    cwd: io.cwd,
    env: process.env,
  });
  let config = loaded.config;
  const data = flag(args, 'data');
  if (data !== undefined) config.ermine.data_dir = resolve(io.cwd, data);
  const portFlag = flag(args, 'port');
  const port = portFlag === undefined ? undefined : Number(portFlag);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    io.err(`--port must be a whole number from 0 to 65535, got ${portFlag}`);
    return 2;
  }
  const host = flag(args, 'host');
  if (host !== undefined) config.ermine.host = host;
  config = settleForMode(config, mode);
  const problems = [...loaded.problems, ...validateForMode(config, mode)];
  if (problems.length > 0) io.err(formatProblems(problems));
  if (problems.some((p) => p.severity === 'error')) {
    io.err('Ermine did not start: fix the errors above (each names the key to set).');
    return 1;
  }
  const log = createLogger({ level: config.ermine.log_level });
  if (loaded.sources.length > 0) log.info({ files: loaded.sources }, 'config loaded');
  // The data folder holds password hashes and keys: whatever this process creates is private.
  if (mode.kind === 'single') process.umask(0o077);
  const running = await startErmine({ config, mode, log, port });
  if (mode.kind === 'single') logRunning(log, running);
  await stopSignal(log);
  await running.close();
  log.info('stopped cleanly');
  return 0;
}

function logRunning(log: Logger, running: RunningErmine): void {
  const listening = running.addresses.all;
  log.info(
    { url: running.url, listening },
    `Ermine is running: open ${running.url} (listening on ${listening})`,
  );
}

/**
 * Resolves on SIGINT, SIGTERM, or — when started as an npm script (`npm start`), which does not
 * pass its signals on — when the parent process is gone (its children are handed to another
 * parent): `kill <pid of npm start>` must not leave the server running on its own. Started any
 * other way (a service manager, `nohup`, `&`), the server outlives the shell that started it.
 */
function stopSignal(log: Logger): Promise<void> {
  return new Promise<void>((done) => {
    const parent = process.ppid;
    const stop = (reason: Record<string, unknown>) => {
      if (watch) clearInterval(watch);
      log.info(reason, 'shutting down');
      done();
    };
    const underNpm = process.env.npm_lifecycle_event !== undefined;
    const watch = underNpm
      ? setInterval(() => {
          if (process.ppid !== parent)
            stop({ reason: `the parent process (pid ${parent}) exited` });
        }, PARENT_CHECK_MS)
      : null;
    process.once('SIGINT', () => stop({ signal: 'SIGINT' }));
    process.once('SIGTERM', () => stop({ signal: 'SIGTERM' }));
  });
}
