import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '@ermine/core/auth/tokens';
import {
  createApiStack,
  currentTotp,
  enableTotp,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';
import type { MFATicket } from '@ermine/models/mfa';

describe('PUT /auth/mfa/ticket', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const put = (body: unknown, opts: { token?: string; ticket?: string } = {}) =>
    stack.request<MFATicket & { type?: string }>('PUT', '/auth/mfa/ticket', {
      token: opts.token,
      body,
      headers: opts.ticket === undefined ? {} : { 'x-mfa-ticket': opts.ticket },
    });

  test('session + password → a validated MFATicket (only its hash is stored)', async () => {
    const user = await signUp(stack);
    const res = await put({ password: user.password }, { token: user.token });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), [
      '_id',
      'account_id',
      'authorised',
      'last_totp_code',
      'token',
      'validated',
    ]);
    assert.equal(res.body.account_id, user.accountId);
    assert.equal(res.body.validated, true);
    assert.equal(res.body.authorised, false);
    assert.equal(res.body.last_totp_code, null);
    const row = await stack.deps.db.mfaTickets.findByTokenHash(hashToken(res.body.token));
    assert.equal(row?.id, res.body._id);
  });

  test('a wrong password → 401 InvalidCredentials; a disallowed method → 400 DisallowedMFAMethod', async () => {
    const user = await signUp(stack);
    const wrong = await put({ password: 'wrong wrong' }, { token: user.token });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.type, 'InvalidCredentials');
    const totp = await put({ totp_code: '123456' }, { token: user.token });
    assert.equal(totp.status, 400);
    assert.equal(totp.body.type, 'DisallowedMFAMethod');
  });

  test('with TOTP on: the code is the answer, the password is not', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const byPassword = await put({ password: user.password }, { token: user.token });
    assert.equal(byPassword.body.type, 'DisallowedMFAMethod');
    const byCode = await put({ totp_code: currentTotp(stack, secret) }, { token: user.token });
    assert.equal(byCode.status, 200);
    assert.equal(byCode.body.validated, true);
  });

  test('an unvalidated login ticket can be exchanged (and is spent) without a session', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const login = await stack.request<{ ticket: string }>('POST', '/auth/session/login', {
      body: { email: user.email, password: user.password },
    });
    const res = await put({ totp_code: currentTotp(stack, secret) }, { ticket: login.body.ticket });
    assert.equal(res.status, 200);
    assert.equal(res.body.validated, true);
    assert.equal(
      await stack.deps.db.mfaTickets.findByTokenHash(hashToken(login.body.ticket)),
      null,
    );
  });

  test('neither session nor ticket → 401 InvalidToken; both → 500 OperationFailed; a validated ticket → 403', async () => {
    const user = await signUp(stack);
    const neither = await put({ password: user.password });
    assert.equal(neither.status, 401);
    assert.equal(neither.body.type, 'InvalidToken');
    const validated = await put({ password: user.password }, { token: user.token });
    const both = await put(
      { password: user.password },
      { token: user.token, ticket: validated.body.token },
    );
    assert.equal(both.status, 500);
    assert.equal(both.body.type, 'OperationFailed');
    const asTicket = await put({ password: user.password }, { ticket: validated.body.token });
    assert.equal(asTicket.status, 403);
    assert.equal(asTicket.body.type, 'InvalidToken');
  });

  test('after ten wrong answers the account is locked out, even for the right code', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const current = currentTotp(stack, secret);
    const wrong = current === '123456' ? '654321' : '123456';
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => put({ totp_code: wrong }, { token: user.token })),
    );
    assert.equal(answers.filter((res) => res.body.type === 'InvalidToken').length, 10);
    assert.equal(answers.filter((res) => res.body.type === 'LockedOut').length, 20);
    const right = await put({ totp_code: current }, { token: user.token });
    assert.equal(right.status, 403);
    assert.equal(right.body.type, 'LockedOut');
    // A recovery code or a new login ticket does not get round it.
    const login = await stack.request<{ ticket: string }>('POST', '/auth/session/login', {
      body: { email: user.email, password: user.password },
    });
    const byTicket = await put({ totp_code: current }, { ticket: login.body.ticket });
    assert.equal(byTicket.body.type, 'LockedOut');
    stack.clock.advance(60 * 60_000 + 1);
    const later = await put({ totp_code: currentTotp(stack, secret) }, { token: user.token });
    assert.equal(later.status, 200);
  });

  test('wrong passwords count too; a right answer clears the count', async () => {
    const user = await signUp(stack);
    for (let i = 0; i < 9; i++) {
      assert.equal((await put({ password: 'wrong wrong' }, { token: user.token })).status, 401);
    }
    assert.equal((await put({ password: user.password }, { token: user.token })).status, 200);
    for (let i = 0; i < 10; i++) {
      assert.equal((await put({ password: 'wrong wrong' }, { token: user.token })).status, 401);
    }
    const locked = await put({ password: user.password }, { token: user.token });
    assert.equal(locked.body.type, 'LockedOut');
  });

  test('bad input → 400 FailedValidation', async () => {
    const user = await signUp(stack);
    for (const body of [
      'x',
      {},
      { password: 5 },
      { totp_code: ['1'] },
      { recovery_code: 'r'.repeat(1000) },
    ]) {
      const res = await put(body, { token: user.token });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 40));
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});
