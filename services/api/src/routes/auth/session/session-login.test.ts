import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '@ermine/core/auth/tokens';
import {
  createApiStack,
  currentTotp,
  enableTotp,
  mfaTicket,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';

type Body = Record<string, unknown>;

describe('POST /auth/session/login', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const login = (body: unknown) => stack.request<Body>('POST', '/auth/session/login', { body });

  test('→ Success with the full Session; only the token hash is stored', async () => {
    const user = await signUp(stack);
    const res = await login({
      email: user.email,
      password: user.password,
      friendly_name: 'Laptop',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), [
      '_id',
      'last_seen',
      'name',
      'origin',
      'result',
      'token',
      'user_id',
    ]);
    assert.equal(res.body.result, 'Success');
    assert.equal(res.body.user_id, user.accountId);
    assert.equal(res.body.name, 'Laptop');
    assert.equal(res.body.origin, 'dev');
    assert.match(String(res.body._id), /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.match(String(res.body.token), /^[A-Za-z0-9_-]{64}$/);
    assert.match(String(res.body.last_seen), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const row = await stack.deps.db.sessions.findById(String(res.body._id));
    assert.equal(row?.tokenHash, hashToken(String(res.body.token)));
    assert.notEqual(row?.tokenHash, res.body.token);
  });

  test('the session name defaults to "Unknown"', async () => {
    const user = await signUp(stack);
    assert.equal(
      (await login({ email: user.email, password: user.password })).body.name,
      'Unknown',
    );
  });

  test('unknown e-mail and wrong password are the same 401 InvalidCredentials', async () => {
    const user = await signUp(stack);
    const wrong = await login({ email: user.email, password: 'not the password' });
    const unknown = await login({ email: 'nobody.here@example.com', password: 'not the password' });
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.type, 'InvalidCredentials');
    }
    assert.deepEqual(Object.keys(wrong.body).sort(), Object.keys(unknown.body).sort());
  });

  test('unknown e-mail costs about as much as a wrong password', async () => {
    const user = await signUp(stack);
    const time = async (email: string) => {
      const t0 = performance.now();
      await login({ email, password: 'not the password' });
      return performance.now() - t0;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time(user.email));
      unknown.push(await time(`ghost${i}@example.com`));
    }
    const min = (xs: number[]) => Math.min(...xs);
    assert.ok(min(unknown) > min(wrong) / 4, `unknown ${min(unknown)} ms, wrong ${min(wrong)} ms`);
  });

  test('lockout: 3rd failure locks 1 min, 4th 5 min, 5th 1 h (403 LockedOut); success clears it', async () => {
    const user = await signUp(stack);
    const bad = { email: user.email, password: 'wrong password!' };
    const good = { email: user.email, password: user.password };
    assert.equal((await login(bad)).body.type, 'InvalidCredentials');
    assert.equal((await login(bad)).body.type, 'InvalidCredentials');
    assert.equal((await login(bad)).body.type, 'InvalidCredentials');
    const locked = await login(good);
    assert.equal(locked.status, 403);
    assert.equal(locked.body.type, 'LockedOut');
    stack.clock.advance(61_000);
    assert.equal((await login(bad)).body.type, 'InvalidCredentials'); // 4th
    stack.clock.advance(4 * 60_000);
    assert.equal((await login(good)).body.type, 'LockedOut');
    stack.clock.advance(61_000);
    assert.equal((await login(bad)).body.type, 'InvalidCredentials'); // 5th
    stack.clock.advance(59 * 60_000);
    assert.equal((await login(good)).body.type, 'LockedOut');
    stack.clock.advance(61_000);
    assert.equal((await login(good)).body.result, 'Success');
    assert.equal((await stack.deps.db.accounts.findById(user.accountId))?.lockout, null);
    assert.equal((await login(bad)).body.type, 'InvalidCredentials');
    assert.equal((await login(good)).body.result, 'Success');
  });

  test('lockout holds against concurrent requests: 14 wrong and the right one sent together', async () => {
    const user = await signUp(stack);
    const bodies = Array.from({ length: 14 }, (_, i) => ({
      email: user.email,
      password: `wrong password ${i}`,
    }));
    bodies.push({ email: user.email, password: user.password });
    const sessions = await stack.deps.db.sessions.listByUser(user.accountId);
    const responses = await Promise.all(bodies.map((body) => login(body)));
    const types = responses.map((res) => String(res.body.type ?? res.body.result));
    assert.equal(types.filter((t) => t === 'InvalidCredentials').length, 3, types.join());
    assert.equal(types.filter((t) => t === 'LockedOut').length, 12, types.join());
    const last = responses.at(-1);
    assert.equal(last?.status, 403);
    assert.equal(last?.body.type, 'LockedOut');
    assert.deepEqual(await stack.deps.db.sessions.listByUser(user.accountId), sessions);
  });

  test('an unknown e-mail is locked out the same way (no way to tell it is unregistered)', async () => {
    const bad = { email: 'locked.ghost@example.com', password: 'whatever it is' };
    for (let i = 0; i < 3; i++) assert.equal((await login(bad)).body.type, 'InvalidCredentials');
    const locked = await login(bad);
    assert.equal(locked.status, 403);
    assert.equal(locked.body.type, 'LockedOut');
    stack.clock.advance(61_000);
    assert.equal((await login(bad)).body.type, 'InvalidCredentials');
  });

  test('a disabled account → {result: "Disabled", user_id} and no session', async () => {
    const user = await signUp(stack);
    await stack.request('POST', '/auth/account/disable', {
      token: user.token,
      headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
    });
    const res = await login({ email: user.email, password: user.password });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { result: 'Disabled', user_id: user.accountId });
    assert.deepEqual(await stack.deps.db.sessions.listByUser(user.accountId), []);
  });

  test('bad input → 400 FailedValidation', async () => {
    const cases: unknown[] = [
      'email=a',
      {},
      { email: 'a@b.c' },
      { email: 1, password: 'abcdefghij' },
      { mfa_ticket: 7 },
      { email: 'a@b.c', password: 'x'.repeat(50_000) },
      { email: 'a@b.c', password: 'abcdefghij', friendly_name: 'n'.repeat(10_000) },
    ];
    for (const body of cases) {
      const res = await login(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 50));
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});

describe('POST /auth/session/login with MFA', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const login = (body: unknown) => stack.request<Body>('POST', '/auth/session/login', { body });

  async function mfaUser() {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    return { ...user, secret };
  }
  const startLogin = async (user: { email: string; password: string }) => {
    const res = await login({ email: user.email, password: user.password });
    assert.equal(res.body.result, 'MFA');
    return String(res.body.ticket);
  };

  test('a TOTP account gets {result: "MFA", ticket, allowed_methods}', async () => {
    const user = await mfaUser();
    const res = await login({ email: user.email, password: user.password });
    assert.deepEqual(Object.keys(res.body).sort(), ['allowed_methods', 'result', 'ticket']);
    assert.deepEqual(res.body.allowed_methods, ['Totp']);
    assert.match(String(res.body.ticket), /^[A-Za-z0-9_-]{64}$/);
    // With recovery codes, Recovery is offered too.
    await stack.request('PATCH', '/auth/mfa/recovery', {
      token: user.token,
      headers: {
        'x-mfa-ticket': await mfaTicket(stack, user, {
          totp_code: currentTotp(stack, user.secret),
        }),
      },
    });
    stack.clock.advance(30_000);
    const again = await login({ email: user.email, password: user.password });
    assert.deepEqual(again.body.allowed_methods, ['Totp', 'Recovery']);
  });

  test('ticket + TOTP code → Success; the ticket and the code work once', async () => {
    const user = await mfaUser();
    const ticket = await startLogin(user);
    const code = currentTotp(stack, user.secret);
    const res = await login({
      mfa_ticket: ticket,
      mfa_response: { totp_code: code },
      friendly_name: 'Phone',
    });
    assert.equal(res.body.result, 'Success');
    assert.equal(res.body.name, 'Phone');
    const reuseTicket = await login({ mfa_ticket: ticket, mfa_response: { totp_code: code } });
    assert.equal(reuseTicket.status, 401);
    assert.equal(reuseTicket.body.type, 'InvalidToken');
    const fresh = await startLogin(user);
    const reuseCode = await login({ mfa_ticket: fresh, mfa_response: { totp_code: code } });
    assert.equal(reuseCode.status, 401);
    assert.equal(reuseCode.body.type, 'InvalidToken');
    stack.clock.advance(30_000);
    const next = await login({
      mfa_ticket: fresh,
      mfa_response: { totp_code: currentTotp(stack, user.secret) },
    });
    assert.equal(next.body.result, 'Success');
  });

  test('a wrong code → 401 InvalidToken; a disallowed method → 400 DisallowedMFAMethod', async () => {
    const user = await mfaUser();
    const ticket = await startLogin(user);
    const wrong = await login({ mfa_ticket: ticket, mfa_response: { totp_code: '000000' } });
    const code = currentTotp(stack, user.secret);
    if (code !== '000000') {
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.type, 'InvalidToken');
    }
    const password = await login({ mfa_ticket: ticket, mfa_response: { password: user.password } });
    assert.equal(password.status, 400);
    assert.equal(password.body.type, 'DisallowedMFAMethod');
    const recovery = await login({
      mfa_ticket: ticket,
      mfa_response: { recovery_code: 'abcde-fghjk' },
    });
    assert.equal(recovery.body.type, 'DisallowedMFAMethod');
  });

  test('the ticket alone (not authorised) → 401 InvalidToken; an expired ticket → 401', async () => {
    const user = await mfaUser();
    const ticket = await startLogin(user);
    const alone = await login({ mfa_ticket: ticket });
    assert.equal(alone.status, 401);
    assert.equal(alone.body.type, 'InvalidToken');
    stack.clock.advance(5 * 60_000 + 1000);
    const expired = await login({
      mfa_ticket: ticket,
      mfa_response: { totp_code: currentTotp(stack, user.secret) },
    });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.type, 'InvalidToken');
  });

  test('a recovery code logs in once', async () => {
    const user = await mfaUser();
    const codes = await stack.request<string[]>('PATCH', '/auth/mfa/recovery', {
      token: user.token,
      headers: {
        'x-mfa-ticket': await mfaTicket(stack, user, {
          totp_code: currentTotp(stack, user.secret),
        }),
      },
    });
    const code = codes.body[0]!;
    const first = await login({
      mfa_ticket: await startLogin(user),
      mfa_response: { recovery_code: code },
    });
    assert.equal(first.body.result, 'Success');
    const second = await login({
      mfa_ticket: await startLogin(user),
      mfa_response: { recovery_code: code },
    });
    assert.equal(second.status, 401);
    assert.equal(second.body.type, 'InvalidToken');
    const account = await stack.deps.db.accounts.findById(user.accountId);
    assert.equal(account?.mfa.recoveryCodes.length, 9);
  });

  test('five wrong answers throw the login ticket away', async () => {
    const user = await mfaUser();
    const ticket = await startLogin(user);
    const current = currentTotp(stack, user.secret);
    const wrongCode = current === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      await login({ mfa_ticket: ticket, mfa_response: { totp_code: wrongCode } });
    }
    const res = await login({ mfa_ticket: ticket, mfa_response: { totp_code: current } });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'InvalidToken');
  });
});

describe('POST /auth/session/login rate limit', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack({ rateLimits: true })));
  after(() => stack.close());

  test('the auth bucket allows 15 per 10 s per address, then 429 {retry_after}', async () => {
    // A new e-mail each time, so that the per-account bucket (10 per 10 min) stays out of the way.
    const body = (i: number) => ({
      email: `nobody${i}@example.com`,
      password: 'whatever password',
    });
    for (let i = 0; i < 15; i++) {
      const res = await stack.request('POST', '/auth/session/login', {
        body: body(i),
        remoteAddr: '198.51.100.7',
      });
      assert.notEqual(res.status, 429, `request ${i + 1}`);
      assert.equal(res.headers.get('x-ratelimit-limit'), '15');
      assert.equal(res.headers.get('x-ratelimit-remaining'), String(14 - i));
    }
    const limited = await stack.request('POST', '/auth/session/login', {
      body: body(15),
      remoteAddr: '198.51.100.7',
    });
    assert.equal(limited.status, 429);
    assert.equal(typeof limited.body.retry_after, 'number');
    // Another address has its own bucket.
    const other = await stack.request('POST', '/auth/session/login', {
      body: body(16),
      remoteAddr: '198.51.100.8',
    });
    assert.notEqual(other.status, 429);
  });
});
