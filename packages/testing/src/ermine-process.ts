import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../apps/server/bin/ermine.js', import.meta.url));

/** A running `ermine` child process. */
export interface ErmineProcess {
  /** The URL it printed (single process) or `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Options of `startErmineProcess`. */
export interface ErmineProcessOptions {
  /** Arguments after `ermine start` (default: a random port and a fresh data folder). */
  args?: string[];
  env?: Record<string, string>;
  /** Waits for this text in the output instead of the "Ermine is running" line. */
  readyText?: string;
  timeoutMs?: number;
}

/** Runs a command of the `ermine` CLI to completion and returns its exit code and output. */
export async function runErmine(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * Starts `ermine start` as a child process (by default on a random port with a fresh data
 * folder that is removed on stop) and resolves once it serves.
 */
export async function startErmineProcess(
  options: ErmineProcessOptions = {},
): Promise<ErmineProcess> {
  const data = await mkdtemp(join(tmpdir(), 'ermine-e2e-'));
  const args = options.args ?? ['--port', '0', '--data', data];
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    cwd: data,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const code = await exited;
    await rm(data, { recursive: true, force: true });
    return code;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ermine exited with ${child.exitCode}:\n${out}`);
    const url = findUrl(out, options.readyText);
    if (url) return { url, child, output: () => out, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop('SIGKILL');
  throw new Error(`ermine did not start in time:\n${out}`);
}

function findUrl(out: string, readyText?: string): string | null {
  if (readyText) return out.includes(readyText) ? 'http://127.0.0.1' : null;
  for (const line of out.split('\n')) {
    if (!line.includes('Ermine is running')) continue;
    try {
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) return parsed.url.replace('localhost', '127.0.0.1');
    } catch {
      const m = /(http:\/\/\S+)/.exec(line);
      if (m?.[1]) return m[1].replace('localhost', '127.0.0.1');
    }
  }
  return null;
}
