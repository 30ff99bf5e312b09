import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessToken,
  RoomServiceClient,
  ServerError,
  TrackSource,
  type VideoGrant,
} from 'livekit-server-sdk';
import {
  CreateRoomRequest,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  Room,
} from '../livekit-protocol';
import { silentLogger } from '@ermine/infra';
import { chunkedUpload } from '@ermine/testing/chunked-upload';
import { FakeRoomControl } from '../testing/fake-room-control';
import { serveOnLoopback, type LoopbackServer } from '../testing/loopback-server';
import { createTwirpHandler } from './room-service';

const keys = { apiKey: 'APItwirp', apiSecret: 'twirp-secret-twirp-secret-twirp-secret' };

async function token(grant: VideoGrant, apiSecret = keys.apiSecret): Promise<string> {
  const at = new AccessToken(keys.apiKey, apiSecret, { ttl: 60 });
  at.addGrant(grant);
  return at.toJwt();
}

async function serverError(promise: Promise<unknown>): Promise<ServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  assert.fail('expected the call to fail');
}

async function rawCall(
  url: string,
  method: string,
  init: { body?: BodyInit; contentType?: string; auth?: string | null; httpMethod?: string },
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const auth =
    init.auth === undefined
      ? `Bearer ${await token({ roomList: true, roomCreate: true })}`
      : init.auth;
  if (auth !== null) headers.authorization = auth;
  return fetch(`${url}/twirp/livekit.RoomService/${method}`, {
    method: init.httpMethod ?? 'POST',
    headers,
    body: init.body,
  });
}

describe('Twirp RoomService', () => {
  let control: FakeRoomControl;
  let server: LoopbackServer;
  let client: RoomServiceClient;

  before(async () => {
    control = new FakeRoomControl();
    server = await serveOnLoopback(createTwirpHandler({ control, keys, log: silentLogger }));
    client = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
  });
  after(() => server.close());

  test('creates, lists and deletes rooms through livekit-server-sdk', async () => {
    const room = await client.createRoom({
      name: 'chan-1',
      emptyTimeout: 300,
      metadata: '{"server":"S1"}',
    });
    assert.equal(room.name, 'chan-1');
    assert.equal(room.emptyTimeout, 300);
    assert.equal(room.metadata, '{"server":"S1"}');
    assert.match(room.sid, /^RM_/);
    assert.ok(room.creationTime > 0n);

    await client.createRoom({ name: 'chan-2' });
    const all = await client.listRooms();
    assert.deepEqual(all.map((r) => r.name).sort(), ['chan-1', 'chan-2']);
    const some = await client.listRooms(['chan-2']);
    assert.deepEqual(
      some.map((r) => r.name),
      ['chan-2'],
    );

    const again = await client.createRoom({ name: 'chan-1' });
    assert.equal(again.sid, room.sid, 'CreateRoom on an existing room returns it');

    await client.deleteRoom('chan-2');
    assert.deepEqual(
      (await client.listRooms()).map((r) => r.name),
      ['chan-1'],
    );
    const missing = await serverError(client.deleteRoom('chan-2'));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'not_found');
  });

  test('lists, gets, updates, mutes and removes participants', async () => {
    await client.createRoom({ name: 'voice-a' });
    control.join('voice-a', 'user-1', { name: 'One#0001' });
    control.join('voice-a', 'user-2');
    const mic = control.publish('voice-a', 'user-1', { type: 'audio', source: 'microphone' });

    const listed = await client.listParticipants('voice-a');
    assert.deepEqual(listed.map((p) => p.identity).sort(), ['user-1', 'user-2']);

    const one = await client.getParticipant('voice-a', 'user-1');
    assert.equal(one.name, 'One#0001');
    assert.equal(one.tracks[0]?.sid, mic.sid);
    assert.equal(one.tracks[0]?.source, TrackSource.MICROPHONE);

    const updated = await client.updateParticipant('voice-a', 'user-1', {
      metadata: '{"x":1}',
      permission: {
        canPublish: false,
        canSubscribe: true,
        canPublishData: false,
        canPublishSources: [TrackSource.MICROPHONE],
      },
    });
    assert.equal(updated.metadata, '{"x":1}');
    assert.equal(updated.permission?.canPublish, false);
    assert.deepEqual(updated.permission?.canPublishSources, [TrackSource.MICROPHONE]);
    assert.equal(control.getParticipant('voice-a', 'user-1').permission?.canPublish, false);

    const muted = await client.mutePublishedTrack('voice-a', 'user-1', mic.sid, true);
    assert.equal(muted.sid, mic.sid);
    assert.equal(muted.muted, true);

    await client.removeParticipant('voice-a', 'user-2');
    assert.deepEqual(
      (await client.listParticipants('voice-a')).map((p) => p.identity),
      ['user-1'],
    );
    const gone = await serverError(client.removeParticipant('voice-a', 'user-2'));
    assert.equal(gone.status, 404);
    assert.equal(gone.code, 'not_found');
    const noTrack = await serverError(
      client.mutePublishedTrack('voice-a', 'user-1', 'TR_nope', true),
    );
    assert.equal(noTrack.status, 404);
  });

  test('updates room metadata', async () => {
    await client.createRoom({ name: 'meta-room' });
    const room = await client.updateRoomMetadata('meta-room', 'hello');
    assert.equal(room.metadata, 'hello');
  });

  test('an unknown room is not_found (404)', async () => {
    const error = await serverError(client.listParticipants('no-such-room'));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'not_found');
    const get = await serverError(client.getParticipant('no-such-room', 'x'));
    assert.equal(get.status, 404);
  });

  test('an oversized chunked body is refused while it streams, long before it is all sent', async () => {
    const outcome = await chunkedUpload(`${server.url}/twirp/livekit.RoomService/ListRooms`, {
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token({ roomList: true })}`,
      },
      totalBytes: 64 * 1024 * 1024,
    });
    assert.ok(
      outcome.sentBeforeAnswer < 16 * 1024 * 1024,
      `answered after ${outcome.sentBeforeAnswer} bytes`,
    );
    assert.equal(outcome.status, 400);
    const body = JSON.parse(outcome.body) as { code: string; msg: string };
    assert.equal(body.code, 'malformed');
    assert.match(body.msg, /larger than 1048576 bytes/);
  });

  test('a token signed with the wrong secret is unauthenticated (401)', async () => {
    const wrong = new RoomServiceClient(
      server.url,
      keys.apiKey,
      'not-the-secret-not-the-secret-000',
    );
    const error = await serverError(wrong.listRooms());
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthenticated');
    const otherKey = new RoomServiceClient(server.url, 'APIother', keys.apiSecret);
    assert.equal((await serverError(otherKey.listRooms())).status, 401);
  });

  test('a token without the method grant is permission_denied (403)', async () => {
    const listOnly = new RoomServiceClient(server.url, undefined, undefined, {
      token: await token({ roomList: true }),
    });
    await listOnly.listRooms();
    const create = await serverError(listOnly.createRoom({ name: 'x' }));
    assert.equal(create.status, 403);
    assert.equal(create.code, 'permission_denied');

    const createOnly = new RoomServiceClient(server.url, undefined, undefined, {
      token: await token({ roomCreate: true }),
    });
    assert.equal((await serverError(createOnly.listRooms())).status, 403);
    await createOnly.createRoom({ name: 'admin-room' });

    const adminElsewhere = new RoomServiceClient(server.url, undefined, undefined, {
      token: await token({ roomAdmin: true, room: 'another-room' }),
    });
    const denied = await serverError(adminElsewhere.listParticipants('admin-room'));
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'permission_denied');
    assert.equal(
      (await serverError(adminElsewhere.removeParticipant('admin-room', 'u'))).status,
      403,
    );
  });

  test('answers application/protobuf requests in protobuf', async () => {
    const created = await rawCall(server.url, 'CreateRoom', {
      contentType: 'application/protobuf',
      body: new CreateRoomRequest({ name: 'proto-room', emptyTimeout: 120 }).toBinary().slice(),
    });
    assert.equal(created.status, 200);
    assert.equal(created.headers.get('content-type'), 'application/protobuf');
    const room = Room.fromBinary(new Uint8Array(await created.arrayBuffer()));
    assert.equal(room.name, 'proto-room');
    assert.equal(room.emptyTimeout, 120);

    const listed = await rawCall(server.url, 'ListRooms', {
      contentType: 'application/protobuf',
      body: new ListRoomsRequest({ names: ['proto-room'] }).toBinary().slice(),
    });
    const rooms = ListRoomsResponse.fromBinary(new Uint8Array(await listed.arrayBuffer())).rooms;
    assert.deepEqual(
      rooms.map((r) => r.name),
      ['proto-room'],
    );

    control.join('proto-room', 'p1');
    const participants = await rawCall(server.url, 'ListParticipants', {
      contentType: 'application/protobuf',
      auth: `Bearer ${await token({ roomAdmin: true, room: 'proto-room' })}`,
      body: new ListParticipantsRequest({ room: 'proto-room' }).toBinary().slice(),
    });
    const decoded = ListParticipantsResponse.fromBinary(
      new Uint8Array(await participants.arrayBuffer()),
    );
    assert.deepEqual(
      decoded.participants.map((p) => p.identity),
      ['p1'],
    );

    const missing = await rawCall(server.url, 'ListParticipants', {
      contentType: 'application/protobuf',
      auth: `Bearer ${await token({ roomAdmin: true, room: 'nope' })}`,
      body: new ListParticipantsRequest({ room: 'nope' }).toBinary().slice(),
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/json');
    assert.deepEqual(await missing.json(), { code: 'not_found', msg: 'room nope not found' });

    const garbage = await rawCall(server.url, 'ListRooms', {
      contentType: 'application/protobuf',
      body: new Uint8Array([0xff, 0xff, 0xff]).slice(),
    });
    assert.equal(garbage.status, 400);
    assert.equal(((await garbage.json()) as { code: string }).code, 'malformed');
  });

  test('accepts snake_case JSON and answers Twirp errors for bad requests', async () => {
    const snake = await rawCall(server.url, 'CreateRoom', {
      contentType: 'application/json',
      body: JSON.stringify({ name: 'snake-room', empty_timeout: 42, unknown_field: true }),
    });
    assert.equal(snake.status, 200);
    assert.equal(snake.headers.get('content-type'), 'application/json');
    assert.equal(((await snake.json()) as { emptyTimeout: number }).emptyTimeout, 42);

    const cases: [string, Parameters<typeof rawCall>[2], number, string][] = [
      ['ListRooms', { contentType: 'application/json', body: '{not json' }, 400, 'malformed'],
      ['CreateRoom', { contentType: 'application/json', body: '{}' }, 400, 'invalid_argument'],
      [
        'ListRooms',
        { contentType: 'application/json', body: '{}', auth: null },
        401,
        'unauthenticated',
      ],
      [
        'ListRooms',
        { contentType: 'application/json', body: '{}', auth: 'Basic abc' },
        401,
        'unauthenticated',
      ],
      [
        'ListRooms',
        { contentType: 'application/json', body: '{}', auth: 'Bearer x.y.z' },
        401,
        'unauthenticated',
      ],
      ['ListRooms', { contentType: 'text/plain', body: '{}' }, 404, 'bad_route'],
      ['ListRooms', { contentType: 'application/json', httpMethod: 'GET' }, 404, 'bad_route'],
      ['NoSuchMethod', { contentType: 'application/json', body: '{}' }, 404, 'bad_route'],
      ['SendData', { contentType: 'application/json', body: '{}' }, 501, 'unimplemented'],
    ];
    for (const [method, init, status, code] of cases) {
      const response = await rawCall(server.url, method, init);
      assert.equal(response.status, status, `${method} ${JSON.stringify(init)}`);
      assert.equal(response.headers.get('content-type'), 'application/json');
      const body = (await response.json()) as { code: string; msg: string };
      assert.equal(body.code, code, `${method} ${JSON.stringify(init)}`);
      assert.equal(typeof body.msg, 'string');
    }

    const otherService = await fetch(`${server.url}/twirp/livekit.Egress/ListEgress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(otherService.status, 404);
  });

  test('an unexpected control failure is an internal error without detail', async () => {
    const broken = new FakeRoomControl();
    broken.listRooms = () => {
      throw new Error('secret detail');
    };
    const brokenServer = await serveOnLoopback(
      createTwirpHandler({ control: broken, keys, log: silentLogger }),
    );
    try {
      const brokenClient = new RoomServiceClient(brokenServer.url, keys.apiKey, keys.apiSecret);
      const error = await serverError(brokenClient.listRooms());
      assert.equal(error.status, 500);
      assert.equal(error.code, 'internal');
      assert.doesNotMatch(error.message, /secret/);
    } finally {
      await brokenServer.close();
    }
  });
});
