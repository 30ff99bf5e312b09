import { runConfigCheck } from './commands/config-check';
import { runInit } from './commands/init';
import { runStart } from './commands/start';
import { serviceList } from './service-help';

const HELP = `ermine — a self-hostable chat platform that speaks Stoat's protocols

Usage (after \`npm ci\`, run it as \`npx ermine …\`; \`npm start\` is \`npx ermine start\`):
  ermine start [--port N] [--host ADDRESS] [--data DIR] [--config FILE] [--service NAME ...]
      Without --service: every service in one process on one port (default 14700), listening
      on every interface unless --host (or [ermine] host) names one address.
      With --service NAME: that service alone on its guide port, on what it needs split:
${serviceList('        ')}
  ermine init [--domain HOST] [--out FILE] [--force]
      Writes a complete Revolt.toml with freshly generated secrets.
  ermine config check [FILE] [--service NAME ...]
      Validates a config and prints every problem (exit code 1 if any error); with --service,
      checks it for those split services (check before \`ermine start --service NAME\`).
`;

/** The CLI entry point: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const io = {
    out: (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
    err: (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
    cwd: process.cwd(),
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runStart(rest, io);
      case 'init':
        return await runInit(rest, io);
      case 'config':
        if (rest[0] === 'check') return await runConfigCheck(rest.slice(1), io);
        io.err(`unknown config command: ${rest[0] ?? '(none)'}; try: ermine config check`);
        return 2;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        io.err(`unknown command: ${command}\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    io.err(`ermine: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
