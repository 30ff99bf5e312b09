// Column types as the SQL drivers see them, for each domain's table types. JSON columns hold
// TEXT in SQLite and jsonb in PostgreSQL; booleans are 0/1 in SQLite; epoch-millisecond columns
// may come back as strings from some drivers. `codec.ts` turns these into row values.

/** A JSON column (TEXT in SQLite, jsonb in PostgreSQL). */
export type Json = unknown;
/** A boolean column (0/1 in SQLite). */
export type Bool = number | boolean;
/** An epoch-millisecond column. */
export type Millis = number | string | bigint;
/** An integer column (counts, flags). */
export type Int = number | string | bigint;
