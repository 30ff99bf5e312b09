import type { Dialect } from '../dialect';

/** Converts row values to and from one dialect's column representation. */
export interface Codec {
  /** A JSON value for a JSON column; null stays SQL NULL. */
  json(value: unknown): string | null;
  /** A JSON column's value back into a JS value (SQL NULL becomes null). */
  readJson<T>(value: unknown): T;
  bool(value: boolean): number | boolean;
  readBool(value: unknown): boolean;
  /** An integer column (counts, flags, epoch ms) as a JS number. */
  readInt(value: unknown): number;
  readNullableInt(value: unknown): number | null;
}

function readInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`expected an integer column, got ${typeof value}`);
}

function readNullableInt(value: unknown): number | null {
  return value === null || value === undefined ? null : readInt(value);
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

const sqlite: Codec = {
  json,
  readJson<T>(value: unknown): T {
    if (value === null || value === undefined) return null as T;
    if (typeof value !== 'string') throw new TypeError('expected a JSON text column');
    return JSON.parse(value) as T;
  },
  bool: (value) => (value ? 1 : 0),
  readBool: (value) => value === 1 || value === true,
  readInt,
  readNullableInt,
};

// pg parses jsonb and boolean columns itself; a text parameter is cast to jsonb by the server.
const postgres: Codec = {
  json,
  readJson<T>(value: unknown): T {
    return (value ?? null) as T;
  },
  bool: (value) => value,
  readBool: (value) => value === true,
  readInt,
  readNullableInt,
};

/** The codec of a dialect. */
export function codecFor(dialect: Dialect): Codec {
  return dialect === 'sqlite' ? sqlite : postgres;
}
