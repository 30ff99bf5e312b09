import type { Context } from 'hono';
import type { z } from 'zod';
import { fail } from '@ermine/result';

/**
 * Reads a JSON body whatever the Content-Type (Stoat's clients send text/plain).
 * An empty body reads as `{}`; malformed JSON is a 400 `FailedValidation`.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw fail('FailedValidation', { error: 'request body is not valid JSON' });
  }
}

/** Reads and validates a JSON body; the first problem becomes a 400 `FailedValidation`. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return parseWith(schema, await readJson(c));
}

/** Validates any value (query, body) with a schema, in Stoat's error format. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw fail('FailedValidation', { error: `${where}${issue?.message ?? 'invalid request'}` });
}
