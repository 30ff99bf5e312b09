import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RtpHeader, RtpPacket } from 'werift';
import { readVp8 } from './codec';
import { DownTrack, type SourcePacket } from './down-track';

function vp8(pictureId: number, tl0: number, keyframe: boolean, start = true): Buffer {
  // X=1 S=start PID=0 | I=1 L=1 | M=1 picture id (15 bits) | TL0PICIDX | VP8 header (P bit)
  return Buffer.from([
    0x80 | (start ? 0x10 : 0),
    0xc0,
    0x80 | (pictureId >> 8),
    pictureId & 0xff,
    tl0,
    keyframe ? 0x00 : 0x01,
    1,
    2,
    3,
  ]);
}

function packet(
  layer: string,
  seq: number,
  ts: number,
  payload: Buffer,
  keyframe = false,
  arrivalMs = 0,
): SourcePacket {
  const header = new RtpHeader({
    sequenceNumber: seq & 0xffff,
    timestamp: ts >>> 0,
    payloadType: 96,
    ssrc: layer.charCodeAt(0) || 1,
  });
  return { packet: new RtpPacket(header, payload), layer, keyframe, arrivalMs };
}

function collect() {
  const out: RtpPacket[] = [];
  const send = (seq: number, timestamp: number, marker: boolean, payload: Buffer) => {
    out.push(new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp, marker }), payload));
  };
  return { out, send };
}

describe('down track', () => {
  test('video waits for a key frame of its target layer, then forwards with the original numbering', () => {
    const { out, send } = collect();
    const down = new DownTrack('video', 'video/VP8', 90000, send);
    down.target = 'h';
    down.write(packet('h', 100, 9000, vp8(10, 1, false)));
    down.write(packet('q', 500, 9000, vp8(10, 1, true), true));
    assert.equal(out.length, 0, 'nothing before a key frame of the target layer');
    down.write(packet('h', 101, 12000, vp8(11, 2, true), true));
    down.write(packet('h', 102, 12000, vp8(11, 2, true, false)));
    assert.deepEqual(
      out.map((p) => p.header.sequenceNumber),
      [101, 102],
    );
    assert.equal(down.current, 'h');
    assert.equal(down.target, undefined);
  });

  test('a layer switch keeps sequence numbers, timestamps and VP8 picture ids continuous', () => {
    const { out, send } = collect();
    const down = new DownTrack('video', 'video/VP8', 90000, send);
    down.target = 'q';
    down.write(packet('q', 1000, 90000, vp8(500, 7, true), true, 0));
    down.write(packet('q', 1001, 93000, vp8(501, 7, false), false, 33));
    // Switch up to 'h', whose numbering is unrelated.
    down.target = 'h';
    down.write(packet('h', 40000, 5_000_000, vp8(9000, 200, false), false, 50));
    down.write(packet('q', 1002, 96000, vp8(502, 7, false), false, 66));
    down.write(packet('h', 40001, 5_003_000, vp8(9001, 201, true), true, 100));
    down.write(packet('h', 40002, 5_006_000, vp8(9002, 201, false), false, 133));
    down.write(packet('q', 1003, 99000, vp8(503, 7, false), false, 140));
    const seqs = out.map((p) => p.header.sequenceNumber);
    assert.deepEqual(seqs, [1000, 1001, 1002, 1003, 1004]);
    const ts = out.map((p) => p.header.timestamp);
    assert.ok(ts[3]! > ts[2]!, 'timestamp moves forward across the switch');
    assert.equal(ts[3]! - ts[2]!, Math.round(((100 - 66) * 90000) / 1000));
    assert.equal(ts[4]! - ts[3]!, 3000, 'then follows the new layer');
    const pids = out.map((p) => readVp8(p.payload)!.pictureId);
    assert.deepEqual(pids, [500, 501, 502, 503, 504]);
    const tl0 = out.map((p) => readVp8(p.payload)!.tl0PicIdx);
    assert.deepEqual(tl0, [7, 7, 7, 8, 8]);
  });

  test('dropped padding leaves no gap; late packets of the old layer are not forwarded', () => {
    const { out, send } = collect();
    const down = new DownTrack('video', 'video/VP8', 90000, send);
    down.target = 'f';
    down.write(packet('f', 10, 1000, vp8(1, 1, true), true));
    down.write(packet('f', 11, 1000, Buffer.alloc(0)));
    down.write(packet('f', 12, 1000, Buffer.alloc(0)));
    down.write(packet('f', 13, 4000, vp8(2, 1, false)));
    // a retransmission of a packet from before the padding keeps its place
    down.write(packet('f', 10, 1000, vp8(1, 1, true), true));
    assert.deepEqual(
      out.map((p) => p.header.sequenceNumber),
      [10, 11, 10],
    );
  });

  test('sequence numbers wrap around 2^16', () => {
    const { out, send } = collect();
    const down = new DownTrack('video', 'video/H264', 90000, send);
    down.target = '';
    down.write(packet('', 65534, 1, Buffer.from([0x67, 1]), true));
    down.write(packet('', 65535, 1, Buffer.from([0x65, 1])));
    down.write(packet('', 0, 2, Buffer.from([0x41, 1])));
    assert.deepEqual(
      out.map((p) => p.header.sequenceNumber),
      [65534, 65535, 0],
    );
  });

  test('audio forwards at once and a paused track forwards nothing', () => {
    const { out, send } = collect();
    const down = new DownTrack('audio', 'audio/opus', 48000, send);
    down.write(packet('', 7, 960, Buffer.from([1, 2, 3])));
    down.paused = true;
    down.write(packet('', 8, 1920, Buffer.from([1, 2, 3])));
    assert.deepEqual(
      out.map((p) => p.header.sequenceNumber),
      [7],
    );
  });
});
