import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GRANT_ALL_SAFE, Permission } from './permission-bits';
import { ALLOW_IN_TIMEOUT, DEFAULT_PERMISSION_SERVER } from './permission-defaults';
import {
  calculateServerPermissions,
  isTimedOut,
  serverRoleOverrides,
  type PermissionMember,
  type PermissionServer,
} from './server-permissions';

const { ViewChannel: View, ReadMessageHistory: Read, SendMessage: Send } = Permission;
const { Speak, Video, Listen, KickMembers: Kick, BanMembers: Ban } = Permission;
const NOW = 1_700_000_000_000;
const ME = { id: 'me', privileged: false };

const server: PermissionServer = {
  owner: 'owner',
  defaultPermissions: View + Read + Send + Speak + Video + Listen,
  roles: {
    top: { rank: 0, permissions: { a: Kick, d: Send } },
    middle: { rank: 1, permissions: { a: Send + Ban, d: 0 } },
    bottom: { rank: 2, permissions: { a: 0, d: View } },
    mute: { rank: 3, permissions: { a: 0, d: Speak } },
  },
};
const base = server.defaultPermissions;

function member(fields: Partial<PermissionMember> = {}): PermissionMember {
  return { roles: [], ...fields };
}

describe('calculateServerPermissions', () => {
  const cases: [string, { id: string; privileged: boolean }, PermissionMember | null, number][] = [
    ['the owner holds everything', { id: 'owner', privileged: false }, null, GRANT_ALL_SAFE],
    ['a privileged user holds everything', { id: 'staff', privileged: true }, null, GRANT_ALL_SAFE],
    ['a non-member holds nothing', ME, null, 0],
    ['a member without roles has the server defaults', ME, member(), base],
    ['a role adds its allows', ME, member({ roles: ['middle'] }), base + Ban],
    ['a role removes its denies', ME, member({ roles: ['mute'] }), base - Speak],
    [
      'the top role (rank 0) is applied last and wins',
      ME,
      member({ roles: ['middle', 'top'] }),
      base - Send + Kick + Ban,
    ],
    [
      'the order of the member’s role list does not matter',
      ME,
      member({ roles: ['top', 'middle'] }),
      base - Send + Kick + Ban,
    ],
    [
      'a lower role’s deny loses to a higher allow',
      ME,
      member({ roles: ['bottom', 'middle'] }),
      base - View + Ban,
    ],
    ['deleted roles are ignored', ME, member({ roles: ['gone', 'middle'] }), base + Ban],
    [
      'can_publish false removes Speak and Video',
      ME,
      member({ canPublish: false }),
      base - Speak - Video,
    ],
    ['can_receive false removes Listen', ME, member({ canReceive: false }), base - Listen],
    [
      'can_publish and can_receive true change nothing',
      ME,
      member({ canPublish: true, canReceive: true }),
      base,
    ],
    [
      'a timeout keeps only viewing and reading',
      ME,
      member({ roles: ['middle'], timeout: NOW + 1 }),
      ALLOW_IN_TIMEOUT,
    ],
    [
      'a timeout cannot add what roles removed',
      ME,
      member({ roles: ['bottom'], timeout: NOW + 1 }),
      Read,
    ],
    ['an expired timeout changes nothing', ME, member({ timeout: NOW - 1 }), base],
    ['a timeout ending now has ended', ME, member({ timeout: NOW }), base],
    [
      'the owner is not limited by a timeout',
      { id: 'owner', privileged: false },
      member({ timeout: NOW + 1 }),
      GRANT_ALL_SAFE,
    ],
  ];
  for (const [name, actor, m, expected] of cases) {
    test(name, () => {
      assert.equal(calculateServerPermissions({ actor, server, member: m, now: NOW }), expected);
    });
  }

  test('a new server’s default permissions work as the base', () => {
    const fresh = { owner: 'owner', defaultPermissions: DEFAULT_PERMISSION_SERVER, roles: {} };
    assert.equal(
      calculateServerPermissions({ actor: ME, server: fresh, member: member(), now: NOW }),
      DEFAULT_PERMISSION_SERVER,
    );
  });
});

test('roles of equal rank apply in id order, so the later id wins', () => {
  const tied: PermissionServer = {
    owner: 'owner',
    defaultPermissions: 0,
    roles: {
      b: { rank: 1, permissions: { a: 0, d: Send } },
      a: { rank: 1, permissions: { a: Send, d: 0 } },
    },
  };
  assert.deepEqual(serverRoleOverrides(tied, member({ roles: ['b', 'a'] })), [
    { a: Send, d: 0 },
    { a: 0, d: Send },
  ]);
});

test('isTimedOut only for a timeout in the future', () => {
  assert.equal(isTimedOut(member(), NOW), false);
  assert.equal(isTimedOut(member({ timeout: null }), NOW), false);
  assert.equal(isTimedOut(member({ timeout: NOW + 1 }), NOW), true);
  assert.equal(isTimedOut(member({ timeout: NOW }), NOW), false);
});
