import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RelationshipStatus } from '@ermine/models/user';
import {
  ALLOW_IN_TIMEOUT,
  DEFAULT_PERMISSION_DIRECT_MESSAGE,
  DEFAULT_PERMISSION_SAVED_MESSAGES,
  DEFAULT_PERMISSION_VIEW_ONLY,
  GRANT_ALL_SAFE,
  NO_RANK,
  Permission,
  TOP_RANK,
  UserPermission,
  ALL_USER_PERMISSIONS,
  type PermissionMember,
} from '@ermine/permissions';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedUser } from '@ermine/testing/users';
import { permissionQuery, permissionsFor } from './permission-query';
import type {
  PermissionServerRecord,
  PermissionSources,
  PermissionUser,
} from './permission-sources';

const NOW = 1_700_000_000_000;
const { ViewChannel: View, ReadMessageHistory: Read, SendMessage: Send } = Permission;
const { ManageMessages: Manage, KickMembers: Kick } = Permission;

function person(id: string, fields: Partial<PermissionUser> = {}): PermissionUser {
  return { id, privileged: false, bot: null, ...fields };
}

/** In-memory sources that count the lookups they answer. */
class MemorySources implements PermissionSources {
  relationships = new Map<string, RelationshipStatus>();
  mutual = new Set<string>();
  users = new Map<string, PermissionUser>();
  servers = new Map<string, PermissionServerRecord>();
  members = new Map<string, PermissionMember>();
  lookups = { member: 0, server: 0, user: 0, mutual: 0 };

  async relationship(userId: string, otherId: string) {
    return this.relationships.get(`${userId}:${otherId}`) ?? null;
  }
  async mutualConnection(a: string, b: string) {
    this.lookups.mutual++;
    return this.mutual.has([a, b].sort().join(':'));
  }
  async user(id: string) {
    this.lookups.user++;
    return this.users.get(id) ?? null;
  }
  async server(id: string) {
    this.lookups.server++;
    return this.servers.get(id) ?? null;
  }
  async member(serverId: string, userId: string) {
    this.lookups.member++;
    return this.members.get(`${serverId}:${userId}`) ?? null;
  }
  now() {
    return NOW;
  }
}

const server: PermissionServerRecord = {
  id: 'srv',
  owner: 'owner',
  defaultPermissions: View + Read,
  roles: {
    mod: { rank: 0, permissions: { a: Send + Kick, d: 0 } },
    muted: { rank: 5, permissions: { a: 0, d: Send } },
  },
};

function sources(): MemorySources {
  const s = new MemorySources();
  s.servers.set(server.id, server);
  s.members.set('srv:mod', { roles: ['mod'] });
  s.members.set('srv:plain', { roles: [] });
  s.members.set('srv:timed', { roles: ['mod'], timeout: NOW + 60_000 });
  for (const id of ['owner', 'mod', 'plain', 'timed', 'friend', 'stranger'])
    s.users.set(id, person(id));
  s.users.set('bot', person('bot', { bot: { owner: 'plain' } }));
  s.relationships.set('plain:friend', 'Friend');
  s.relationships.set('plain:blocker', 'BlockedOther');
  return s;
}

describe('userPermissions', () => {
  test('reads the relationship and asks for a mutual connection only when it matters', async () => {
    const s = sources();
    const query = permissionQuery(s, person('plain'));
    assert.equal(await query.userPermissions(person('friend')), ALL_USER_PERMISSIONS);
    assert.equal(await query.userPermissions(person('blocker')), UserPermission.Access);
    assert.equal(s.lookups.mutual, 0);
    assert.equal(await query.userPermissions(person('stranger')), 0);
    assert.equal(await query.userPermissions(person('stranger')), 0);
    assert.equal(s.lookups.mutual, 1);
  });

  test('a mutual connection gives Access and ViewProfile', async () => {
    const s = sources();
    s.mutual.add('plain:stranger');
    const value = await permissionQuery(s, person('plain')).userPermissions(person('stranger'));
    assert.equal(value, UserPermission.Access + UserPermission.ViewProfile);
  });

  test('a bot’s owner counts as the bot itself; privileged users hold everything', async () => {
    const s = sources();
    const bot = person('bot', { bot: { owner: 'plain' } });
    assert.equal(
      await permissionQuery(s, person('plain')).userPermissions(bot),
      ALL_USER_PERMISSIONS,
    );
    const staff = person('staff', { privileged: true });
    assert.equal(
      await permissionQuery(s, staff).userPermissions(person('x')),
      ALL_USER_PERMISSIONS,
    );
  });
});

describe('serverPermissions', () => {
  test('looks the member up once per query', async () => {
    const s = sources();
    const query = permissionQuery(s, person('mod'));
    assert.equal(await query.serverPermissions(server), View + Read + Send + Kick);
    assert.equal(await query.serverPermissions(server), View + Read + Send + Kick);
    assert.equal(s.lookups.member, 1);
  });

  test('uses the member given instead of a lookup, null meaning not a member', async () => {
    const s = sources();
    const query = permissionQuery(s, person('mod'));
    assert.equal(await query.serverPermissions(server, { roles: ['muted'] }), View + Read);
    assert.equal(await query.serverPermissions(server, null), 0);
    assert.equal(s.lookups.member, 0);
  });

  test('the owner needs no lookup; timeouts use the sources’ clock', async () => {
    const s = sources();
    assert.equal(
      await permissionQuery(s, person('owner')).serverPermissions(server),
      GRANT_ALL_SAFE,
    );
    assert.equal(s.lookups.member, 0);
    assert.equal(
      await permissionQuery(s, person('timed')).serverPermissions(server),
      ALLOW_IN_TIMEOUT,
    );
    assert.equal(await permissionQuery(s, person('stranger')).serverPermissions(server), 0);
  });
});

describe('channelPermissions', () => {
  const text = { channelType: 'TextChannel', server: 'srv' } as const;

  test('a server channel reads its server and the actor’s membership', async () => {
    const s = sources();
    const channel = { ...text, rolePermissions: { mod: { a: Manage, d: 0 } } };
    assert.equal(
      await permissionQuery(s, person('mod')).channelPermissions(channel),
      View + Read + Send + Kick + Manage,
    );
    assert.equal(
      await permissionQuery(s, person('plain')).channelPermissions(channel),
      View + Read,
    );
    assert.equal(await permissionQuery(s, person('stranger')).channelPermissions(channel), 0);
    assert.equal(
      await permissionQuery(s, person('owner')).channelPermissions(channel),
      GRANT_ALL_SAFE,
    );
  });

  test('a channel default deny of ViewChannel hides the channel, a role allow shows it', async () => {
    const s = sources();
    const hidden = { ...text, defaultPermissions: { a: 0, d: View } };
    assert.equal(await permissionQuery(s, person('plain')).channelPermissions(hidden), 0);
    const shown = { ...hidden, rolePermissions: { mod: { a: View, d: 0 } } };
    assert.equal(
      await permissionQuery(s, person('mod')).channelPermissions(shown),
      View + Read + Send + Kick,
    );
  });

  test('a channel of an unknown server gives nothing', async () => {
    const s = sources();
    const value = await permissionQuery(s, person('mod')).channelPermissions({
      ...text,
      server: 'gone',
    });
    assert.equal(value, 0);
  });

  test('a DM reads the user permissions towards the other recipient', async () => {
    const s = sources();
    const query = permissionQuery(s, person('plain'));
    const withFriend = { channelType: 'DirectMessage', recipients: ['plain', 'friend'] } as const;
    const withStranger = {
      channelType: 'DirectMessage',
      recipients: ['stranger', 'plain'],
    } as const;
    const withGhost = { channelType: 'DirectMessage', recipients: ['plain', 'ghost'] } as const;
    assert.equal(await query.channelPermissions(withFriend), DEFAULT_PERMISSION_DIRECT_MESSAGE);
    assert.equal(await query.channelPermissions(withStranger), DEFAULT_PERMISSION_VIEW_ONLY);
    assert.equal(await query.channelPermissions(withGhost), DEFAULT_PERMISSION_VIEW_ONLY);
    const lookups = s.lookups.user;
    const others = { channelType: 'DirectMessage', recipients: ['friend', 'stranger'] } as const;
    assert.equal(await query.channelPermissions(others), 0);
    assert.equal(s.lookups.user, lookups);
  });

  test('groups and saved messages need no lookup', async () => {
    const s = sources();
    const query = permissionQuery(s, person('plain'));
    const group = { channelType: 'Group', owner: 'owner', recipients: ['owner', 'plain'] } as const;
    assert.equal(await query.channelPermissions(group), DEFAULT_PERMISSION_DIRECT_MESSAGE);
    assert.equal(
      await query.channelPermissions({ ...group, permissions: Send }),
      View + Read + Send,
    );
    assert.equal(
      await query.channelPermissions({ channelType: 'SavedMessages', user: 'plain' }),
      DEFAULT_PERMISSION_SAVED_MESSAGES,
    );
    assert.deepEqual(s.lookups, { member: 0, server: 0, user: 0, mutual: 0 });
  });

  test('privileged users hold everything without a lookup', async () => {
    const s = sources();
    const staff = permissionQuery(s, person('staff', { privileged: true }));
    assert.equal(await staff.channelPermissions(text), GRANT_ALL_SAFE);
    assert.equal(s.lookups.server, 0);
  });
});

test('rank: the owner on top, members by their roles, non-members at the bottom', async () => {
  const s = sources();
  assert.equal(await permissionQuery(s, person('owner')).rank(server), TOP_RANK);
  assert.equal(await permissionQuery(s, person('mod')).rank(server), 0);
  assert.equal(await permissionQuery(s, person('plain')).rank(server), NO_RANK);
  assert.equal(await permissionQuery(s, person('stranger')).rank(server), NO_RANK);
});

describe('permissionsFor over the database', () => {
  let stack: TestStack;
  before(async () => {
    stack = await createTestStack();
  });
  after(async () => {
    await stack.close();
  });

  test('reads stored relationships', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    const query = () => permissionsFor(stack.deps, a);
    assert.equal(await query().userPermissions(b), 0);
    await stack.deps.db.relationships.setPair(a.id, 'Outgoing', b.id, 'Incoming');
    assert.equal(await query().userPermissions(b), UserPermission.Access);
    await stack.deps.db.relationships.setPair(a.id, 'Friend', b.id, 'Friend');
    assert.equal(await query().userPermissions(b), ALL_USER_PERMISSIONS);
  });

  test('knows no servers yet, so server channels give nothing', async () => {
    const a = await seedUser(stack.deps.db);
    const value = await permissionsFor(stack.deps, a).channelPermissions({
      channelType: 'TextChannel',
      server: 'srv',
    });
    assert.equal(value, 0);
  });
});
