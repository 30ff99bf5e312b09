import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAuthEmails, emailCode, mailFrom } from '@ermine/testing/emails';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { SEEDED_PASSWORD, seedAccount } from '@ermine/testing/users';
import { normaliseEmail } from '../auth/email';
import { verifyPassword } from '../auth/password';
import { hashToken } from '../auth/tokens';
import { changeEmail } from './account-change-email';
import { changePassword } from './account-change-password';

const totpOn = {
  totp: { status: 'Enabled' as const, secret: 'JBSWY3DPEHPK3PXP' },
  recoveryCodes: [],
};
let n = 0;
const freshEmail = () => `change${++n}.${Date.now()}@example.com`;

describe('changePassword', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack()));
  after(() => stack.close());

  test('with the current password: the new one works, the old one no more', async () => {
    const account = await seedAccount(stack.deps);
    await changePassword(stack.deps, account, {
      password: 'a brand new password',
      currentPassword: SEEDED_PASSWORD,
      withTicket: false,
    });
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.ok(await verifyPassword(row!.passwordHash, 'a brand new password'));
    assert.equal(await verifyPassword(row!.passwordHash, SEEDED_PASSWORD), false);
  });

  test('a wrong current password → InvalidCredentials; a weak new one → ShortPassword', async () => {
    const account = await seedAccount(stack.deps);
    await assert.rejects(
      changePassword(stack.deps, account, {
        password: 'a brand new password',
        currentPassword: 'not the password',
        withTicket: false,
      }),
      rejectsWith('InvalidCredentials'),
    );
    await assert.rejects(
      changePassword(stack.deps, account, {
        password: 'short',
        currentPassword: SEEDED_PASSWORD,
        withTicket: false,
      }),
      rejectsWith('ShortPassword'),
    );
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.equal(row?.passwordHash, account.passwordHash);
  });

  test('with TOTP on, only with a validated ticket', async () => {
    const account = await seedAccount(stack.deps, { mfa: totpOn });
    const input = { password: 'a brand new password', currentPassword: SEEDED_PASSWORD };
    await assert.rejects(
      changePassword(stack.deps, account, { ...input, withTicket: false }),
      rejectsWith('InvalidCredentials'),
    );
    await changePassword(stack.deps, account, { ...input, withTicket: true });
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.ok(await verifyPassword(row!.passwordHash, input.password));
  });
});

describe('changeEmail without e-mail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack()));
  after(() => stack.close());

  test('applies at once', async () => {
    const account = await seedAccount(stack.deps);
    const email = freshEmail();
    await changeEmail(stack.deps, account, {
      email,
      currentPassword: SEEDED_PASSWORD,
      withTicket: false,
    });
    const row = await stack.deps.db.accounts.findById(account.id);
    assert.equal(row?.email, email);
    assert.equal(row?.emailNormalised, normaliseEmail(email));
  });

  test('refuses a bad address, a wrong password, TOTP without ticket, a taken address, a pending account', async () => {
    const account = await seedAccount(stack.deps);
    const change = (email: string, currentPassword = SEEDED_PASSWORD, target = account) =>
      changeEmail(stack.deps, target, { email, currentPassword, withTicket: false });
    await assert.rejects(change('nope'), rejectsWith('IncorrectData', { with: 'email' }));
    await assert.rejects(change(freshEmail(), 'wrong password'), rejectsWith('InvalidCredentials'));
    const other = await seedAccount(stack.deps);
    await assert.rejects(change(other.email), rejectsWith('IncorrectData', { with: 'email' }));
    const withTotp = await seedAccount(stack.deps, { mfa: totpOn });
    await assert.rejects(
      change(freshEmail(), SEEDED_PASSWORD, withTotp),
      rejectsWith('InvalidCredentials'),
    );
    const pending = await seedAccount(stack.deps, {
      verification: { status: 'Pending', token: 'x', expiry: stack.clock.now() + 60_000 },
    });
    await assert.rejects(
      change(freshEmail(), SEEDED_PASSWORD, pending),
      rejectsWith('UnverifiedAccount'),
    );
    assert.equal((await stack.deps.db.accounts.findById(account.id))?.email, account.email);
  });
});

describe('changeEmail with e-mail', () => {
  test('keeps the address until the new one is confirmed (Moving, code e-mailed to it)', async () => {
    const stack = await createTestStack({ email: true });
    try {
      const emails = await collectAuthEmails(stack);
      const account = await seedAccount(stack.deps);
      const email = freshEmail();
      const mail = await mailFrom(emails, () =>
        changeEmail(stack.deps, account, {
          email,
          currentPassword: SEEDED_PASSWORD,
          withTicket: false,
        }),
      );
      assert.equal(mail.kind, 'verify');
      assert.equal(mail.to, email);
      const row = await stack.deps.db.accounts.findById(account.id);
      assert.equal(row?.email, account.email);
      assert.ok(row?.verification.status === 'Moving');
      assert.equal(row.verification.newEmail, email);
      assert.equal(row.verification.token, hashToken(emailCode(mail)));
    } finally {
      await stack.close();
    }
  });
});
