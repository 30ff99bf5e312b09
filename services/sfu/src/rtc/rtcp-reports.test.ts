import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GenericNack,
  PictureLossIndication,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
  RtcpPacketConverter,
  RtcpRrPacket,
  RtcpSourceDescriptionPacket,
  RtcpSrPacket,
} from 'werift';
import {
  ReceptionStats,
  compactNtp,
  encodeReceiverReport,
  encodeSenderReports,
  ntpWords,
  readRtcp,
} from './rtcp-reports';

test('NTP time of a wall-clock time', () => {
  assert.deepEqual(ntpWords(0), [2208988800, 0]);
  assert.deepEqual(ntpWords(1500), [2208988801, 0x80000000]);
  assert.equal(compactNtp([0x12345678, 0x9abcdef0]), 0x56789abc);
});

test('receiver report: highest sequence across a wrap, losses, jitter, LSR/DLSR', () => {
  const stats = new ReceptionStats(0x11223344, 90000);
  // 65530..65535 and 0..9 with 2 and 5 missing, 30 ms apart at 90 kHz (no jitter).
  let at = 1000;
  let ts = 1000;
  for (let seq = 65530; seq < 65536 + 10; seq++) {
    const s = seq & 0xffff;
    if (s !== 2 && s !== 5) stats.add(s, ts >>> 0, at);
    at += 30;
    ts += 2700;
  }
  stats.senderReport([0x00010002, 0x00030004], 1200);
  const buf = encodeReceiverReport(0xaabbccdd, [stats, new ReceptionStats(5, 48000)], 1700);
  assert.ok(buf);
  const [rr] = RtcpPacketConverter.deSerialize(buf);
  assert.ok(rr instanceof RtcpRrPacket);
  assert.equal(rr.ssrc, 0xaabbccdd);
  assert.equal(rr.reports.length, 1, 'only streams that received something');
  const [report] = rr.reports;
  assert.equal(report?.ssrc, 0x11223344);
  assert.equal(report?.highestSequence, 0x10000 + 9);
  assert.equal(report?.packetsLost, 2);
  assert.equal(report?.fractionLost, Math.floor((2 * 256) / 16));
  assert.equal(report?.jitter, 0);
  assert.equal(report?.lsr, 0x00020003);
  assert.equal(report?.dlsr, 0x8000, 'half a second');
  // The next interval: nothing lost since.
  stats.add(10, ts >>> 0, at);
  const [next] = RtcpPacketConverter.deSerialize(encodeReceiverReport(1, [stats], at)!);
  assert.equal((next as RtcpRrPacket).reports[0]?.fractionLost, 0);
  assert.equal(encodeReceiverReport(1, [new ReceptionStats(5, 48000)], 0), undefined);
});

test('jitter follows the spread of transit times', () => {
  const stats = new ReceptionStats(1, 1000); // 1 unit per ms
  for (let i = 0; i < 200; i++) stats.add(i, i * 20, i * 20 + (i % 2 ? 10 : 0));
  const [rr] = RtcpPacketConverter.deSerialize(encodeReceiverReport(2, [stats], 0)!);
  const jitter = (rr as RtcpRrPacket).reports[0]?.jitter ?? 0;
  assert.ok(jitter >= 9 && jitter <= 10, `jitter ${jitter}`);
});

test('sender reports of several streams and their CNAMEs in one compound packet', () => {
  const buf = encodeSenderReports([
    { ssrc: 1, clockMs: 1500, rtpTimestamp: 90000, packetCount: 10, octetCount: 1000, cname: 'a' },
    { ssrc: 2, clockMs: 0, rtpTimestamp: 5, packetCount: 1, octetCount: 2, cname: 'longer-cname' },
  ]);
  assert.ok(buf);
  const packets = RtcpPacketConverter.deSerialize(buf);
  assert.equal(packets.length, 3);
  const [first, second, sdes] = packets;
  assert.ok(first instanceof RtcpSrPacket && second instanceof RtcpSrPacket);
  assert.equal(first.ssrc, 1);
  assert.equal(first.senderInfo.ntpTimestamp, (2208988801n << 32n) | 0x80000000n);
  assert.equal(first.senderInfo.rtpTimestamp, 90000);
  assert.equal(first.senderInfo.packetCount, 10);
  assert.equal(first.senderInfo.octetCount, 1000);
  assert.equal(second.ssrc, 2);
  assert.ok(sdes instanceof RtcpSourceDescriptionPacket);
  assert.deepEqual(
    sdes.chunks.map((chunk) => [chunk.source, chunk.items[0]?.text]),
    [
      [1, 'a'],
      [2, 'longer-cname'],
    ],
  );
  assert.equal(encodeSenderReports([]), undefined);
});

test('feedback read from a compound packet: sender report, NACK, PLI, FIR; the rest skipped', () => {
  const sr = encodeSenderReports([
    { ssrc: 7, clockMs: 1500, rtpTimestamp: 1, packetCount: 1, octetCount: 1, cname: 'x' },
  ])!;
  const rr = encodeReceiverReport(9, [], 0) ?? Buffer.alloc(0);
  const nack = new RtcpTransportLayerFeedback({
    feedback: new GenericNack({ senderSsrc: 1, mediaSourceSsrc: 42, lost: [100, 101, 116, 300] }),
  }).serialize();
  const pli = new RtcpPayloadSpecificFeedback({
    feedback: new PictureLossIndication({ senderSsrc: 1, mediaSsrc: 43 }),
  }).serialize();
  const fir = Buffer.from([0x84, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 44, 5, 0, 0, 0]);
  const seen: unknown[] = [];
  readRtcp(Buffer.concat([sr, rr, nack, pli, fir, Buffer.from([0x80, 203])]), {
    senderReport: (ssrc, ntp) => seen.push(['sr', ssrc, ntp]),
    nack: (ssrc, lost) => seen.push(['nack', ssrc, lost.sort((a, b) => a - b)]),
    pictureLoss: (ssrc) => seen.push(['pli', ssrc]),
  });
  assert.deepEqual(seen, [
    ['sr', 7, [2208988801, 0x80000000]],
    ['nack', 42, [100, 101, 116, 300]],
    ['pli', 43],
    ['pli', 44],
  ]);
});
