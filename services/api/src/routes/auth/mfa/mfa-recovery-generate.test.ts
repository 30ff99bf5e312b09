import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, mfaTicket, signUp, type ApiStack } from '../../../testing/api-stack';

describe('PATCH /auth/mfa/recovery', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('→ ten new codes xxxxx-xxxxx, replacing the old ones', async () => {
    const user = await signUp(stack);
    const generate = async () =>
      stack.request<string[]>('PATCH', '/auth/mfa/recovery', {
        token: user.token,
        body: {},
        headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
      });
    const first = await generate();
    assert.equal(first.status, 200);
    assert.equal(first.body.length, 10);
    for (const code of first.body)
      assert.match(code, /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const second = await generate();
    assert.notDeepEqual(second.body, first.body);
    const stored = await stack.deps.db.accounts.findById(user.accountId);
    assert.deepEqual(stored?.mfa.recoveryCodes, second.body);
  });

  test('needs a validated ticket: missing → 401 MissingHeaders', async () => {
    const user = await signUp(stack);
    const res = await stack.request('PATCH', '/auth/mfa/recovery', { token: user.token });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
