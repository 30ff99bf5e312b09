import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { StoatError, fail, isStoatError } from '@ermine/result';
import type { Logger } from '@ermine/infra';

/** Renders a Stoat error as its JSON body and status. */
export function errorResponse(err: StoatError): Response {
  return new Response(JSON.stringify(err.toBody()), {
    status: err.status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Hono `onError` handler: Stoat errors keep their type and status; anything else is logged
 * and becomes a 500 `InternalError` with no detail sent.
 */
export function onError(log: Logger) {
  return (err: Error, c: Context): Response => {
    if (isStoatError(err)) return errorResponse(err);
    if (err instanceof HTTPException) {
      if (err.status === 413) return errorResponse(fail('RequestTooLarge'));
      return errorResponse(new StoatError('FailedValidation', { error: err.message }, err.status));
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return errorResponse(fail('InternalError'));
  };
}

/** Hono `notFound` handler in Stoat's format. */
export function onNotFound(): Response {
  return errorResponse(fail('NotFound'));
}
