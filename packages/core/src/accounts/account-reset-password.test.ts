import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAuthEmails, emailCode, mailFrom } from '@ermine/testing/emails';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { SEEDED_PASSWORD, seedAccount } from '@ermine/testing/users';
import { verifyPassword } from '../auth/password';
import { hashToken } from '../auth/tokens';
import { createSession } from '../sessions/session-create';
import { resetPassword, sendPasswordReset } from './account-reset-password';

describe('sendPasswordReset', () => {
  test('without e-mail: FeatureDisabled for every address alike', async () => {
    const stack = await createTestStack();
    try {
      const account = await seedAccount(stack.deps);
      for (const email of [account.email, 'nobody@example.com']) {
        await assert.rejects(
          sendPasswordReset(stack.deps, { email }),
          rejectsWith('FeatureDisabled', { feature: 'email' }),
        );
      }
    } finally {
      await stack.close();
    }
  });
});

describe('password reset with e-mail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ email: true })));
  after(() => stack.close());

  async function resetCode(): Promise<{ accountId: string; code: string }> {
    const emails = await collectAuthEmails(stack);
    const account = await seedAccount(stack.deps);
    const mail = await mailFrom(emails, () =>
      sendPasswordReset(stack.deps, { email: account.email }),
    );
    assert.equal(mail.kind, 'reset');
    assert.equal(mail.to, account.email);
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.equal(row?.passwordReset?.token, hashToken(emailCode(mail)));
    return { accountId: account.id, code: emailCode(mail) };
  }

  test('an unverified or unknown address gets nothing, without an error', async () => {
    const emails = await collectAuthEmails(stack);
    const pending = await seedAccount(stack.deps, {
      verification: { status: 'Pending', token: 'x', expiry: stack.clock.now() + 60_000 },
    });
    const sent = emails.length;
    await sendPasswordReset(stack.deps, { email: pending.email });
    await sendPasswordReset(stack.deps, { email: 'nobody.here@example.com' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(emails.length, sent);
  });

  test('the code sets the new password once and keeps the sessions unless asked', async () => {
    const { accountId, code } = await resetCode();
    await createSession(stack.deps, accountId, 'kept');
    await resetPassword(stack.deps, { token: code, password: 'a brand new password' });
    const row = await stack.deps.db.accounts.findById(accountId);
    assert.ok(await verifyPassword(row!.passwordHash, 'a brand new password'));
    assert.equal(await verifyPassword(row!.passwordHash, SEEDED_PASSWORD), false);
    assert.equal(row?.passwordReset, null);
    assert.equal((await stack.deps.db.sessions.listByUser(accountId)).length, 1);
    await assert.rejects(
      resetPassword(stack.deps, { token: code, password: 'yet another password' }),
      rejectsWith('InvalidToken'),
    );
  });

  test('remove_sessions ends every session', async () => {
    const { accountId, code } = await resetCode();
    await createSession(stack.deps, accountId, 'one');
    await createSession(stack.deps, accountId, 'two');
    await resetPassword(stack.deps, {
      token: code,
      password: 'a brand new password',
      remove_sessions: true,
    });
    assert.deepEqual(await stack.deps.db.sessions.listByUser(accountId), []);
  });

  test('an unknown, empty or expired code → InvalidToken; a weak password → ShortPassword', async () => {
    const password = 'a brand new password';
    await assert.rejects(
      resetPassword(stack.deps, { token: 'nope', password }),
      rejectsWith('InvalidToken'),
    );
    await assert.rejects(
      resetPassword(stack.deps, { token: '', password }),
      rejectsWith('InvalidToken'),
    );
    const { accountId, code } = await resetCode();
    await assert.rejects(
      resetPassword(stack.deps, { token: code, password: 'short' }),
      rejectsWith('ShortPassword'),
    );
    const row = await stack.deps.db.accounts.findById(accountId);
    stack.clock.set(row!.passwordReset!.expiry + 1);
    try {
      await assert.rejects(
        resetPassword(stack.deps, { token: code, password }),
        rejectsWith('InvalidToken'),
      );
    } finally {
      stack.clock.set(Date.now());
    }
    assert.ok(await verifyPassword(row!.passwordHash, SEEDED_PASSWORD));
  });
});
