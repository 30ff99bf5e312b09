import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../testing/api-stack';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

test('GET /onboard/hello is true until the username is chosen', async () => {
  const account = await signUp(stack);
  const before = await stack.request('GET', '/onboard/hello', { token: account.token });
  assert.equal(before.status, 200);
  assert.deepEqual(before.body, { onboarding: true });

  const done = await stack.request('POST', '/onboard/complete', {
    token: account.token,
    body: { username: 'hello' },
  });
  assert.equal(done.status, 200);

  const after = await stack.request('GET', '/onboard/hello', { token: account.token });
  assert.deepEqual(after.body, { onboarding: false });
});

test('GET /onboard/hello needs a session', async () => {
  const missing = await stack.request('GET', '/onboard/hello');
  assert.equal(missing.status, 401);
  const unknown = await stack.request('GET', '/onboard/hello', { token: 'x'.repeat(64) });
  assert.equal(unknown.status, 401);
  assert.equal((unknown.body as { type: string }).type, 'InvalidSession');
});
