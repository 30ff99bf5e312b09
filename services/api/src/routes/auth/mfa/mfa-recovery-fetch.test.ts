import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '@ermine/core/auth/tokens';
import { createApiStack, mfaTicket, signUp, type ApiStack } from '../../../testing/api-stack';

describe('POST /auth/mfa/recovery', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('→ the current codes ([] before any were made); each ticket works once', async () => {
    const user = await signUp(stack);
    const fetchCodes = (ticket: string) =>
      stack.request<string[]>('POST', '/auth/mfa/recovery', {
        token: user.token,
        body: {},
        headers: { 'x-mfa-ticket': ticket },
      });
    assert.deepEqual((await fetchCodes(await mfaTicket(stack, user))).body, []);
    const made = await stack.request<string[]>('PATCH', '/auth/mfa/recovery', {
      token: user.token,
      headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
    });
    const ticket = await mfaTicket(stack, user);
    const res = await fetchCodes(ticket);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, made.body);
    const reused = await fetchCodes(ticket);
    assert.equal(reused.status, 401);
    assert.equal((reused.body as unknown as { type: string }).type, 'InvalidToken');
  });

  test('an unvalidated (login) ticket → 403 InvalidToken', async () => {
    const user = await signUp(stack);
    const row = await stack.request<{ token: string }>('PUT', '/auth/mfa/ticket', {
      token: user.token,
      body: { password: user.password },
    });
    // Turn it into an unvalidated one to stand for a login ticket.
    const stored = (await stack.deps.db.mfaTickets.findByTokenHash(hashToken(row.body.token)))!;
    await stack.deps.db.mfaTickets.update(stored.id, { validated: false });
    const res = await stack.request('POST', '/auth/mfa/recovery', {
      token: user.token,
      headers: { 'x-mfa-ticket': row.body.token },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.type, 'InvalidToken');
  });
});
