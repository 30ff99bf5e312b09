// Benchmark: resident memory of the idle single process, next to a bare Node HTTP server.
//   node --import tsx bench/src/idle-memory.ts [--seconds 10] [--runs 3]
// In each run both start as child processes at the same time (`ermine start` on a free port with
// a fresh data folder); each one's RSS (worker threads included) is read from /proc/<pid>/status
// `--seconds` after it is ready, and the medians are printed (RSS varies by a few MB from run to
// run with garbage collection). In the last run one voice room is then created and deleted
// through the SFU's RoomService API, which starts the media workers, and Ermine's RSS is read
// again. Linux only (reads /proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoomServiceClient } from 'livekit-server-sdk';
import { startErmineProcess } from '@ermine/testing/ermine-process';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 10);
const runs = Math.max(1, arg('runs', 3));
/** How long after the room is deleted its RSS is read again. */
const SETTLE_AFTER_ROOM_MS = 3000;

// The ceiling: the smallest HTTP server Node runs, started the same way as Ermine.
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok'))
  .listen(0, function () { console.log('listening on ' + this.address().port); });`;

/** Resident set size of a process in MB (threads included), from /proc. */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** Starts the bare server and resolves once it listens. */
async function startBareServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return child;
}

const mb = (value: number) => `${value.toFixed(1)} MB`;

if (process.platform !== 'linux') {
  console.error('idle-memory reads /proc/<pid>/status: run it on Linux');
  process.exit(1);
}

interface Run {
  /** The first start on a new data folder (migrations and keys made). */
  idle: number;
  /** A restart on that folder, as an operator's server usually starts. */
  restarted: number;
  ceiling: number;
  afterRoom?: number;
}

/** One run: Ermine and the bare server side by side; with `room`, one voice room afterwards. */
async function measure(room: boolean): Promise<Run> {
  const data = await mkdtemp(join(tmpdir(), 'ermine-bench-'));
  const first = await startErmineProcess({ args: ['--port', '0', '--data', data] });
  await sleep(seconds * 1000);
  const idle = await rssMb(first.child.pid!);
  await first.stop();
  const [ermine, bare] = await Promise.all([
    startErmineProcess({ args: ['--port', '0', '--data', data] }),
    startBareServer(),
  ]);
  try {
    const pid = ermine.child.pid!;
    await sleep(seconds * 1000);
    const [restarted, ceiling] = await Promise.all([rssMb(pid), rssMb(bare.pid!)]);
    if (!room) return { idle, restarted, ceiling };
    const keys = JSON.parse(await readFile(join(data, 'secrets.json'), 'utf8')) as {
      sfuKey: string;
      sfuSecret: string;
    };
    const rooms = new RoomServiceClient(`${ermine.url}/livekit`, keys.sfuKey, keys.sfuSecret);
    const name = `bench-${Date.now()}`;
    await rooms.createRoom({ name });
    await rooms.deleteRoom(name);
    await sleep(SETTLE_AFTER_ROOM_MS);
    return { idle, restarted, ceiling, afterRoom: await rssMb(pid) };
  } finally {
    bare.kill();
    await ermine.stop();
    await rm(data, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

console.log(`Node ${process.version}; RSS ${seconds} s after each process was ready, ${runs} runs`);
const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  const run = await measure(i === runs - 1);
  results.push(run);
  console.log(
    `  run ${i + 1}: ermine ${mb(run.idle)} (first start), ${mb(run.restarted)} (restart), bare server ${mb(run.ceiling)}`,
  );
}
const idle = median(results.map((run) => run.idle));
const restarted = median(results.map((run) => run.restarted));
const ceiling = median(results.map((run) => run.ceiling));
const afterRoom = results.at(-1)!.afterRoom!;
console.log(`  ermine first start (new data folder)   ${mb(idle)} (median)`);
console.log(`  ermine restart (existing data folder)  ${mb(restarted)} (median)`);
console.log(`  bare node -e HTTP server (ceiling)     ${mb(ceiling)} (median)`);
console.log(`  ratio (restart / ceiling)              ${(restarted / ceiling).toFixed(2)}×`);
console.log(`  ermine after one voice room (last run) ${mb(afterRoom)} (media workers started)`);
