import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, waitForEmail } from '@ermine/testing/emails';

describe('POST /auth/account/reset_password (no SMTP)', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('400 FeatureDisabled {feature: "email"} whether or not the address is registered', async () => {
    const user = await signUp(stack);
    const known = await stack.request('POST', '/auth/account/reset_password', {
      body: { email: user.email },
    });
    const unknown = await stack.request('POST', '/auth/account/reset_password', {
      body: { email: 'nobody@example.com' },
    });
    assert.deepEqual(
      [known.status, known.body.type, known.body.feature],
      [unknown.status, unknown.body.type, unknown.body.feature],
    );
    assert.equal(known.status, 400);
    assert.equal(known.body.type, 'FeatureDisabled');
    assert.equal(known.body.feature, 'email');
  });
});

describe('POST /auth/account/reset_password (SMTP)', () => {
  let stack: ApiStack;
  before(async () => {
    stack = await createApiStack({
      email: true,
      config: {
        ermine: { public_url: 'https://chat.example.org' },
      },
    });
  });
  after(() => stack.close());

  test('204 for an unknown address and no e-mail; 204 and a reset link for a registered one', async () => {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    const unknown = await stack.request('POST', '/auth/account/reset_password', {
      body: { email: 'ghost@example.com' },
    });
    assert.equal(unknown.status, 204);

    await signUp(stack, { email: 'forgetful@example.com', password: 'forgotten password' });
    const known = await stack.request('POST', '/auth/account/reset_password', {
      body: { email: 'Forget.ful@example.com' },
    });
    assert.equal(known.status, 204);
    const mail = await waitForEmail(emails, n0 + 2);
    assert.equal(mail.kind, 'reset');
    assert.equal(mail.to, 'forgetful@example.com');
    assert.match(mail.url, /^https:\/\/chat\.example\.org\/login\/reset\/[A-Za-z0-9_-]{32}$/);
    assert.equal(emails.length, n0 + 2);
  });

  test('bad input → 400', async () => {
    assert.equal(
      (await stack.request('POST', '/auth/account/reset_password', { body: { email: 'x' } })).body
        .type,
      'IncorrectData',
    );
    assert.equal(
      (await stack.request('POST', '/auth/account/reset_password', { body: '{"email":' })).body
        .type,
      'FailedValidation',
    );
  });
});
