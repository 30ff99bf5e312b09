import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAuthEmails, emailCode, mailFrom } from '@ermine/testing/emails';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { verifyPassword } from '../auth/password';
import { normaliseEmail } from '../auth/email';
import { hashToken } from '../auth/tokens';
import { createAccount } from './account-create';

const password = 'a perfectly fine password';
let n = 0;
const freshEmail = () => `create${++n}.${Date.now()}@example.com`;

describe('createAccount without e-mail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack()));
  after(() => stack.close());

  test('stores a verified account with a hashed password', async () => {
    const email = freshEmail();
    await createAccount(stack.deps, { email, password });
    const row = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    assert.ok(row);
    assert.equal(row.email, email);
    assert.deepEqual(row.verification, { status: 'Verified' });
    assert.notEqual(row.passwordHash, password);
    assert.ok(await verifyPassword(row.passwordHash, password));
    assert.equal(row.disabled, false);
  });

  test('a registered address (even spelled differently) answers alike and keeps the account', async () => {
    const email = freshEmail();
    await createAccount(stack.deps, { email, password });
    const first = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    await createAccount(stack.deps, { email: email.toUpperCase(), password: 'another password' });
    const again = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    assert.deepEqual(again, first);
  });

  test('refuses a bad address, a short and a compromised password, storing nothing', async () => {
    await assert.rejects(
      createAccount(stack.deps, { email: 'not-an-address', password }),
      rejectsWith('IncorrectData', { with: 'email' }),
    );
    const email = freshEmail();
    await assert.rejects(
      createAccount(stack.deps, { email, password: 'short' }),
      rejectsWith('ShortPassword'),
    );
    await assert.rejects(
      createAccount(stack.deps, { email, password: '12345678' }),
      rejectsWith('CompromisedPassword'),
    );
    assert.equal(await stack.deps.db.accounts.findByEmail(normaliseEmail(email)), null);
  });
});

describe('createAccount with invites required', () => {
  let stack: TestStack;
  before(async () => {
    stack = await createTestStack({ config: { api: { registration: { invite_only: true } } } });
  });
  after(() => stack.close());

  test('no invite → MissingInvite; any invite → InvalidInvite (none are stored yet)', async () => {
    const email = freshEmail();
    await assert.rejects(
      createAccount(stack.deps, { email, password }),
      rejectsWith('MissingInvite'),
    );
    await assert.rejects(
      createAccount(stack.deps, { email, password, invite: 'abc' }),
      rejectsWith('InvalidInvite'),
    );
    assert.equal(await stack.deps.db.accounts.findByEmail(normaliseEmail(email)), null);
  });
});

describe('createAccount with e-mail', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ email: true })));
  after(() => stack.close());

  test('a new account waits for verification; the e-mailed code is stored hashed', async () => {
    const emails = await collectAuthEmails(stack);
    const email = freshEmail();
    const mail = await mailFrom(emails, () => createAccount(stack.deps, { email, password }));
    assert.equal(mail.kind, 'verify');
    assert.equal(mail.to, email);
    const row = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    assert.ok(row && row.verification.status === 'Pending');
    assert.equal(row.verification.token, hashToken(emailCode(mail)));
    assert.ok(row.verification.expiry > stack.clock.now());
  });

  test('signing up again mails a verification (pending) or a reset (verified), never an error', async () => {
    const emails = await collectAuthEmails(stack);
    const email = freshEmail();
    await mailFrom(emails, () => createAccount(stack.deps, { email, password }));
    const again = await mailFrom(emails, () => createAccount(stack.deps, { email, password }));
    assert.equal(again.kind, 'verify');

    const row = await stack.deps.db.accounts.findByEmail(normaliseEmail(email));
    await stack.deps.db.accounts.update(row!.id, { verification: { status: 'Verified' } });
    const reset = await mailFrom(emails, () => createAccount(stack.deps, { email, password }));
    assert.equal(reset.kind, 'reset_existing');
    assert.equal(reset.to, email);
  });
});
