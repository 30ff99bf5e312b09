import { resolve } from 'node:path';
import { formatProblems, loadConfig, settleForMode, validateForMode } from '@ermine/config';
import { SERVICE_NAMES, type ServiceName } from '@ermine/http';
import { flag, parseArgs, type CommandIo } from '../args';
import { startErmine, type RunMode } from '../app';
import { createLogger } from '../logger';

/**
 * `ermine start [--port N] [--data DIR] [--config FILE] [--service NAME ...]`: runs until
 * SIGINT/SIGTERM, then shuts down gracefully. Returns the exit code.
 */
export async function runStart(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  const names = args.flags.get('service') ?? [];
  const unknown = names.filter((n) => !(SERVICE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    io.err(`unknown service: ${unknown.join(', ')} (services: ${SERVICE_NAMES.join(', ')})`);
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
  config = settleForMode(config, mode);
  const problems = [...loaded.problems, ...validateForMode(config, mode)];
  if (problems.length > 0) io.err(formatProblems(problems));
  if (problems.some((p) => p.severity === 'error')) {
    io.err('Ermine did not start: fix the errors above (each names the key to set).');
    return 1;
  }
  const log = createLogger({ level: config.ermine.log_level });
  if (loaded.sources.length > 0) log.info({ files: loaded.sources }, 'config loaded');
  const running = await startErmine({ config, mode, log, port });
  if (mode.kind === 'single') {
    log.info({ url: running.url }, `Ermine is running: open ${running.url}`);
  }
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      done();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await running.close();
  log.info('stopped cleanly');
  return 0;
}
