/** Matchers for `assert.throws` / `assert.rejects` on the core's typed errors. */
import assert from 'node:assert/strict';
import { isStoatError } from '@ermine/result';

/**
 * Matches a StoatError of `type` (and exactly `fields`, when given); anything else fails with
 * an assertion naming what was thrown instead.
 */
export function rejectsWith(type: string, fields?: Record<string, unknown>) {
  return (err: unknown): true => {
    assert.ok(isStoatError(err), String(err));
    assert.equal(err.type, type);
    if (fields) assert.deepEqual(err.fields, fields);
    return true;
  };
}
