import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { createTestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

describe('PATCH /users/{target}', () => {
  test('edits yourself, returns the self view and publishes UserUpdate', async () => {
    const a = await createTestUser(stack);
    const events = await stack.record({ user: a.user._id });
    const res = await stack.request('PATCH', '/users/@me', {
      token: a.token,
      body: {
        display_name: 'Display',
        pronouns: 'she/her',
        status: { text: 'around', presence: 'Focus' },
        profile: { content: 'hi there' },
        avatar: null,
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.display_name, 'Display');
    assert.equal(res.body.pronouns, 'she/her');
    assert.deepEqual(res.body.status, { text: 'around', presence: 'Focus' });
    assert.equal(res.body.relationship, 'User');
    assert.equal('profile' in res.body, false);
    const event = await events.waitFor((e) => (e as { type: string }).type === 'UserUpdate');
    assert.deepEqual((event as { data: unknown }).data, {
      display_name: 'Display',
      pronouns: 'she/her',
      status: { text: 'around', presence: 'Focus' },
    });

    const profile = await stack.request('GET', '/users/@me/profile', { token: a.token });
    assert.deepEqual(profile.body, { content: 'hi there' });

    const cleared = await stack.request('PATCH', `/users/${a.user._id}`, {
      token: a.token,
      body: { remove: ['DisplayName', 'StatusPresence'] },
    });
    assert.equal(cleared.status, 200);
    assert.equal('display_name' in cleared.body, false);
    assert.deepEqual(cleared.body.status, { text: 'around' });
  });

  test('an empty body returns the user unchanged', async () => {
    const a = await createTestUser(stack);
    const res = await stack.request('PATCH', '/users/@me', { token: a.token, body: {} });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, a.user);
  });

  test('bad input is a FailedValidation', async () => {
    const a = await createTestUser(stack);
    const bad = [
      { display_name: 'x' },
      { display_name: 'y'.repeat(33) },
      { display_name: 'new\nline' },
      { display_name: 'zero\u200Bwidth' },
      { pronouns: 'p'.repeat(25) },
      { status: { text: 't'.repeat(129) } },
      { status: { presence: 'Sleeping' } },
      { profile: { content: 'c'.repeat(2001) } },
      { remove: ['Nickname'] },
      { badges: 'many' },
    ];
    for (const body of bad) {
      const res = await stack.request('PATCH', '/users/@me', { token: a.token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.type, 'FailedValidation', JSON.stringify(body));
    }
    const malformed = await stack.request('PATCH', '/users/@me', { token: a.token, body: '{nope' });
    assert.equal(malformed.status, 400);
  });

  test('badges, flags and other users need privileged', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    for (const body of [{ badges: 1 }, { flags: 1 }]) {
      const res = await stack.request('PATCH', '/users/@me', { token: a.token, body });
      assert.equal(res.status, 403);
      assert.equal(res.body.type, 'NotPrivileged');
    }
    const other = await stack.request('PATCH', `/users/${b.user._id}`, {
      token: a.token,
      body: { display_name: 'Hijack' },
    });
    assert.equal(other.status, 403);
    assert.equal(other.body.type, 'NotPrivileged');
  });

  test('an unknown avatar or background file: 400 UnknownAttachment', async () => {
    const a = await createTestUser(stack);
    for (const body of [{ avatar: 'no-such-file' }, { profile: { background: 'no-such-file' } }]) {
      const res = await stack.request('PATCH', '/users/@me', { token: a.token, body });
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'UnknownAttachment');
    }
  });

  test('needs a session', async () => {
    const res = await stack.request('PATCH', '/users/@me', { body: { display_name: 'Anon' } });
    assert.equal(res.status, 401);
  });
});
