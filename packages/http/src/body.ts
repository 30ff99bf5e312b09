import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { fail } from '@ermine/result';
import { errorResponse } from './errors';

/** Largest JSON body a route reads (Stoat's JSON limit), unless its app sets another cap. */
export const JSON_BODY_MAX_BYTES = 1024 * 1024;

/**
 * Reads a request body, counting bytes as they arrive: null as soon as it passes `maxBytes`
 * (or declares more in Content-Length), without reading the rest. Chunked bodies included.
 */
export async function readBodyWithin(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return null;
  if (request.body === null) return new Uint8Array(new ArrayBuffer(0));
  // Released, not cancelled: cancelling would close the socket before the answer is sent.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * 413 `RequestTooLarge`. The connection is not closed: Node reads and drops the rest of the body,
 * since closing a socket with unread data resets it and the client often loses this answer.
 */
export function requestTooLarge(): Response {
  return errorResponse(fail('RequestTooLarge'));
}

/**
 * Middleware capping every request body at `maxBytes` while it streams (413 `RequestTooLarge`
 * as soon as it passes); the body that fits is kept in memory for the route.
 */
export function bodyCap(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.raw.body === null) return next();
    const body = await readBodyWithin(c.req.raw, maxBytes);
    if (body === null) return requestTooLarge();
    c.req.raw = new Request(c.req.raw, { body });
    return next();
  };
}

/**
 * Reads a JSON body whatever the Content-Type (Stoat's clients send text/plain).
 * An empty body reads as `{}`; malformed JSON is a 400 `FailedValidation`; more than
 * `JSON_BODY_MAX_BYTES` is a 413 `RequestTooLarge`.
 */
export async function readJson(c: Context): Promise<unknown> {
  const bytes = await readBodyWithin(c.req.raw, JSON_BODY_MAX_BYTES);
  if (bytes === null) throw fail('RequestTooLarge');
  const text = new TextDecoder().decode(bytes);
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
