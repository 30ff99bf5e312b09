import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { RtpHeader, SrtcpSession, SrtpSession, type RTCPeerConnection } from 'werift';
import { FastRtpReceiver, type RtpHandler } from './fast-rtp-receiver';

interface Seen {
  ssrc: number;
  seq: number;
  timestamp: number;
  marker: boolean;
  payloadType: number;
  payload: Buffer;
  twcc: number;
  level: number;
  mid: string | undefined;
  rid: string | undefined;
}

// A publisher connection as the receiver sees werift's internals: one host socket, SRTP up.
// `withRtp` false: a receiver with an RTCP handler only (as on subscriber connections).
function setup(profile: number, withRtp = true) {
  const saltLength = profile === 7 ? 12 : 14;
  const [key, salt] = [randomBytes(16), randomBytes(saltLength)];
  const [ourKey, ourSalt] = [randomBytes(16), randomBytes(saltLength)];
  const browserKeys = {
    localMasterKey: key,
    localMasterSalt: salt,
    remoteMasterKey: ourKey,
    remoteMasterSalt: ourSalt,
  };
  const keys = {
    localMasterKey: ourKey,
    localMasterSalt: ourSalt,
    remoteMasterKey: key,
    remoteMasterSalt: salt,
  };
  const browser = new SrtpSession({ keys: browserKeys, profile });
  const sfu = new SrtpSession({ keys, profile });
  const passedOn: Buffer[] = [];
  const transport = { onData: (data: Buffer) => void passedOn.push(data) };
  const protocol = { type: 'stun', transport, localCandidate: {} };
  const browserRtcp = new SrtcpSession({ keys: browserKeys, profile });
  const dtls = {
    srtpStarted: true,
    srtp: sfu,
    srtcp: new SrtcpSession({ keys, profile }),
    bytesReceived: 0,
    packetsReceived: 0,
    iceTransport: { connection: { protocols: [protocol] } },
  };
  const seen: Seen[] = [];
  const compounds: Buffer[] = [];
  const onRtp: RtpHandler = (packet, ext) =>
    void seen.push({
      ssrc: packet.header.ssrc,
      seq: packet.header.sequenceNumber,
      timestamp: packet.header.timestamp,
      marker: packet.header.marker,
      payloadType: packet.header.payloadType,
      payload: Buffer.from(packet.payload),
      twcc: ext.twccSeq,
      level: ext.audioLevel,
      mid: ext.mid,
      rid: ext.rid,
    });
  const receiver = new FastRtpReceiver({ dtlsTransports: [dtls] } as unknown as RTCPeerConnection, {
    rtp: withRtp ? onRtp : undefined,
    rtcp: (compound) => void compounds.push(compound),
  });
  receiver.ids = { mid: 1, rid: 4, twcc: 3, audioLevel: 2 };
  receiver.install();
  receiver.install(); // idempotent
  const deliver = (data: Buffer) => transport.onData(data);
  return { browser, browserRtcp, deliver, seen, compounds, passedOn, dtls };
}

function rtp(seq: number, extensions: { id: number; payload: Buffer }[], padding = false) {
  return new RtpHeader({
    payloadType: 111,
    sequenceNumber: seq,
    timestamp: 4000000000,
    ssrc: 0x01020304,
    marker: seq % 2 === 0,
    padding,
    extension: extensions.length > 0,
    extensions,
  });
}

for (const profile of [1, 7]) {
  test(`fast receiver (profile ${profile}): decrypts, reads the header and the extensions`, () => {
    const { browser, deliver, seen, passedOn, dtls } = setup(profile);
    const payload = randomBytes(80);
    deliver(
      browser.encrypt(
        payload,
        rtp(65535, [
          { id: 1, payload: Buffer.from('0') },
          { id: 4, payload: Buffer.from('h') },
          { id: 2, payload: Buffer.from([0x80 | 25]) },
          { id: 3, payload: Buffer.from([0x12, 0x34]) },
        ]),
      ),
    );
    // After the wrap (rollover counter 1), no extensions, padded to 8 bytes.
    deliver(
      browser.encrypt(
        Buffer.concat([payload.subarray(0, 5), Buffer.from([0, 0, 3])]),
        rtp(0, [], true),
      ),
    );
    assert.equal(passedOn.length, 0);
    assert.equal(dtls.packetsReceived, 2);
    assert.deepEqual(seen[0], {
      ssrc: 0x01020304,
      seq: 65535,
      timestamp: 4000000000,
      marker: false,
      payloadType: 111,
      payload,
      twcc: 0x1234,
      level: 25,
      mid: '0',
      rid: 'h',
    });
    assert.equal(seen[1]?.seq, 0);
    assert.equal(seen[1]?.marker, true);
    assert.deepEqual(seen[1]?.payload, payload.subarray(0, 5));
    assert.equal(seen[1]?.twcc, -1);
    assert.equal(seen[1]?.mid, undefined);
  });

  test(`fast receiver (profile ${profile}): SRTCP, what is not SRTP, forgeries`, () => {
    const { browser, browserRtcp, deliver, seen, compounds, passedOn } = setup(profile);
    const rtcp = Buffer.from([0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 10, 0, 0]);
    deliver(browserRtcp.encrypt(rtcp));
    assert.deepEqual(compounds, [rtcp]);
    const stun = Buffer.from([0, 1, 0, 0]);
    const dtlsRecord = Buffer.from([22, 254, 253, 0]);
    deliver(stun);
    deliver(dtlsRecord);
    assert.deepEqual(passedOn, [stun, dtlsRecord]);
    const packet = browser.encrypt(randomBytes(40), rtp(7, []));
    packet[20]! ^= 0xff;
    deliver(packet);
    const forged = browserRtcp.encrypt(rtcp);
    forged[10]! ^= 0xff;
    deliver(forged);
    assert.equal(seen.length, 0);
    assert.equal(compounds.length, 1);
    assert.equal(passedOn.length, 2);
  });

  test(`fast receiver (profile ${profile}): what has no handler goes to werift`, () => {
    const { browser, browserRtcp, deliver, compounds, passedOn } = setup(profile, false);
    const media = browser.encrypt(randomBytes(10), rtp(1, []));
    deliver(media);
    deliver(browserRtcp.encrypt(Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 9])));
    assert.deepEqual(passedOn, [media]);
    assert.equal(compounds.length, 1);
  });
}
