import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { RtpHeader, SrtcpSession, SrtpSession } from 'werift';
import {
  AesCmCipher,
  AesGcmCipher,
  rtcpCipherFor,
  rtpCipherFor,
  type SessionKeys,
} from './srtp-cipher';

const PROFILES = [
  { name: 'AES_CM_128_HMAC_SHA1_80', id: 1, saltLength: 14 },
  { name: 'AEAD_AES_128_GCM', id: 7, saltLength: 12 },
];
// Around the size where the cipher switches between its own code and node's.
const SIZES = [1, 15, 16, 17, 80, 255, 256, 257, 1100];

// The master keys of the two ends of one session (each one's local keys are the other's remote).
function masterKeys(saltLength: number) {
  const [k1, s1, k2, s2] = [
    randomBytes(16),
    randomBytes(saltLength),
    randomBytes(16),
    randomBytes(saltLength),
  ];
  return [
    { localMasterKey: k1, localMasterSalt: s1, remoteMasterKey: k2, remoteMasterSalt: s2 },
    { localMasterKey: k2, localMasterSalt: s2, remoteMasterKey: k1, remoteMasterSalt: s1 },
  ] as const;
}

function sessions(profile: number, saltLength: number): [SrtpSession, SrtpSession] {
  const [a, b] = masterKeys(saltLength);
  return [new SrtpSession({ keys: a, profile }), new SrtpSession({ keys: b, profile })];
}

function header(seq: number, extensions = true): RtpHeader {
  return new RtpHeader({
    payloadType: 111,
    sequenceNumber: seq,
    timestamp: 123456789,
    ssrc: 0xdeadbeef,
    marker: true,
    extension: extensions,
    extensions: extensions ? [{ id: 1, payload: Buffer.from('0') }] : [],
  });
}

for (const { name, id, saltLength } of PROFILES) {
  test(`${name}: packets werift protects are read back, and the other way round`, () => {
    const [a, b] = sessions(id, saltLength);
    const ours = rtpCipherFor(b.remoteContext.cipher as unknown as SessionKeys);
    const mine = rtpCipherFor(a.localContext.cipher as unknown as SessionKeys);
    assert.ok(ours && mine);
    let seq = 65530; // crosses a wrap: the rollover counter goes to 1
    let roc = 0;
    for (const size of SIZES) {
      const payload = randomBytes(size);
      const h = header(seq);
      const packet = a.encrypt(payload, h);
      const read = ours.unprotect(packet, h.serializeSize, h.ssrc, seq, roc);
      assert.deepEqual(read, payload, `werift -> ours, ${size} bytes`);
      const tampered = Buffer.from(packet);
      tampered[tampered.length - 1]! ^= 1;
      assert.equal(ours.unprotect(tampered, h.serializeSize, h.ssrc, seq, roc), undefined);
      assert.equal(ours.unprotect(packet, h.serializeSize, h.ssrc, seq, roc + 1), undefined);
      seq = (seq + 1) & 0xffff;
      if (seq === 0) roc++;
    }
    // Our protection, read by a fresh werift session (its own rollover counter starts at 0).
    const [c, d] = sessions(id, saltLength);
    const sender = rtpCipherFor(c.localContext.cipher as unknown as SessionKeys);
    assert.ok(sender);
    for (const size of SIZES) {
      const payload = randomBytes(size);
      const h = header(1000 + size, size % 2 === 0);
      const hdr = h.serialize(h.serializeSize);
      const packet = sender.protect(hdr, payload, h.ssrc, h.sequenceNumber, 0);
      assert.deepEqual(d.decrypt(packet), Buffer.concat([hdr, payload]), `ours -> werift, ${size}`);
    }
  });
}

for (const { name, id, saltLength } of PROFILES) {
  test(`${name}: SRTCP packets werift protects are read back`, () => {
    const [browserKeys, sfuKeys] = masterKeys(saltLength);
    const browser = new SrtcpSession({ keys: browserKeys, profile: id });
    const sfu = new SrtcpSession({ keys: sfuKeys, profile: id });
    const cipher = rtcpCipherFor(sfu.remoteContext.cipher as unknown as SessionKeys);
    assert.ok(cipher);
    for (const size of [0, 4, 24, 60, 300, 1000]) {
      const rtcp = Buffer.concat([Buffer.from([0x81, 201, 0, 0, 1, 2, 3, 4]), randomBytes(size)]);
      const packet = browser.encrypt(rtcp);
      assert.deepEqual(cipher.unprotectRtcp(packet), rtcp, `${size} bytes`);
      const tampered = Buffer.from(packet);
      tampered[9]! ^= 1;
      assert.equal(cipher.unprotectRtcp(tampered), undefined);
    }
  });
}

test('another profile or missing keys get no cipher', () => {
  assert.equal(rtpCipherFor({}), undefined);
  assert.equal(
    rtpCipherFor({ srtpSessionKey: Buffer.alloc(32), srtpSessionSalt: Buffer.alloc(12) }),
    undefined,
  );
});

test('key streams computed ahead give what a fresh cipher gives, whatever the order', () => {
  const key = randomBytes(16);
  const salt = randomBytes(14);
  const auth = randomBytes(20);
  const kept = [new AesGcmCipher(key, salt), new AesCmCipher(key, salt, auth)];
  const fresh = [() => new AesGcmCipher(key, salt), () => new AesCmCipher(key, salt, auth)];
  const header = randomBytes(12);
  let seq = 65500;
  let roc = 3;
  for (let i = 0; i < 400; i++) {
    const step = i % 37 === 0 ? -5 : i % 53 === 0 ? 20 : 1; // retransmissions, losses
    seq += step;
    if (seq > 0xffff) [seq, roc] = [seq - 0x10000, roc + 1];
    if (seq < 0) [seq, roc] = [seq + 0x10000, roc - 1];
    const ssrc = i % 3 === 0 ? 1 : 2;
    const payload = randomBytes(i % 11 === 0 ? 250 : 20 + (i % 60));
    kept.forEach((cipher, c) => {
      const packet = cipher.protect(header, payload, ssrc, seq, roc);
      assert.deepEqual(packet, fresh[c]!().protect(header, payload, ssrc, seq, roc));
      assert.deepEqual(cipher.unprotect(packet, 12, ssrc, seq, roc), payload);
    });
  }
});
