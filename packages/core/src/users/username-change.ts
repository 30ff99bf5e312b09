import { isDuplicateKeyError, type UserRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { DataChangeUsername, User } from '@ermine/models/user';
import type { CoreDeps } from '../deps';
import { verifyPassword } from '../auth/password';
import { DISCRIMINATORS, pickDiscriminator, prepareUsername } from './username';
import { publishUserUpdate } from './user-update-publish';
import { viewUserAnonymous } from './user-view';

/** At most one forced discriminator change per this many milliseconds. */
export const DISCRIMINATOR_CHANGE_WINDOW_MS = 24 * 60 * 60 * 1000;

// Attempts when another request takes the picked name#discriminator at the same moment.
const ATTEMPTS = 5;

/**
 * The discriminator to use with a new username: the current one when it is free under the new
 * name, else a random free one (limited to one such change a day). Returns whether the
 * change counts against that limit.
 */
async function chooseDiscriminator(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  user: UserRow,
  username: string,
): Promise<{ discriminator: string; forced: boolean }> {
  const inUse = new Set(await deps.db.users.discriminatorsInUse(username));
  if (DISCRIMINATORS.every((d) => inUse.has(d))) throw fail('UsernameTaken');
  if (!inUse.has(user.discriminator)) return { discriminator: user.discriminator, forced: false };
  const last = user.lastDiscriminatorChange;
  if (last !== null && deps.clock.now() - last < DISCRIMINATOR_CHANGE_WINDOW_MS) {
    throw fail('DiscriminatorChangeRatelimited');
  }
  const discriminator = pickDiscriminator(inUse);
  if (discriminator === null) throw fail('UsernameTaken');
  return { discriminator, forced: true };
}

/**
 * `PATCH /users/@me/username`: checks the account password, sanitises the name, keeps the
 * discriminator when it can, stores and publishes `UserUpdate`. Returns the user as seen by
 * nobody in particular (Stoat's response).
 */
export async function changeUsername(
  deps: Pick<CoreDeps, 'db' | 'bus' | 'cache' | 'config' | 'clock'>,
  user: UserRow,
  data: DataChangeUsername,
): Promise<User> {
  const account = await deps.db.accounts.findById(user.id);
  if (!account) throw fail('InvalidSession');
  if (!(await verifyPassword(account.passwordHash, data.password))) {
    throw fail('InvalidCredentials');
  }
  const username = prepareUsername(data.username, deps.config.api.users.min_username_length);

  for (let attempt = 1; ; attempt++) {
    const current = (await deps.db.users.findById(user.id)) ?? user;
    const caseOnly = current.username.toLowerCase() === username.toLowerCase();
    const choice = caseOnly
      ? { discriminator: current.discriminator, forced: false }
      : await chooseDiscriminator(deps, current, username);
    const after: UserRow = {
      ...current,
      username,
      discriminator: choice.discriminator,
      lastDiscriminatorChange: choice.forced ? deps.clock.now() : current.lastDiscriminatorChange,
    };
    try {
      await deps.db.users.update(current.id, {
        username,
        discriminator: after.discriminator,
        lastDiscriminatorChange: after.lastDiscriminatorChange,
      });
    } catch (err) {
      if (isDuplicateKeyError(err) && attempt < ATTEMPTS) continue;
      if (isDuplicateKeyError(err)) throw fail('UsernameTaken');
      throw err;
    }
    const changed = caseOnly ? { username } : { username, discriminator: after.discriminator };
    await publishUserUpdate(deps, current, after, changed, []);
    return viewUserAnonymous(deps, after);
  }
}
