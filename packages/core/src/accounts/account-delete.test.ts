import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAuthEmails, emailCode, mailFrom } from '@ermine/testing/emails';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedAccount } from '@ermine/testing/users';
import { hashToken } from '../auth/tokens';
import { createSession } from '../sessions/session-create';
import {
  confirmAccountDeletion,
  DELETION_DELAY_MS,
  requestAccountDeletion,
} from './account-delete';
import { disableAccount } from './account-disable';

describe('disableAccount', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack()));
  after(() => stack.close());

  test('marks the account disabled and ends every session of it, only of it', async () => {
    const account = await seedAccount(stack.deps);
    const other = await seedAccount(stack.deps);
    await createSession(stack.deps, account.id, 'one');
    await createSession(stack.deps, account.id, 'two');
    await createSession(stack.deps, other.id, 'other');
    await disableAccount(stack.deps, account.id);
    assert.equal((await stack.deps.db.accounts.findById(account.id))?.disabled, true);
    assert.deepEqual(await stack.deps.db.sessions.listByUser(account.id), []);
    assert.equal((await stack.deps.db.sessions.listByUser(other.id)).length, 1);
    assert.equal((await stack.deps.db.accounts.findById(other.id))?.disabled, false);
  });
});

describe('requestAccountDeletion without e-mail', () => {
  test('schedules the deletion a week ahead and disables the account', async () => {
    const stack = await createTestStack();
    try {
      const account = await seedAccount(stack.deps);
      await createSession(stack.deps, account.id, 'one');
      await requestAccountDeletion(stack.deps, account);
      const row = await stack.deps.db.accounts.findById(account.id);
      assert.deepEqual(row?.deletion, {
        status: 'Scheduled',
        after: stack.clock.now() + DELETION_DELAY_MS,
      });
      assert.equal(row?.disabled, true);
      assert.deepEqual(await stack.deps.db.sessions.listByUser(account.id), []);
    } finally {
      await stack.close();
    }
  });
});

describe('account deletion with e-mail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ email: true })));
  after(() => stack.close());

  test('asks by e-mail first; the code confirms once and schedules the deletion', async () => {
    const emails = await collectAuthEmails(stack);
    const account = await seedAccount(stack.deps);
    const mail = await mailFrom(emails, () => requestAccountDeletion(stack.deps, account));
    assert.equal(mail.kind, 'deletion');
    assert.equal(mail.to, account.email);
    let row = await stack.deps.db.accounts.findById(account.id);
    assert.ok(row?.deletion?.status === 'WaitingForVerification');
    assert.equal(row.deletion.token, hashToken(emailCode(mail)));
    assert.equal(row.disabled, false);

    await confirmAccountDeletion(stack.deps, emailCode(mail));
    row = await stack.deps.db.accounts.findById(account.id);
    assert.equal(row?.deletion?.status, 'Scheduled');
    assert.equal(row?.disabled, true);
    await assert.rejects(
      confirmAccountDeletion(stack.deps, emailCode(mail)),
      rejectsWith('InvalidToken'),
    );
  });

  test('an unknown, empty or expired code → InvalidToken, nothing scheduled', async () => {
    await assert.rejects(confirmAccountDeletion(stack.deps, 'nope'), rejectsWith('InvalidToken'));
    await assert.rejects(confirmAccountDeletion(stack.deps, ''), rejectsWith('InvalidToken'));
    const emails = await collectAuthEmails(stack);
    const account = await seedAccount(stack.deps);
    const mail = await mailFrom(emails, () => requestAccountDeletion(stack.deps, account));
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.ok(row?.deletion?.status === 'WaitingForVerification');
    stack.clock.set(row.deletion.expiry + 1);
    try {
      await assert.rejects(
        confirmAccountDeletion(stack.deps, emailCode(mail)),
        rejectsWith('InvalidToken'),
      );
    } finally {
      stack.clock.set(Date.now());
    }
    assert.equal((await stack.deps.db.accounts.findById(account.id))?.disabled, false);
  });
});
