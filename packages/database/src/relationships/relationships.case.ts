import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../database';
import type { RelationshipStatus } from './relationships.store';
import { withDatabase, type OpenDatabase } from '../fixtures';
import { userRow } from '../users/users.fixtures';

async function users(db: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = userRow();
    await db.users.create(row);
    ids.push(row.id);
  }
  return ids;
}

/** Contract of RelationshipStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('relationships: setPair writes both directions; get and list read them', () =>
    withDatabase(open, async (db) => {
      const [a, b, c] = (await users(db, 3)) as [string, string, string];
      assert.equal(await db.relationships.get(a, b), null);
      assert.deepEqual(await db.relationships.list(a), []);

      await db.relationships.setPair(a, 'Outgoing', b, 'Incoming');
      assert.equal(await db.relationships.get(a, b), 'Outgoing');
      assert.equal(await db.relationships.get(b, a), 'Incoming');

      await db.relationships.setPair(a, 'Friend', b, 'Friend');
      await db.relationships.setPair(c, 'Blocked', a, 'BlockedOther');
      assert.equal(await db.relationships.get(a, b), 'Friend');
      assert.equal(await db.relationships.get(b, a), 'Friend');
      const list = await db.relationships.list(a);
      assert.deepEqual(
        [...list].sort((x, y) => x.id.localeCompare(y.id)),
        [
          { id: b, status: 'Friend' },
          { id: c, status: 'BlockedOther' },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
      assert.deepEqual(await db.relationships.list(c), [{ id: a, status: 'Blocked' }]);
    }));

  test('relationships: null removes a direction, the other may stay', () =>
    withDatabase(open, async (db) => {
      const [a, b] = (await users(db, 2)) as [string, string];
      await db.relationships.setPair(a, 'Blocked', b, 'Blocked');
      await db.relationships.setPair(a, 'BlockedOther', b, 'Blocked');
      assert.equal(await db.relationships.get(a, b), 'BlockedOther');
      await db.relationships.setPair(a, null, b, 'Blocked');
      assert.equal(await db.relationships.get(a, b), null);
      assert.equal(await db.relationships.get(b, a), 'Blocked');
      await db.relationships.setPair(a, null, b, null);
      assert.deepEqual(await db.relationships.list(a), []);
      assert.deepEqual(await db.relationships.list(b), []);
      await db.relationships.setPair(a, null, b, null);
    }));

  test("relationships: countByStatus counts one user's relationships by status", () =>
    withDatabase(open, async (db) => {
      const [a, b, c, d] = (await users(db, 4)) as [string, string, string, string];
      await db.relationships.setPair(a, 'Outgoing', b, 'Incoming');
      await db.relationships.setPair(a, 'Outgoing', c, 'Incoming');
      await db.relationships.setPair(a, 'Incoming', d, 'Outgoing');
      assert.equal(await db.relationships.countByStatus(a, 'Outgoing'), 2);
      assert.equal(await db.relationships.countByStatus(a, 'Incoming'), 1);
      assert.equal(await db.relationships.countByStatus(a, 'Friend'), 0);
      assert.equal(await db.relationships.countByStatus(b, 'Incoming'), 1);
    }));

  test('relationships: setPair is all or nothing', () =>
    withDatabase(open, async (db) => {
      const [a, b] = (await users(db, 2)) as [string, string];
      await db.relationships.setPair(a, 'Outgoing', b, 'Incoming');
      // The first direction is valid, the second is refused by the store: neither may stick.
      const bogus = 'Bogus' as RelationshipStatus;
      await assert.rejects(db.relationships.setPair(a, 'Friend', b, bogus));
      assert.equal(await db.relationships.get(a, b), 'Outgoing');
      assert.equal(await db.relationships.get(b, a), 'Incoming');
      // A direction towards a user that does not exist is refused too.
      const ghost = userRow().id;
      await assert.rejects(db.relationships.setPair(a, 'Outgoing', ghost, 'Incoming'));
      assert.equal(await db.relationships.get(a, ghost), null);
    }));

  test('relationships: setPair inside a failed transaction is rolled back', () =>
    withDatabase(open, async (db) => {
      const [a, b] = (await users(db, 2)) as [string, string];
      await db.relationships.setPair(a, 'Outgoing', b, 'Incoming');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.relationships.setPair(a, 'Friend', b, 'Friend');
          assert.equal(await tx.relationships.get(b, a), 'Friend');
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await db.relationships.get(a, b), 'Outgoing');
      assert.equal(await db.relationships.get(b, a), 'Incoming');
    }));

  test('relationships: a user cannot relate to themself', () =>
    withDatabase(open, async (db) => {
      const [a] = (await users(db, 1)) as [string];
      await assert.rejects(db.relationships.setPair(a, 'Friend', a, 'Friend'), RangeError);
    }));
}
