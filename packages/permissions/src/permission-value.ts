/**
 * Arithmetic on permission values.
 *
 * Stoat's permission values are u64, but every bit it defines sits in bits 0–51 and its own
 * rules reserve bits 53–63 so that JavaScript clients can hold them: every value fits a
 * double exactly (Number.MAX_SAFE_INTEGER is 2^53 − 1). Values are therefore plain numbers,
 * as on the wire and in the stores. JavaScript's bitwise operators work on 32 bits only, so
 * these helpers combine the high and low halves separately.
 */

const TWO_32 = 2 ** 32;

/** True for a value these helpers accept: a non-negative integer no larger than 2^53 − 1. */
export function isPermissionValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function low(value: number): number {
  return value >>> 0;
}

function high(value: number): number {
  return Math.floor(value / TWO_32);
}

function join(hi: number, lo: number): number {
  return (hi >>> 0) * TWO_32 + (lo >>> 0);
}

/** `a | b`. */
export function union(a: number, b: number): number {
  return join(high(a) | high(b), low(a) | low(b));
}

/** `a & b`. */
export function intersect(a: number, b: number): number {
  return join(high(a) & high(b), low(a) & low(b));
}

/** `a & ~b`: the bits of `a` not in `b`. */
export function without(a: number, b: number): number {
  return join(high(a) & ~high(b), low(a) & ~low(b));
}

/** True when `value` holds every bit of `bits`. */
export function holds(value: number, bits: number): boolean {
  return intersect(value, bits) === bits;
}
