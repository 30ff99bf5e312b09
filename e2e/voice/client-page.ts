import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './netns';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles the npm `livekit-client` for the browser (IIFE exposing `window.LK`) with the esbuild
 * that tsx brings, into `outDir`; returns the bundle's text.
 */
export async function bundleLivekitClient(outDir: string): Promise<string> {
  const outfile = join(outDir, 'livekit-client.js');
  const esbuild = join(ROOT, 'node_modules', '.bin', 'esbuild');
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      esbuild,
      [
        '--bundle',
        '--format=iife',
        '--platform=browser',
        '--target=es2020',
        `--outfile=${outfile}`,
        '--log-level=warning',
      ],
      { cwd: ROOT },
      (error) => (error ? reject(error) : resolve()),
    );
    child.stdin?.end("import * as LK from 'livekit-client'; window.LK = LK;");
  });
  return readFile(outfile, 'utf8');
}

/**
 * The test page: `window.harness` joins a room with livekit-client and records what happens,
 * so that the test can drive it with `page.evaluate`.
 */
export const CLIENT_PAGE = `<!doctype html>
<meta charset="utf-8"><title>sfu e2e</title>
<script src="/livekit-client.js"></script>
<script>
const h = (window.harness = { events: [], room: null, canvasTimer: null });
const log = (e) => h.events.push(e);
h.join = async (url, token) => {
  const room = new LK.Room({ adaptiveStream: false, dynacast: false });
  h.room = room;
  room
    .on(LK.RoomEvent.ParticipantConnected, (p) => log('connected:' + p.identity))
    .on(LK.RoomEvent.ParticipantDisconnected, (p) => log('disconnected:' + p.identity))
    .on(LK.RoomEvent.TrackSubscribed, (t, pub, p) => log('subscribed:' + p.identity + ':' + pub.source))
    .on(LK.RoomEvent.TrackUnsubscribed, (t, pub, p) => log('unsubscribed:' + p.identity + ':' + pub.source))
    .on(LK.RoomEvent.TrackMuted, (pub, p) => log('muted:' + p.identity + ':' + pub.source))
    .on(LK.RoomEvent.TrackUnmuted, (pub, p) => log('unmuted:' + p.identity + ':' + pub.source))
    .on(LK.RoomEvent.ActiveSpeakersChanged, (s) => log('speakers:' + s.map((p) => p.identity).join(',')))
    .on(LK.RoomEvent.Disconnected, (reason) => log('room-disconnected:' + reason))
    .on(LK.RoomEvent.Reconnecting, () => log('reconnecting'))
    .on(LK.RoomEvent.Reconnected, () => log('reconnected'));
  await room.connect(url, token);
  log('joined:' + room.localParticipant.identity);
  return room.localParticipant.sid;
};
// The tracks are handed to livekit-client as user-provided: on a full rejoin it then republishes
// them as they are instead of restarting them (a new getUserMedia). With Chromium's fake capture
// device that restart leaves the camera's encoder without frames in about a third of runs (no
// packet leaves the browser), which is a property of the fake device, not of the server.
h.publishMicAndCamera = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
  const lp = h.room.localParticipant;
  await lp.publishTrack(new LK.LocalAudioTrack(stream.getAudioTracks()[0], undefined, true), { source: LK.Track.Source.Microphone });
  await lp.publishTrack(new LK.LocalVideoTrack(stream.getVideoTracks()[0], undefined, true), { source: LK.Track.Source.Camera, simulcast: true });
};
h.publishCamera = async (videoCodec) => {
  await h.room.localParticipant.setCameraEnabled(true, undefined, { videoCodec, simulcast: true });
};
h.setMicMuted = async (muted) => h.room.localParticipant.setMicrophoneEnabled(!muted);
h.setCameraMuted = async (muted) => h.room.localParticipant.setCameraEnabled(!muted);
h.publishScreen = async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 1280; canvas.height = 720;
  const ctx = canvas.getContext('2d');
  let frame = 0;
  h.canvasTimer = setInterval(() => {
    frame++;
    ctx.fillStyle = 'hsl(' + (frame * 7 % 360) + ',70%,50%)';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#fff'; ctx.font = '64px sans-serif'; ctx.fillText('screen ' + frame, 40, 120);
  }, 66);
  const video = canvas.captureStream(15).getVideoTracks()[0];
  const audioCtx = new AudioContext();
  const osc = audioCtx.createOscillator();
  const dest = audioCtx.createMediaStreamDestination();
  osc.connect(dest); osc.start();
  const audio = dest.stream.getAudioTracks()[0];
  await h.room.localParticipant.publishTrack(video, { source: LK.Track.Source.ScreenShare, name: 'screen' });
  await h.room.localParticipant.publishTrack(audio, { source: LK.Track.Source.ScreenShareAudio, name: 'screen-audio' });
};
h.unpublishScreen = async () => {
  const lp = h.room.localParticipant;
  for (const pub of [...lp.trackPublications.values()]) {
    if (pub.source === LK.Track.Source.ScreenShare || pub.source === LK.Track.Source.ScreenShareAudio) {
      await lp.unpublishTrack(pub.track);
    }
  }
  clearInterval(h.canvasTimer);
};
// Per remote track: inbound-rtp counters of its receiver.
h.inbound = async () => {
  const out = [];
  for (const p of h.room.remoteParticipants.values()) {
    for (const pub of p.trackPublications.values()) {
      const track = pub.track;
      if (!track || !track.receiver) continue;
      const report = await track.receiver.getStats();
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        const codec = s.codecId ? report.get(s.codecId) : undefined;
        out.push({
          identity: p.identity, source: pub.source, kind: s.kind, bytes: s.bytesReceived || 0,
          packets: s.packetsReceived || 0, frames: s.framesDecoded || 0, width: s.frameWidth || 0,
          height: s.frameHeight || 0, codec: codec ? codec.mimeType : '', muted: pub.isMuted,
        });
      });
    }
  }
  return out;
};
// The publisher side: per encoding, and the transport's outgoing bandwidth estimate.
h.outbound = async () => {
  const pc = h.room.engine.pcManager.publisher.getPC ? h.room.engine.pcManager.publisher.getPC() : h.room.engine.pcManager.publisher._pc;
  const report = await pc.getStats();
  const out = [];
  report.forEach((s) => {
    if (s.type === 'outbound-rtp') out.push({ kind: s.kind, rid: s.rid, bytes: s.bytesSent, w: s.frameWidth, h: s.frameHeight, fps: s.framesPerSecond, limit: s.qualityLimitationReason, active: s.active });
    if (s.type === 'candidate-pair' && s.nominated) out.push({ pair: true, bwe: s.availableOutgoingBitrate, rtt: s.currentRoundTripTime });
    if (s.type === 'remote-inbound-rtp') out.push({ remote: s.kind, lost: s.packetsLost, fl: s.fractionLost, rtt: s.roundTripTime });
  });
  return out;
};
h.remotes = () => [...h.room.remoteParticipants.values()].map((p) => ({
  identity: p.identity,
  tracks: [...p.trackPublications.values()].map((pub) => ({ source: pub.source, muted: pub.isMuted, subscribed: pub.isSubscribed })),
}));
h.leave = async () => h.room.disconnect();
</script>`;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/** Launches Debian's Chromium headless with fake camera and microphone, media on loopback. */
export function launchMediaBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
