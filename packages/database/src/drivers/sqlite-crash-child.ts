// Child process of sqlite.test.ts. Modes:
//   crash <file> <count>  writes rows, reports each acknowledged write on stdout synchronously,
//                         then kills itself with SIGKILL without closing the database;
//   hold <file> <ms>      holds a write transaction open for <ms>, printing "locked" then "done".
import { writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { accountRow } from '../accounts/accounts.fixtures';
import { userRow } from '../users/users.fixtures';
import { openSqliteDatabase } from './sqlite';

const [mode, file, arg] = process.argv.slice(2);
if (!file || (mode !== 'crash' && mode !== 'hold')) {
  throw new Error('usage: sqlite-crash-child.ts crash|hold <file> <n>');
}

const db = await openSqliteDatabase({ file });
if (mode === 'hold') {
  await db.transaction(async (tx) => {
    await tx.users.create(userRow({ username: 'holder' }));
    writeSync(1, 'locked\n');
    await delay(Number(arg));
  });
  writeSync(1, 'done\n');
  await db.close();
} else {
  const count = Number(arg);
  for (let i = 0; i < count; i++) {
    const account = accountRow();
    if (i % 2 === 0) {
      await db.accounts.create(account);
    } else {
      await db.transaction(async (tx) => {
        await tx.accounts.create(account);
        await tx.users.create(userRow({ id: account.id }));
      });
    }
    writeSync(1, `${account.id}\n`);
  }
  process.kill(process.pid, 'SIGKILL');
}
