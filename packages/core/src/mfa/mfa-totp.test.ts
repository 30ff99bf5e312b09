import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountRow } from '@ermine/database';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { SEEDED_PASSWORD, seedAccount } from '@ermine/testing/users';
import { newTotpSecret, totpCode } from '../auth/totp';
import { mfaMethods } from './mfa-methods';
import { presentMfaStatus } from './mfa.presenter';
import { listRecoveryCodes, regenerateRecoveryCodes } from './mfa-recovery';
import { consumeMfaResponse } from './mfa-response';
import { findLiveTicket, issueTicket } from './mfa-ticket';
import { disableTotp, enableTotp, generateTotpSecret } from './mfa-totp';

let stack: TestStack;
before(async () => (stack = await createTestStack()));
after(() => stack.close());

async function reload(account: AccountRow): Promise<AccountRow> {
  const row = await stack.deps.db.accounts.findById(account.id);
  assert.ok(row);
  return row;
}

/** An account with TOTP on (and the secret), the clock one step past any code used. */
async function withTotp(
  recoveryCodes: string[] = [],
): Promise<{ account: AccountRow; secret: string }> {
  const secret = newTotpSecret();
  const account = await seedAccount(stack.deps, {
    mfa: { totp: { status: 'Enabled', secret }, recoveryCodes },
  });
  stack.clock.advance(30_000);
  return { account, secret };
}

describe('TOTP set-up', () => {
  test('generate → Pending secret; enable with its current code → Enabled; disable keeps recovery codes', async () => {
    let account = await seedAccount(stack.deps);
    const secret = await generateTotpSecret(stack.deps, account);
    account = await reload(account);
    assert.deepEqual(account.mfa.totp, { status: 'Pending', secret });
    assert.deepEqual(mfaMethods(account), ['Password']);

    await enableTotp(stack.deps, account, { totp_code: totpCode(secret, stack.clock.now()) });
    account = await reload(account);
    assert.deepEqual(account.mfa.totp, { status: 'Enabled', secret });
    assert.deepEqual(mfaMethods(account), ['Totp']);
    assert.deepEqual(presentMfaStatus(account), { totp_mfa: true });
    await assert.rejects(
      generateTotpSecret(stack.deps, account),
      rejectsWith('TotpAlreadyEnabled'),
    );
    await assert.rejects(
      enableTotp(stack.deps, account, { totp_code: totpCode(secret, stack.clock.now()) }),
      rejectsWith('TotpAlreadyEnabled'),
    );

    const codes = await regenerateRecoveryCodes(stack.deps, account);
    await disableTotp(stack.deps, await reload(account));
    account = await reload(account);
    assert.equal(account.mfa.totp, null);
    assert.deepEqual(account.mfa.recoveryCodes, codes);
    assert.deepEqual(mfaMethods(account), ['Password']);
    assert.deepEqual(presentMfaStatus(account), { recovery_active: true });
  });

  test('enable: no pending secret → InvalidOperation; a wrong code or another answer → InvalidToken', async () => {
    const bare = await seedAccount(stack.deps);
    await assert.rejects(
      enableTotp(stack.deps, bare, { totp_code: '123456' }),
      rejectsWith('InvalidOperation'),
    );
    let account = await seedAccount(stack.deps);
    const secret = await generateTotpSecret(stack.deps, account);
    account = await reload(account);
    const wrong = totpCode(secret, stack.clock.now() + 10 * 60_000);
    await assert.rejects(
      enableTotp(stack.deps, account, { totp_code: wrong }),
      rejectsWith('InvalidToken'),
    );
    await assert.rejects(
      enableTotp(stack.deps, account, { password: SEEDED_PASSWORD }),
      rejectsWith('InvalidToken'),
    );
    assert.equal((await reload(account)).mfa.totp?.status, 'Pending');
  });

  test('a new secret replaces a pending one', async () => {
    let account = await seedAccount(stack.deps);
    const first = await generateTotpSecret(stack.deps, account);
    account = await reload(account);
    const second = await generateTotpSecret(stack.deps, account);
    assert.notEqual(first, second);
    assert.deepEqual((await reload(account)).mfa.totp, { status: 'Pending', secret: second });
  });
});

describe('recovery codes', () => {
  test('ten fresh codes replace the old ones; listing shows what remains', async () => {
    const account = await seedAccount(stack.deps);
    assert.deepEqual(listRecoveryCodes(account), []);
    const first = await regenerateRecoveryCodes(stack.deps, account);
    assert.equal(first.length, 10);
    assert.equal(new Set(first).size, 10);
    for (const code of first) assert.match(code, /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const second = await regenerateRecoveryCodes(stack.deps, await reload(account));
    assert.notDeepEqual(second, first);
    assert.deepEqual(listRecoveryCodes(await reload(account)), second);
  });
});

describe('answering an MFA challenge', () => {
  test('without TOTP only the password is offered', async () => {
    const account = await seedAccount(stack.deps, {
      mfa: { totp: null, recoveryCodes: ['aaaaa-bbbbb'] },
    });
    await consumeMfaResponse(stack.deps, account, { password: SEEDED_PASSWORD });
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, { password: 'wrong one' }),
      rejectsWith('InvalidCredentials'),
    );
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, { totp_code: '123456' }),
      rejectsWith('DisallowedMFAMethod'),
    );
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, { recovery_code: 'aaaaa-bbbbb' }),
      rejectsWith('DisallowedMFAMethod'),
    );
  });

  test('with TOTP: a code opens once, the password is refused, the ticket records the code', async () => {
    const { account, secret } = await withTotp();
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, { password: SEEDED_PASSWORD }),
      rejectsWith('DisallowedMFAMethod'),
    );
    const ticket = await issueTicket(stack.deps, account.id, { validated: false });
    const code = totpCode(secret, stack.clock.now());
    await consumeMfaResponse(stack.deps, account, { totp_code: code }, ticket.row);
    const stored = await findLiveTicket(stack.deps, ticket.token);
    assert.equal(stored?.lastTotpCode, code);
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, { totp_code: code }),
      rejectsWith('InvalidToken'),
    );
    await assert.rejects(
      consumeMfaResponse(stack.deps, account, {
        totp_code: totpCode(secret, stack.clock.now() + 10 * 60_000),
      }),
      rejectsWith('InvalidToken'),
    );
    stack.clock.advance(30_000);
    await consumeMfaResponse(stack.deps, account, {
      totp_code: totpCode(secret, stack.clock.now()),
    });
  });

  test('a recovery code is used up (any case, spaces trimmed); Recovery is offered while codes remain', async () => {
    const { account } = await withTotp(['aaaaa-bbbbb', 'ccccc-ddddd']);
    assert.deepEqual(mfaMethods(account), ['Totp', 'Recovery']);
    await consumeMfaResponse(stack.deps, account, { recovery_code: ' AAAAA-BBBBB ' });
    let row = await reload(account);
    assert.deepEqual(row.mfa.recoveryCodes, ['ccccc-ddddd']);
    await assert.rejects(
      consumeMfaResponse(stack.deps, row, { recovery_code: 'aaaaa-bbbbb' }),
      rejectsWith('InvalidToken'),
    );
    await assert.rejects(
      consumeMfaResponse(stack.deps, row, { recovery_code: 'zzzzz-zzzzz' }),
      rejectsWith('InvalidToken'),
    );
    await consumeMfaResponse(stack.deps, row, { recovery_code: 'ccccc-ddddd' });
    row = await reload(account);
    assert.deepEqual(row.mfa.recoveryCodes, []);
    assert.deepEqual(mfaMethods(row), ['Totp']);
    await assert.rejects(
      consumeMfaResponse(stack.deps, row, { recovery_code: 'ccccc-ddddd' }),
      rejectsWith('DisallowedMFAMethod'),
    );
  });

  test('a recovery code read before it was used cannot be used twice', async () => {
    const { account } = await withTotp(['eeeee-fffff', 'ggggg-hhhhh']);
    const results = await Promise.allSettled([
      consumeMfaResponse(stack.deps, account, { recovery_code: 'eeeee-fffff' }),
      consumeMfaResponse(stack.deps, account, { recovery_code: 'eeeee-fffff' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.deepEqual((await reload(account)).mfa.recoveryCodes, ['ggggg-hhhhh']);
  });
});
