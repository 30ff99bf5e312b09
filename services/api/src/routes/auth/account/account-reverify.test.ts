import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

describe('POST /auth/account/reverify (no SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('400 FeatureDisabled {feature: "email"} for registered and unknown addresses alike', async () => {
    const user = await signUp(stack);
    const known = await stack.request('POST', '/auth/account/reverify', {
      body: { email: user.email },
    });
    const unknown = await stack.request('POST', '/auth/account/reverify', {
      body: { email: 'nobody@example.com' },
    });
    for (const res of [known, unknown]) {
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'FeatureDisabled');
      assert.equal(res.body.feature, 'email');
    }
  });
});

describe('POST /auth/account/reverify (SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ email: true })));
  after(() => stack.close());

  test('204 for an unknown address, and no e-mail', async () => {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    const res = await stack.request('POST', '/auth/account/reverify', {
      body: { email: 'ghost@example.com' },
    });
    assert.equal(res.status, 204);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(emails.length, n0);
  });

  test('a pending account gets a new verification e-mail; the old code stops working', async () => {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    await stack.request('POST', '/auth/account/create', {
      body: { email: 'again@example.com', password: 'again password' },
    });
    const first = await waitForEmail(emails, n0 + 1);
    const res = await stack.request('POST', '/auth/account/reverify', {
      body: { email: 'again@example.com' },
    });
    assert.equal(res.status, 204);
    const second = await waitForEmail(emails, n0 + 2);
    assert.equal(second.kind, 'verify');
    assert.notEqual(second.path, first.path);
    assert.equal(
      (await stack.request('POST', `/auth/account/verify/${emailCode(first)}`)).status,
      401,
    );
    assert.equal(
      (await stack.request('POST', `/auth/account/verify/${emailCode(second)}`)).status,
      200,
    );
  });

  test('a verified account gets a password-reset e-mail instead', async () => {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    await signUp(stack, { email: 'done@example.com', password: 'done password' });
    await stack.request('POST', '/auth/account/reverify', { body: { email: 'done@example.com' } });
    assert.equal((await waitForEmail(emails, n0 + 2)).kind, 'reset_existing');
  });

  test('a malformed address → 400 IncorrectData; bad input → 400 FailedValidation', async () => {
    const bad = await stack.request('POST', '/auth/account/reverify', { body: { email: 'nope' } });
    assert.equal(bad.body.type, 'IncorrectData');
    const wrong = await stack.request('POST', '/auth/account/reverify', { body: { email: ['x'] } });
    assert.equal(wrong.body.type, 'FailedValidation');
  });
});
