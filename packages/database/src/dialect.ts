/** Which SQL engine is behind a Database. */
export type Dialect = 'sqlite' | 'postgres';
