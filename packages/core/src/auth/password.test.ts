import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hash, type Algorithm } from '@node-rs/argon2';
import { StoatError } from '@ermine/result';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { assertSafePassword } from './password-policy';

describe('passwords', () => {
  test('argon2id hashes verify, wrong passwords do not', async () => {
    const encoded = await hashPassword('correct horse battery');
    assert.match(encoded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(encoded, 'correct horse battery'), true);
    assert.equal(await verifyPassword(encoded, 'correct horse batterY'), false);
  });

  test('hashes in the formats Stoat stored (argon2i and argon2id, other parameters) verify', async () => {
    // Older Stoat deployments stored argon2i with m=4096,t=3; newer ones argon2id defaults.
    const argon2i = await hash('legacy password', {
      algorithm: 1 as Algorithm,
      memoryCost: 4096,
      timeCost: 3,
      parallelism: 1,
    });
    assert.match(argon2i, /^\$argon2i\$/);
    assert.equal(await verifyPassword(argon2i, 'legacy password'), true);
    assert.equal(await verifyPassword(argon2i, 'other'), false);
  });

  test('a malformed stored hash is a mismatch, not a crash', async () => {
    assert.equal(await verifyPassword('not a hash', 'x'), false);
    assert.equal(await verifyPassword('', 'x'), false);
  });

  test('the decoy check does the same work as a real one', async () => {
    const encoded = await hashPassword('some password');
    await burnPasswordCheck('warm up');
    // Same parameters, so the same cost per check; timing is compared on the fastest of a few
    // runs, which other load on the machine cannot make faster.
    const timeOf = async (fn: () => Promise<unknown>) => {
      let best = Infinity;
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        await fn();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const real = await timeOf(() => verifyPassword(encoded, 'wrong password'));
    const decoy = await timeOf(() => burnPasswordCheck('wrong password'));
    assert.ok(decoy > real / 4 && decoy < real * 4, `real ${real} ms, decoy ${decoy} ms`);
  });

  test('policy: at least 8 bytes, not a common leaked password', () => {
    const typeOf = (p: string) => {
      try {
        assertSafePassword(p);
        return 'ok';
      } catch (err) {
        return (err as StoatError).type;
      }
    };
    assert.equal(typeOf('short'), 'ShortPassword');
    assert.equal(typeOf('1234567'), 'ShortPassword');
    // Counted in bytes like Stoat: four 2-byte characters are enough.
    assert.equal(typeOf('éééé'), 'ok');
    assert.equal(typeOf('password'), 'CompromisedPassword');
    assert.equal(typeOf('12345678'), 'CompromisedPassword');
    assert.equal(typeOf('qwertyuiop'), 'CompromisedPassword');
    assert.equal(typeOf('correct horse battery'), 'ok');
  });
});
