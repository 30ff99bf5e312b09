import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateKeyError } from '../errors';
import { randomHex, withDatabase, type OpenDatabase } from '../fixtures';
import { accountRow } from '../accounts/accounts.fixtures';
import { mfaTicketRow } from './mfa-tickets.fixtures';

/** Contract of MfaTicketStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('mfa tickets: create, find by token hash, update, delete once', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      const row = mfaTicketRow(account.id, { authorised: true, createdAt: 1_700_000_000_000 });
      await db.mfaTickets.create(row);
      assert.deepEqual(await db.mfaTickets.findByTokenHash(row.tokenHash), row);
      assert.equal(await db.mfaTickets.findByTokenHash(randomHex(32)), null);

      const patch = { validated: true, authorised: false, lastTotpCode: '123456' };
      assert.equal(await db.mfaTickets.update(row.id, patch), true);
      assert.deepEqual(await db.mfaTickets.findByTokenHash(row.tokenHash), { ...row, ...patch });
      assert.equal(await db.mfaTickets.update(row.id, {}), true);
      assert.equal(
        await db.mfaTickets.update(mfaTicketRow(account.id).id, { validated: true }),
        false,
      );

      assert.equal(await db.mfaTickets.delete(row.id), true);
      assert.equal(await db.mfaTickets.delete(row.id), false);
      assert.equal(await db.mfaTickets.findByTokenHash(row.tokenHash), null);
    }));

  test('mfa tickets: a reused token hash throws DuplicateKeyError', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      const row = mfaTicketRow(account.id);
      await db.mfaTickets.create(row);
      await assert.rejects(
        db.mfaTickets.create(mfaTicketRow(account.id, { tokenHash: row.tokenHash })),
        DuplicateKeyError,
      );
    }));

  test('mfa tickets: deleteExpired removes tickets created before the cut-off', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      // Times far in the past so tickets of other tests sharing the database are not touched.
      const old = mfaTicketRow(account.id, { createdAt: 1000 });
      const edge = mfaTicketRow(account.id, { createdAt: 2000 });
      const fresh = mfaTicketRow(account.id);
      for (const t of [old, edge, fresh]) await db.mfaTickets.create(t);
      assert.ok((await db.mfaTickets.deleteExpired(2000)) >= 1);
      assert.equal(await db.mfaTickets.findByTokenHash(old.tokenHash), null);
      assert.deepEqual(await db.mfaTickets.findByTokenHash(edge.tokenHash), edge);
      assert.deepEqual(await db.mfaTickets.findByTokenHash(fresh.tokenHash), fresh);
    }));
}
