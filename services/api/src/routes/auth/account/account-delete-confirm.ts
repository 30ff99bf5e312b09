import type { Hono } from 'hono';
import { parseBody } from '@ermine/http';
import { dataAccountDeletion } from '@ermine/models/account';
import { confirmAccountDeletion } from '@ermine/core/accounts/account-delete';
import type { ApiDeps } from '../../../deps';

/** `PUT /auth/account/delete {token}` → 204: confirms a deletion from the e-mailed link. */
export function accountDeleteConfirmRoute(app: Hono, deps: ApiDeps): void {
  app.put('/auth/account/delete', async (c) => {
    const { token } = await parseBody(c, dataAccountDeletion);
    await confirmAccountDeletion(deps, token);
    return c.body(null, 204);
  });
}
