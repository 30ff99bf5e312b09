import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { userRow } from '@ermine/database/users/users.fixtures';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedSession } from '@ermine/testing/users';
import { endSession } from '../sessions/session-delete';
import {
  authenticateAnyToken,
  authenticateSessionToken,
  authenticateUserToken,
} from './authenticate';

let stack: TestStack;
before(async () => {
  stack = await createTestStack();
});
after(() => stack.close());

/** A signed-up account with its user created (onboarded). */
async function onboarded() {
  const signed = await seedSession(stack.deps);
  await stack.deps.db.users.create(
    userRow({
      id: signed.accountId,
      username: `auth${signed.accountId.slice(-6)}`,
      discriminator: '4242',
      createdAt: stack.clock.now(),
    }),
  );
  return signed;
}

describe('authenticateUserToken', () => {
  test('a valid session token gives its user and session', async () => {
    const signed = await onboarded();
    const auth = await authenticateUserToken(stack.deps, { sessionToken: signed.token });
    assert.equal(auth.user.id, signed.accountId);
    assert.equal(auth.session?.id, signed.sessionId);
  });

  test('no token, an unknown or oversized token → InvalidSession', async () => {
    await assert.rejects(authenticateUserToken(stack.deps, {}), rejectsWith('InvalidSession'));
    await assert.rejects(
      authenticateUserToken(stack.deps, { sessionToken: 'not a token' }),
      rejectsWith('InvalidSession'),
    );
    await assert.rejects(
      authenticateUserToken(stack.deps, { sessionToken: 'x'.repeat(10_000) }),
      rejectsWith('InvalidSession'),
    );
  });

  test('an account not onboarded yet → InvalidSession', async () => {
    const signed = await seedSession(stack.deps);
    await assert.rejects(
      authenticateUserToken(stack.deps, { sessionToken: signed.token }),
      rejectsWith('InvalidSession'),
    );
  });

  test('a bot token wins over a valid session token and is refused until bots exist', async () => {
    const signed = await onboarded();
    await assert.rejects(
      authenticateUserToken(stack.deps, { sessionToken: signed.token, botToken: 'b'.repeat(64) }),
      rejectsWith('InvalidSession'),
    );
  });

  test('a logged-out session stops authenticating at once', async () => {
    const signed = await onboarded();
    const session = await stack.deps.db.sessions.findById(signed.sessionId);
    assert.ok(session);
    await endSession(stack.deps, session);
    await assert.rejects(
      authenticateUserToken(stack.deps, { sessionToken: signed.token }),
      rejectsWith('InvalidSession'),
    );
  });
});

describe('authenticateSessionToken', () => {
  test('the session and account, even before onboarding', async () => {
    const signed = await seedSession(stack.deps);
    const auth = await authenticateSessionToken(stack.deps, signed.token);
    assert.equal(auth.session.id, signed.sessionId);
    assert.equal(auth.account.id, signed.accountId);
  });

  test('missing → 401 MissingHeaders; unknown → InvalidSession', async () => {
    await assert.rejects(authenticateSessionToken(stack.deps, undefined), (err) => {
      assert.ok(rejectsWith('MissingHeaders')(err));
      assert.equal((err as { status: number }).status, 401);
      return true;
    });
    await assert.rejects(
      authenticateSessionToken(stack.deps, 'nope'),
      rejectsWith('InvalidSession'),
    );
  });
});

describe('authenticateAnyToken', () => {
  test('a session token gives its user; anything else → InvalidSession', async () => {
    const signed = await onboarded();
    const auth = await authenticateAnyToken(stack.deps, signed.token);
    assert.equal(auth.user.id, signed.accountId);
    assert.equal(auth.session?.id, signed.sessionId);
    await assert.rejects(authenticateAnyToken(stack.deps, ''), rejectsWith('InvalidSession'));
    await assert.rejects(
      authenticateAnyToken(stack.deps, 'b'.repeat(64)),
      rejectsWith('InvalidSession'),
    );
  });
});
