import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLockedOut, nextLockout } from './login-lockout';

describe('login lockout schedule', () => {
  const now = 1_000_000;

  test('two failures only count; the 3rd locks 1 min, the 4th 5 min, the 5th and later 1 h', () => {
    const first = nextLockout(null, now);
    assert.deepEqual(first, { attempts: 1, expiry: null });
    const second = nextLockout(first, now);
    assert.deepEqual(second, { attempts: 2, expiry: null });
    const third = nextLockout(second, now);
    assert.deepEqual(third, { attempts: 3, expiry: now + 60_000 });
    const fourth = nextLockout(third, now);
    assert.deepEqual(fourth, { attempts: 4, expiry: now + 300_000 });
    const fifth = nextLockout(fourth, now);
    assert.deepEqual(fifth, { attempts: 5, expiry: now + 3_600_000 });
    assert.deepEqual(nextLockout(fifth, now), { attempts: 6, expiry: now + 3_600_000 });
  });

  test('locked only while the expiry lies ahead', () => {
    assert.equal(isLockedOut(null, now), false);
    assert.equal(isLockedOut({ attempts: 2, expiry: null }, now), false);
    assert.equal(isLockedOut({ attempts: 3, expiry: now + 1 }, now), true);
    assert.equal(isLockedOut({ attempts: 3, expiry: now }, now), false);
  });
});
