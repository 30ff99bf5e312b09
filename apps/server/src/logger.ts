import { createRequire } from 'node:module';
import pino from 'pino';
import type { Logger } from '@ermine/infra';

/** Secrets never reach the logs: these fields are replaced wherever they appear. */
const REDACT = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers["x-session-token"]',
  'headers["x-bot-token"]',
  'headers["x-mfa-ticket"]',
];

/**
 * The process logger: structured JSON (pino), human-readable when stdout is a terminal
 * or `pretty` is asked for.
 */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? 'info';
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  if (!usePretty) return pino(base);
  // Loaded only for a terminal: a server whose output goes to a file or a collector never needs it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pino(base, pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }));
}
