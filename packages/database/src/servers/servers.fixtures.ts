import { ulid } from 'ulid';
import type { Database } from '../database';
import { userRow } from '../users/users.fixtures';
import type { RoleRow, ServerRow } from './servers.store';

/** A plain server owned by `ownerId` (test row builder). */
export function serverRow(ownerId: string, overrides: Partial<ServerRow> = {}): ServerRow {
  return {
    id: ulid(),
    ownerId,
    name: 'Server',
    description: null,
    channels: [],
    categories: null,
    systemMessages: null,
    defaultPermissions: 0,
    icon: null,
    banner: null,
    flags: 0,
    nsfw: false,
    analytics: false,
    discoverable: false,
    ...overrides,
  };
}

/** A role of `serverId` with no permissions (test row builder). */
export function roleRow(serverId: string, overrides: Partial<RoleRow> = {}): RoleRow {
  return {
    id: ulid(),
    serverId,
    name: 'Role',
    permissions: { a: 0, d: 0 },
    colour: null,
    hoist: false,
    rank: 0,
    icon: null,
    ...overrides,
  };
}

/** Creates `count` users and returns their ids. */
export async function createUsers(db: Database, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = userRow();
    await db.users.create(row);
    ids.push(row.id);
  }
  return ids;
}

/** Creates an owner and a server of theirs; returns the server. */
export async function createServer(
  db: Database,
  overrides: Partial<ServerRow> = {},
): Promise<ServerRow> {
  const [owner] = await createUsers(db, 1);
  const server = serverRow(owner!, overrides);
  await db.servers.create(server);
  return server;
}
