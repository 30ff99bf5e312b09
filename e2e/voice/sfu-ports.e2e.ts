// The SFU's media ports when other programs hold ports of its range: taken before a join, taken
// at the moment the SFU binds (between a probe and the bind, or just before the bind), several
// gatherings at once, and a range that runs out. None of it may take the process down, and a
// participant that gets no port is told apart by a log line that names the setting to change.
// Runs inside a loopback-only network namespace, like every WebRTC test.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DisconnectReason, TrackSource } from '@livekit/protocol';
import type { Logger } from '@ermine/infra';
import type { SfuEvent } from '@ermine/service-sfu';
import { runsInsideLoopback } from './netns';
import { NodeClient } from './node-client';
import { startStandaloneSfu, type StandaloneSfu } from './sfu-server';
import { waitUntil } from '@ermine/infra/wait';

const THIS_FILE = fileURLToPath(import.meta.url);

// Below Linux's ephemeral range, so the test clients' own random ports never land in it.
const FIRST = 24000;
const LAST = 24007;
const inRange = (port: number) => port >= FIRST && port <= LAST;

/** Plays "another program" that holds ports of the SFU's range. */
class PortThief {
  private readonly held = new Map<number, dgram.Socket>();
  private readonly own = new WeakSet<dgram.Socket>();
  private budget = { atBind: 0, atClose: 0 };
  /** Ports taken at the worst moments so far. */
  readonly stolen = { atBind: 0, atClose: 0 };
  private readonly bind = dgram.Socket.prototype.bind;
  private readonly close = dgram.Socket.prototype.close;

  /** Binds `port` now. */
  async occupy(port: number, address: string): Promise<void> {
    const socket = this.take(port, address);
    await new Promise<void>((resolve, reject) => {
      socket.once('listening', resolve);
      socket.once('error', reject);
    });
  }

  async free(port: number): Promise<void> {
    const socket = this.held.get(port);
    this.held.delete(port);
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  ports(): number[] {
    return [...this.held.keys()];
  }

  /**
   * Takes ports of the range at the worst moments: just before some socket binds one
   * (`atBind`), and right after some socket bound to one closes (`atClose`), each so many times.
   */
  arm(budget: { atBind: number; atClose: number }): void {
    this.budget = { ...budget };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const thief = this;
    const bind = this.bind;
    const close = this.close;
    dgram.Socket.prototype.bind = function (this: dgram.Socket, ...args: unknown[]) {
      const first = args[0];
      const port =
        typeof first === 'object' && first !== null ? (first as { port?: number }).port : first;
      if (
        !thief.own.has(this) &&
        typeof port === 'number' &&
        inRange(port) &&
        !thief.held.has(port) &&
        thief.budget.atBind > 0
      ) {
        thief.budget.atBind--;
        thief.stolen.atBind++;
        thief.take(port, '0.0.0.0');
      }
      return (bind as (...a: unknown[]) => dgram.Socket).apply(this, args);
    } as typeof dgram.Socket.prototype.bind;
    dgram.Socket.prototype.close = function (this: dgram.Socket, ...args: unknown[]) {
      let port = 0;
      try {
        port = this.address().port;
      } catch {
        // never bound
      }
      const result = (close as (...a: unknown[]) => dgram.Socket).apply(this, args);
      if (!thief.own.has(this) && inRange(port) && thief.budget.atClose > 0) {
        thief.budget.atClose--;
        thief.stolen.atClose++;
        thief.take(port, '0.0.0.0');
      }
      return result;
    } as typeof dgram.Socket.prototype.close;
  }

  disarm(): void {
    dgram.Socket.prototype.bind = this.bind;
    dgram.Socket.prototype.close = this.close;
  }

  release(): void {
    for (const socket of this.held.values()) socket.close();
    this.held.clear();
  }

  private take(port: number, address: string): dgram.Socket {
    const socket = dgram.createSocket('udp4');
    this.own.add(socket);
    socket.on('error', () => this.held.delete(port));
    this.held.set(port, socket);
    this.bind.call(socket, { port, address });
    return socket;
  }
}

/** The SFU's host candidate ports, one entry per connection (subscriber offers, publisher answers). */
function sfuPorts(clients: NodeClient[]): number[] {
  const ports: number[] = [];
  for (const client of clients) {
    for (const kind of ['offer', 'answer'] as const) {
      const seen = new Set<number>();
      for (const message of client.events) {
        if (message.case !== kind) continue;
        for (const match of message.value.sdp.matchAll(/a=candidate:\S+ \d+ udp \d+ \S+ (\d+) /gi))
          seen.add(Number(match[1]));
      }
      ports.push(...seen);
    }
  }
  return ports;
}

interface LogEntry {
  level: string;
  /** The message and every field, errors with their message, as one string. */
  text: string;
}

function capturingLogger(into: LogEntry[], bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (obj: object | string, msg?: string) => {
    const fields = typeof obj === 'string' ? {} : obj;
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    const flat = JSON.stringify({ ...bindings, ...fields }, (_key, value: unknown) =>
      value instanceof Error ? `${value.name}: ${value.message}` : value,
    );
    into.push({ level, text: `${text} ${flat}` });
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    child: (more) => capturingLogger(into, { ...bindings, ...more }),
  };
}

if (
  runsInsideLoopback({
    title: 'embedded SFU with ports of its range taken',
    file: THIS_FILE,
    timeoutMs: 180_000,
  })
) {
  describe('embedded SFU with ports of its range taken', { timeout: 120_000 }, () => {
    let sfu: StandaloneSfu;
    const events: SfuEvent[] = [];
    const clients: NodeClient[] = [];
    const logs: LogEntry[] = [];
    const crashes: unknown[] = [];
    const thief = new PortThief();
    const onCrash = (error: unknown) => crashes.push(error);
    let ada: NodeClient;
    let mic: Awaited<ReturnType<NodeClient['publish']>> | undefined;
    let talking: ReturnType<typeof setInterval> | undefined;

    before(async () => {
      process.on('uncaughtExceptionMonitor', onCrash);
      process.on('unhandledRejection', onCrash);
      sfu = await startStandaloneSfu({ portRange: [FIRST, LAST], log: capturingLogger(logs) });
      sfu.sfu.control.onEvent((event) => events.push(event));
    });
    after(async () => {
      if (talking) clearInterval(talking);
      thief.disarm();
      await Promise.all(clients.map((c) => c.close()));
      await sfu.close();
      thief.release();
      process.off('uncaughtExceptionMonitor', onCrash);
      process.off('unhandledRejection', onCrash);
    });

    const join = async (identity: string) => {
      const client = await NodeClient.join(
        sfu.livekitUrl,
        await sfu.token(identity, { roomJoin: true, room: 'ports-room' }),
      );
      clients.push(client);
      return client;
    };
    const connected = (identity: string) =>
      events.some((e) => e.event === 'participant_joined' && e.participant.identity === identity);
    const received = (client: NodeClient) =>
      mic ? (client.received.get(mic.info.sid)?.packets ?? 0) : 0;
    // In a real process an uncaught error ends it: report it as such, not as a later timeout.
    const alive = () => {
      if (crashes.length > 0) throw new Error(`the SFU process would have crashed: ${crashes[0]}`);
    };
    const until = (check: () => boolean, timeoutMs = 8000) =>
      waitUntil(
        () => {
          alive();
          return check();
        },
        'the condition',
        timeoutMs,
      );

    test('joins get the free ports while others are taken before and during gathering', async () => {
      await thief.occupy(FIRST, '0.0.0.0');
      await thief.occupy(FIRST + 3, '127.0.0.1');
      // The next port the SFU tries is taken just before its bind, and the next port it closes
      // (a probe it means to bind again right after) is taken at once.
      thief.arm({ atBind: 1, atClose: 1 });
      ada = await join('ada');
      await until(() => connected('ada'));
      mic = await ada.publish('audio', TrackSource.MICROPHONE);
      thief.disarm();
      assert.equal(thief.stolen.atBind, 1, 'a port was taken just before the SFU bound it');
      let seq = 1;
      let ts = 0;
      talking = setInterval(() => {
        for (let i = 0; i < 3; i++)
          mic?.send({
            sequenceNumber: seq++ & 0xffff,
            timestamp: (ts += 960) >>> 0,
            payload: Buffer.alloc(40, 1),
          });
      }, 60);
      const bo = await join('bo');
      await until(() => connected('bo') && received(bo) > 10, 10_000);
      alive();
      for (const port of sfuPorts(clients)) {
        assert.ok(inRange(port), `candidate port ${port} is in the range`);
        assert.ok(!thief.ports().includes(port), `candidate port ${port} was not taken`);
      }
    });

    test('two joins at once gather on two different ports', async () => {
      const [cy, dee] = await Promise.all([join('cy'), join('dee')]);
      await until(() => connected('cy') && connected('dee') && received(cy) > 10, 10_000);
      await until(() => received(dee) > 10);
      const ports = sfuPorts(clients);
      assert.equal(new Set(ports).size, ports.length, `each connection has its own port`);
      alive();
    });

    test('a join beyond the free ports fails alone, with a log line naming the setting', async () => {
      // Every free port of the range is in use now (ada twice, bo, cy, dee; three taken).
      const eve = await join('eve');
      await until(() => logs.some((entry) => /port_range_start/.test(entry.text)), 10_000);
      const line = logs.find((entry) => /port_range_start/.test(entry.text))!;
      assert.match(line.text, new RegExp(`${FIRST}.${LAST}`));
      assert.match(line.text, /port_range_end/);
      assert.equal(line.level, 'warn');
      // Eve is told her join failed (instead of waiting for a connection that can't come) and is
      // no longer in the room.
      await until(() =>
        eve.events.some(
          (m) => m.case === 'leave' && m.value.reason === DisconnectReason.JOIN_FAILURE,
        ),
      );
      assert.ok(!connected('eve'), 'eve has no media connection');
      const listed = await sfu.sfu.control.listParticipants('ports-room');
      assert.ok(!listed.some((p) => p.identity === 'eve'), 'eve is not left in the room');
      const before = clients.slice(1, 4).map(received);
      await until(() => clients.slice(1, 4).every((c, i) => received(c) > before[i]! + 10));
      alive();
    });

    test('a port freed by the other program is used by the next join', async () => {
      await thief.free(FIRST);
      const fay = await join('fay');
      await until(() => connected('fay') && received(fay) > 10, 10_000);
      assert.ok(sfuPorts([fay]).includes(FIRST));
      alive();
    });
  });
}
