import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

describe('PATCH /auth/account/reset_password', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  let made = 0;
  // A verified, logged-in account with a reset code e-mailed to it.
  async function withResetCode() {
    const emails = await collectAuthEmails(stack);
    const { email, token, accountId } = await signUp(stack, {
      email: `reset${++made}@example.com`,
      password: 'original password',
    });
    const n0 = emails.length;
    await stack.request('POST', '/auth/account/reset_password', { body: { email } });
    return { email, code: emailCode(await waitForEmail(emails, n0 + 1)), token, accountId };
  }
  const login = (email: string, password: string) =>
    stack.request('POST', '/auth/session/login', { body: { email, password } });

  test('204: the new password works, the lockout is cleared, sessions stay by default', async () => {
    const { email, code, token } = await withResetCode();
    for (let i = 0; i < 3; i++) await login(email, 'wrong password!');
    assert.equal((await login(email, 'original password')).body.type, 'LockedOut');
    const res = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: code, password: 'a new password 1' },
    });
    assert.equal(res.status, 204);
    assert.equal((await login(email, 'a new password 1')).body.result, 'Success');
    assert.equal((await stack.request('GET', '/auth/account/', { token })).status, 200);
    const reused = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: code, password: 'a new password 2' },
    });
    assert.equal(reused.status, 401);
    assert.equal(reused.body.type, 'InvalidToken');
  });

  test('remove_sessions: every session ends and DeleteAllSessions is published', async () => {
    const { code, token, accountId } = await withResetCode();
    const events = await stack.record({ private: accountId });
    const res = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: code, password: 'a new password 3', remove_sessions: true },
    });
    assert.equal(res.status, 204);
    await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions');
    assert.equal((await stack.request('GET', '/auth/account/', { token })).status, 401);
  });

  test('password rules apply; unknown or expired code → 401 InvalidToken', async () => {
    const { code } = await withResetCode();
    const short = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: code, password: 'short' },
    });
    assert.equal(short.body.type, 'ShortPassword');
    const unknown = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: 'n'.repeat(32), password: 'a new password 4' },
    });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidToken');
    stack.clock.advance(86_400_000 + 1000);
    const expired = await stack.request('PATCH', '/auth/account/reset_password', {
      body: { token: code, password: 'a new password 5' },
    });
    assert.equal(expired.status, 401);
  });

  test('bad input → 400 FailedValidation', async () => {
    for (const body of [
      '?',
      { token: 'x' },
      { token: 1, password: 'abcdefghij' },
      { token: 'x', password: 'abcdefghij', remove_sessions: 'yes' },
    ]) {
      const res = await stack.request('PATCH', '/auth/account/reset_password', { body });
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});
