import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isH264KeyframeStart, isKeyframeStart, readVp8 } from './codec';
import { AudioLevelMeter } from './audio-level';

test('VP8: key frames are the first packet of partition 0 with the P bit clear', () => {
  const key = Buffer.from([0x90, 0x80, 0x81, 0x23, 0x00, 0x9d]);
  assert.deepEqual(
    { ...readVp8(key), keyframe: readVp8(key)?.keyframe },
    {
      keyframe: true,
      pictureIdOffset: 2,
      pictureIdBytes: 2,
      pictureId: 0x123,
      tl0Offset: -1,
      tl0PicIdx: 0,
    },
  );
  assert.equal(
    isKeyframeStart('video/VP8', Buffer.from([0x90, 0x80, 0x81, 0x23, 0x01])),
    false,
    'inter frame',
  );
  assert.equal(
    isKeyframeStart('video/vp8', Buffer.from([0x80, 0x80, 0x81, 0x23, 0x00])),
    false,
    'not a start',
  );
  assert.equal(isKeyframeStart('video/VP8', Buffer.from([0x10, 0x00])), true, 'no extension');
  assert.equal(readVp8(Buffer.from([0x80])), undefined, 'truncated');
});

test('H.264: SPS, IDR, STAP-A with SPS and the first FU-A of an IDR start key frames', () => {
  assert.equal(isH264KeyframeStart(Buffer.from([0x67, 0x42])), true, 'SPS');
  assert.equal(isH264KeyframeStart(Buffer.from([0x65, 0x88])), true, 'IDR');
  assert.equal(isH264KeyframeStart(Buffer.from([0x41, 0x9a])), false, 'non-IDR slice');
  const stap = Buffer.from([0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce]);
  assert.equal(isH264KeyframeStart(stap), true, 'STAP-A with SPS');
  assert.equal(isH264KeyframeStart(Buffer.from([0x7c, 0x85, 0x00])), true, 'FU-A start of IDR');
  assert.equal(isH264KeyframeStart(Buffer.from([0x7c, 0x05, 0x00])), false, 'FU-A middle');
  assert.equal(isKeyframeStart('audio/opus', Buffer.from([0x67])), false);
});

test('audio level meter: active when 40 % of packets are at least 35 dBov loud', () => {
  const meter = new AudioLevelMeter();
  for (let i = 0; i < 10; i++) meter.add(i < 5 ? 20 : 127, 0);
  const loud = meter.take();
  assert.equal(loud.active, true);
  assert.ok(loud.level > 0 && loud.level <= 1);
  for (let i = 0; i < 10; i++) meter.add(i < 3 ? 20 : 127, 0);
  assert.equal(meter.take().active, false, '30 % is not enough');
  assert.equal(meter.take().active, false, 'an empty interval is silence');
});
