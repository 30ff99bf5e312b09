import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, mfaTicket, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

describe('PUT /auth/account/delete', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  let made = 0;
  // A verified account that asked for deletion; returns the e-mailed code.
  async function requestDeletion(): Promise<{ code: string; accountId: string; token: string }> {
    const emails = await collectAuthEmails(stack);
    const user = await signUp(stack, {
      email: `bye${++made}@example.com`,
      password: 'deletion password',
    });
    const n0 = emails.length;
    await stack.request('POST', '/auth/account/delete', {
      token: user.token,
      headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
    });
    const mail = await waitForEmail(emails, n0 + 1);
    return { code: emailCode(mail), accountId: user.accountId, token: user.token };
  }

  test('204: the e-mailed code schedules the deletion, disables the account, ends sessions', async () => {
    const { code, accountId, token } = await requestDeletion();
    const events = await stack.record({ private: accountId });
    const res = await stack.request('PUT', '/auth/account/delete', { body: { token: code } });
    assert.equal(res.status, 204);
    const row = await stack.deps.db.accounts.findById(accountId);
    assert.equal(row?.deletion?.status, 'Scheduled');
    assert.equal(row?.disabled, true);
    await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions');
    assert.equal((await stack.request('GET', '/auth/account/', { token })).status, 401);
    // The code works once.
    const again = await stack.request('PUT', '/auth/account/delete', { body: { token: code } });
    assert.equal(again.status, 401);
    assert.equal(again.body.type, 'InvalidToken');
  });

  test('unknown or expired code → 401 InvalidToken', async () => {
    const unknown = await stack.request('PUT', '/auth/account/delete', {
      body: { token: 'z'.repeat(32) },
    });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidToken');
    const { code, accountId } = await requestDeletion();
    stack.clock.advance(86_400_000 + 1000);
    const expired = await stack.request('PUT', '/auth/account/delete', { body: { token: code } });
    assert.equal(expired.status, 401);
    assert.equal(
      (await stack.deps.db.accounts.findById(accountId))?.deletion?.status,
      'WaitingForVerification',
    );
  });

  test('bad input → 400 FailedValidation', async () => {
    for (const body of ['', '[', { token: 5 }, { token: 'x'.repeat(10_000) }]) {
      const res = await stack.request('PUT', '/auth/account/delete', { body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 40));
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});
