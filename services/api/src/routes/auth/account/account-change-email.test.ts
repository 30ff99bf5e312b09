import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

describe('PATCH /auth/account/change/email (no SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const change = (token: string, body: unknown) =>
    stack.request('PATCH', '/auth/account/change/email', { token, body });

  test('204 and the new address applies at once', async () => {
    const user = await signUp(stack);
    const res = await change(user.token, {
      email: 'Moved.Here@example.com',
      current_password: user.password,
    });
    assert.equal(res.status, 204);
    const info = await stack.request('GET', '/auth/account/', { token: user.token });
    assert.equal(info.body.email, 'Moved.Here@example.com');
    const login = await stack.request('POST', '/auth/session/login', {
      body: { email: 'movedhere@example.com', password: user.password },
    });
    assert.equal(login.body.result, 'Success');
    const old = await stack.request('POST', '/auth/session/login', {
      body: { email: user.email, password: user.password },
    });
    assert.equal(old.status, 401);
  });

  test('wrong password → 401 InvalidCredentials; malformed address → 400 IncorrectData', async () => {
    const user = await signUp(stack);
    const wrong = await change(user.token, {
      email: 'x@example.com',
      current_password: 'not it at all',
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.type, 'InvalidCredentials');
    const bad = await change(user.token, {
      email: 'not-an-address',
      current_password: user.password,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, 'IncorrectData');
    assert.equal(bad.body.with, 'email');
  });

  test("another account's address → 400 IncorrectData", async () => {
    const a = await signUp(stack);
    const b = await signUp(stack);
    const res = await change(b.token, { email: a.email, current_password: b.password });
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'IncorrectData');
  });

  test('bad input → 400 FailedValidation', async () => {
    const user = await signUp(stack);
    for (const body of ['{', { email: 5, current_password: 'x' }, { email: 'a@b.c' }]) {
      assert.equal((await change(user.token, body)).body.type, 'FailedValidation');
    }
  });
});

describe('PATCH /auth/account/change/email (SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  test('the new address must be confirmed from the e-mailed link', async () => {
    const emails = await collectAuthEmails(stack);
    // Signed up and verified through the first e-mail.
    const { token } = await signUp(stack, {
      email: 'mover@example.com',
      password: 'mover password 1',
    });

    const res = await stack.request('PATCH', '/auth/account/change/email', {
      token,
      body: { email: 'moved@example.com', current_password: 'mover password 1' },
    });
    assert.equal(res.status, 204);
    const mail = await waitForEmail(emails, 2);
    assert.equal(mail.kind, 'verify');
    assert.equal(mail.to, 'moved@example.com');
    assert.equal(
      (await stack.request('GET', '/auth/account/', { token })).body.email,
      'mover@example.com',
    );

    const confirmed = await stack.request('POST', `/auth/account/verify/${emailCode(mail)}`);
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body, null);
    assert.equal(
      (await stack.request('GET', '/auth/account/', { token })).body.email,
      'moved@example.com',
    );
  });
});
