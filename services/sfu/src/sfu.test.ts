// Signalling of the embedded SFU over a real WebSocket, spoken by a protobuf client written here
// (no media: no peer connection ever connects, so nothing is sent beyond loopback TCP).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import {
  AddTrackRequest,
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  MuteTrackRequest,
  ParticipantInfo_State,
  Ping,
  ParticipantPermission,
  RequestResponse_Reason,
  SignalRequest,
  SignalResponse,
  TrackSource,
  TrackType,
} from './livekit-protocol';
import { WebSocket } from 'ws';
import { silentLogger } from '@ermine/infra';
import { signAccessToken, verifyAccessToken, type VideoGrant } from './auth/access-token';
import type { SfuEvent } from './control';
import { createSfuService, type SfuService } from './index';
import { waitUntil } from '@ermine/infra/wait';

const KEYS = { apiKey: 'APItestKey', apiSecret: 'test-secret-0123456789-0123456789-abcdef' };
const TURN = {
  urls: ['turn:turn.example.test:3478?transport=udp'],
  username: 'u',
  credential: 'p',
};

type Message = NonNullable<SignalResponse['message']>;
type Case = Message['case'];

/** A LiveKit v0 signalling client: protobuf frames over `ws`. */
class SignalClient {
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  closeCode = 0;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = SignalResponse.fromBinary(new Uint8Array(data)).message;
      if (message.case) this.messages.push(message as Message);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.wake();
    });
  }

  static async connect(url: string): Promise<SignalClient> {
    const ws = new WebSocket(url);
    const client = new SignalClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new HttpRefusal(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
    return client;
  }

  send(message: SignalRequest['message']): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }

  /** Waits for the next message of `kind` not yet taken (and removes it from the inbox). */
  async next<C extends Case>(
    kind: C,
    match: (value: Extract<Message, { case: C }>['value']) => boolean = () => true,
    timeoutMs = 5000,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((m) => m.case === kind && match(m.value as never));
      if (index >= 0)
        return this.messages.splice(index, 1)[0]!.value as Extract<Message, { case: C }>['value'];
      if (Date.now() > deadline)
        throw new Error(`no ${kind} message; got ${this.messages.map((m) => m.case).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket not closed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

class HttpRefusal extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

interface Harness {
  sfu: SfuService;
  server: Server;
  base: string;
  events: SfuEvent[];
  close(): Promise<void>;
}

/** How long a join may take: the first one in a worker pool also starts the media workers. */
const JOIN_TIMEOUT_MS = 30_000;

// Mounts the service at /livekit like the composition root does (prefix stripped).
async function startSfu(
  limits = { maxParticipants: 10, maxRooms: 10 },
  refreshIntervalMs?: number,
  nodeIp = '127.0.0.1',
  workers = 0,
): Promise<Harness> {
  const sfu = createSfuService({
    log: silentLogger,
    keys: KEYS,
    network: { portRangeStart: 42000, portRangeEnd: 42999, nodeIp, turnServers: [TURN] },
    limits,
    nodeName: 'test-node',
    refreshIntervalMs,
    workers,
  });
  const events: SfuEvent[] = [];
  sfu.control.onEvent((event) => events.push(event));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(key, value);
    const response = await sfu.fetch!(
      new Request(`http://127.0.0.1${url.pathname.replace(/^\/livekit/, '')}${url.search}`, {
        method: req.method,
        headers,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    sfu.upgrade!(req, socket, head, url.pathname.replace(/^\/livekit/, ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    sfu,
    server,
    base: `127.0.0.1:${port}/livekit`,
    events,
    async close() {
      await sfu.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function token(
  identity: string,
  video: VideoGrant,
  options: { ttl?: number; now?: number; secret?: string } = {},
) {
  const keys = options.secret ? { ...KEYS, apiSecret: options.secret } : KEYS;
  return signAccessToken(
    keys,
    { identity, name: `${identity} name`, video },
    options.ttl ?? 600,
    options.now ?? Date.now(),
  );
}

async function join(
  h: Harness,
  identity: string,
  video: VideoGrant = { roomJoin: true, room: 'main' },
  query = '',
) {
  const client = await SignalClient.connect(
    `ws://${h.base}/rtc?access_token=${await token(identity, video)}&protocol=16${query}`,
  );
  // Media workers start with the first room, so a first join may wait for a thread to boot.
  const joined = await client.next('join', undefined, JOIN_TIMEOUT_MS);
  return { client, joined };
}

// Every test runs with the rooms in this thread and with the rooms in a media worker thread.
for (const workers of [0, 1]) {
  const where = workers === 0 ? 'rooms in the main thread' : 'rooms in a media worker';

  describe(`embedded SFU signalling (${where})`, () => {
    let h: Harness;
    before(async () => {
      h = await startSfu(undefined, undefined, undefined, workers);
    });
    after(async () => {
      await h.close();
    });

    test('validate answers 200 for a good token and 401 for bad ones, with CORS', async () => {
      const good = await token('alice', { roomJoin: true, room: 'v' });
      const ok = await fetch(`http://${h.base}/rtc/validate?access_token=${good}`, {
        headers: { origin: 'https://app.example' },
      });
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), 'success');
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example');

      const cases: [string, string][] = [
        [
          'bad signature',
          await token(
            'alice',
            { roomJoin: true, room: 'v' },
            { secret: 'another-secret-0123456789-0123456789' },
          ),
        ],
        [
          'expired',
          await token(
            'alice',
            { roomJoin: true, room: 'v' },
            { ttl: 10, now: Date.now() - 5 * 60_000 },
          ),
        ],
        ['no roomJoin', await token('alice', { room: 'v' })],
        ['garbage', 'not-a-jwt'],
      ];
      for (const [why, bad] of cases) {
        const res = await fetch(`http://${h.base}/rtc/validate?access_token=${bad}`);
        assert.equal(res.status, 401, why);
        assert.equal(res.headers.get('access-control-allow-origin'), '*', `${why}: CORS`);
      }
      const otherRoom = await fetch(
        `http://${h.base}/rtc/validate?access_token=${good}&room=elsewhere`,
      );
      assert.equal(otherRoom.status, 401, 'the token names another room');
      const missing = await fetch(`http://${h.base}/rtc/validate`);
      assert.equal(missing.status, 401);
    });

    test('the v1 paths answer 404 so clients fall back to v0; preflights are answered', async () => {
      const good = await token('alice', { roomJoin: true, room: 'v' });
      for (const path of ['/rtc/v1', '/rtc/v1/validate']) {
        const res = await fetch(`http://${h.base}${path}?access_token=${good}`, {
          headers: { origin: 'https://app.example' },
        });
        assert.equal(res.status, 404, path);
        assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
        assert.ok(!(await res.text()).includes('requested room does not exist'));
      }
      const pre = await fetch(`http://${h.base}/rtc/validate`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /GET/);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    });

    test('the upgrade is refused with 401 for a bad token and 404 for /rtc/v1', async () => {
      const bad = await token(
        'alice',
        { roomJoin: true, room: 'v' },
        { secret: 'another-secret-0123456789-0123456789' },
      );
      await assert.rejects(
        SignalClient.connect(`ws://${h.base}/rtc?access_token=${bad}`),
        (e) => e instanceof HttpRefusal && e.status === 401,
      );
      const noJoin = await token('alice', { room: 'v', roomAdmin: true });
      await assert.rejects(
        SignalClient.connect(`ws://${h.base}/rtc?access_token=${noJoin}`),
        (e) => e instanceof HttpRefusal && e.status === 401,
      );
      const good = await token('alice', { roomJoin: true, room: 'v' });
      await assert.rejects(
        SignalClient.connect(`ws://${h.base}/rtc/v1?access_token=${good}`),
        (e) => e instanceof HttpRefusal && e.status === 404,
      );
    });

    test('join answers with the room, the participant, server info, ICE servers and ping settings', async () => {
      const { client, joined } = await join(h, 'alice', { roomJoin: true, room: 'join-room' });
      assert.equal(joined.room?.name, 'join-room');
      assert.match(joined.room?.sid ?? '', /^RM_/);
      assert.equal(joined.participant?.identity, 'alice');
      assert.equal(joined.participant?.name, 'alice name');
      assert.match(joined.participant?.sid ?? '', /^PA_/);
      assert.ok(joined.serverVersion.length > 0);
      assert.ok((joined.serverInfo?.version ?? '').length > 0);
      assert.equal(joined.serverInfo?.nodeId, 'test-node');
      assert.equal(joined.subscriberPrimary, true);
      assert.equal(joined.pingInterval, 5);
      assert.equal(joined.pingTimeout, 15);
      assert.deepEqual(
        joined.iceServers.map((s) => [s.urls, s.username, s.credential]),
        [[TURN.urls, 'u', 'p']],
      );
      assert.deepEqual(
        joined.enabledPublishCodecs.map((c) => c.mime),
        ['audio/opus', 'video/VP8', 'video/H264'],
      );
      assert.deepEqual(joined.otherParticipants, []);
      assert.equal(joined.participant?.permission?.canPublish, true);
      assert.equal(joined.participant?.permission?.canSubscribe, true);

      // The subscriber connection is offered at once, with the two data channels.
      const offer = await client.next('offer');
      assert.equal(offer.type, 'offer');
      assert.match(offer.sdp, /m=application/);
      assert.match(offer.sdp, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
      assert.doesNotMatch(
        offer.sdp,
        /a=candidate:(?!\S+ 1 udp \d+ 127\.0\.0\.1 )/m,
        'only the node address is announced',
      );

      // A refresh token signed with the node's key comes right after the join.
      const refresh = await client.next('refreshToken');
      const claims = await verifyAccessToken(refresh, KEYS, Date.now());
      assert.equal(claims.identity, 'alice');
      assert.equal(claims.video.room, 'join-room');
      assert.equal(claims.video.roomJoin, true);
      client.close();
    });

    test('ping and pingReq are answered', async () => {
      const { client } = await join(h, 'pinger', { roomJoin: true, room: 'ping-room' });
      const before = Date.now();
      client.send({ case: 'ping', value: BigInt(before) });
      const pong = await client.next('pong');
      assert.ok(Number(pong) >= before);
      client.send({ case: 'pingReq', value: new Ping({ timestamp: 12345n, rtt: 7n }) });
      const resp = await client.next('pongResp');
      assert.equal(resp.lastPingTimestamp, 12345n);
      assert.ok(Number(resp.timestamp) >= before);
      client.close();
    });

    test('participants see each other join, change and leave', async () => {
      const grant = { roomJoin: true, room: 'pair' };
      const a = await join(h, 'ann', grant);
      const b = await join(h, 'ben', grant);
      assert.deepEqual(
        b.joined.otherParticipants.map((p) => p.identity),
        ['ann'],
      );
      const seen = await a.client.next('update', (u) =>
        u.participants.some((p) => p.identity === 'ben'),
      );
      const ben = seen.participants.find((p) => p.identity === 'ben')!;
      assert.equal(ben.state, ParticipantInfo_State.JOINED);

      // Server-side change of metadata reaches both, with a higher version.
      h.sfu.control.updateParticipant('pair', 'ben', { metadata: '{"x":1}' });
      const changed = await a.client.next('update', (u) =>
        u.participants.some((p) => p.identity === 'ben' && p.metadata === '{"x":1}'),
      );
      assert.ok(changed.participants[0]!.version > ben.version);
      await b.client.next('update', (u) =>
        u.participants.some((p) => p.identity === 'ben' && p.metadata === '{"x":1}'),
      );

      b.client.send({
        case: 'leave',
        value: new LeaveRequest({ reason: DisconnectReason.CLIENT_INITIATED }),
      });
      const gone = await a.client.next('update', (u) =>
        u.participants.some(
          (p) => p.identity === 'ben' && p.state === ParticipantInfo_State.DISCONNECTED,
        ),
      );
      assert.ok(gone);
      await b.client.waitClosed();
      assert.deepEqual(
        (await h.sfu.control.listParticipants('pair')).map((p) => p.identity),
        ['ann'],
      );
      a.client.close();
    });

    test('addTrack is answered with trackPublished, or refused without the grant', async () => {
      const { client } = await join(h, 'pub', {
        roomJoin: true,
        room: 'tracks',
        canPublishSources: ['microphone'],
      });
      client.send({
        case: 'addTrack',
        value: new AddTrackRequest({
          cid: 'mic-1',
          name: 'mic',
          type: TrackType.AUDIO,
          source: TrackSource.MICROPHONE,
        }),
      });
      const published = await client.next('trackPublished');
      assert.equal(published.cid, 'mic-1');
      assert.match(published.track?.sid ?? '', /^TR_A/);
      assert.equal(published.track?.source, TrackSource.MICROPHONE);

      client.send({
        case: 'addTrack',
        value: new AddTrackRequest({
          cid: 'cam-1',
          name: 'cam',
          type: TrackType.VIDEO,
          source: TrackSource.CAMERA,
          width: 1280,
          height: 720,
        }),
      });
      const refused = await client.next('requestResponse');
      assert.equal(refused.reason, RequestResponse_Reason.NOT_ALLOWED);
      assert.equal(refused.request.case, 'addTrack');
      client.close();

      const listener = await join(h, 'listener', {
        roomJoin: true,
        room: 'tracks',
        canPublish: false,
      });
      listener.client.send({
        case: 'addTrack',
        value: new AddTrackRequest({
          cid: 'mic-2',
          name: 'mic',
          type: TrackType.AUDIO,
          source: TrackSource.MICROPHONE,
        }),
      });
      assert.equal(
        (await listener.client.next('requestResponse')).reason,
        RequestResponse_Reason.NOT_ALLOWED,
      );
      assert.equal(listener.joined.participant?.permission?.canPublish, false);
      listener.client.close();
    });

    test('a second join with the same identity replaces the first', async () => {
      const first = await join(h, 'dup', { roomJoin: true, room: 'dups' });
      const second = await join(h, 'dup', { roomJoin: true, room: 'dups' });
      const leave = await first.client.next('leave');
      assert.equal(leave.reason, DisconnectReason.DUPLICATE_IDENTITY);
      assert.equal(leave.action, LeaveRequest_Action.DISCONNECT);
      await first.client.waitClosed();
      const participants = await h.sfu.control.listParticipants('dups');
      assert.equal(participants.length, 1);
      assert.equal(participants[0]!.sid, second.joined.participant?.sid);
      second.client.close();
    });

    test('a resume (reconnect=1) is refused with a leave that asks for a full rejoin', async () => {
      const client = await SignalClient.connect(
        `ws://${h.base}/rtc?access_token=${await token('resumer', { roomJoin: true, room: 'r' })}&reconnect=1&sid=PA_old`,
      );
      const leave = await client.next('leave');
      assert.equal(leave.action, LeaveRequest_Action.RECONNECT);
      await client.waitClosed();
    });

    test('room control: mute, permission change, removal and deletion reach the clients', async () => {
      const grant = { roomJoin: true, room: 'ctl' };
      const a = await join(h, 'amy', grant);
      const b = await join(h, 'bob', grant);
      a.client.send({
        case: 'addTrack',
        value: new AddTrackRequest({
          cid: 'mic',
          name: 'mic',
          type: TrackType.AUDIO,
          source: TrackSource.MICROPHONE,
        }),
      });
      const track = (await a.client.next('trackPublished')).track!;
      const muted = await h.sfu.control.mutePublishedTrack('ctl', 'amy', track.sid, true);
      assert.equal(muted.muted, true);
      const mute = await a.client.next('mute');
      assert.deepEqual([mute.sid, mute.muted], [track.sid, true]);
      a.client.send({ case: 'mute', value: new MuteTrackRequest({ sid: track.sid, muted: true }) });

      await h.sfu.control.updateParticipant('ctl', 'bob', {
        permission: new ParticipantPermission({
          canPublish: false,
          canSubscribe: true,
          canPublishData: false,
        }),
      });
      const self = await b.client.next('update', (u) =>
        u.participants.some((p) => p.identity === 'bob' && p.permission?.canPublish === false),
      );
      assert.ok(self);
      // The refresh token carries the new grant.
      await b.client.next('refreshToken');
      const refreshed = await verifyAccessToken(
        await b.client.next('refreshToken'),
        KEYS,
        Date.now(),
      );
      assert.equal(refreshed.video.canPublish, false);

      await h.sfu.control.removeParticipant('ctl', 'bob');
      const removed = await b.client.next('leave');
      assert.equal(removed.reason, DisconnectReason.PARTICIPANT_REMOVED);
      assert.equal(removed.action, LeaveRequest_Action.DISCONNECT);
      await b.client.waitClosed();
      await assert.rejects(async () => h.sfu.control.getParticipant('ctl', 'bob'), {
        name: 'RoomControlError',
      });

      await h.sfu.control.deleteRoom('ctl');
      assert.deepEqual(await h.sfu.control.listRooms(['ctl']), [], 'gone at once');
      assert.equal((await a.client.next('leave')).reason, DisconnectReason.ROOM_DELETED);
      await a.client.waitClosed();
      await waitUntil(
        () => h.events.some((e) => e.event === 'room_finished' && e.room.name === 'ctl'),
        'room_finished',
        3000,
      );
      assert.ok(h.events.some((e) => e.event === 'room_started' && e.room.name === 'ctl'));
      await assert.rejects(async () => h.sfu.control.listParticipants('ctl'), {
        name: 'RoomControlError',
      });
    });
  });

  describe(`embedded SFU limits and room lifecycle (${where})`, () => {
    test('joins beyond the participant and room limits are refused clearly', async () => {
      const h = await startSfu({ maxParticipants: 2, maxRooms: 1 }, undefined, undefined, workers);
      try {
        const grant = { roomJoin: true, room: 'small' };
        const a = await join(h, 'one', grant);
        const b = await join(h, 'two', grant);
        const full = await token('three', grant);
        const validate = await fetch(`http://${h.base}/rtc/validate?access_token=${full}`);
        assert.equal(validate.status, 503);
        assert.match(await validate.text(), /full/);
        const third = await SignalClient.connect(`ws://${h.base}/rtc?access_token=${full}`);
        const leave = await third.next('leave');
        assert.equal(leave.reason, DisconnectReason.JOIN_FAILURE);
        assert.equal(
          third.messages.some((m) => m.case === 'join'),
          false,
        );
        await third.waitClosed();

        const otherRoom = await token('four', { roomJoin: true, room: 'another' });
        const refused = await fetch(`http://${h.base}/rtc/validate?access_token=${otherRoom}`);
        assert.equal(refused.status, 503);
        assert.match(await refused.text(), /rooms/);
        await assert.rejects(async () => h.sfu.control.createRoom({ name: 'another' }), {
          name: 'RoomControlError',
        });
        a.client.close();
        b.client.close();
      } finally {
        await h.close();
      }
    });

    test('a room finishes after its departure timeout; refresh tokens keep coming', async () => {
      const h = await startSfu(undefined, 150, undefined, workers);
      try {
        await h.sfu.control.createRoom({
          name: 'brief',
          departureTimeout: 1,
          metadata: '{"server":"s1"}',
        });
        assert.equal((await h.sfu.control.listRooms(['brief']))[0]?.metadata, '{"server":"s1"}');
        const { client } = await join(h, 'visitor', { roomJoin: true, room: 'brief' });
        await client.next('refreshToken');
        await client.next('refreshToken');
        await client.next('refreshToken');
        client.send({
          case: 'leave',
          value: new LeaveRequest({ reason: DisconnectReason.CLIENT_INITIATED }),
        });
        await client.waitClosed();
        await waitUntil(
          () => h.events.some((e) => e.event === 'room_finished' && e.room.name === 'brief'),
          'room_finished',
          4000,
        );
        assert.deepEqual(await h.sfu.control.listRooms(['brief']), []);
        assert.deepEqual(
          h.events.filter((e) => e.room.name === 'brief').map((e) => e.event),
          ['room_started', 'room_finished'],
          'no participant_joined: the participant never connected media',
        );
      } finally {
        await h.close();
      }
    });
  });

  describe(`embedded SFU behind NAT (${where})`, () => {
    test('the configured node IP is announced in place of the host addresses, within the port range', async () => {
      const external = Object.values(networkInterfaces())
        .flatMap((list) => list ?? [])
        .some((info) => info.family === 'IPv4' && !info.internal);
      const h = await startSfu(undefined, undefined, '203.0.113.7', workers);
      try {
        const { client } = await join(h, 'natted', { roomJoin: true, room: 'nat' });
        const offer = await client.next('offer');
        const candidates = offer.sdp
          .split('\r\n')
          .filter((line) => line.startsWith('a=candidate:'));
        for (const line of candidates) {
          const [, , , , address, port] = line.split(' ');
          assert.equal(address, '203.0.113.7');
          assert.ok(Number(port) >= 42000 && Number(port) <= 42999, `port ${port} in range`);
        }
        if (external) assert.ok(candidates.length > 0, 'host candidates are announced');
        client.close();
      } finally {
        await h.close();
      }
    });
  });
}
