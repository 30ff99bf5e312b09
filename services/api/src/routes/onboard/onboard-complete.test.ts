import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../testing/api-stack';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

async function onboard(username: unknown, token?: string) {
  const account = token ?? (await signUp(stack)).token;
  return stack.request<Record<string, unknown>>('POST', '/onboard/complete', {
    token: account,
    body: { username },
  });
}

describe('POST /onboard/complete', () => {
  test('creates the user with the account id and returns the self view', async () => {
    const account = await signUp(stack);
    const res = await onboard('alice', account.token);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), [
      '_id',
      'username',
      'discriminator',
      'relationship',
      'online',
    ]);
    assert.equal(res.body._id, account.accountId);
    assert.equal(res.body.username, 'alice');
    assert.match(String(res.body.discriminator), /^\d{4}$/);
    assert.equal(res.body.relationship, 'User');
    assert.equal(res.body.online, false);

    const me = await stack.request('GET', '/users/@me', { token: account.token });
    assert.equal(me.status, 200);
    assert.equal(me.body._id, account.accountId);
  });

  test('a second onboarding is refused', async () => {
    const account = await signUp(stack);
    assert.equal((await onboard('first', account.token)).status, 200);
    const again = await onboard('second', account.token);
    assert.equal(again.status, 403);
    assert.equal(again.body.type, 'AlreadyOnboarded');
  });

  test('Unicode letters and digits are allowed; homoglyph spoofs are folded', async () => {
    const ok = await onboard('Ангел_٣.x-1');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.username, 'Ангел_٣.x-1');
    const folded = await onboard('Вob');
    assert.equal(folded.status, 200);
    assert.equal(folded.body.username, 'Bob');
  });

  test('names that fail the pattern or length are a FailedValidation', async () => {
    for (const username of ['a', 'x'.repeat(33), 'two words', 'emoji😀', 'semi;colon', '', 42]) {
      const res = await onboard(username);
      assert.equal(res.status, 400, String(username));
      assert.equal(res.body.type, 'FailedValidation', String(username));
    }
    const missing = await stack.request('POST', '/onboard/complete', {
      token: (await signUp(stack)).token,
      body: {},
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.type, 'FailedValidation');
  });

  test('reserved names and spoofs of them are InvalidUsername', async () => {
    for (const username of ['admin', 'Revolt', 'STOAT', 'аdmin']) {
      const res = await onboard(username);
      assert.equal(res.status, 400, username);
      assert.equal(res.body.type, 'InvalidUsername', username);
    }
  });

  test('JSON sent as text/plain (what the clients do) is read', async () => {
    const account = await signUp(stack);
    const res = await stack.request('POST', '/onboard/complete', {
      token: account.token,
      body: JSON.stringify({ username: 'plain' }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.username, 'plain');
  });

  test('needs a session', async () => {
    const res = await stack.request('POST', '/onboard/complete', { body: { username: 'nobody' } });
    assert.equal(res.status, 401);
  });
});
