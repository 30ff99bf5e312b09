import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAuthEmails, emailCode, mailFrom } from '@ermine/testing/emails';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedAccount } from '@ermine/testing/users';
import { normaliseEmail } from '../auth/email';
import { createAccount } from './account-create';
import { startEmailMove } from './account-email';
import { resendVerification } from './account-reverify';
import { verifyEmail } from './account-verify';

let n = 0;
const freshEmail = () => `verify${++n}.${Date.now()}@example.com`;

describe('verifyEmail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ email: true })));
  after(() => stack.close());

  async function pendingAccount(): Promise<{ email: string; code: string }> {
    const emails = await collectAuthEmails(stack);
    const email = freshEmail();
    const mail = await mailFrom(emails, () =>
      createAccount(stack.deps, { email, password: 'a perfectly fine password' }),
    );
    return { email, code: emailCode(mail) };
  }

  test('a new account: verified, with an authorised (not validated) ticket; the code works once', async () => {
    const { email, code } = await pendingAccount();
    const ticket = await verifyEmail(stack.deps, code);
    const row = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    assert.deepEqual(row?.verification, { status: 'Verified' });
    assert.ok(ticket);
    assert.equal(ticket.row.accountId, row!.id);
    assert.equal(ticket.row.authorised, true);
    assert.equal(ticket.row.validated, false);
    await assert.rejects(verifyEmail(stack.deps, code), rejectsWith('InvalidToken'));
  });

  test('an unknown, empty or expired code → InvalidToken', async () => {
    await assert.rejects(verifyEmail(stack.deps, 'nope'), rejectsWith('InvalidToken'));
    await assert.rejects(verifyEmail(stack.deps, ''), rejectsWith('InvalidToken'));
    const { email, code } = await pendingAccount();
    const row = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    assert.ok(row?.verification.status === 'Pending');
    stack.clock.set(row.verification.expiry + 1);
    try {
      await assert.rejects(verifyEmail(stack.deps, code), rejectsWith('InvalidToken'));
    } finally {
      stack.clock.set(Date.now());
    }
  });

  test('an address move applies the new address and issues no ticket', async () => {
    const emails = await collectAuthEmails(stack);
    const account = await seedAccount(stack.deps);
    const moved = freshEmail();
    const mail = await mailFrom(emails, () => startEmailMove(stack.deps, account, moved));
    assert.equal(mail.to, moved);
    assert.equal(mail.email, account.email);
    assert.equal(await verifyEmail(stack.deps, emailCode(mail)), null);
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.equal(row?.email, moved);
    assert.equal(row?.emailNormalised, normaliseEmail(moved));
    assert.deepEqual(row?.verification, { status: 'Verified' });
  });

  test('a move to an address taken meanwhile → InvalidToken, the old address stays', async () => {
    const emails = await collectAuthEmails(stack);
    const account = await seedAccount(stack.deps);
    const wanted = freshEmail();
    const mail = await mailFrom(emails, () => startEmailMove(stack.deps, account, wanted));
    await seedAccount(stack.deps, { email: wanted, emailNormalised: normaliseEmail(wanted) });
    await assert.rejects(verifyEmail(stack.deps, emailCode(mail)), rejectsWith('InvalidToken'));
    assert.equal((await stack.deps.db.accounts.findById(account.id))?.email, account.email);
  });
});

describe('resendVerification', () => {
  test('without e-mail: FeatureDisabled for every address alike', async () => {
    const stack = await createTestStack();
    try {
      const account = await seedAccount(stack.deps);
      for (const email of [account.email, freshEmail()]) {
        await assert.rejects(
          resendVerification(stack.deps, { email }),
          rejectsWith('FeatureDisabled', { feature: 'email' }),
        );
      }
    } finally {
      await stack.close();
    }
  });

  test('pending → a new verification; verified → a reset; unknown → nothing, without an error', async () => {
    const stack = await createTestStack({ email: true });
    try {
      const emails = await collectAuthEmails(stack);
      const pending = await seedAccount(stack.deps, {
        verification: { status: 'Pending', token: 'x', expiry: stack.clock.now() + 60_000 },
      });
      const verify = await mailFrom(emails, () =>
        resendVerification(stack.deps, { email: pending.email }),
      );
      assert.equal(verify.kind, 'verify');
      const row = await stack.deps.db.accounts.findById(pending.id);
      assert.ok(row?.verification.status === 'Pending' && row.verification.token !== 'x');

      const verified = await seedAccount(stack.deps);
      const reset = await mailFrom(emails, () =>
        resendVerification(stack.deps, { email: verified.email }),
      );
      assert.equal(reset.kind, 'reset_existing');
      assert.equal(reset.to, verified.email);

      const sent = emails.length;
      await resendVerification(stack.deps, { email: freshEmail() });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(emails.length, sent);
      await assert.rejects(
        resendVerification(stack.deps, { email: 'not-an-address' }),
        rejectsWith('IncorrectData', { with: 'email' }),
      );
    } finally {
      await stack.close();
    }
  });
});
