// Voice through `ermine start` itself, configured the way a newcomer's instance is: no LiveKit
// keys in the config (they are generated into the data folder), the node listed in `GET /api/`,
// rooms in media worker threads. werift clients join with tokens signed with the generated keys,
// one publishes audio, the others receive it, and the server API sees them. Runs inside a
// loopback-only network namespace, like every WebRTC test.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TrackSource } from '@livekit/protocol';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { startErmineProcess, type ErmineProcess } from '@ermine/testing/ermine-process';
import { runsInsideLoopback } from './netns';
import { NodeClient } from './node-client';
import { waitUntil } from '@ermine/infra/wait';

const THIS_FILE = fileURLToPath(import.meta.url);
const ROOM = 'ermine-voice-room';

if (
  runsInsideLoopback({ title: 'voice through ermine start', file: THIS_FILE, timeoutMs: 180_000 })
) {
  describe('voice through ermine start', { timeout: 120_000 }, () => {
    let ermine: ErmineProcess;
    let dir: string;
    let keys: { sfuKey: string; sfuSecret: string };
    let livekitUrl: string;
    const clients: NodeClient[] = [];

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ermine-voice-'));
      const config = join(dir, 'Revolt.toml');
      await writeFile(
        config,
        [
          '[sfu]',
          'node_ip = "127.0.0.1"',
          'port_range_start = 47000',
          'port_range_end = 47199',
          'workers = 2',
          '',
        ].join('\n'),
      );
      ermine = await startErmineProcess({
        args: ['--port', '0', '--data', join(dir, 'data'), '--config', config],
      });
      keys = JSON.parse(await readFile(join(dir, 'data', 'secrets.json'), 'utf8')) as typeof keys;
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      const code = await ermine?.stop();
      await rm(dir, { recursive: true, force: true });
      assert.equal(code, 0, 'ermine stops cleanly with rooms open');
    });

    const token = async (identity: string) => {
      const at = new AccessToken(keys.sfuKey, keys.sfuSecret, { identity, ttl: 600 });
      at.addGrant({ roomJoin: true, room: ROOM });
      return at.toJwt();
    };

    test('the embedded node is listed in GET /api/ with a URL that reaches it', async () => {
      const root = (await (await fetch(`${ermine.url}/api/`)).json()) as {
        features: { livekit: { enabled: boolean; nodes: { name: string; public_url: string }[] } };
      };
      assert.equal(root.features.livekit.enabled, true);
      const node = root.features.livekit.nodes.find((n) => n.name === 'worldwide');
      assert.ok(node, 'the worldwide node is listed');
      livekitUrl = node.public_url.replace('localhost', '127.0.0.1');
      assert.match(livekitUrl, /^ws:\/\/127\.0\.0\.1:\d+\/livekit$/);
      const validate = await fetch(
        `${livekitUrl.replace(/^ws/, 'http')}/rtc/validate?access_token=${await token('probe')}`,
      );
      assert.equal(validate.status, 200);
    });

    test('three participants join; one speaks, the others hear it', async () => {
      const [ada, bo, cy] = await Promise.all(
        ['ada', 'bo', 'cy'].map(async (identity) => {
          const client = await NodeClient.join(livekitUrl, await token(identity));
          clients.push(client);
          return client;
        }),
      );
      const mic = await ada!.publish('audio', TrackSource.MICROPHONE);
      let seq = 1;
      let ts = 0;
      const talking = setInterval(() => {
        mic.send({
          sequenceNumber: seq++ & 0xffff,
          timestamp: (ts += 960) >>> 0,
          payload: Buffer.alloc(60, 7),
        });
      }, 20);
      try {
        const heard = (client: NodeClient) => client.received.get(mic.info.sid)?.packets ?? 0;
        await waitUntil(() => heard(bo!) > 25 && heard(cy!) > 25, 'audio heard by both', 15_000);
      } finally {
        clearInterval(talking);
      }
    });

    test('the server API of the same process lists the room and its participants', async () => {
      const api = new RoomServiceClient(
        livekitUrl.replace(/^ws/, 'http'),
        keys.sfuKey,
        keys.sfuSecret,
      );
      const rooms = await api.listRooms();
      assert.deepEqual(
        rooms.map((room) => room.name),
        [ROOM],
      );
      const participants = await api.listParticipants(ROOM);
      assert.deepEqual(participants.map((p) => p.identity).sort(), ['ada', 'bo', 'cy']);
      const ada = participants.find((p) => p.identity === 'ada');
      assert.equal(ada?.tracks[0]?.source, TrackSource.MICROPHONE);
      await api.removeParticipant(ROOM, 'cy');
      await waitUntil(
        () => clients[2]?.events.some((m) => m.case === 'leave') ?? false,
        'the leave message',
      );
    });
  });
}
