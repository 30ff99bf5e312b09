import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateKeyError } from '../errors';
import { randomHex, withDatabase, type OpenDatabase } from '../fixtures';
import { accountRow } from '../accounts/accounts.fixtures';
import { sessionRow } from './sessions.fixtures';

/** Contract of SessionStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('sessions: create then find by token hash and id, every field round-trips', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      const row = sessionRow(account.id, {
        name: 'Firefox on Linux',
        lastSeen: 1_700_000_000_001,
        origin: 'production',
        subscription: { endpoint: 'https://push.example/abc', p256dh: 'BKey', auth: 'secret' },
        createdAt: 1_700_000_000_000,
      });
      await db.sessions.create(row);
      assert.deepEqual(await db.sessions.findByTokenHash(row.tokenHash), row);
      assert.deepEqual(await db.sessions.findById(row.id), row);
      assert.equal(await db.sessions.findByTokenHash(randomHex(32)), null);
      assert.equal(await db.sessions.findById(sessionRow(account.id).id), null);
    }));

  test('sessions: a reused token hash or id throws DuplicateKeyError', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      const row = sessionRow(account.id);
      await db.sessions.create(row);
      await assert.rejects(
        db.sessions.create(sessionRow(account.id, { tokenHash: row.tokenHash })),
        DuplicateKeyError,
      );
      await assert.rejects(
        db.sessions.create(sessionRow(account.id, { id: row.id })),
        DuplicateKeyError,
      );
    }));

  test('sessions: a session needs an existing account', () =>
    withDatabase(open, async (db) => {
      await assert.rejects(db.sessions.create(sessionRow(accountRow().id)));
    }));

  test('sessions: listByUser returns only that user, oldest first', () =>
    withDatabase(open, async (db) => {
      const a = accountRow();
      const b = accountRow();
      await db.accounts.create(a);
      await db.accounts.create(b);
      const newer = sessionRow(a.id, { createdAt: 2000 });
      const older = sessionRow(a.id, { createdAt: 1000 });
      await db.sessions.create(newer);
      await db.sessions.create(older);
      await db.sessions.create(sessionRow(b.id));
      assert.deepEqual(await db.sessions.listByUser(a.id), [older, newer]);
      assert.deepEqual(await db.sessions.listByUser(accountRow().id), []);
    }));

  test('sessions: update changes name, lastSeen and subscription (set and clear)', () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      await db.accounts.create(account);
      const row = sessionRow(account.id);
      await db.sessions.create(row);
      const subscription = { endpoint: 'https://p.example/1', p256dh: 'k', auth: 'a' };
      assert.equal(
        await db.sessions.update(row.id, { name: 'Renamed', lastSeen: 42, subscription }),
        true,
      );
      assert.deepEqual(await db.sessions.findById(row.id), {
        ...row,
        name: 'Renamed',
        lastSeen: 42,
        subscription,
      });
      await db.sessions.update(row.id, { subscription: null });
      assert.equal((await db.sessions.findById(row.id))?.subscription, null);
      assert.equal(await db.sessions.update(sessionRow(account.id).id, { name: 'x' }), false);
    }));

  test('sessions: listSubscribed returns the subscribed sessions of the given users', () =>
    withDatabase(open, async (db) => {
      const a = accountRow();
      const b = accountRow();
      await db.accounts.create(a);
      await db.accounts.create(b);
      const subscription = { endpoint: 'https://p.example/2', p256dh: 'k', auth: 'a' };
      const subA = sessionRow(a.id, { subscription });
      const subB = sessionRow(b.id, { subscription });
      await db.sessions.create(subA);
      await db.sessions.create(subB);
      await db.sessions.create(sessionRow(a.id));
      const ids = (await db.sessions.listSubscribed([a.id, b.id, a.id])).map((s) => s.id);
      assert.deepEqual(ids.sort(), [subA.id, subB.id].sort());
      assert.deepEqual(await db.sessions.listSubscribed([]), []);
    }));

  test('sessions: delete and deleteByUser (with and without exceptId) return what they removed', () =>
    withDatabase(open, async (db) => {
      const a = accountRow();
      const b = accountRow();
      await db.accounts.create(a);
      await db.accounts.create(b);
      const [keep, s2, s3] = [sessionRow(a.id), sessionRow(a.id), sessionRow(a.id)];
      const other = sessionRow(b.id);
      for (const s of [keep, s2, s3, other]) await db.sessions.create(s!);

      assert.equal(await db.sessions.delete(s3!.id), true);
      assert.equal(await db.sessions.delete(s3!.id), false);

      const removed = await db.sessions.deleteByUser(a.id, { exceptId: keep!.id });
      assert.deepEqual(removed, [s2!.id]);
      assert.deepEqual(
        (await db.sessions.listByUser(a.id)).map((s) => s.id),
        [keep!.id],
      );
      assert.deepEqual(await db.sessions.deleteByUser(a.id), [keep!.id]);
      assert.deepEqual(await db.sessions.listByUser(a.id), []);
      assert.deepEqual(await db.sessions.deleteByUser(a.id), []);
      assert.deepEqual(await db.sessions.findById(other.id), other);
    }));
}
