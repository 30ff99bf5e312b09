import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isStoatError } from '@ermine/result';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { SEEDED_PASSWORD, seedAccount } from '@ermine/testing/users';
import { normaliseEmail } from '../auth/email';
import { login } from './session-login';

let stack: TestStack;
before(async () => {
  stack = await createTestStack();
});
after(async () => {
  await stack.close();
});

/** What each login ended in: its result, or the type of the error it threw. */
async function outcomes(attempts: { email: string; password: string }[]): Promise<string[]> {
  const settled = await Promise.allSettled(attempts.map((data) => login(stack.deps, data)));
  return settled.map((s) => {
    if (s.status === 'fulfilled') return s.value.result;
    assert.ok(isStoatError(s.reason), String(s.reason));
    return s.reason.type;
  });
}

/** A verified account stored directly, with its e-mail and password. */
async function signUp(stack: TestStack) {
  const email = `login.${Math.random().toString(36).slice(2, 10)}@example.com`;
  const row = await seedAccount(stack.deps, { email, emailNormalised: normaliseEmail(email) });
  return { email, password: SEEDED_PASSWORD, accountId: row.id };
}

function count(values: string[], value: string): number {
  return values.filter((v) => v === value).length;
}

describe('login lockout under concurrent guesses', () => {
  test('15 wrong passwords at once: 3 are checked, the other 12 are LockedOut', async () => {
    const user = await signUp(stack);
    const wrong = Array.from({ length: 15 }, (_, i) => ({
      email: user.email,
      password: `wrong password ${i}`,
    }));
    const results = await outcomes(wrong);
    assert.equal(count(results, 'InvalidCredentials'), 3, results.join());
    assert.equal(count(results, 'LockedOut'), 12, results.join());
    const lockout = (await stack.deps.db.accounts.findById(user.accountId))?.lockout;
    assert.equal(lockout?.attempts, 3);
    assert.equal(lockout?.expiry, stack.clock.now() + 60_000);
  });

  test('14 wrong passwords sent together with the right one: the right one is locked out', async () => {
    const user = await signUp(stack);
    const attempts = Array.from({ length: 14 }, (_, i) => ({
      email: user.email,
      password: `wrong password ${i}`,
    }));
    attempts.push({ email: user.email, password: user.password });
    const sessions = await stack.deps.db.sessions.listByUser(user.accountId);
    const results = await outcomes(attempts);
    assert.equal(count(results, 'InvalidCredentials'), 3, results.join());
    assert.equal(results.at(-1), 'LockedOut');
    assert.deepEqual(await stack.deps.db.sessions.listByUser(user.accountId), sessions);
  });

  test('after the lock ends, one guess is checked and the next lock starts', async () => {
    const user = await signUp(stack);
    const wrong = (i: number) => ({ email: user.email, password: `wrong password ${i}` });
    await outcomes([wrong(1), wrong(2), wrong(3)]);
    stack.clock.advance(61_000);
    const results = await outcomes([1, 2, 3, 4, 5].map(wrong));
    assert.equal(count(results, 'InvalidCredentials'), 1, results.join());
    assert.equal(count(results, 'LockedOut'), 4, results.join());
    const lockout = (await stack.deps.db.accounts.findById(user.accountId))?.lockout;
    assert.deepEqual(lockout, { attempts: 4, expiry: stack.clock.now() + 5 * 60_000 });
  });

  test('an unknown e-mail answers 15 concurrent guesses the same way as an account', async () => {
    const ghost = `ghost.${Date.now()}@example.com`;
    const wrong = Array.from({ length: 15 }, (_, i) => ({
      email: ghost,
      password: `wrong password ${i}`,
    }));
    const results = await outcomes(wrong);
    assert.equal(count(results, 'InvalidCredentials'), 3, results.join());
    assert.equal(count(results, 'LockedOut'), 12, results.join());
    stack.clock.advance(61_000);
    const later = await outcomes(wrong.slice(0, 5));
    assert.equal(count(later, 'InvalidCredentials'), 1, later.join());
    assert.equal(count(later, 'LockedOut'), 4, later.join());
  });

  test('one at a time, the schedule is unchanged and the right password clears the count', async () => {
    const user = await signUp(stack);
    const bad = { email: user.email, password: 'wrong password!' };
    assert.deepEqual(await outcomes([bad]), ['InvalidCredentials']);
    assert.deepEqual(await outcomes([bad]), ['InvalidCredentials']);
    assert.deepEqual(await outcomes([{ email: user.email, password: user.password }]), ['Success']);
    assert.equal((await stack.deps.db.accounts.findById(user.accountId))?.lockout, null);
    for (let i = 0; i < 3; i++) assert.deepEqual(await outcomes([bad]), ['InvalidCredentials']);
    assert.deepEqual(await outcomes([bad]), ['LockedOut']);
  });
});
