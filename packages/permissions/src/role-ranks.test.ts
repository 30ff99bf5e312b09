import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NO_RANK,
  TOP_RANK,
  actorRank,
  canReorderRoles,
  isRankedAbove,
  memberRank,
} from './role-ranks';
import type { PermissionServer } from './server-permissions';

const none = { a: 0, d: 0 };
const server: PermissionServer = {
  owner: 'owner',
  defaultPermissions: 0,
  roles: {
    top: { rank: 0, permissions: none },
    mod: { rank: 1, permissions: none },
    helper: { rank: 2, permissions: none },
    fan: { rank: 3, permissions: none },
  },
};

describe('memberRank', () => {
  const cases: [string, string[], number][] = [
    ['the smallest rank among the roles', ['fan', 'mod'], 1],
    ['no roles: below every role', [], NO_RANK],
    ['deleted roles do not count', ['gone', 'fan'], 3],
    ['only deleted roles: below every role', ['gone'], NO_RANK],
  ];
  for (const [name, roles, expected] of cases) {
    test(name, () => assert.equal(memberRank(server, { roles }), expected));
  }
});

describe('actorRank', () => {
  test('the owner and privileged users rank above every role', () => {
    assert.equal(actorRank({ id: 'owner', privileged: false }, server, { roles: [] }), TOP_RANK);
    assert.equal(actorRank({ id: 'staff', privileged: true }, server, null), TOP_RANK);
  });
  test('a member ranks as their roles, a non-member below everything', () => {
    assert.equal(actorRank({ id: 'me', privileged: false }, server, { roles: ['mod'] }), 1);
    assert.equal(actorRank({ id: 'me', privileged: false }, server, null), NO_RANK);
  });
});

describe('isRankedAbove (strictly)', () => {
  const cases: [string, number, number, boolean][] = [
    ['a higher role over a lower one', 1, 2, true],
    ['equal ranks cannot act on each other', 1, 1, false],
    ['a lower role cannot act on a higher one', 2, 1, false],
    ['the owner over the top role', TOP_RANK, 0, true],
    ['a member with roles over one without', 3, NO_RANK, true],
    ['two members without roles', NO_RANK, NO_RANK, false],
    ['a member without roles over any role', NO_RANK, 3, false],
  ];
  for (const [name, actor, rank, expected] of cases) {
    test(name, () => assert.equal(isRankedAbove(actor, rank), expected));
  }
});

describe('canReorderRoles', () => {
  const before = ['top', 'mod', 'helper', 'fan'];
  const cases: [string, number, string[], boolean][] = [
    ['roles below the actor may move', 1, ['top', 'mod', 'fan', 'helper'], true],
    ['the actor’s own role may not move', 1, ['top', 'helper', 'mod', 'fan'], false],
    ['roles above the actor may not move', 2, ['mod', 'top', 'helper', 'fan'], false],
    ['the owner may move anything', TOP_RANK, ['fan', 'helper', 'mod', 'top'], true],
    ['an unchanged order is always fine', NO_RANK, before, true],
  ];
  for (const [name, actor, after, expected] of cases) {
    test(name, () => assert.equal(canReorderRoles(server, actor, before, after), expected));
  }
});
