import { fail } from '@ermine/result';
import type { RelationshipStatus } from '@ermine/models/user';

/** A relationship change, from the acting user's side: both users' new status ("None" = no row). */
export interface RelationshipChange {
  mine: RelationshipStatus;
  theirs: RelationshipStatus;
}

/** What the acting user asked for. */
export type RelationshipAction = 'add' | 'remove' | 'block' | 'unblock';

/**
 * Stoat's relationship state machine. `mine` is the actor's status towards the other user
 * ("User" for yourself), `theirs` the other user's status towards the actor. Returns the new
 * pair, or throws the Stoat error the action fails with.
 */
export function nextRelationship(
  action: RelationshipAction,
  mine: RelationshipStatus,
  theirs: RelationshipStatus,
): RelationshipChange {
  switch (action) {
    case 'add':
      return add(mine);
    case 'remove':
      return remove(mine);
    case 'block':
      return block(mine);
    case 'unblock':
      return unblock(mine, theirs);
  }
}

function add(mine: RelationshipStatus): RelationshipChange {
  switch (mine) {
    case 'User':
      throw fail('NoEffect');
    case 'Friend':
      throw fail('AlreadyFriends');
    case 'Outgoing':
      throw fail('AlreadySentRequest');
    case 'Blocked':
      throw fail('Blocked');
    case 'BlockedOther':
      throw fail('BlockedByOther');
    case 'Incoming':
      return { mine: 'Friend', theirs: 'Friend' };
    case 'None':
      return { mine: 'Outgoing', theirs: 'Incoming' };
  }
}

function remove(mine: RelationshipStatus): RelationshipChange {
  if (mine === 'Friend' || mine === 'Outgoing' || mine === 'Incoming') {
    return { mine: 'None', theirs: 'None' };
  }
  throw fail('NoEffect');
}

function block(mine: RelationshipStatus): RelationshipChange {
  switch (mine) {
    case 'User':
    case 'Blocked':
      throw fail('NoEffect');
    case 'BlockedOther':
      return { mine: 'Blocked', theirs: 'Blocked' };
    default:
      return { mine: 'Blocked', theirs: 'BlockedOther' };
  }
}

function unblock(mine: RelationshipStatus, theirs: RelationshipStatus): RelationshipChange {
  if (mine !== 'Blocked') throw fail('NoEffect');
  if (theirs === 'Blocked') return { mine: 'BlockedOther', theirs: 'Blocked' };
  if (theirs === 'BlockedOther') return { mine: 'None', theirs: 'None' };
  // Only reachable if the two sides were stored inconsistently.
  throw fail('InternalError');
}
