import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isStoatError } from '@ermine/result';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { SEEDED_PASSWORD, seedAccount } from '@ermine/testing/users';
import { createValidatedTicket } from './mfa-ticket-create';
import { claimValidatedTicket, findLiveTicket, issueTicket, MFA_TICKET_TTL_MS } from './mfa-ticket';

/** InvalidToken answered with 403 (a ticket that exists but may not be used). */
function forbidden(err: unknown): true {
  rejectsWith('InvalidToken')(err);
  assert.ok(isStoatError(err));
  assert.equal(err.status, 403);
  return true;
}

let stack: TestStack;
before(async () => (stack = await createTestStack()));
after(() => stack.close());

describe('MFA tickets', () => {
  test('a ticket is stored by the hash of its token and lives five minutes', async () => {
    const account = await seedAccount(stack.deps);
    const { row, token } = await issueTicket(stack.deps, account.id, { validated: true });
    assert.notEqual(row.tokenHash, token);
    assert.equal(row.authorised, false);
    assert.deepEqual(await findLiveTicket(stack.deps, token), row);
    assert.equal(await findLiveTicket(stack.deps, 'unknown'), null);
    assert.equal(await findLiveTicket(stack.deps, ''), null);
    assert.equal(await findLiveTicket(stack.deps, 'x'.repeat(129)), null);
    stack.clock.advance(MFA_TICKET_TTL_MS + 1);
    try {
      assert.equal(await findLiveTicket(stack.deps, token), null);
    } finally {
      stack.clock.set(Date.now());
    }
  });

  test('claiming a validated ticket of the account uses it up', async () => {
    const account = await seedAccount(stack.deps);
    const { row, token } = await issueTicket(stack.deps, account.id, { validated: true });
    assert.deepEqual(await claimValidatedTicket(stack.deps, token, account.id), row);
    await assert.rejects(
      claimValidatedTicket(stack.deps, token, account.id),
      rejectsWith('InvalidToken'),
    );
  });

  test('unknown or another account’s → 401; not validated → 403, and it stays', async () => {
    const account = await seedAccount(stack.deps);
    const other = await seedAccount(stack.deps);
    const validated = await issueTicket(stack.deps, account.id, { validated: true });
    await assert.rejects(
      claimValidatedTicket(stack.deps, validated.token, other.id),
      (err: unknown) => rejectsWith('InvalidToken')(err) && isStoatError(err) && err.status === 401,
    );
    await assert.rejects(
      claimValidatedTicket(stack.deps, 'nope', account.id),
      rejectsWith('InvalidToken'),
    );
    const unvalidated = await issueTicket(stack.deps, account.id, { validated: false });
    await assert.rejects(
      claimValidatedTicket(stack.deps, unvalidated.token, account.id),
      forbidden,
    );
    assert.ok(await findLiveTicket(stack.deps, unvalidated.token));
  });
});

describe('createValidatedTicket', () => {
  test('a logged-in account answering with its password gets a validated ticket', async () => {
    const account = await seedAccount(stack.deps);
    const issued = await createValidatedTicket(
      stack.deps,
      { account, ticketToken: null },
      { password: SEEDED_PASSWORD },
    );
    assert.equal(issued.row.accountId, account.id);
    assert.equal(issued.row.validated, true);
    assert.deepEqual(await claimValidatedTicket(stack.deps, issued.token, account.id), issued.row);
  });

  test('a wrong password → InvalidCredentials; both a session and a ticket → OperationFailed; neither → InvalidToken', async () => {
    const account = await seedAccount(stack.deps);
    await assert.rejects(
      createValidatedTicket(stack.deps, { account, ticketToken: null }, { password: 'wrong one' }),
      rejectsWith('InvalidCredentials'),
    );
    await assert.rejects(
      createValidatedTicket(
        stack.deps,
        { account, ticketToken: 'some ticket' },
        { password: SEEDED_PASSWORD },
      ),
      rejectsWith('OperationFailed'),
    );
    await assert.rejects(
      createValidatedTicket(
        stack.deps,
        { account: null, ticketToken: null },
        { password: SEEDED_PASSWORD },
      ),
      rejectsWith('InvalidToken'),
    );
  });

  test('an unvalidated ticket is exchanged once, right answer or not', async () => {
    const account = await seedAccount(stack.deps);
    const first = await issueTicket(stack.deps, account.id, { validated: false });
    await assert.rejects(
      createValidatedTicket(
        stack.deps,
        { account: null, ticketToken: first.token },
        { password: 'wrong one' },
      ),
      rejectsWith('InvalidCredentials'),
    );
    assert.equal(await findLiveTicket(stack.deps, first.token), null);

    const second = await issueTicket(stack.deps, account.id, { validated: false });
    const issued = await createValidatedTicket(
      stack.deps,
      { account: null, ticketToken: second.token },
      { password: SEEDED_PASSWORD },
    );
    assert.equal(issued.row.validated, true);
    assert.equal(issued.row.accountId, account.id);
    await assert.rejects(
      createValidatedTicket(
        stack.deps,
        { account: null, ticketToken: second.token },
        { password: SEEDED_PASSWORD },
      ),
      rejectsWith('InvalidToken'),
    );
  });

  test('a validated ticket cannot be exchanged for another (403)', async () => {
    const account = await seedAccount(stack.deps);
    const validated = await issueTicket(stack.deps, account.id, { validated: true });
    await assert.rejects(
      createValidatedTicket(
        stack.deps,
        { account: null, ticketToken: validated.token },
        { password: SEEDED_PASSWORD },
      ),
      forbidden,
    );
  });
});
