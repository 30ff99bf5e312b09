import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { getuid } from 'node:process';
import { test } from 'node:test';

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

/** Debian's Chromium, which the browser tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** How a WebRTC test file runs its tests inside the loopback-only namespace. */
export interface LoopbackSuiteOptions {
  title: string;
  /** The test file itself (it is run again inside the namespace). */
  file: string;
  /** The file drives Chromium: without it, fail in CI and skip elsewhere. */
  chromium?: boolean;
  timeoutMs?: number;
}

/**
 * The outer half of every WebRTC test file. Outside the namespace it registers one test that
 * runs `file` again inside it and fails when any inner test failed, and returns false; inside,
 * it returns true and the caller registers its real tests.
 */
export function runsInsideLoopback(options: LoopbackSuiteOptions): boolean {
  if (options.chromium && !existsSync(CHROMIUM)) {
    const skip = process.env.CI === 'true' ? false : `${CHROMIUM} is missing`;
    test(options.title, { skip }, () => {
      assert.fail(`${CHROMIUM} is missing (apt-get install -y chromium)`);
    });
    return false;
  }
  if (insideLoopbackNamespace()) return true;
  test(`${options.title} (inside a loopback-only network namespace)`, async () => {
    const args = ['--experimental-websocket', '--import', 'tsx', '--test', '--test-force-exit'];
    const run = await runInLoopbackNamespace(
      [...args, '--test-reporter=spec', options.file],
      options.timeoutMs ?? 300_000,
    );
    assert.equal(run.code, 0, `${options.title}: tests failed inside the namespace (output above)`);
  });
  return false;
}
