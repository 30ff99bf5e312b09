import { spawn } from 'node:child_process';
import { getuid } from 'node:process';

/** Set in the environment of a process that runs inside the loopback-only network namespace. */
export const NETNS_ENV = 'ERMINE_LOOPBACK_NETNS';

/** True when this process already runs inside the private loopback-only namespace. */
export function insideLoopbackNamespace(): boolean {
  return process.env[NETNS_ENV] === '1';
}

/** The result of running a command inside a fresh network namespace. */
export interface NamespaceRun {
  code: number;
  output: string;
}

/**
 * Runs `node <args>` inside a new network namespace that has only `lo` (up), so that no packet
 * can leave 127.0.0.1. Uses `unshare -n` as root, `unshare -rn` otherwise.
 */
export function runInLoopbackNamespace(
  nodeArgs: string[],
  timeoutMs: number,
): Promise<NamespaceRun> {
  const unshareArgs = getuid?.() === 0 ? ['-n'] : ['-rn'];
  const script = 'ip link set lo up && exec "$0" "$@"';
  const child = spawn(
    'unshare',
    [...unshareArgs, 'sh', '-c', script, process.execPath, ...nodeArgs],
    {
      env: { ...process.env, [NETNS_ENV]: '1', NODE_TEST_CONTEXT: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}
