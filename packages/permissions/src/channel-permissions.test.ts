import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GRANT_ALL_SAFE, Permission } from './permission-bits';
import {
  ALLOW_IN_TIMEOUT,
  DEFAULT_PERMISSION_DIRECT_MESSAGE,
  DEFAULT_PERMISSION_SAVED_MESSAGES,
  DEFAULT_PERMISSION_VIEW_ONLY,
} from './permission-defaults';
import {
  calculateChannelPermissions,
  type ChannelPermissionContext,
  type PermissionChannel,
  type PermissionServerChannel,
} from './channel-permissions';
import type { PermissionMember, PermissionServer } from './server-permissions';
import { ALL_USER_PERMISSIONS, UserPermission } from './user-permissions';

const { ViewChannel: View, ReadMessageHistory: Read, SendMessage: Send } = Permission;
const { ManageMessages: Manage, Speak, Listen, Video, React } = Permission;
const NOW = 1_700_000_000_000;
const ME = { id: 'me', privileged: false };
const STAFF = { id: 'staff', privileged: true };

function calc(
  channel: PermissionChannel,
  context: Partial<ChannelPermissionContext> = {},
  actor = ME,
): number {
  return calculateChannelPermissions(actor, channel, { now: NOW, ...context });
}

describe('privileged users', () => {
  const channels: PermissionChannel[] = [
    { channelType: 'SavedMessages', user: 'other' },
    { channelType: 'DirectMessage', recipients: ['a', 'b'] },
    { channelType: 'Group', owner: 'a', recipients: ['a', 'b'] },
    { channelType: 'TextChannel', server: 's' },
  ];
  for (const channel of channels) {
    test(`hold everything in a ${channel.channelType} they are not part of`, () => {
      assert.equal(calc(channel, {}, STAFF), GRANT_ALL_SAFE);
    });
  }
});

describe('saved messages', () => {
  test('their owner holds everything', () => {
    assert.equal(
      calc({ channelType: 'SavedMessages', user: 'me' }),
      DEFAULT_PERMISSION_SAVED_MESSAGES,
    );
  });
  test('anyone else holds nothing', () => {
    assert.equal(calc({ channelType: 'SavedMessages', user: 'other' }), 0);
  });
});

describe('direct messages', () => {
  const dm: PermissionChannel = { channelType: 'DirectMessage', recipients: ['me', 'them'] };
  const cases: [string, PermissionChannel, number | undefined, number][] = [
    ['a non-recipient holds nothing', { ...dm, recipients: ['a', 'b'] }, ALL_USER_PERMISSIONS, 0],
    [
      'user SendMessage towards the other recipient allows messaging',
      dm,
      ALL_USER_PERMISSIONS,
      DEFAULT_PERMISSION_DIRECT_MESSAGE,
    ],
    [
      'without user SendMessage the DM is view only',
      dm,
      UserPermission.Access + UserPermission.ViewProfile,
      DEFAULT_PERMISSION_VIEW_ONLY,
    ],
    [
      'an unknown other recipient counts as no user permission',
      dm,
      undefined,
      DEFAULT_PERMISSION_VIEW_ONLY,
    ],
  ];
  for (const [name, channel, recipientPermissions, expected] of cases) {
    test(name, () => assert.equal(calc(channel, { recipientPermissions }), expected));
  }
});

describe('groups', () => {
  const group = { channelType: 'Group', owner: 'owner', recipients: ['owner', 'me'] } as const;
  const cases: [string, PermissionChannel, number][] = [
    ['the owner holds everything', { ...group, owner: 'me' }, GRANT_ALL_SAFE],
    [
      'a member without group permissions gets the DM defaults',
      group,
      DEFAULT_PERMISSION_DIRECT_MESSAGE,
    ],
    [
      'a member gets view only plus the group permissions',
      { ...group, permissions: Send },
      View + Read + Send,
    ],
    [
      'group permissions of 0 still leave view only',
      { ...group, permissions: 0 },
      DEFAULT_PERMISSION_VIEW_ONLY,
    ],
    [
      'null group permissions mean the DM defaults',
      { ...group, permissions: null },
      DEFAULT_PERMISSION_DIRECT_MESSAGE,
    ],
    ['a non-member holds nothing', { ...group, recipients: ['owner'] }, 0],
  ];
  for (const [name, channel, expected] of cases) {
    test(name, () => assert.equal(calc(channel), expected));
  }
});

describe('server channels', () => {
  const server: PermissionServer = {
    owner: 'owner',
    defaultPermissions: View + Read + Send + Speak + Listen + Video,
    roles: {
      admin: { rank: 0, permissions: { a: Manage, d: 0 } },
      talker: { rank: 1, permissions: { a: Send, d: 0 } },
      quiet: { rank: 2, permissions: { a: 0, d: Send } },
    },
  };
  const base = server.defaultPermissions;
  const text: PermissionServerChannel = { channelType: 'TextChannel', server: 's' };
  const member = (fields: Partial<PermissionMember> = {}): PermissionMember => ({
    roles: [],
    ...fields,
  });

  const cases: [
    string,
    PermissionServerChannel,
    PermissionMember | null,
    number,
    { id: string; privileged: boolean }?,
  ][] = [
    [
      'the server owner holds everything',
      text,
      null,
      GRANT_ALL_SAFE,
      { id: 'owner', privileged: false },
    ],
    ['a non-member holds nothing', text, null, 0],
    ['a member without overrides has the server defaults', text, member(), base],
    [
      'the channel default override applies',
      { ...text, defaultPermissions: { a: React, d: Send } },
      member(),
      base - Send + React,
    ],
    [
      'a server role allow beats a channel default deny',
      { ...text, defaultPermissions: { a: 0, d: Send } },
      member({ roles: ['talker'] }),
      base,
    ],
    [
      'a server role deny beats a channel default allow',
      { ...text, defaultPermissions: { a: Send, d: 0 } },
      member({ roles: ['quiet'] }),
      base - Send,
    ],
    [
      'a channel role override beats the server roles',
      { ...text, rolePermissions: { quiet: { a: Send, d: 0 } } },
      member({ roles: ['quiet', 'talker'] }),
      base,
    ],
    [
      'channel role overrides apply by rank, the top role last',
      { ...text, rolePermissions: { admin: { a: Send, d: 0 }, quiet: { a: 0, d: Send } } },
      member({ roles: ['quiet', 'admin'] }),
      base + Manage,
    ],
    [
      'channel overrides of roles the member lacks are ignored',
      { ...text, rolePermissions: { talker: { a: 0, d: Send } } },
      member({ roles: ['quiet'] }),
      base - Send,
    ],
    [
      'channel overrides of deleted roles are ignored',
      { ...text, rolePermissions: { gone: { a: Manage, d: 0 } } },
      member({ roles: ['gone'] }),
      base,
    ],
    [
      'without ViewChannel the result is nothing',
      { ...text, defaultPermissions: { a: Manage, d: View } },
      member(),
      0,
    ],
    [
      'a role can give back ViewChannel the channel default took',
      {
        ...text,
        defaultPermissions: { a: 0, d: View },
        rolePermissions: { talker: { a: View, d: 0 } },
      },
      member({ roles: ['talker'] }),
      base,
    ],
    [
      'can_publish false removes Speak and Video',
      text,
      member({ canPublish: false }),
      base - Speak - Video,
    ],
    ['can_receive false removes Listen', text, member({ canReceive: false }), base - Listen],
    [
      'a timeout keeps only viewing and reading, whatever the overrides',
      { ...text, rolePermissions: { admin: { a: Manage, d: 0 } } },
      member({ roles: ['admin'], timeout: NOW + 1 }),
      ALLOW_IN_TIMEOUT,
    ],
    [
      'a timed-out member who cannot view sees nothing',
      { ...text, defaultPermissions: { a: 0, d: View } },
      member({ timeout: NOW + 1 }),
      0,
    ],
    ['an expired timeout changes nothing', text, member({ timeout: NOW - 1 }), base],
  ];
  for (const [name, channel, m, expected, actor] of cases) {
    test(name, () => assert.equal(calc(channel, { server, member: m }, actor ?? ME), expected));
  }

  test('a channel whose server is unknown gives nothing', () => {
    assert.equal(calc(text, { server: null, member: member() }), 0);
    assert.equal(calc(text, {}), 0);
  });
});
