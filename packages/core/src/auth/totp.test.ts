import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { matchTotp, newTotpSecret, totpCode, totpStep } from './totp';
import { newRecoveryCodes } from './recovery-codes';

// RFC 4648 base32 decoding, written out so the test does not trust the library it checks.
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with SHA-1, 6 digits, 30 s.
function referenceCode(secret: string, nowMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 30_000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

describe('TOTP', () => {
  test('secrets are 10 random bytes in unpadded base32', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{16}$/);
    assert.equal(base32Decode(secret).length, 10);
    assert.notEqual(secret, newTotpSecret());
  });

  test('codes follow RFC 6238 (SHA-1, 6 digits, 30 s)', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2025, 0, 1, 12, 0, 7);
    assert.equal(totpCode(secret, now), referenceCode(secret, now));
  });

  test('a code is accepted one step either way, not two', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2025, 5, 1, 8, 30, 15);
    const step = totpStep(now);
    assert.equal(matchTotp(secret, totpCode(secret, now), now), step);
    assert.equal(matchTotp(secret, totpCode(secret, now - 30_000), now), step - 1);
    assert.equal(matchTotp(secret, totpCode(secret, now + 30_000), now), step + 1);
    const stale = totpCode(secret, now - 90_000);
    if (![-1, 0, 1].some((d) => totpCode(secret, now + d * 30_000) === stale)) {
      assert.equal(matchTotp(secret, stale, now), null);
    }
    assert.equal(matchTotp(secret, 'abcdef', now), null);
    assert.equal(matchTotp(secret, '1234567', now), null);
  });
});

describe('recovery codes', () => {
  test('ten codes xxxxx-xxxxx from the 32-character alphabet', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    assert.equal(new Set(codes).size, 10);
  });
});
