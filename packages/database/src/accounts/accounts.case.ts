import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateKeyError } from '../errors';
import type { AccountLockout, AccountRow } from './accounts.store';
import { randomHex, withDatabase, type OpenDatabase } from '../fixtures';
import { accountRow } from './accounts.fixtures';
import { mfaTicketRow } from '../mfa-tickets/mfa-tickets.fixtures';
import { sessionRow } from '../sessions/sessions.fixtures';

const NOW = 1_700_000_000_000;

// A schedule like the login's: the third attempt locks for a minute.
function lockOnThird(previous: AccountLockout | null): AccountLockout {
  const attempts = (previous?.attempts ?? 0) + 1;
  return { attempts, expiry: attempts >= 3 ? NOW + 60_000 : null };
}

/** Contract of AccountStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('accounts: create then find by id and normalised e-mail, every field round-trips', () =>
    withDatabase(open, async (db) => {
      const token = randomHex(16);
      const row: AccountRow = accountRow({
        disabled: true,
        verification: {
          status: 'Moving',
          newEmail: 'new@example.org',
          token,
          expiry: 1_900_000_000_123,
        },
        passwordReset: { token: randomHex(16), expiry: 1_800_000_000_456 },
        deletion: { status: 'Scheduled', after: 1_700_000_000_789 },
        lockout: { attempts: 3, expiry: 1_700_000_060_000 },
        mfa: {
          totp: { status: 'Enabled', secret: 'JBSWY3DPEHPK3PXP' },
          recoveryCodes: ['abcde-fghjk', '12345-67890'],
        },
        createdAt: 1_699_999_999_999,
      });
      await db.accounts.create(row);
      assert.deepEqual(await db.accounts.findById(row.id), row);
      assert.deepEqual(await db.accounts.findByEmail(row.emailNormalised), row);
      assert.equal(await db.accounts.findById('01ARZ3NDEKTSV4RRFFQ69G5FAV'), null);
      assert.equal(await db.accounts.findByEmail(`nobody.${randomHex()}@example.com`), null);
    }));

  test('accounts: a taken normalised e-mail or id throws DuplicateKeyError', () =>
    withDatabase(open, async (db) => {
      const first = accountRow();
      await db.accounts.create(first);
      const sameEmail = accountRow({ emailNormalised: first.emailNormalised, email: 'other@x.y' });
      await assert.rejects(db.accounts.create(sameEmail), DuplicateKeyError);
      await assert.rejects(db.accounts.create(accountRow({ id: first.id })), DuplicateKeyError);
      assert.equal(await db.accounts.findById(sameEmail.id), null);
      assert.deepEqual(await db.accounts.findByEmail(first.emailNormalised), first);
    }));

  test('accounts: update applies a partial patch and reports whether the account exists', () =>
    withDatabase(open, async (db) => {
      const row = accountRow({
        lockout: { attempts: 1, expiry: null },
        passwordReset: { token: randomHex(), expiry: 1 },
      });
      await db.accounts.create(row);
      const patch = {
        passwordHash: 'new-hash',
        disabled: true,
        lockout: null,
        passwordReset: null,
        mfa: { totp: { status: 'Pending' as const, secret: 'ABC' }, recoveryCodes: [] },
      };
      assert.equal(await db.accounts.update(row.id, patch), true);
      assert.deepEqual(await db.accounts.findById(row.id), { ...row, ...patch });
      assert.equal(await db.accounts.update(row.id, {}), true);
      assert.equal(await db.accounts.update(accountRow().id, { disabled: true }), false);
      assert.equal(await db.accounts.update(accountRow().id, {}), false);
    }));

  test('accounts: changing to a taken e-mail throws DuplicateKeyError and changes nothing', () =>
    withDatabase(open, async (db) => {
      const a = accountRow();
      const b = accountRow();
      await db.accounts.create(a);
      await db.accounts.create(b);
      await assert.rejects(
        db.accounts.update(b.id, { email: a.email, emailNormalised: a.emailNormalised }),
        DuplicateKeyError,
      );
      assert.deepEqual(await db.accounts.findById(b.id), b);
    }));

  test('accounts: lookups by verification, reset and deletion tokens follow the JSON state', () =>
    withDatabase(open, async (db) => {
      const verify = randomHex(16);
      const row = accountRow({ verification: { status: 'Pending', token: verify, expiry: 5 } });
      await db.accounts.create(row);
      assert.equal((await db.accounts.findByVerificationToken(verify))?.id, row.id);

      const moving = randomHex(16);
      const verification = {
        status: 'Moving' as const,
        newEmail: 'n@e.w',
        token: moving,
        expiry: 9,
      };
      await db.accounts.update(row.id, { verification });
      assert.equal(await db.accounts.findByVerificationToken(verify), null);
      assert.equal((await db.accounts.findByVerificationToken(moving))?.id, row.id);
      await db.accounts.update(row.id, { verification: { status: 'Verified' } });
      assert.equal(await db.accounts.findByVerificationToken(moving), null);

      const reset = randomHex(16);
      await db.accounts.update(row.id, { passwordReset: { token: reset, expiry: 7 } });
      assert.equal((await db.accounts.findByPasswordResetToken(reset))?.id, row.id);
      await db.accounts.update(row.id, { passwordReset: null });
      assert.equal(await db.accounts.findByPasswordResetToken(reset), null);

      const del = randomHex(16);
      await db.accounts.update(row.id, {
        deletion: { status: 'WaitingForVerification', token: del, expiry: 3 },
      });
      assert.equal((await db.accounts.findByDeletionToken(del))?.id, row.id);
      await db.accounts.update(row.id, { deletion: { status: 'Deleted' } });
      assert.equal(await db.accounts.findByDeletionToken(del), null);
    }));

  test('accounts: listDueDeletions returns scheduled deletions that are due', () =>
    withDatabase(open, async (db) => {
      // Far in the past so other tests sharing the database cannot interfere.
      const due = accountRow({ deletion: { status: 'Scheduled', after: 1000 } });
      const later = accountRow({ deletion: { status: 'Scheduled', after: 3000 } });
      const waiting = accountRow({
        deletion: { status: 'WaitingForVerification', token: randomHex(), expiry: 10 },
      });
      for (const row of [due, later, waiting]) await db.accounts.create(row);
      const ids = await db.accounts.listDueDeletions(2000);
      assert.ok(ids.includes(due.id));
      assert.ok(!ids.includes(later.id));
      assert.ok(!ids.includes(waiting.id));
      assert.ok((await db.accounts.listDueDeletions(3000)).includes(later.id));
      await db.accounts.update(due.id, { deletion: { status: 'Deleted' } });
      assert.ok(!(await db.accounts.listDueDeletions(2000)).includes(due.id));
    }));

  test('accounts: delete removes the account with its sessions and MFA tickets', () =>
    withDatabase(open, async (db) => {
      const row = accountRow();
      await db.accounts.create(row);
      const session = sessionRow(row.id);
      const ticket = mfaTicketRow(row.id);
      await db.sessions.create(session);
      await db.mfaTickets.create(ticket);
      assert.equal(await db.accounts.delete(row.id), true);
      assert.equal(await db.accounts.delete(row.id), false);
      assert.equal(await db.accounts.findById(row.id), null);
      assert.equal(await db.sessions.findById(session.id), null);
      assert.equal(await db.mfaTickets.findByTokenHash(ticket.tokenHash), null);
      // The e-mail is free again.
      await db.accounts.create(accountRow({ emailNormalised: row.emailNormalised }));
    }));

  test('accounts: takeLoginAttempt counts through `next` until locked, then refuses unchanged', () =>
    withDatabase(open, async (db) => {
      const row = accountRow();
      await db.accounts.create(row);
      const seen: (AccountLockout | null)[] = [];
      const next = (previous: AccountLockout | null) => {
        seen.push(previous);
        return lockOnThird(previous);
      };
      assert.deepEqual(await db.accounts.takeLoginAttempt(row.id, NOW, next), {
        allowed: true,
        lockout: { attempts: 1, expiry: null },
      });
      await db.accounts.takeLoginAttempt(row.id, NOW, next);
      const locked = { attempts: 3, expiry: NOW + 60_000 };
      assert.deepEqual(await db.accounts.takeLoginAttempt(row.id, NOW, next), {
        allowed: true,
        lockout: locked,
      });
      assert.deepEqual(seen, [null, { attempts: 1, expiry: null }, { attempts: 2, expiry: null }]);
      assert.deepEqual(await db.accounts.takeLoginAttempt(row.id, NOW + 59_999, next), {
        allowed: false,
        lockout: locked,
      });
      assert.equal(seen.length, 3);
      assert.deepEqual((await db.accounts.findById(row.id))?.lockout, locked);
      // Once the expiry has passed, the next attempt is counted again.
      const after = await db.accounts.takeLoginAttempt(row.id, NOW + 60_000, next);
      assert.deepEqual(after, { allowed: true, lockout: { attempts: 4, expiry: NOW + 60_000 } });
      assert.equal(await db.accounts.takeLoginAttempt(accountRow().id, NOW, next), null);
    }));

  test('accounts: concurrent takeLoginAttempt calls each see the previous count', () =>
    withDatabase(open, async (db) => {
      const row = accountRow();
      const other = accountRow();
      await db.accounts.create(row);
      await db.accounts.create(other);
      // 15 attempts on one account and 5 on another, interleaved.
      const ids = Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? other.id : row.id));
      const results = await Promise.all(
        ids.map((id) => db.accounts.takeLoginAttempt(id, NOW, lockOnThird)),
      );
      const allowed = (id: string) => results.filter((r, i) => ids[i] === id && r?.allowed);
      assert.equal(allowed(row.id).length, 3);
      assert.equal(allowed(other.id).length, 3);
      assert.deepEqual(
        allowed(row.id)
          .map((r) => r?.lockout?.attempts)
          .sort(),
        [1, 2, 3],
      );
      assert.deepEqual((await db.accounts.findById(row.id))?.lockout, {
        attempts: 3,
        expiry: NOW + 60_000,
      });
    }));

  test('accounts: takeLoginAttempt inside a transaction joins it', () =>
    withDatabase(open, async (db) => {
      const row = accountRow();
      await db.accounts.create(row);
      await assert.rejects(
        db.transaction(async (tx) => {
          assert.equal(
            (await tx.accounts.takeLoginAttempt(row.id, NOW, lockOnThird))?.allowed,
            true,
          );
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal((await db.accounts.findById(row.id))?.lockout, null);
    }));
}
