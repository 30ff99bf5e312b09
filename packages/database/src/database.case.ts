import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { accountRow } from './accounts/accounts.fixtures';
import type { Database, Dialect } from './database';
import { domains } from './domains';
import { DuplicateKeyError } from './errors';
import { withDatabase, type OpenDatabase } from './fixtures';
import { sessionRow } from './sessions/sessions.fixtures';
import { userRow } from './users/users.fixtures';

/** The contract of every registered domain's store, plus the transaction contract. */
export type DatabaseCases = (open: OpenDatabase, dialect: Dialect) => void;

/**
 * Loads the contract cases of every domain in `domains.ts` and returns them as one suite to run
 * once per driver (the transaction cases last).
 */
export async function loadDatabaseCases(): Promise<DatabaseCases> {
  const modules = await Promise.all(Object.keys(domains).map(loadStoreCases));
  return (open, dialect) => {
    for (const { storeCases } of modules) storeCases(open);
    transactionCases(open, dialect);
  };
}

/** What a domain's `<domain>.case.ts` exports: its store's contract, run once per driver. */
export interface StoreCases {
  storeCases(open: OpenDatabase): void;
}

/**
 * The cases of the domain registered as `name`, from its folder (`mfaTickets` →
 * `mfa-tickets/mfa-tickets.case.ts`). Loaded by path rather than listed in the registry, so that
 * the registry (and with it the Database type) never imports test code.
 */
async function loadStoreCases(name: string): Promise<StoreCases> {
  const folder = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const cases = (await import(`./${folder}/${folder}.case.ts`)) as Partial<StoreCases>;
  if (typeof cases.storeCases !== 'function') {
    throw new Error(`${folder}/${folder}.case.ts must export storeCases(open)`);
  }
  return cases as StoreCases;
}

/** Contract of Database.transaction, run once per driver. */
export function transactionCases(open: OpenDatabase, dialect: Dialect): void {
  test('database: reports its dialect', () =>
    withDatabase(open, async (db) => {
      assert.equal(db.dialect, dialect);
    }));

  test("transaction: commits every store on success and returns fn's value", () =>
    withDatabase(open, async (db) => {
      const account = accountRow();
      const user = userRow({ id: account.id });
      const session = sessionRow(account.id);
      const result = await db.transaction(async (tx) => {
        await tx.accounts.create(account);
        await tx.users.create(user);
        await tx.sessions.create(session);
        assert.deepEqual(await tx.users.findById(user.id), user);
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(await db.accounts.findById(account.id), account);
      assert.deepEqual(await db.users.findById(user.id), user);
      assert.deepEqual(await db.sessions.findById(session.id), session);
    }));

  test('transaction: a throw rolls back every store and rethrows', () =>
    withDatabase(open, async (db) => {
      const existing = accountRow();
      await db.accounts.create(existing);
      const account = accountRow();
      const user = userRow({ id: account.id });
      const failure = new Error('boom');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.accounts.create(account);
          await tx.users.create(user);
          await tx.accounts.update(existing.id, { disabled: true });
          await tx.sessions.create(sessionRow(account.id));
          throw failure;
        }),
        (err) => err === failure,
      );
      assert.equal(await db.accounts.findById(account.id), null);
      assert.equal(await db.users.findById(user.id), null);
      assert.equal((await db.accounts.findById(existing.id))?.disabled, false);
      assert.deepEqual(await db.sessions.listByUser(account.id), []);
    }));

  test('transaction: a nested transaction joins the outer one', () =>
    withDatabase(open, async (db) => {
      const a = userRow();
      const b = userRow();
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.users.create(a);
          await tx.transaction(async (inner) => {
            await inner.users.create(b);
          });
          throw new Error('outer fails');
        }),
        /outer fails/,
      );
      assert.equal(await db.users.findById(a.id), null);
      assert.equal(await db.users.findById(b.id), null);
    }));

  test('transaction: a caught DuplicateKeyError leaves the transaction usable', () =>
    withDatabase(open, async (db) => {
      const taken = userRow({ discriminator: '3000' });
      await db.users.create(taken);
      const mine = userRow({ username: taken.username, discriminator: '3000' });
      await db.transaction(async (tx) => {
        await assert.rejects(tx.users.create(mine), DuplicateKeyError);
        await tx.users.create({ ...mine, discriminator: '3001' });
      });
      assert.deepEqual(await db.users.findById(mine.id), { ...mine, discriminator: '3001' });
    }));

  test('transaction: writes made outside it survive its rollback', () =>
    withDatabase(open, async (db) => {
      const inside = userRow();
      const outside = userRow();
      let release!: () => void;
      const started = new Promise<void>((resolve) => (release = resolve));
      const outsideWrite = started.then(() => db.users.create(outside));
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.users.create(inside);
          release();
          await delay(20);
          throw new Error('rollback');
        }),
        /rollback/,
      );
      await outsideWrite;
      assert.equal(await db.users.findById(inside.id), null);
      assert.deepEqual(await db.users.findById(outside.id), outside);
    }));

  test('transaction: using the outer Database inside it fails fast instead of hanging', () =>
    withDatabase(open, async (db) => {
      const row = userRow();
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.users.create(row);
          await db.users.findById(row.id);
        }),
        /use the `tx` handle/,
      );
      await assert.rejects(
        db.transaction(() => db.transaction(async () => 1)),
        /use the `tx` handle/,
      );
      assert.equal(await db.users.findById(row.id), null);
      // Work started inside but run after the transaction ended may use the Database.
      let later!: Promise<unknown>;
      await db.transaction(async () => {
        later = delay(10).then(() => db.users.findById(row.id));
      });
      assert.equal(await later, null);
    }));

  test('transaction: concurrent transactions each commit their own writes', () =>
    withDatabase(open, async (db) => {
      const rows = Array.from({ length: 8 }, () => userRow());
      await Promise.all(
        rows.map((row) =>
          db.transaction(async (tx) => {
            await tx.users.create(row);
            await delay(1);
            await tx.users.update(row.id, { badges: 7 });
          }),
        ),
      );
      const found = await db.users.findMany(rows.map((r) => r.id));
      assert.deepEqual(
        found,
        rows.map((r) => ({ ...r, badges: 7 })),
      );
    }));
}

/** Storage that can be opened several times (a file, a PostgreSQL database). */
export interface ReopenableStorage {
  open(): Promise<Database>;
}

/** Contract of durable drivers: data and schema survive close and reopen. */
export function persistenceCases(
  fresh: () => Promise<ReopenableStorage>,
  options: { concurrentOpen: boolean },
): void {
  test('persistence: data written before close is there after reopen', async () => {
    const storage = await fresh();
    const account = accountRow({ mfa: { totp: null, recoveryCodes: ['a-b'] } });
    const user = userRow({ id: account.id, status: { presence: 'Idle' } });
    await withDatabase(storage.open, async (db) => {
      await db.accounts.create(account);
      await db.users.create(user);
    });
    await withDatabase(storage.open, async (db) => {
      assert.deepEqual(await db.accounts.findById(account.id), account);
      assert.deepEqual(await db.users.findById(user.id), user);
    });
  });

  test('persistence: reopening applies no migration twice and keeps every constraint', async () => {
    const storage = await fresh();
    const user = userRow();
    const account = accountRow();
    await withDatabase(storage.open, async (db) => {
      await db.users.create(user);
      await db.accounts.create(account);
    });
    for (let i = 0; i < 3; i++) {
      await withDatabase(storage.open, async (db) => {
        await assert.rejects(
          db.users.create(userRow({ username: user.username.toUpperCase() })),
          DuplicateKeyError,
        );
        await assert.rejects(
          db.accounts.create(accountRow({ emailNormalised: account.emailNormalised })),
          DuplicateKeyError,
        );
        await assert.rejects(db.sessions.create(sessionRow(userRow().id)));
        assert.deepEqual(await db.users.findById(user.id), user);
      });
    }
  });

  if (options.concurrentOpen) {
    test('persistence: several processes may open and migrate a new database at once', async () => {
      const storage = await fresh();
      const dbs = await Promise.all([storage.open(), storage.open(), storage.open()]);
      try {
        const row = userRow();
        await dbs[0]!.users.create(row);
        assert.deepEqual(await dbs[2]!.users.findById(row.id), row);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
      }
    });
  }
}
