import type { SessionRow } from '@ermine/database';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';

/**
 * `PATCH /auth/session/{id}`: renames one of the caller's sessions. Unknown id → 404
 * `UnknownUser`; another account's session → 401 `InvalidSession`.
 */
export async function renameSession(
  deps: CoreDeps,
  caller: SessionRow,
  id: string,
  name: string,
): Promise<SessionRow> {
  const target = await deps.db.sessions.findById(id);
  if (!target) throw fail('UnknownUser');
  if (target.userId !== caller.userId) throw fail('InvalidSession');
  await deps.db.sessions.update(id, { name });
  return { ...target, name };
}
