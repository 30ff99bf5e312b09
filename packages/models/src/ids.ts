import { decodeTime, isValid, monotonicFactory, ulid } from 'ulid';

const next = monotonicFactory();

/**
 * A new ULID (26 upper-case Crockford base32 characters). Without `atMs` ids are monotonic
 * within this process; with it the id carries exactly that time.
 */
export function newId(atMs?: number): string {
  return atMs === undefined ? next() : ulid(atMs);
}

/** True when `id` is a well-formed ULID. */
export function isId(id: string): boolean {
  return id.length === 26 && isValid(id);
}

/** Creation time of a ULID in epoch milliseconds (the first 10 characters); throws on a bad id. */
export function idTime(id: string): number {
  return decodeTime(id);
}
