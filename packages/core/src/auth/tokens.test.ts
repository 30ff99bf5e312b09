import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken, newEmailToken, newToken, randomString, NANOID_ALPHABET } from './tokens';

describe('tokens', () => {
  test('session tokens are 64 nanoid characters and differ each time', () => {
    const a = newToken();
    const b = newToken();
    assert.equal(a.length, 64);
    assert.match(a, /^[A-Za-z0-9_-]{64}$/);
    assert.notEqual(a, b);
  });

  test('e-mail tokens are 32 characters', () => {
    assert.match(newEmailToken(), /^[A-Za-z0-9_-]{32}$/);
  });

  test('every alphabet character shows up (no masking bias towards a subset)', () => {
    const seen = new Set(randomString(20_000));
    assert.equal(seen.size, NANOID_ALPHABET.length);
  });

  test('an alphabet whose size is not a power of two is refused', () => {
    assert.throws(() => randomString(5, 'abc'));
  });

  test('hashToken is SHA-256 hex and stable', () => {
    assert.equal(
      hashToken('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
