// The embedded SFU with werift clients in Node (synthetic RTP): forwarding, active speakers from
// the audio-level extension, data relay and the events webhooks are built from. Runs inside a
// loopback-only network namespace, like every WebRTC test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TrackSource, UpdateSubscription, UpdateTrackSettings } from '@livekit/protocol';
import type { SfuEvent } from '@ermine/service-sfu';
import { runsInsideLoopback } from './netns';
import { NodeClient, vp8Payload } from './node-client';
import { startStandaloneSfu, type StandaloneSfu } from './sfu-server';
import { sleep, waitUntil } from '@ermine/infra/wait';

const THIS_FILE = fileURLToPath(import.meta.url);

if (
  runsInsideLoopback({
    title: 'embedded SFU with werift clients',
    file: THIS_FILE,
    timeoutMs: 180_000,
  })
) {
  describe('embedded SFU with werift clients', { timeout: 120_000 }, () => {
    let sfu: StandaloneSfu;
    const events: SfuEvent[] = [];
    const clients: NodeClient[] = [];

    before(async () => {
      sfu = await startStandaloneSfu({ portRange: [43000, 43999] });
      sfu.sfu.control.onEvent((event) => events.push(event));
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sfu.close();
    });

    const joinAs = async (identity: string) => {
      const client = await NodeClient.join(
        sfu.livekitUrl,
        await sfu.token(identity, { roomJoin: true, room: 'node-room' }),
      );
      clients.push(client);
      return client;
    };

    test('participant_joined is emitted once the subscriber connection is up', async () => {
      await joinAs('ada');
      await waitUntil(
        () =>
          events.some((e) => e.event === 'participant_joined' && e.participant.identity === 'ada'),
        'participant_joined',
        8000,
      );
      assert.ok(events.some((e) => e.event === 'room_started' && e.room.name === 'node-room'));
    });

    test('audio is forwarded and speaking is reported from the audio-level extension', async () => {
      const ada = clients[0]!;
      const bo = await joinAs('bo');
      const mic = await ada.publish('audio', TrackSource.MICROPHONE);
      await waitUntil(
        () => events.some((e) => e.event === 'track_published' && e.track.sid === mic.info.sid),
        'track_published',
        8000,
      );
      let seq = 1000;
      let ts = 5000;
      const send = (level: number, count: number) => {
        for (let i = 0; i < count; i++)
          mic.send({
            sequenceNumber: seq++ & 0xffff,
            timestamp: (ts += 960),
            payload: Buffer.alloc(60, 1),
            audioLevel: level,
          });
      };
      const loud = setInterval(() => send(12, 5), 100);
      try {
        await waitUntil(
          () => (bo.received.get(mic.info.sid)?.packets ?? 0) > 20,
          'audio packets',
          10_000,
        );
        await waitUntil(() => speaking(bo, ada.sid) === true, 'ada speaking');
      } finally {
        clearInterval(loud);
      }
      const quiet = setInterval(() => send(127, 5), 100);
      try {
        await waitUntil(() => speaking(bo, ada.sid) === false, 'ada silent');
      } finally {
        clearInterval(quiet);
      }
    });

    test('video is forwarded from its first key frame', async () => {
      const [ada, bo] = [clients[0]!, clients[1]!];
      const cam = await ada.publish('video', TrackSource.CAMERA);
      let seq = 20000;
      let picture = 100;
      const timer = setInterval(() => {
        const keyframe = picture % 30 === 0 || picture < 102;
        for (let i = 0; i < 3; i++) {
          cam.send({
            sequenceNumber: seq++ & 0xffff,
            timestamp: picture * 3000,
            payload: vp8Payload(picture, keyframe, i === 0, 900),
            marker: i === 2,
          });
        }
        picture++;
      }, 33);
      try {
        await waitUntil(
          () => (bo.received.get(cam.info.sid)?.bytes ?? 0) > 20_000,
          'video bytes',
          10_000,
        );
      } finally {
        clearInterval(timer);
      }
      const participants = await sfu.sfu.control.listParticipants('node-room');
      const adaInfo = participants.find((p) => p.identity === 'ada');
      assert.deepEqual(
        adaInfo?.tracks.map((t) => t.source).sort(),
        [TrackSource.CAMERA, TrackSource.MICROPHONE].sort(),
      );
    });

    test('updateSubscription and trackSetting decide what a subscriber receives', async () => {
      const ada = clients[0]!;
      const cy = await NodeClient.join(
        sfu.livekitUrl,
        await sfu.token('cy', { roomJoin: true, room: 'node-room' }),
        false,
      );
      clients.push(cy);
      let seq = 30000;
      let ts = 1;
      const sender = (await ada.publish('audio', TrackSource.SCREEN_SHARE_AUDIO)).send;
      const timer = setInterval(() => {
        for (let i = 0; i < 5; i++)
          sender({
            sequenceNumber: seq++ & 0xffff,
            timestamp: (ts += 960) >>> 0,
            payload: Buffer.alloc(40, 3),
          });
      }, 100);
      try {
        let screenAudioSid = '';
        const deadline = Date.now() + 8000;
        while (screenAudioSid === '' && Date.now() < deadline) {
          const ada = await sfu.sfu.control.getParticipant('node-room', 'ada');
          screenAudioSid =
            ada.tracks.find((t) => t.source === TrackSource.SCREEN_SHARE_AUDIO)?.sid ?? '';
          if (screenAudioSid === '') await sleep(50);
        }
        assert.notEqual(screenAudioSid, '', 'screen share audio published');
        const screenAudio = () => screenAudioSid;
        await sleep(800);
        assert.equal(
          cy.received.get(screenAudio())?.packets ?? 0,
          0,
          'nothing without auto-subscribe',
        );
        cy.signal({
          case: 'subscription',
          value: new UpdateSubscription({ trackSids: [screenAudio()], subscribe: true }),
        });
        await waitUntil(
          () => (cy.received.get(screenAudio())?.packets ?? 0) > 10,
          'screen audio',
          8000,
        );
        cy.signal({
          case: 'trackSetting',
          value: new UpdateTrackSettings({ trackSids: [screenAudio()], disabled: true }),
        });
        await sleep(300);
        const paused = cy.received.get(screenAudio())?.packets ?? 0;
        await sleep(800);
        assert.ok(
          (cy.received.get(screenAudio())?.packets ?? 0) - paused <= 1,
          'a disabled track is not forwarded',
        );
        cy.signal({
          case: 'trackSetting',
          value: new UpdateTrackSettings({ trackSids: [screenAudio()], disabled: false }),
        });
        await waitUntil(
          () => (cy.received.get(screenAudio())?.packets ?? 0) > paused + 10,
          'screen audio again',
          8000,
        );
        cy.signal({
          case: 'subscription',
          value: new UpdateSubscription({ trackSids: [screenAudio()], subscribe: false }),
        });
        await waitUntil(
          () => cy.events.some((m) => m.case === 'offer' && !m.value.sdp.includes('a=sendonly')),
          'an offer without sendonly',
          8000,
        );
      } finally {
        clearInterval(timer);
      }
    });

    test('data packets are relayed with the sender identity', async () => {
      const [ada, bo] = [clients[0]!, clients[1]!];
      ada.sendData(Buffer.from('hello'));
      await waitUntil(() => bo.data.length > 0, 'a data packet');
      const packet = bo.data[0]!;
      assert.equal(packet.participantIdentity, 'ada');
      assert.equal(packet.value.case, 'user');
      assert.equal(Buffer.from(packet.value.value!.payload).toString(), 'hello');
    });

    test('leaving emits track_unpublished and participant_left', async () => {
      const ada = clients.shift()!;
      await ada.close();
      await waitUntil(
        () =>
          events.some((e) => e.event === 'participant_left' && e.participant.identity === 'ada'),
        'participant_left',
        8000,
      );
      assert.equal(
        events.filter((e) => e.event === 'track_unpublished' && e.participant.identity === 'ada')
          .length,
        3,
      );
    });
  });
}

function speaking(client: NodeClient, sid: string): boolean | undefined {
  let state: boolean | undefined;
  for (const message of client.events) {
    if (message.case !== 'speakersChanged') continue;
    for (const speaker of message.value.speakers) if (speaker.sid === sid) state = speaker.active;
  }
  return state;
}
