import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { VoiceError, type Voice } from './voice';

/** A webhook request as the server posted it. */
export interface RawWebhook {
  body: string;
  authorization: string | null;
}

/** The parts of a webhook's JSON body that tests match on. */
export interface WebhookBody {
  event?: string;
  room?: { name?: string };
  participant?: { identity?: string };
  track?: { source?: string; type?: string };
}

/** A running voice server with a Voice driver pointed at it. */
export interface VoiceHarness {
  voice: Voice;
  /** The node's API key (the `iss` of its tokens). */
  apiKey: string;
  /** A driver for the same server with the right key but a wrong secret. */
  wrongSecret: Voice;
  /**
   * Brings a participant into `room` the way a client would (the room exists), publishing a
   * microphone track; resolves once it is connected and listed with the track.
   */
  join(room: string, identity: string): Promise<void>;
  /** Resolves with the first webhook (received so far or later) whose parsed body matches. */
  webhook(match: (body: WebhookBody) => boolean): Promise<RawWebhook>;
  close(): Promise<void>;
}

async function voiceError(promise: Promise<unknown>): Promise<VoiceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VoiceError, `expected a VoiceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Registers the `voice` port's contract tests for a harness factory. */
export function voiceCases(name: string, createHarness: () => Promise<VoiceHarness>): void {
  describe(`voice contract: ${name}`, () => {
    let h: VoiceHarness;
    before(async () => {
      h = await createHarness();
    });
    after(() => h.close());

    test('createToken signs a participant token with the grants', async () => {
      const jwt = await h.voice.createToken({
        identity: 'user-1',
        name: 'One#0001',
        metadata: '{"_id":"user-1"}',
        room: 'chan-1',
        grants: {
          roomJoin: true,
          canPublish: true,
          canPublishData: false,
          canSubscribe: true,
          canPublishSources: ['microphone', 'screen_share_audio'],
        },
        ttlSeconds: 10,
      });
      const claims = decodeJwt(jwt);
      assert.equal(claims.iss, h.apiKey);
      assert.equal(claims.sub, 'user-1');
      assert.equal(claims.name, 'One#0001');
      assert.equal(claims.metadata, '{"_id":"user-1"}');
      assert.equal((claims.exp ?? 0) - (claims.nbf ?? 0), 10);
      assert.deepEqual(claims.video, {
        room: 'chan-1',
        roomJoin: true,
        canPublish: true,
        canPublishData: false,
        canSubscribe: true,
        canPublishSources: ['microphone', 'screen_share_audio'],
      });
    });

    test('rooms are created once, listed and deleted', async () => {
      const name = unique('room');
      const room = await h.voice.createRoom({
        name,
        emptyTimeout: 300,
        metadata: '{"server":"S1"}',
      });
      assert.equal(room.name, name);
      assert.equal(room.emptyTimeout, 300);
      assert.equal(room.metadata, '{"server":"S1"}');
      assert.match(room.sid, /^RM_/);
      assert.ok(room.creationTime > 1_600_000_000);
      assert.equal((await h.voice.createRoom({ name })).sid, room.sid);

      const other = unique('room');
      await h.voice.createRoom({ name: other });
      const names = (await h.voice.listRooms()).map((r) => r.name);
      assert.ok(names.includes(name) && names.includes(other));
      assert.deepEqual(
        (await h.voice.listRooms([other])).map((r) => r.name),
        [other],
      );

      await h.voice.deleteRoom(other);
      assert.deepEqual(await h.voice.listRooms([other]), []);
      assert.equal((await voiceError(h.voice.deleteRoom(other))).code, 'not_found');
    });

    test('an unknown room has no participants; removing from it is not_found', async () => {
      assert.deepEqual(await h.voice.listParticipants(unique('none')), []);
      const error = await voiceError(h.voice.removeParticipant(unique('none'), 'nobody'));
      assert.equal(error.code, 'not_found');
    });

    test('participants are listed, updated, muted and removed', async () => {
      const room = unique('voice');
      await h.voice.createRoom({ name: room });
      await h.join(room, 'user-a');
      await h.join(room, 'user-b');

      const listed = await h.voice.listParticipants(room);
      assert.deepEqual(listed.map((p) => p.identity).sort(), ['user-a', 'user-b']);
      const a = await h.voice.getParticipant(room, 'user-a');
      assert.match(a.sid, /^PA_/);
      const mic = a.tracks.find((t) => t.source === 'microphone');
      assert.ok(mic, 'the joined participant publishes a microphone');
      assert.equal(mic.type, 'audio');

      const updated = await h.voice.updateParticipant(room, 'user-a', {
        permission: {
          canSubscribe: true,
          canPublish: true,
          canPublishData: false,
          canPublishSources: ['microphone'],
        },
      });
      assert.equal(updated.permission?.canSubscribe, true);
      assert.equal(updated.permission?.canPublishData, false);
      assert.deepEqual(updated.permission?.canPublishSources, ['microphone']);
      const renamed = await h.voice.updateParticipant(room, 'user-a', { metadata: '{"m":1}' });
      assert.equal(renamed.metadata, '{"m":1}');

      const muted = await h.voice.mutePublishedTrack(room, 'user-a', mic.sid, true);
      assert.equal(muted.sid, mic.sid);
      assert.equal(muted.muted, true);

      await h.voice.removeParticipant(room, 'user-b');
      assert.deepEqual(
        (await h.voice.listParticipants(room)).map((p) => p.identity),
        ['user-a'],
      );
      assert.equal((await voiceError(h.voice.removeParticipant(room, 'user-b'))).code, 'not_found');

      const about = (event: string) => (b: WebhookBody) =>
        b.event === event && b.room?.name === room && b.participant?.identity === 'user-b';
      const joined = await h.webhook(about('participant_joined'));
      const joinedEvent = await h.voice.verifyWebhook(joined.body, joined.authorization);
      assert.equal(joinedEvent.participant?.identity, 'user-b');
      const left = await h.webhook(about('participant_left'));
      assert.equal(
        (await h.voice.verifyWebhook(left.body, left.authorization)).event,
        'participant_left',
      );
      const published = await h.webhook(
        (b) =>
          b.event === 'track_published' &&
          b.room?.name === room &&
          b.track?.source === 'MICROPHONE',
      );
      const publishedEvent = await h.voice.verifyWebhook(published.body, published.authorization);
      assert.equal(publishedEvent.track?.type, 'audio');
      assert.equal(publishedEvent.track?.source, 'microphone');
    });

    test('webhooks verify with the node key, and only unmodified', async () => {
      const room = unique('hooked');
      await h.voice.createRoom({ name: room, metadata: '{"server":null}' });
      const raw = await h.webhook((b) => b.event === 'room_started' && b.room?.name === room);
      const event = await h.voice.verifyWebhook(raw.body, raw.authorization);
      assert.equal(event.event, 'room_started');
      assert.equal(event.room?.name, room);
      assert.equal(event.room?.metadata, '{"server":null}');
      assert.match(event.id, /^EV_/);
      assert.ok(event.createdAt > 1_600_000_000);

      const tampered = raw.body.replace(room, unique('other'));
      assert.equal(
        (await voiceError(h.voice.verifyWebhook(tampered, raw.authorization))).code,
        'unauthenticated',
      );
      assert.equal(
        (await voiceError(h.voice.verifyWebhook(raw.body, null))).code,
        'unauthenticated',
      );
      assert.equal(
        (await voiceError(h.wrongSecret.verifyWebhook(raw.body, raw.authorization))).code,
        'unauthenticated',
      );
    });

    test('a wrong secret is refused by the server', async () => {
      const error = await voiceError(h.wrongSecret.listRooms());
      assert.equal(error.code, 'unauthenticated');
    });
  });
}
