import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, mfaTicket, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, waitForEmail } from '@ermine/testing/emails';

const WEEK_MS = 7 * 24 * 60 * 60_000;

describe('POST /auth/account/delete (no SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('204: deletion is scheduled a week ahead at once, the account disabled, sessions ended', async () => {
    const user = await signUp(stack);
    const events = await stack.record({ private: user.accountId });
    const ticket = await mfaTicket(stack, user);
    const res = await stack.request('POST', '/auth/account/delete', {
      token: user.token,
      body: {},
      headers: { 'x-mfa-ticket': ticket },
    });
    assert.equal(res.status, 204);
    const row = await stack.deps.db.accounts.findById(user.accountId);
    assert.deepEqual(row?.deletion, { status: 'Scheduled', after: stack.clock.now() + WEEK_MS });
    assert.equal(row?.disabled, true);
    await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions');
    assert.equal((await stack.request('GET', '/auth/account/', { token: user.token })).status, 401);
  });

  test('without a validated ticket → 401 MissingHeaders, and nothing happens', async () => {
    const user = await signUp(stack);
    const res = await stack.request('POST', '/auth/account/delete', {
      token: user.token,
      body: {},
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
    assert.equal((await stack.deps.db.accounts.findById(user.accountId))?.deletion, null);
  });
});

describe('POST /auth/account/delete (SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  test('204 and a confirmation e-mail; the account stays usable until confirmed', async () => {
    const emails = await collectAuthEmails(stack);
    const user = await signUp(stack, {
      email: 'leaving@example.com',
      password: 'leaving password',
    });
    const res = await stack.request('POST', '/auth/account/delete', {
      token: user.token,
      headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
    });
    assert.equal(res.status, 204);
    const mail = await waitForEmail(emails, 2);
    assert.equal(mail.kind, 'deletion');
    assert.match(mail.path, /^\/delete\/[A-Za-z0-9_-]{32}$/);
    const row = await stack.deps.db.accounts.findById(user.accountId);
    assert.equal(row?.deletion?.status, 'WaitingForVerification');
    assert.equal(row?.disabled, false);
    assert.equal((await stack.request('GET', '/auth/account/', { token: user.token })).status, 200);
  });
});
