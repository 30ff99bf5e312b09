// The single process as a new operator meets it: each mistake is one line naming the fix, and
// the process never outlives the command that started it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runErmine, startErmineProcess } from '@ermine/testing/ermine-process';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'apps/server/bin/ermine.js');

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ermine-guard-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The lines of stderr that are not empty. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '');
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function isOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function occupy(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => resolve(server));
  });
}

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the data folder', () => {
  test('a second start on the same data folder is refused with one line naming it and the running pid', async () => {
    const data = await tempDir();
    const first = await startErmineProcess({ args: ['--port', '0', '--data', data] });
    try {
      const second = await runErmine(['start', '--port', '0', '--data', data]);
      assert.equal(second.code, 1, second.stdout + second.stderr);
      const lines = errorLines(second.stderr);
      assert.equal(lines.length, 1, second.stderr);
      assert.match(lines[0] ?? '', new RegExp(data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(lines[0] ?? '', new RegExp(`pid ${first.child.pid}`));
      const health = await fetch(`${first.url}/health`);
      assert.equal(health.status, 200, 'the first one keeps serving');
    } finally {
      assert.equal(await first.stop(), 0);
    }
  });

  test('a stale lock left by a dead process is taken over; the folder and its files are private', async () => {
    const data = await tempDir();
    await writeFile(join(data, 'ermine.lock'), `${deadPid()}\n`);
    await chmod(data, 0o755);
    const ermine = await startErmineProcess({ args: ['--port', '0', '--data', data] });
    try {
      const mode = async (name: string) => (await stat(join(data, name))).mode & 0o777;
      assert.equal(await mode('.'), 0o700);
      assert.equal(await mode('files'), 0o700);
      for (const file of [
        'ermine.sqlite',
        'ermine.sqlite-wal',
        'ermine.sqlite-shm',
        'secrets.json',
        'ermine.lock',
        'ermine.pid',
      ]) {
        assert.equal(await mode(file), 0o600, file);
      }
    } finally {
      assert.equal(await ermine.stop(), 0);
    }
  });

  test('a read-only data folder is one line naming the path and the fix', async () => {
    const parent = await tempDir();
    await chmod(parent, 0o755);
    const data = join(parent, 'data');
    await mkdir(data);
    await chmod(data, 0o555);
    // root may write anywhere: run as nobody then.
    const asRoot = process.getuid?.() === 0;
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', data], {
      cwd: parent,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1, stderr);
    const lines = errorLines(stderr);
    assert.equal(lines.length, 1, stderr);
    assert.ok(lines[0]?.includes(data), stderr);
    assert.match(lines[0] ?? '', /--data/);
    assert.doesNotMatch(stderr, /EROFS|EACCES|ENOENT|unable to open database file|\.tmp/);
  });

  test('a data folder on a read-only file system is one line naming the path and the fix', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('mounting a read-only folder needs root');
    const data = await tempDir();
    const quoted = `'${data}'`;
    const script = `mount --bind ${quoted} ${quoted} && mount -o remount,ro,bind ${quoted} && exec '${process.execPath}' '${BIN}' start --port 0 --data ${quoted}`;
    const res = spawnSync('unshare', ['-m', 'sh', '-c', script], { cwd: data, timeout: 60_000 });
    const stderr = res.stderr.toString();
    if (/mount:|unshare:/.test(stderr)) return t.skip(`cannot mount here: ${stderr.trim()}`);
    assert.equal(res.status, 1, stderr);
    const lines = errorLines(stderr);
    assert.equal(lines.length, 1, stderr);
    assert.ok(lines[0]?.includes(data), stderr);
    assert.match(lines[0] ?? '', /read-only/);
    assert.match(lines[0] ?? '', /--data/);
    assert.doesNotMatch(stderr, /EROFS|\.tmp|unable to open database file/);
  });

  test('a data folder that cannot be created is one line naming the path and the fix', async () => {
    const parent = await tempDir();
    await writeFile(join(parent, 'not-a-folder'), '');
    const data = join(parent, 'not-a-folder', 'data');
    const res = await runErmine(['start', '--port', '0', '--data', data]);
    assert.equal(res.code, 1);
    const lines = errorLines(res.stderr);
    assert.equal(lines.length, 1, res.stderr);
    assert.ok(lines[0]?.includes(data), res.stderr);
    assert.match(lines[0] ?? '', /--data/);
    assert.doesNotMatch(res.stderr, /ENOTDIR|ENOENT|mkdir/);
  });
});

describe('starting', () => {
  test('a port in use is one line naming the port and --port', async () => {
    const busy = await occupy();
    const port = (busy.address() as { port: number }).port;
    try {
      const res = await runErmine(['start', '--port', String(port), '--data', await tempDir()]);
      assert.equal(res.code, 1);
      const lines = errorLines(res.stderr);
      assert.equal(lines.length, 1, res.stderr);
      assert.match(lines[0] ?? '', new RegExp(`port ${port}`));
      assert.match(lines[0] ?? '', /--port/);
      assert.doesNotMatch(res.stderr, /EADDRINUSE/);
    } finally {
      busy.close();
    }
  });

  test('an unknown flag is refused like an unknown command, with the likely one', async () => {
    const res = await runErmine(['start', '--prot', '3000', '--data', await tempDir()]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /unexpected argument: --prot \(did you mean --port\?\)/);
    assert.match(res.stderr, /Usage: ermine start/);
    const service = await runErmine(['start', '--service', 'apii']);
    assert.equal(service.code, 2);
    assert.match(service.stderr, /unknown service "apii"; did you mean "api"\?/);
  });

  test('with public_url and --host, the start log shows the URL and the bound address; SMTP warns', async () => {
    const data = await tempDir();
    const ermine = await startErmineProcess({
      args: ['--port', '0', '--host', '127.0.0.1', '--data', data],
      env: {
        REVOLT__ERMINE__PUBLIC_URL: 'https://chat.example.com',
        REVOLT__API__SMTP__HOST: 'smtp.example.com',
      },
      readyText: 'Ermine is running',
    });
    try {
      const line = ermine
        .output()
        .split('\n')
        .find((l) => l.includes('Ermine is running'));
      const logged = JSON.parse(line ?? '{}') as { url: string; listening: string; msg: string };
      assert.equal(logged.url, 'https://chat.example.com');
      assert.match(logged.listening, /^127\.0\.0\.1:\d+$/);
      assert.ok(logged.msg.includes(logged.listening));
      assert.match(ermine.output(), /warning api\.smtp\.host: .*does not send e-mail yet/);
      const port = Number(logged.listening.split(':')[1]);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await ermine.stop(), 0);
    }
    const check = await runErmine(['config', 'check'], {
      cwd: data,
      env: { REVOLT__API__SMTP__HOST: 'smtp.example.com' },
    });
    assert.equal(check.code, 0);
    assert.match(check.stdout, /api\.smtp\.host: .*does not send e-mail yet/);
  });

  test('SIGTERM to `npm start` stops the server', async () => {
    const data = await tempDir();
    const npm = spawn('npm', ['start', '--', '--port', '0', '--data', data], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 60_000;
    let port = 0;
    while (port === 0 && Date.now() < deadline) {
      const m = /"listening":"[^"]*:(\d+)"/.exec(out);
      if (m) port = Number(m[1]);
      else await new Promise((r) => setTimeout(r, 100));
    }
    const pid = Number(/"pid":(\d+)/.exec(out)?.[1]);
    try {
      assert.ok(port > 0, out);
      assert.ok(await isOpen(port));
      npm.kill('SIGTERM');
      const stopBy = Date.now() + 15_000;
      while ((await isOpen(port)) && Date.now() < stopBy) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(await isOpen(port), false, `still listening on ${port}:\n${out}`);
      assert.match(out, /the parent process \(pid \d+\) exited/);
    } finally {
      if (pid > 0 && (await isOpen(port))) process.kill(pid, 'SIGKILL');
      npm.kill('SIGKILL');
    }
  });

  test('started directly, the server outlives the shell that started it', async () => {
    const data = await tempDir();
    const logFile = join(data, 'out.log');
    const env = { ...process.env };
    delete env.npm_lifecycle_event;
    const sh = spawnSync(
      'sh',
      [
        '-c',
        `"$0" "$1" start --port 0 --data "$2" > "$3" 2>&1 & echo $!`,
        process.execPath,
        BIN,
        join(data, 'd'),
        logFile,
      ],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    const pid = Number(sh.stdout.trim());
    assert.ok(pid > 0, sh.stderr);
    let port = 0;
    try {
      const deadline = Date.now() + 60_000;
      while (port === 0 && Date.now() < deadline) {
        const m = /"listening":"[^"]*:(\d+)"/.exec(await readFile(logFile, 'utf8').catch(() => ''));
        if (m) port = Number(m[1]);
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(port > 0, await readFile(logFile, 'utf8'));
      // The shell has exited; the parent check runs every second.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(await isOpen(port), true, await readFile(logFile, 'utf8'));
    } finally {
      process.kill(pid, 'SIGTERM');
      const stopBy = Date.now() + 15_000;
      while (port > 0 && (await isOpen(port)) && Date.now() < stopBy) {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
});

describe('the live process', () => {
  test('/health reports each service; /livekit/health is JSON; %ZZ is 400 and TRACE 405 without an error log', async () => {
    const ermine = await startErmineProcess();
    try {
      const res = await fetch(`${ermine.url}/health`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        status: string;
        services: Record<string, { status: string; reason?: string }>;
      };
      assert.equal(body.status, 'degraded');
      assert.equal(body.services.api?.status, 'ok');
      assert.equal(body.services.sfu?.status, 'ok');
      assert.equal(body.services.web?.status, 'ok');
      assert.equal(body.services.autumn?.status, 'unavailable');
      const livekit = await fetch(`${ermine.url}/livekit/health`);
      assert.equal(livekit.status, 200);
      assert.deepEqual(await livekit.json(), { status: 'ok', service: 'sfu' });
      for (const path of ['/%ZZ', '/api/%ZZ']) {
        assert.equal((await fetch(`${ermine.url}${path}`)).status, 400, path);
      }
      const port = Number(new URL(ermine.url).port);
      const trace = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write('TRACE /api/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        );
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('close', () => resolve(text));
      });
      assert.match(trace, /^HTTP\/1\.1 405/);
      assert.doesNotMatch(ermine.output(), /"level":50|URIError|TypeError/);
    } finally {
      assert.equal(await ermine.stop(), 0);
    }
  });
});
