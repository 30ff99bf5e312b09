import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createApiStack,
  enableTotp,
  mfaTicket,
  signUp,
  currentTotp,
  type ApiStack,
} from '../../../testing/api-stack';

describe('POST /auth/mfa/totp', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const generate = async (user: { token: string }, ticket: string) =>
    stack.request('POST', '/auth/mfa/totp', {
      token: user.token,
      body: {},
      headers: { 'x-mfa-ticket': ticket },
    });

  test('→ {secret}: 16 base32 characters, stored as Pending', async () => {
    const user = await signUp(stack);
    const res = await generate(user, await mfaTicket(stack, user));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['secret']);
    assert.match(String(res.body.secret), /^[A-Z2-7]{16}$/);
    const row = await stack.deps.db.accounts.findById(user.accountId);
    assert.deepEqual(row?.mfa.totp, { status: 'Pending', secret: res.body.secret });
    // TOTP is not on until confirmed.
    assert.deepEqual(
      (await stack.request('GET', '/auth/mfa/methods', { token: user.token })).body,
      ['Password'],
    );
  });

  test('already enabled → 400 TotpAlreadyEnabled', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const res = await generate(
      user,
      await mfaTicket(stack, user, { totp_code: currentTotp(stack, secret) }),
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'TotpAlreadyEnabled');
  });

  test('needs a validated ticket', async () => {
    const user = await signUp(stack);
    const res = await stack.request('POST', '/auth/mfa/totp', { token: user.token });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
