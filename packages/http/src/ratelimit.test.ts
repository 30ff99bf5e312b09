import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '@ermine/core/sessions/session-create';
import { createTestStack, signUp, type TestStack } from '@ermine/testing/stack';
import { resolveBucket } from './ratelimit';

describe('resolveBucket (Stoat’s buckets)', () => {
  const cases: [string, string, string, string | null, number][] = [
    ['PATCH', '/users/@me', 'user_edit', '@me', 2],
    ['GET', '/users/01ABC/default_avatar', 'default_avatar', null, 255],
    ['GET', '/users/@me', 'users', null, 20],
    ['POST', '/bots/create', 'bots', null, 10],
    ['POST', '/channels/C1/messages', 'messaging', 'C1', 10],
    ['GET', '/channels/C1/messages', 'channels', 'C1', 15],
    ['POST', '/channels/create', 'channels', 'create', 15],
    ['GET', '/channels', 'any', null, 20],
    ['PATCH', '/servers/S1', 'servers', 'S1', 5],
    ['GET', '/servers', 'any', null, 20],
    ['POST', '/auth/session/login', 'auth', null, 15],
    ['DELETE', '/auth/session/all', 'auth_delete', null, 255],
    ['GET', '/swagger/index.html', 'swagger', null, 100],
    ['POST', '/safety/report', 'safety_report', 'report', 3],
    ['POST', '/safety/other', 'safety', null, 15],
    ['GET', '/', 'any', null, 20],
    ['POST', '/invites/abc', 'any', null, 20],
    ['POST', '/0.8/auth/session/login', 'auth', null, 15],
  ];
  for (const [method, path, bucket, resource, limit] of cases) {
    test(`${method} ${path} → ${bucket}`, () => {
      assert.deepEqual(resolveBucket(method, path), { bucket, resource, limit });
    });
  }
});

describe('rateLimit middleware', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ rateLimits: true })));
  after(() => stack.close());

  test('every response carries the four X-Ratelimit headers, errors and 404s included', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/auth/account/'],
      ['GET', '/no/such/route'],
    ] as const) {
      const res = await stack.request(method, path, { remoteAddr: '203.0.113.1' });
      for (const name of ['limit', 'bucket', 'remaining', 'reset-after']) {
        assert.ok(res.headers.get(`x-ratelimit-${name}`), `${path}: x-ratelimit-${name}`);
      }
      assert.match(res.headers.get('x-ratelimit-bucket')!, /^\d+$/);
    }
  });

  test('429 {retry_after} when exhausted; the window resets after 10 s', async () => {
    const addr = '203.0.113.2';
    for (let i = 0; i < 20; i++) {
      assert.equal((await stack.request('GET', '/', { remoteAddr: addr })).status, 200);
    }
    const limited = await stack.request<{ retry_after: number }>('GET', '/', { remoteAddr: addr });
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.body), ['retry_after']);
    assert.ok(limited.body.retry_after > 0 && limited.body.retry_after <= 10_000);
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(limited.headers.get('x-ratelimit-reset-after'), String(limited.body.retry_after));
    stack.clock.advance(10_001);
    assert.equal((await stack.request('GET', '/', { remoteAddr: addr })).status, 200);
  });

  test('buckets are counted separately', async () => {
    const addr = '203.0.113.3';
    for (let i = 0; i < 20; i++) await stack.request('GET', '/', { remoteAddr: addr });
    assert.equal((await stack.request('GET', '/', { remoteAddr: addr })).status, 429);
    const auth = await stack.request('GET', '/auth/account/', { remoteAddr: addr });
    assert.equal(auth.status, 401);
    assert.equal(auth.headers.get('x-ratelimit-limit'), '15');
  });

  test('a valid session is its own identity, whatever the address', async () => {
    const user = await signUp(stack, {});
    const addr = '203.0.113.4';
    for (let i = 0; i < 20; i++) await stack.request('GET', '/', { remoteAddr: addr });
    assert.equal((await stack.request('GET', '/', { remoteAddr: addr })).status, 429);
    const withSession = await stack.request('GET', '/', { remoteAddr: addr, token: user.token });
    assert.equal(withSession.status, 200);
    assert.equal(withSession.headers.get('x-ratelimit-remaining'), '19');
    // An unknown token counts against the address.
    const bogus = await stack.request('GET', '/', { remoteAddr: addr, token: 'nope' });
    assert.equal(bogus.status, 429);
  });

  test('X-Forwarded-For and CF-Connecting-IP are ignored unless trusted', async () => {
    const addr = '203.0.113.5';
    for (let i = 0; i < 20; i++) {
      await stack.request('GET', '/', {
        remoteAddr: addr,
        headers: { 'x-forwarded-for': `10.0.0.${i}` },
      });
    }
    const res = await stack.request('GET', '/', {
      remoteAddr: addr,
      headers: { 'x-forwarded-for': '10.9.9.9', 'cf-connecting-ip': '10.8.8.8' },
    });
    assert.equal(res.status, 429);
  });
});

describe('rateLimit on the routes that get into an account', () => {
  let stack: TestStack;
  before(async () => (stack = await createTestStack({ rateLimits: true })));
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

  test('logins naming one e-mail are limited per account, from any address', async () => {
    const email = 'target@example.com';
    for (let i = 0; i < 10; i++) {
      const res = await login(i % 2 === 0 ? email : 'TARGET@example.com', {
        remoteAddr: `198.51.100.${100 + i}`,
      });
      // 401, then 403 LockedOut from the third wrong password: never 429.
      assert.notEqual(res.status, 429, `login ${i + 1}`);
    }
    const limited = await login(email, { remoteAddr: '198.51.100.200' });
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys(limited.body), ['retry_after']);
    assert.equal(limited.headers.get('x-ratelimit-limit'), '10');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    // Sign-up and reset for the same address share the count; other addresses are untouched.
    const signUpLimited = await stack.request('POST', '/auth/account/create', {
      remoteAddr: '198.51.100.201',
      body: { email, password: 'a perfectly fine password' },
    });
    assert.equal(signUpLimited.status, 429);
    const reset = await stack.request('POST', '/auth/account/reset_password', {
      remoteAddr: '198.51.100.202',
      body: { email },
    });
    assert.equal(reset.status, 429);
    assert.notEqual(
      (await login('other@example.com', { remoteAddr: '198.51.100.203' })).status,
      429,
    );
    stack.clock.advance(10 * 60_000 + 1);
    assert.notEqual((await login(email, { remoteAddr: '198.51.100.204' })).status, 429);
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

describe('rateLimit middleware behind trusted proxies', () => {
  let stack: TestStack;
  before(async () => {
    stack = await createTestStack({
      rateLimits: true,
      config: {
        ermine: { trust_forwarded_for: true },
        api: { security: { trust_cloudflare: true } },
      },
    });
  });
  after(() => stack.close());

  test('the last X-Forwarded-For hop (or CF-Connecting-IP) is the client', async () => {
    const proxy = '192.0.2.1';
    for (let i = 0; i < 20; i++) {
      await stack.request('GET', '/', {
        remoteAddr: proxy,
        headers: { 'x-forwarded-for': 'spoofed, 198.51.100.1' },
      });
    }
    const same = await stack.request('GET', '/', {
      remoteAddr: proxy,
      headers: { 'x-forwarded-for': 'other-spoof, 198.51.100.1' },
    });
    assert.equal(same.status, 429);
    const other = await stack.request('GET', '/', {
      remoteAddr: proxy,
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    assert.equal(other.status, 200);
    const cf = await stack.request('GET', '/', {
      remoteAddr: proxy,
      headers: { 'x-forwarded-for': '198.51.100.1', 'cf-connecting-ip': '198.51.100.3' },
    });
    assert.equal(cf.status, 200);
  });
});

describe('rateLimit middleware switched off', () => {
  test('ermine.rate_limits = false: no limit, no headers', async () => {
    const stack = await createTestStack({ rateLimits: false });
    try {
      for (let i = 0; i < 25; i++) assert.equal((await stack.request('GET', '/')).status, 200);
      assert.equal((await stack.request('GET', '/')).headers.get('x-ratelimit-limit'), null);
    } finally {
      await stack.close();
    }
  });
});
