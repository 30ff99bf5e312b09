import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alignBundle,
  keepInactiveSectionsBundled,
  parseExtmap,
  parseMediaSections,
  rewriteCandidates,
} from './sdp';

const OFFER = [
  'v=0',
  'a=group:BUNDLE 0 1 3',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=msid:stream-a track-a',
  'a=sendonly',
  'a=ssrc:1111 cname:x',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'a=msid:- track-v',
  'a=sendonly',
  'a=rid:q send',
  'a=rid:h send',
  'a=simulcast:send q;h',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:2',
  'a=inactive',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:3',
  '',
].join('\r\n');

test('media sections: mid, direction, msid, rids and ssrcs', () => {
  const sections = parseMediaSections(OFFER);
  assert.deepEqual(
    sections.map((s) => [
      s.kind,
      s.mid,
      s.port,
      s.direction,
      s.trackId,
      s.rids.join(','),
      s.ssrcs.join(','),
    ]),
    [
      ['audio', '0', 9, 'sendonly', 'track-a', '', '1111'],
      ['video', '1', 9, 'sendonly', 'track-v', 'q,h', ''],
      ['video', '2', 0, 'inactive', undefined, '', ''],
      ['application', '3', 9, 'sendrecv', undefined, '', ''],
    ],
  );
  assert.equal(parseExtmap(OFFER).get('urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id'), 10);
});

test('the answer bundles only what the offer bundled', () => {
  const answer = 'v=0\r\na=group:BUNDLE 0 1 2 3\r\nm=audio 9 x\r\n';
  assert.match(alignBundle(answer, OFFER), /a=group:BUNDLE 0 1 3\r\n/);
});

test('unused m-sections of an offer stay bundled and open (inactive, port 9)', () => {
  const offer =
    'v=0\r\na=group:BUNDLE 2\r\nm=audio 0 x\r\na=mid:0\r\na=inactive\r\nm=video 9 x\r\na=mid:1\r\na=sendonly\r\nm=application 9 x\r\na=mid:2\r\n';
  const out = keepInactiveSectionsBundled(offer);
  assert.match(out, /a=group:BUNDLE 0 1 2\r\n/);
  assert.match(out, /m=audio 9 x\r\na=mid:0\r\na=inactive/);
});

test('candidates: keep only the node address, or announce it instead of the host ones', () => {
  const sdp = [
    'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
    'a=candidate:2 1 udp 2130706431 10.0.0.5 50002 typ host',
    'a=candidate:3 1 udp 1694498815 203.0.113.9 50002 typ srflx raddr 10.0.0.5 rport 50002',
  ].join('\r\n');
  assert.deepEqual(
    rewriteCandidates(sdp, { kind: 'keepOnly', address: '127.0.0.1' }).split('\r\n'),
    [
      'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
      'a=candidate:3 1 udp 1694498815 203.0.113.9 50002 typ srflx raddr 10.0.0.5 rport 50002',
    ],
  );
  assert.deepEqual(
    rewriteCandidates(sdp, { kind: 'announce', address: '198.51.100.7' }).split('\r\n').slice(0, 2),
    [
      'a=candidate:1 1 udp 2130706431 198.51.100.7 50000 typ host',
      'a=candidate:2 1 udp 2130706431 198.51.100.7 50002 typ host',
    ],
  );
  assert.equal(rewriteCandidates(sdp, { kind: 'none' }), sdp);
});
