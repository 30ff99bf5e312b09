import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GenericNack,
  PictureLossIndication,
  RtcpPacketConverter,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
} from 'werift';
import { NackRequester, encodeGenericNack, encodePli } from './nack-requester';

test('NACK requester asks for gaps, retries, and forgets what arrives', () => {
  const nack = new NackRequester(1);
  nack.received(100, 0);
  nack.received(104, 1);
  assert.deepEqual(nack.due(10).sort(), [101, 102, 103]);
  assert.deepEqual(nack.due(20), [], 'not again before the retry interval');
  nack.received(102, 25);
  assert.deepEqual(nack.due(50).sort(), [101, 103]);
  nack.received(101, 60);
  nack.received(103, 61);
  assert.equal(nack.pending, false);
  nack.received(65535, 62);
  nack.received(1, 63);
  assert.equal(nack.pending, false, 'a big jump is a restart, not a loss');
});

test('NACK requester gives up after a second', () => {
  const nack = new NackRequester(1);
  nack.received(10, 0);
  nack.received(12, 0);
  assert.deepEqual(nack.due(0), [11]);
  assert.deepEqual(nack.due(1500), []);
  assert.equal(nack.pending, false);
});

test('generic NACK and PLI serialise as RTCP werift can read', () => {
  const [nack] = RtcpPacketConverter.deSerialize(
    encodeGenericNack(7, 42, [65534, 65535, 0, 3, 40]),
  );
  assert.ok(nack instanceof RtcpTransportLayerFeedback);
  const feedback = nack.feedback as GenericNack;
  assert.equal(feedback.mediaSourceSsrc, 42);
  // werift's reader does not wrap the bitmask past 65535; RTP sequence numbers do.
  assert.deepEqual(
    [...feedback.lost].map((seq) => seq & 0xffff).sort((a, b) => a - b),
    [0, 3, 40, 65534, 65535],
  );
  const [pli] = RtcpPacketConverter.deSerialize(encodePli(7, 42));
  assert.ok(pli instanceof RtcpPayloadSpecificFeedback);
  assert.ok(pli.feedback instanceof PictureLossIndication);
  assert.equal((pli.feedback as PictureLossIndication).mediaSsrc, 42);
});
