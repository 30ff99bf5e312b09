import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requester, type TestRequest } from '@ermine/testing/requests';
import { createTestStack, type TestStack, type TestStackOptions } from '@ermine/testing/stack';
import { seedSession } from '@ermine/testing/users';
import { createServiceApp } from './app';
import { requireSession } from './auth';
import { rateLimit, resolveBucket } from './ratelimit';

/** The test ports with a service app behind `rateLimit`: `/` answers, `/auth/account/` needs a session. */
type LimitedStack = TestStack & { request: TestRequest };

async function createLimitedStack(options: TestStackOptions): Promise<LimitedStack> {
  const stack = await createTestStack(options);
  const app = createServiceApp({ name: 'api', log: stack.deps.log });
  app.use('*', rateLimit(stack.deps));
  app.get('/', (c) => c.json({ ok: true }));
  app.get('/auth/account/', async (c) => {
    const { account } = await requireSession(c, stack.deps);
    return c.json({ _id: account.id });
  });
  return { ...stack, request: requester((req) => app.fetch(req)) };
}

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
  let stack: LimitedStack;
  before(async () => (stack = await createLimitedStack({ rateLimits: true })));
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
    const user = await seedSession(stack.deps);
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

describe('rateLimit middleware behind trusted proxies', () => {
  let stack: LimitedStack;
  before(async () => {
    stack = await createLimitedStack({
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
    const stack = await createLimitedStack({ rateLimits: false });
    try {
      for (let i = 0; i < 25; i++) assert.equal((await stack.request('GET', '/')).status, 200);
      assert.equal((await stack.request('GET', '/')).headers.get('x-ratelimit-limit'), null);
    } finally {
      await stack.close();
    }
  });
});
