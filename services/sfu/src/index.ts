import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServiceModule } from '@ermine/http';
import { createWebSocketAcceptor, UpgradeRefusal } from '@ermine/http/websocket';
import { systemClock, type Clock, type Logger } from '@ermine/infra';
import { TokenError, type ApiKeys } from './auth/access-token';
import type { RoomControl } from './control';
import { createEngine } from './lazy-engine';
import type { NetworkOptions } from './rtc/peer-config';
import { JoinError } from './room/join-error';
import type { SfuLimits } from './room/room-manager';
import { authorizationOf, authorizeJoin } from './signal/join-auth';
import { sessionQuery } from './signal/session-query';

export type { RoomControl, SfuEvent, CreateRoomOptions, ParticipantUpdate } from './control';
export { RoomControlError } from './control';

/** What the embedded SFU needs. */
export interface SfuDeps {
  log: Logger;
  /** The node's LiveKit API key pair: tokens are verified and refresh tokens signed with it. */
  keys: ApiKeys;
  network: NetworkOptions;
  limits: SfuLimits;
  /** Name reported to clients as the node id. */
  nodeName: string;
  clock?: Clock;
  /**
   * Builds the handler of `/twirp/*` (LiveKit's RoomService) from the room control; without it
   * those paths answer 404.
   */
  twirp?: (control: RoomControl) => (request: Request) => Response | Promise<Response>;
  /** Overrides the refresh-token period (tests). */
  refreshIntervalMs?: number;
  /**
   * Media worker threads that hold the rooms (each gets a slice of the UDP port range); 0 runs
   * rooms in this thread, where media work delays the HTTP answers of the same process.
   */
  workers?: number;
}

/** The SFU service module plus its room control (for Twirp, webhooks and Ermine's API). */
export interface SfuService extends ServiceModule {
  control: RoomControl;
}

const MAX_SIGNAL_FRAME = 1024 * 1024;

/**
 * The embedded LiveKit-compatible SFU. Mount it at `/livekit` (prefix stripped): the signalling
 * WebSocket is `upgrade(…, '/rtc')`, `fetch` answers `/rtc/validate`, `/rtc/v1…` (404, so clients
 * fall back to v0) and `/twirp/*` (via `deps.twirp`), all with CORS for any origin.
 */
export function createSfuService(deps: SfuDeps): SfuService {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ service: 'sfu' });
  const engine = createEngine({ ...deps, log, clock, workers: deps.workers ?? 0 });
  const sockets = createWebSocketAcceptor({
    maxPayload: MAX_SIGNAL_FRAME,
    refusalHeaders: { 'Access-Control-Allow-Origin': '*' },
  });
  const twirp = deps.twirp?.(engine.control);

  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = trimSlash(url.pathname);
    if (request.method === 'OPTIONS') return preflight(request);
    if (path.startsWith('/twirp/') && twirp) return withCors(request, await twirp(request));
    if (path === '/rtc/validate' && request.method === 'GET') {
      return withCors(
        request,
        await validate(url.searchParams, request.headers.get('authorization')),
      );
    }
    return withCors(
      request,
      new Response('404 page not found\n', { status: 404, headers: textPlain }),
    );
  };

  const validate = async (
    params: URLSearchParams,
    authorization: string | null,
  ): Promise<Response> => {
    try {
      const { roomName, claims } = await authorizeJoin(
        params,
        authorization,
        deps.keys,
        clock.now(),
      );
      await engine.checkJoin(roomName, claims.identity);
      return new Response('success', { status: 200, headers: textPlain });
    } catch (error) {
      return errorResponse(error, log);
    }
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer, path: string): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (trimSlash(path.split('?')[0] ?? '') !== '/rtc') {
      sockets.refuse(socket, 404, 'not found');
      return;
    }
    const authorize = async () => {
      try {
        const join = authorizationOf(request.headers);
        return await authorizeJoin(url.searchParams, join, deps.keys, clock.now());
      } catch (error) {
        const status = error instanceof TokenError ? error.status : 500;
        const message = error instanceof Error ? error.message : 'internal error';
        throw new UpgradeRefusal(status, message);
      }
    };
    sockets.accept(request, socket, head, authorize, (ws, { claims }) => {
      engine.attach(ws, claims, sessionQuery(url.searchParams));
    });
  };

  return {
    name: 'sfu',
    control: engine.control,
    fetch,
    upgrade,
    close: async () => {
      await engine.close();
      sockets.close();
    },
  };
}

const textPlain = { 'content-type': 'text/plain; charset=utf-8' };

function errorResponse(error: unknown, log: Logger): Response {
  if (error instanceof TokenError || error instanceof JoinError) {
    return new Response(error.message, { status: error.status, headers: textPlain });
  }
  log.error({ err: error }, 'validate failed');
  return new Response('internal error', { status: 500, headers: textPlain });
}

function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function withCors(request: Request, response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [key, value] of Object.entries(corsHeaders(request))) headers.set(key, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function preflight(request: Request): Response {
  const headers = new Headers(corsHeaders(request));
  headers.set('access-control-allow-methods', 'GET, POST, OPTIONS');
  headers.set(
    'access-control-allow-headers',
    request.headers.get('access-control-request-headers') ??
      'Authorization, Content-Type, Twirp-Version',
  );
  headers.set('access-control-max-age', '86400');
  return new Response(null, { status: 204, headers });
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
