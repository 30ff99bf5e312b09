import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwccResponder } from './twcc-responder';

interface Decoded {
  base: number;
  count: number;
  referenceTime: number;
  fbCount: number;
  /** Per packet: arrival in µs relative to the reference time, or undefined when lost. */
  arrivals: (number | undefined)[];
}

// An independent reader of the feedback format (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
function decode(buf: Buffer): Decoded {
  assert.equal(buf[0]! & 0x1f, 15, 'FMT 15');
  assert.equal(buf[1], 205, 'RTPFB');
  assert.equal((buf.readUInt16BE(2) + 1) * 4, buf.length, 'length field');
  const base = buf.readUInt16BE(12);
  const count = buf.readUInt16BE(14);
  const referenceTime = buf.readUIntBE(16, 3);
  const fbCount = buf[19]!;
  const statuses: number[] = [];
  let offset = 20;
  while (statuses.length < count) {
    const chunk = buf.readUInt16BE(offset);
    offset += 2;
    if ((chunk & 0x8000) === 0) {
      const status = (chunk >> 13) & 0x3;
      const run = chunk & 0x1fff;
      for (let i = 0; i < run && statuses.length < count; i++) statuses.push(status);
    } else if ((chunk & 0x4000) === 0) {
      for (let i = 0; i < 14 && statuses.length < count; i++)
        statuses.push((chunk >> (13 - i)) & 0x1);
    } else {
      for (let i = 0; i < 7 && statuses.length < count; i++)
        statuses.push((chunk >> (12 - 2 * i)) & 0x3);
    }
  }
  let time = 0;
  const arrivals = statuses.map((status) => {
    if (status === 0) return undefined;
    const delta = status === 1 ? buf.readUInt8(offset) : buf.readInt16BE(offset);
    offset += status === 1 ? 1 : 2;
    time += delta * 250;
    return time;
  });
  return { base, count, referenceTime, fbCount, arrivals };
}

test('reports arrivals and losses, relative to a 64 ms reference time', () => {
  const sent: Buffer[] = [];
  const twcc = new TwccResponder((buf) => sent.push(buf), 1234, 1_000_000);
  const start = 10 * 64_000 + 5_000;
  twcc.record(100, start, 42);
  twcc.record(101, start + 1_000, 42);
  // 102 and 103 lost
  twcc.record(104, start + 3_000, 42);
  twcc.record(105, start + 90_000, 42); // large delta
  twcc.flush();
  twcc.close();
  assert.equal(sent.length, 1);
  const fb = decode(sent[0]!);
  assert.equal(fb.base, 100);
  assert.equal(fb.count, 6);
  assert.equal(fb.referenceTime, 10);
  assert.equal(fb.fbCount, 0);
  assert.equal(sent[0]!.readUInt32BE(8), 42, 'media SSRC of the sender');
  assert.deepEqual(fb.arrivals, [5_000, 6_000, undefined, undefined, 8_000, 95_000]);
});

test('continues where the last feedback stopped, across the 16-bit wrap', () => {
  const sent: Buffer[] = [];
  const twcc = new TwccResponder((buf) => sent.push(buf), 1, 1_000_000);
  twcc.record(65534, 1_000_000, 42);
  twcc.record(65535, 1_001_000, 42);
  twcc.flush();
  twcc.record(0, 1_002_000, 42);
  twcc.record(1, 1_003_000, 42);
  twcc.flush();
  twcc.close();
  const second = decode(sent[1]!);
  assert.equal(second.base, 0);
  assert.equal(second.count, 2);
  assert.equal(second.fbCount, 1);
  assert.equal(second.arrivals.filter((a) => a !== undefined).length, 2);
});

test('long runs use run-length chunks', () => {
  const sent: Buffer[] = [];
  const twcc = new TwccResponder((buf) => sent.push(buf), 1, 1_000_000);
  for (let i = 0; i < 40; i++) twcc.record(i, 2_000_000 + i * 500, 42);
  twcc.record(60, 2_000_000 + 60 * 500, 42);
  twcc.flush();
  twcc.close();
  const fb = decode(sent[0]!);
  assert.equal(fb.count, 61);
  assert.equal(fb.arrivals.filter((a) => a === undefined).length, 20);
  assert.ok(sent[0]!.length < 20 + 2 * 10 + 41 + 4, 'compact encoding');
});
