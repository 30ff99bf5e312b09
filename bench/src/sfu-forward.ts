// Benchmark of the embedded SFU's media forwarding: packets forwarded per second per core, the CPU
// of a 10-person audio room and of 6 cameras, and how much the media work delays HTTP answers of
// the same process. The SFU runs in a child process (its CPU is measured alone); werift clients
// in this process publish synthetic RTP and count what they receive. Everything runs inside a
// loopback-only network namespace.
//   node --import tsx bench/src/sfu-forward.ts [--seconds 10] [--scenario fanout|audio|cameras]
//                                              [--subscribers 10,20] [--workers 0|N]
//   --workers N puts the rooms in N media worker threads as `ermine start` does (default 0: the
//   rooms share the event loop that answers HTTP).
//   SFU_BENCH_PROFILE=<dir> writes a CPU profile of the SFU process for each measurement window
//   (SFU_BENCH_PROFILE_INTERVAL=<µs> sets the sampling interval, default 1000).
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TrackSource } from '@livekit/protocol';
import { insideLoopbackNamespace, runInLoopbackNamespace } from '../../e2e/voice/netns';
import { NodeClient, vp8Payload } from '../../e2e/voice/node-client';
import { startStandaloneSfu } from '../../e2e/voice/sfu-server';
import { sleep } from '@ermine/infra/wait';

const THIS_FILE = fileURLToPath(import.meta.url);
// The histogram records whole timer intervals; the delay is what exceeds the resolution.
const LOOP_RESOLUTION_MS = 10;

interface ChildStats {
  cpuMicros: number;
  systemMicros: number;
  wallMicros: number;
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  rssMb: number;
}

type ToChild =
  | { type: 'stats-start' }
  | { type: 'stats-stop' }
  | { type: 'token'; identity: string; room: string };
type FromChild =
  | { type: 'ready'; livekitUrl: string; httpUrl: string }
  | { type: 'stats'; stats: ChildStats }
  | { type: 'token'; identity: string; token: string }
  | { type: 'latencies'; latencies: number[] };

// ---- the SFU process ----

async function runSfuChild(): Promise<void> {
  const sfu = await startStandaloneSfu({
    portRange: [44000, 45999],
    limits: { maxParticipants: 100, maxRooms: 100 },
    workers: Number(valueOf(process.argv, '--workers') ?? 0),
  });
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  const profiler = process.env.SFU_BENCH_PROFILE
    ? windowProfiler(process.env.SFU_BENCH_PROFILE)
    : undefined;
  let cpuStart = process.cpuUsage();
  let wallStart = process.hrtime.bigint();
  const send = (message: FromChild) => process.send?.(message);
  process.on('message', (message: ToChild) => {
    if (message.type === 'stats-start') {
      profiler?.start();
      loop.reset();
      loop.enable();
      cpuStart = process.cpuUsage();
      wallStart = process.hrtime.bigint();
    } else if (message.type === 'stats-stop') {
      profiler?.stop();
      loop.disable();
      const cpu = process.cpuUsage(cpuStart);
      send({
        type: 'stats',
        stats: {
          cpuMicros: cpu.user + cpu.system,
          systemMicros: cpu.system,
          wallMicros: Number((process.hrtime.bigint() - wallStart) / 1000n),
          loopP50Ms: Math.max(0, loop.percentile(50) / 1e6 - LOOP_RESOLUTION_MS),
          loopP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
          loopMaxMs: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS),
          rssMb: process.memoryUsage().rss / 1e6,
        },
      });
    } else if (message.type === 'token') {
      void sfu.token(message.identity, { roomJoin: true, room: message.room }).then((token) => {
        send({ type: 'token', identity: message.identity, token });
      });
    }
  });
  process.on('disconnect', () => {
    void sfu.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', livekitUrl: sfu.livekitUrl, httpUrl: sfu.httpUrl });
}

// Profiles the SFU process during the measurement window only (SFU_BENCH_PROFILE=<dir>).
function windowProfiler(dir: string): { start(): void; stop(): void } {
  const session = new Session();
  session.connect();
  const interval = Number(process.env.SFU_BENCH_PROFILE_INTERVAL ?? 1000);
  return {
    start() {
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval }, () =>
          session.post('Profiler.start'),
        ),
      );
    },
    stop() {
      session.post('Profiler.stop', (error, result) => {
        if (!error)
          writeFileSync(join(dir, `sfu-${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
      });
    },
  };
}

// ---- the load generator ----

class SfuProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly livekitUrl: string,
    readonly httpUrl: string,
  ) {}

  static async start(workers: number): Promise<SfuProcess> {
    const child = fork(THIS_FILE, ['--sfu-child', '--workers', String(workers)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await nextMessage(
      child,
      (m): m is Extract<FromChild, { type: 'ready' }> => m.type === 'ready',
    );
    return new SfuProcess(child, ready.livekitUrl, ready.httpUrl);
  }

  async token(identity: string, room: string): Promise<string> {
    const reply = nextMessage(
      this.child,
      (m): m is Extract<FromChild, { type: 'token' }> =>
        m.type === 'token' && m.identity === identity,
    );
    this.child.send({ type: 'token', identity, room } satisfies ToChild);
    return (await reply).token;
  }

  startStats(): void {
    this.child.send({ type: 'stats-start' } satisfies ToChild);
  }

  async stopStats(): Promise<ChildStats> {
    const reply = nextMessage(
      this.child,
      (m): m is Extract<FromChild, { type: 'stats' }> => m.type === 'stats',
    );
    this.child.send({ type: 'stats-stop' } satisfies ToChild);
    return (await reply).stats;
  }

  stop(): void {
    this.child.disconnect();
  }
}

function nextMessage<T extends FromChild>(
  proc: ChildProcess,
  match: (m: FromChild) => m is T,
): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: FromChild) => {
      if (!match(message)) return;
      proc.off('message', onMessage);
      resolve(message);
    };
    proc.on('message', onMessage);
  });
}

interface Source {
  /** Sends what is due at this tick; returns packets sent. */
  tick(): number;
}

// Opus-like: 50 packets/s of ~80 bytes with an audio level.
async function audioSource(client: NodeClient, loud: boolean): Promise<Source> {
  const track = await client.publish('audio', TrackSource.MICROPHONE);
  let seq = Math.floor(Math.random() * 60000);
  let ts = Math.floor(Math.random() * 1e9);
  return {
    tick() {
      track.send({
        sequenceNumber: seq++ & 0xffff,
        timestamp: (ts += 960) >>> 0,
        payload: Buffer.alloc(80, 7),
        audioLevel: loud ? 20 : 100,
      });
      return 1;
    },
  };
}

// VP8-like: `pps` packets/s of ~1100 bytes, frames of several packets, a key frame every 2 s.
async function videoSource(
  client: NodeClient,
  pps: number,
  ticksPerSecond: number,
): Promise<Source> {
  const track = await client.publish('video', TrackSource.CAMERA);
  let seq = Math.floor(Math.random() * 60000);
  let picture = 1;
  let owed = 0;
  return {
    tick() {
      owed += pps / ticksPerSecond;
      let sent = 0;
      const keyframe = picture % 60 === 1;
      while (owed >= 1) {
        const first = sent === 0;
        owed -= 1;
        const last = owed < 1;
        track.send({
          sequenceNumber: seq++ & 0xffff,
          timestamp: (picture * 3000) >>> 0,
          payload: vp8Payload(picture & 0x7fff, keyframe, first, 1100),
          marker: last,
        });
        sent++;
      }
      if (sent > 0) picture++;
      return sent;
    },
  };
}

interface ScenarioResult {
  name: string;
  sentPps: number;
  forwardedPps: number;
  sfuCores: number;
  sfuSystemCores: number;
  ppsPerCore: number;
  http: { p50: number; p99: number; max: number };
  loop: { p50: number; p99: number; max: number };
  rssMb: number;
}

async function scenario(
  name: string,
  seconds: number,
  workers: number,
  build: (sfu: SfuProcess) => Promise<{ clients: NodeClient[]; sources: Source[] }>,
): Promise<ScenarioResult> {
  const sfu = await SfuProcess.start(workers);
  const { clients, sources } = await build(sfu);
  const ticksPerSecond = 50;
  let sent = 0;
  const timer = setInterval(() => {
    for (const source of sources) sent += source.tick();
  }, 1000 / ticksPerSecond);
  await sleep(3000); // warm-up: ICE, DTLS, subscriptions, first key frames
  const receivedBefore = clients.reduce((sum, c) => sum + c.packetsReceived, 0);
  const sentBefore = sent;
  sfu.startStats();
  const latencies = await probe(`${sfu.httpUrl}/livekit/rtc/validate`, seconds);
  const stats = await sfu.stopStats();
  const wall = stats.wallMicros / 1e6;
  const received = clients.reduce((sum, c) => sum + c.packetsReceived, 0) - receivedBefore;
  clearInterval(timer);
  const result: ScenarioResult = {
    name,
    sentPps: (sent - sentBefore) / wall,
    forwardedPps: received / wall,
    sfuCores: stats.cpuMicros / stats.wallMicros,
    sfuSystemCores: stats.systemMicros / stats.wallMicros,
    ppsPerCore: received / wall / (stats.cpuMicros / stats.wallMicros),
    http: percentiles(latencies),
    loop: { p50: stats.loopP50Ms, p99: stats.loopP99Ms, max: stats.loopMaxMs },
    rssMb: stats.rssMb,
  };
  await Promise.all(clients.map((c) => c.close()));
  sfu.stop();
  return result;
}

async function joinAll(sfu: SfuProcess, room: string, count: number): Promise<NodeClient[]> {
  const clients: NodeClient[] = [];
  for (let i = 0; i < count; i++) {
    clients.push(await NodeClient.join(sfu.livekitUrl, await sfu.token(`${room}-${i}`, room)));
  }
  return clients;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seconds = Number(valueOf(args, '--seconds') ?? 10);
  const workers = Number(valueOf(args, '--workers') ?? 0);
  const only = valueOf(args, '--scenario');
  const results: ScenarioResult[] = [];
  const want = (name: string) => !only || only === name;

  if (want('fanout')) {
    const sizes = (valueOf(args, '--subscribers') ?? '10,20').split(',').map(Number);
    for (const subscribers of sizes) {
      results.push(
        await scenario(
          `fan-out: 1 video (300 pkt/s) to ${subscribers}`,
          seconds,
          workers,
          async (sfu) => {
            const clients = await joinAll(sfu, `fan${subscribers}`, subscribers + 1);
            const sources = [await videoSource(clients[0]!, 300, 50)];
            return { clients, sources };
          },
        ),
      );
    }
  }
  if (want('audio')) {
    results.push(
      await scenario('audio room: 10 people, all speaking', seconds, workers, async (sfu) => {
        const clients = await joinAll(sfu, 'audio10', 10);
        const sources: Source[] = [];
        for (const client of clients) sources.push(await audioSource(client, true));
        return { clients, sources };
      }),
    );
  }
  if (want('cameras')) {
    results.push(
      await scenario(
        '6 cameras (200 pkt/s video + audio each), everyone sees everyone',
        seconds,
        workers,
        async (sfu) => {
          const clients = await joinAll(sfu, 'cams6', 6);
          const sources: Source[] = [];
          for (const client of clients) {
            sources.push(await audioSource(client, false));
            sources.push(await videoSource(client, 200, 50));
          }
          return { clients, sources };
        },
      ),
    );
  }

  console.log(
    `\nembedded SFU forwarding (${seconds}s per scenario, SFU CPU measured in its own process, ` +
      `${workers === 0 ? 'rooms in the main thread' : `rooms in ${workers} media worker(s)`})\n`,
  );
  for (const r of results) {
    console.log(r.name);
    console.log(
      `  sent ${r.sentPps.toFixed(0)} pkt/s, forwarded ${r.forwardedPps.toFixed(0)} pkt/s`,
    );
    console.log(
      `  SFU CPU ${r.sfuCores.toFixed(3)} cores (system ${r.sfuSystemCores.toFixed(3)}) -> ${r.ppsPerCore.toFixed(0)} forwarded pkt/s per core, RSS ${r.rssMb.toFixed(0)} MB`,
    );
    console.log(
      `  HTTP /rtc/validate latency ms p50 ${r.http.p50.toFixed(2)} p99 ${r.http.p99.toFixed(2)} max ${r.http.max.toFixed(2)}; ` +
        `SFU event-loop delay ms p50 ${r.loop.p50.toFixed(2)} p99 ${r.loop.p99.toFixed(2)} max ${r.loop.max.toFixed(2)}`,
    );
  }
  const slope = marginal(results);
  if (slope) console.log(`\n${slope}`);
}

// The cost of forwarding alone: the slope between the smallest and the largest fan-out.
function marginal(results: ScenarioResult[]): string | undefined {
  const fanouts = results.filter((r) => r.name.startsWith('fan-out'));
  const first = fanouts[0];
  const last = fanouts[fanouts.length - 1];
  if (!first || !last || first === last || last.sfuCores <= first.sfuCores) return undefined;
  const perCore = (last.forwardedPps - first.forwardedPps) / (last.sfuCores - first.sfuCores);
  return `marginal forwarding cost (fan-out ${first.forwardedPps.toFixed(0)} -> ${last.forwardedPps.toFixed(0)} pkt/s): ${perCore.toFixed(0)} pkt/s per core (${(1e6 / perCore).toFixed(1)} µs per packet)`;
}

// HTTP latency is measured from a process of its own: this one is busy with the clients' media,
// and its own event loop would add to every measured request.
async function probe(url: string, seconds: number): Promise<number[]> {
  const child = fork(THIS_FILE, ['--prober', url, String(seconds)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = await nextMessage(
    child,
    (m): m is Extract<FromChild, { type: 'latencies' }> => m.type === 'latencies',
  );
  return reply.latencies;
}

async function runProber(url: string, seconds: number): Promise<void> {
  // Not timed: the first requests open the connection and warm up the HTTP client.
  for (let i = 0; i < 10; i++) await (await fetch(url)).arrayBuffer();
  const latencies: number[] = [];
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    // 20 requests a second: enough for percentiles, little enough not to weigh on the SFU's CPU.
    await sleep(50);
  }
  const message: FromChild = { type: 'latencies', latencies };
  process.send?.(message);
  process.disconnect?.();
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

function valueOf(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

if (process.argv.includes('--sfu-child')) {
  await runSfuChild();
} else if (process.argv.includes('--prober')) {
  const at = process.argv.indexOf('--prober');
  await runProber(process.argv[at + 1] ?? '', Number(process.argv[at + 2] ?? 5));
} else if (!insideLoopbackNamespace()) {
  const run = await runInLoopbackNamespace(
    ['--import', 'tsx', THIS_FILE, ...process.argv.slice(2)],
    600_000,
  );
  process.exit(run.code);
} else {
  await main();
  process.exit(0);
}
