import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../../testing/api-stack';
import { collectAuthEmails, emailCode, waitForEmail } from '@ermine/testing/emails';

const PASSWORD = 'correct horse battery';

describe('POST /auth/account/create', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const create = (body: unknown, headers?: Record<string, string>) =>
    stack.request('POST', '/auth/account/create', { body, headers });
  const login = (email: string, password: string) =>
    stack.request('POST', '/auth/session/login', { body: { email, password } });

  test('204, the account is verified at once without SMTP and can log in', async () => {
    const res = await create({ email: 'new.person@example.com', password: PASSWORD });
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
    const row = await stack.deps.db.accounts.findByEmail('newperson@example.com');
    assert.equal(row?.email, 'new.person@example.com');
    assert.deepEqual(row?.verification, { status: 'Verified' });
    assert.match(row?.passwordHash ?? '', /^\$argon2id\$/);
    assert.equal((await login('new.person@example.com', PASSWORD)).body.result, 'Success');
  });

  test('the address is normalised: dots, +tags and case name the same account', async () => {
    assert.equal(
      (await create({ email: 'Mixed.Case+tag@Example.com', password: PASSWORD })).status,
      204,
    );
    assert.equal((await login('mixedcase@example.com', PASSWORD)).body.result, 'Success');
  });

  test('a registered address gets 204 too and the account is untouched', async () => {
    await create({ email: 'taken@example.com', password: PASSWORD });
    const again = await create({
      email: 'T.aken+x@example.com',
      password: 'another good password',
    });
    assert.equal(again.status, 204);
    assert.equal(again.body, null);
    assert.equal((await login('taken@example.com', PASSWORD)).body.result, 'Success');
    assert.equal((await login('taken@example.com', 'another good password')).status, 401);
  });

  test('a registered address takes about as long as a new one (the password is hashed either way)', async () => {
    await create({ email: 'timing@example.com', password: PASSWORD });
    const time = async (email: string) => {
      const t0 = performance.now();
      await create({ email, password: PASSWORD });
      return performance.now() - t0;
    };
    const fresh: number[] = [];
    const dup: number[] = [];
    for (let i = 0; i < 3; i++) {
      fresh.push(await time(`timing.fresh${i}@example.com`));
      dup.push(await time('timing@example.com'));
    }
    const fastest = (xs: number[]) => Math.min(...xs);
    assert.ok(
      fastest(dup) > fastest(fresh) / 4,
      `duplicate ${fastest(dup)} ms vs new ${fastest(fresh)} ms`,
    );
  });

  test('a malformed address → 400 IncorrectData {with: "email"}', async () => {
    for (const email of ['no-at-sign', 'a@', 'two@@example.com', '']) {
      const res = await create({ email, password: PASSWORD });
      assert.equal(res.status, 400, email);
      assert.equal(res.body.type, 'IncorrectData');
      assert.equal(res.body.with, 'email');
    }
  });

  test('a short password → 400 ShortPassword; a common leaked one → 400 CompromisedPassword', async () => {
    const short = await create({ email: 'short@example.com', password: 'abc1234' });
    assert.equal(short.status, 400);
    assert.equal(short.body.type, 'ShortPassword');
    const leaked = await create({ email: 'leaked@example.com', password: 'password123' });
    assert.equal(leaked.status, 400);
    assert.equal(leaked.body.type, 'CompromisedPassword');
    assert.equal(await stack.deps.db.accounts.findByEmail('leaked@example.com'), null);
  });

  test('the body is JSON whatever the Content-Type', async () => {
    const res = await create(JSON.stringify({ email: 'plain@example.com', password: PASSWORD }), {
      'content-type': 'text/plain;charset=UTF-8',
    });
    assert.equal(res.status, 204);
  });

  test('bad input → 400 FailedValidation (non-JSON, wrong types, missing fields, huge strings)', async () => {
    const cases: unknown[] = [
      '{not json',
      { email: 42, password: PASSWORD },
      { email: 'x@example.com', password: ['a'] },
      { email: 'x@example.com' },
      {},
      [],
      { email: `${'a'.repeat(10_000)}@example.com`, password: PASSWORD },
      { email: 'huge@example.com', password: 'p'.repeat(100_000) },
    ];
    for (const body of cases) {
      const res = await create(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(res.body.type, 'FailedValidation');
    }
  });

  test('a body above 1 MiB → 413', async () => {
    const res = await create({ email: 'big@example.com', password: 'x'.repeat(1_100_000) });
    assert.equal(res.status, 413);
  });
});

describe('POST /auth/account/create with invite_only', () => {
  let stack: ApiStack;
  before(
    async () =>
      (stack = await createApiStack({ config: { api: { registration: { invite_only: true } } } })),
  );
  after(() => stack.close());

  test('no invite → 400 MissingInvite; an unknown invite → 400 InvalidInvite', async () => {
    const missing = await stack.request('POST', '/auth/account/create', {
      body: { email: 'inv@example.com', password: PASSWORD },
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.type, 'MissingInvite');
    const unknown = await stack.request('POST', '/auth/account/create', {
      body: { email: 'inv@example.com', password: PASSWORD, invite: 'abcdefgh' },
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.type, 'InvalidInvite');
  });
});

describe('POST /auth/account/create with SMTP', () => {
  let stack: ApiStack;
  before(async () => {
    stack = await createApiStack({
      email: true,
      config: {
        hosts: { app: 'https://chat.example.com' },
      },
    });
  });
  after(() => stack.close());

  test('the account waits for verification and a verification e-mail is queued', async () => {
    const emails = await collectAuthEmails(stack);
    const res = await stack.request('POST', '/auth/account/create', {
      body: { email: 'Pending.User@example.com', password: PASSWORD },
    });
    assert.equal(res.status, 204);
    const mail = await waitForEmail(emails);
    assert.equal(mail.kind, 'verify');
    assert.equal(mail.to, 'Pending.User@example.com');
    assert.match(mail.url, /^https:\/\/chat\.example\.com\/login\/verify\/[A-Za-z0-9_-]{32}$/);
    const row = await stack.deps.db.accounts.findByEmail('pendinguser@example.com');
    assert.equal(row?.verification.status, 'Pending');
    // Only the code's hash is stored.
    const code = emailCode(mail);
    assert.ok(row?.verification.status === 'Pending' && row.verification.token !== code);
  });

  test('a registered address gets 204 and an e-mail, never an error', async () => {
    const emails = await collectAuthEmails(stack);
    const n0 = emails.length;
    await stack.request('POST', '/auth/account/create', {
      body: { email: 'twice@example.com', password: PASSWORD },
    });
    await waitForEmail(emails, n0 + 1);
    const again = await stack.request('POST', '/auth/account/create', {
      body: { email: 'twice@example.com', password: PASSWORD },
    });
    assert.equal(again.status, 204);
    // Still pending: the verification is sent again.
    assert.equal((await waitForEmail(emails, n0 + 2)).kind, 'verify');
  });
});
