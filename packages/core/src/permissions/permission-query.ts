import {
  actorRank,
  calculateChannelPermissions,
  calculateServerPermissions,
  calculateUserPermissions,
  needsMutualConnection,
  type PermissionChannel,
  type PermissionMember,
} from '@ermine/permissions';
import type { RelationshipStatus } from '@ermine/models/user';
import {
  permissionSources,
  type PermissionDeps,
  type PermissionServerRecord,
  type PermissionSources,
  type PermissionUser,
} from './permission-sources';
import { remembered } from '../remembered';

/** What one actor may do: the calculations of `@ermine/permissions`, fed from the sources. */
export interface PermissionQuery {
  readonly actor: PermissionUser;
  /** The user permission bits the actor holds towards `target`. */
  userPermissions(target: PermissionUser): Promise<number>;
  /**
   * The actor's permissions in `server`. `member` is the actor's membership when the caller
   * has it (null: not a member); otherwise it is looked up.
   */
  serverPermissions(
    server: PermissionServerRecord,
    member?: PermissionMember | null,
  ): Promise<number>;
  /** The actor's permissions in `channel` (saved messages, DM, group or server channel). */
  channelPermissions(channel: PermissionChannel): Promise<number>;
  /** The rank the actor acts with in `server` (see `actorRank`); `member` as above. */
  rank(server: PermissionServerRecord, member?: PermissionMember | null): Promise<number>;
}

/** The permission query of `actor` over the core ports. */
export function permissionsFor(deps: PermissionDeps, actor: PermissionUser): PermissionQuery {
  return permissionQuery(permissionSources(deps), actor);
}

const itself = (id: string): string => id;
const idOf = (record: { id: string }): string => record.id;

/**
 * The permission query of `actor` over `sources`. Servers, memberships and user permissions
 * looked up once are remembered for the life of the query (one request).
 */
export function permissionQuery(
  sources: PermissionSources,
  actor: PermissionUser,
): PermissionQuery {
  const serverById = remembered(itself, (id) => sources.server(id));
  const memberOf = remembered(itself, (serverId) => sources.member(serverId, actor.id));
  const userPermissions = remembered(idOf, calculateUser);

  /** The actor's membership of `server`, not looked up when it cannot change the result. */
  function membershipIn(
    server: PermissionServerRecord,
    given: PermissionMember | null | undefined,
  ): Promise<PermissionMember | null> {
    if (actor.privileged || server.owner === actor.id) return Promise.resolve(null);
    if (given !== undefined) return Promise.resolve(given);
    return memberOf(server.id);
  }

  async function relationshipTo(target: PermissionUser): Promise<RelationshipStatus> {
    // A bot's owner counts as the bot itself.
    if (actor.id === target.id || target.bot?.owner === actor.id) return 'User';
    return (await sources.relationship(actor.id, target.id)) ?? 'None';
  }

  async function calculateUser(target: PermissionUser): Promise<number> {
    const input = {
      privileged: actor.privileged,
      relationship: await relationshipTo(target),
      eitherBot: actor.bot !== null || target.bot !== null,
    };
    const mutualConnection = needsMutualConnection(input)
      ? await sources.mutualConnection(actor.id, target.id)
      : false;
    return calculateUserPermissions({ ...input, mutualConnection });
  }

  async function serverPermissions(
    server: PermissionServerRecord,
    member?: PermissionMember | null,
  ): Promise<number> {
    return calculateServerPermissions({
      actor,
      server,
      member: await membershipIn(server, member),
      now: sources.now(),
    });
  }

  /** The user permissions towards the other recipient of a DM the actor is part of. */
  async function recipientPermissions(recipients: readonly string[]): Promise<number | undefined> {
    if (!recipients.includes(actor.id)) return undefined;
    const otherId = recipients.find((id) => id !== actor.id);
    const other = otherId === undefined ? null : await sources.user(otherId);
    return other === null ? undefined : userPermissions(other);
  }

  async function channelPermissions(channel: PermissionChannel): Promise<number> {
    const now = sources.now();
    if (actor.privileged) return calculateChannelPermissions(actor, channel, { now });
    if (channel.channelType === 'DirectMessage') {
      const recipient = await recipientPermissions(channel.recipients);
      return calculateChannelPermissions(actor, channel, { now, recipientPermissions: recipient });
    }
    if (channel.channelType !== 'TextChannel') {
      return calculateChannelPermissions(actor, channel, { now });
    }
    const server = await serverById(channel.server);
    const member = server === null ? null : await membershipIn(server, undefined);
    return calculateChannelPermissions(actor, channel, { now, server, member });
  }

  async function rank(
    server: PermissionServerRecord,
    member?: PermissionMember | null,
  ): Promise<number> {
    return actorRank(actor, server, await membershipIn(server, member));
  }

  return { actor, userPermissions, serverPermissions, channelPermissions, rank };
}
