import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '@ermine/core/sessions/session-create';
import { createApiStack, signUp, type ApiStack } from '../../testing/api-stack';

describe('rateLimit on the routes that get into an account', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ rateLimits: true })));
  after(() => stack.close());

  async function sessions(count: number): Promise<{ email: string; tokens: string[] }> {
    const user = await signUp(stack, {});
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      tokens.push((await createSession(stack.deps, user.accountId, `s${i}`)).token);
    }
    stack.clock.advance(10 * 60_000 + 1);
    return { email: user.email, tokens };
  }

  const login = (email: string, options: { remoteAddr: string; token?: string }) =>
    stack.request('POST', '/auth/session/login', {
      ...options,
      body: { email, password: 'not the password' },
    });

  test('login and sign-up count per address whatever session token is sent', async () => {
    const { tokens } = await sessions(14);
    const addr = '203.0.113.20';
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const token = tokens[i % tokens.length];
      const res =
        i % 2 === 0
          ? await login(`victim${i}@example.com`, { remoteAddr: addr, token })
          : await stack.request('POST', '/auth/account/create', {
              remoteAddr: addr,
              token,
              body: { email: `new${i}@example.com`, password: 'a perfectly fine password' },
            });
      statuses.push(res.status);
    }
    assert.equal(statuses.filter((status) => status !== 429).length, 15);
    const limited = await login('someone@example.com', { remoteAddr: addr, token: tokens[0] });
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.body), ['retry_after']);
    assert.equal(limited.headers.get('x-ratelimit-limit'), '15');
  });

  test('password reset, reverify and MFA tickets count per address too', async () => {
    const { tokens } = await sessions(3);
    const addr = '203.0.113.21';
    const calls: [string, string, unknown][] = [
      ['POST', '/auth/account/reset_password', { email: 'a@example.com' }],
      ['PATCH', '/auth/account/reset_password', { token: 'x', password: 'a new password!' }],
      ['POST', '/auth/account/reverify', { email: 'a@example.com' }],
      ['PUT', '/auth/mfa/ticket', { password: 'not the password' }],
    ];
    let passed = 0;
    for (let i = 0; i < 20; i++) {
      const [method, path, body] = calls[i % calls.length]!;
      const res = await stack.request(method, path, {
        remoteAddr: addr,
        token: tokens[i % 3],
        body,
      });
      if (res.status !== 429) passed++;
    }
    assert.equal(passed, 15);
  });

  test('requests that e-mail one address are limited per address named, from any client', async () => {
    const email = 'target@example.com';
    const sends = [
      ['POST', '/auth/account/create', { email, password: 'a perfectly fine password' }],
      ['POST', '/auth/account/reset_password', { email: 'TARGET@example.com' }],
      ['POST', '/auth/account/reverify', { email }],
    ] as const;
    for (let i = 0; i < 10; i++) {
      const [method, path, body] = sends[i % sends.length]!;
      const res = await stack.request(method, path, { remoteAddr: `198.51.100.${100 + i}`, body });
      assert.notEqual(res.status, 429, `${path} ${i + 1}`);
    }
    const limited = await stack.request('POST', '/auth/account/reset_password', {
      remoteAddr: '198.51.100.200',
      body: { email },
    });
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.body), ['retry_after']);
    assert.equal(limited.headers.get('x-ratelimit-limit'), '10');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    const other = await stack.request('POST', '/auth/account/reset_password', {
      remoteAddr: '198.51.100.201',
      body: { email: 'other@example.com' },
    });
    assert.notEqual(other.status, 429);
    stack.clock.advance(10 * 60_000 + 1);
    const later = await stack.request('POST', '/auth/account/reset_password', {
      remoteAddr: '198.51.100.202',
      body: { email },
    });
    assert.notEqual(later.status, 429);
  });

  test("logins naming one e-mail never lock its owner out beyond the login lockout's schedule", async () => {
    const user = await signUp(stack, {});
    for (let i = 0; i < 12; i++) {
      const res = await login(user.email, { remoteAddr: `198.51.100.${150 + i}` });
      // 401, then 403 LockedOut from the third wrong password (the lockout bounds guesses): no 429.
      assert.notEqual(res.status, 429, `login ${i + 1}`);
    }
    stack.clock.advance(24 * 60 * 60_000);
    const right = await stack.request('POST', '/auth/session/login', {
      remoteAddr: '198.51.100.199',
      body: { email: user.email, password: user.password },
    });
    assert.equal(right.status, 200, JSON.stringify(right.body));
  });

  test('MFA tickets are limited per account across sessions and addresses', async () => {
    const { tokens } = await sessions(11);
    for (let i = 0; i < 10; i++) {
      const res = await stack.request('PUT', '/auth/mfa/ticket', {
        remoteAddr: `198.51.100.${i}`,
        token: tokens[i],
        body: { password: 'a perfectly fine password' },
      });
      assert.equal(res.status, 200, `ticket ${i + 1}`);
    }
    const limited = await stack.request('PUT', '/auth/mfa/ticket', {
      remoteAddr: '198.51.100.50',
      token: tokens[10],
      body: { password: 'a perfectly fine password' },
    });
    assert.equal(limited.status, 429);
  });
});
