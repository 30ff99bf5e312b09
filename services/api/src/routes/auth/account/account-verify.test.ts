import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

describe('POST /auth/account/verify/{code}', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  let made = 0;
  async function pendingAccount() {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    const email = `verify${++made}@example.com`;
    const password = 'verification password';
    await stack.request('POST', '/auth/account/create', { body: { email, password } });
    const mail = await waitForEmail(emails, n0 + 1);
    return { email, password, code: emailCode(mail) };
  }

  test('before verification: the right password → 403 UnverifiedAccount, a wrong one → 401', async () => {
    const { email, password } = await pendingAccount();
    const right = await stack.request('POST', '/auth/session/login', { body: { email, password } });
    assert.equal(right.status, 403);
    assert.equal(right.body.type, 'UnverifiedAccount');
    const wrong = await stack.request('POST', '/auth/session/login', {
      body: { email, password: 'nope nope' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.type, 'InvalidCredentials');
  });

  test('→ {ticket}: an authorised ticket that logs in once without the password', async () => {
    const { email, password, code } = await pendingAccount();
    const res = await stack.request<{ ticket: Record<string, unknown> }>(
      'POST',
      `/auth/account/verify/${code}`,
      {
        body: {},
      },
    );
    assert.equal(res.status, 200);
    const ticket = res.body.ticket;
    assert.deepEqual(Object.keys(ticket).sort(), [
      '_id',
      'account_id',
      'authorised',
      'last_totp_code',
      'token',
      'validated',
    ]);
    assert.equal(ticket.authorised, true);
    assert.equal(ticket.validated, false);
    assert.equal(ticket.last_totp_code, null);
    assert.match(String(ticket.token), /^[A-Za-z0-9_-]{64}$/);

    const login = await stack.request('POST', '/auth/session/login', {
      body: { mfa_ticket: ticket.token },
    });
    assert.equal(login.body.result, 'Success');
    assert.equal(login.body.user_id, ticket.account_id);
    const again = await stack.request('POST', '/auth/session/login', {
      body: { mfa_ticket: ticket.token },
    });
    assert.equal(again.status, 401);
    assert.equal(again.body.type, 'InvalidToken');
    // Verified: the password works now.
    const byPassword = await stack.request('POST', '/auth/session/login', {
      body: { email, password },
    });
    assert.equal(byPassword.body.result, 'Success');
    // The code is spent.
    assert.equal((await stack.request('POST', `/auth/account/verify/${code}`)).status, 401);
  });

  test('unknown or expired code → 401 InvalidToken', async () => {
    const unknown = await stack.request('POST', `/auth/account/verify/${'q'.repeat(32)}`);
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidToken');
    const { code } = await pendingAccount();
    stack.clock.advance(604_800_000 + 1000);
    const expired = await stack.request('POST', `/auth/account/verify/${code}`);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.type, 'InvalidToken');
  });
});
