import type { Clock, Logger } from '@ermine/infra';
import type { ApiKeys, TokenClaims } from './auth/token';
import type { RoomControl } from './control';
import { createPeerSetup, type NetworkOptions } from './rtc/peer-config';
import { RoomManager, type SfuLimits } from './room/room-manager';
import { SignalSession, type SessionQuery } from './signal/signal-session';
import type { SignalSocket } from './signal/signal-socket';

/**
 * Where rooms live: in this thread (`createLocalEngine`) or in media worker threads
 * (`createWorkerPool`). The HTTP side of the SFU only talks to this.
 */
export interface SfuEngine {
  readonly control: RoomControl;
  /** Refuses (JoinError) a join that would break a limit or arrives while shutting down. */
  checkJoin(roomName: string, identity: string): Promise<void>;
  /** Runs a signalling session for a verified token on an accepted WebSocket. */
  attach(socket: SignalSocket, claims: TokenClaims, query: SessionQuery): void;
  close(): Promise<void>;
}

/** What an engine is built from. */
export interface EngineOptions {
  log: Logger;
  keys: ApiKeys;
  network: NetworkOptions;
  limits: SfuLimits;
  nodeName: string;
  clock: Clock;
  refreshIntervalMs?: number;
}

/** Rooms, peer connections and signalling sessions all in the calling thread. */
export function createLocalEngine(options: EngineOptions): SfuEngine {
  const { log, clock } = options;
  const setup = createPeerSetup(options.network);
  const manager = new RoomManager({
    log,
    keys: options.keys,
    setup,
    limits: options.limits,
    clock,
  });
  const sessions = new Set<SignalSession>();
  return {
    control: manager,
    checkJoin: async (roomName, identity) => manager.checkJoin(roomName, identity),
    attach(socket, claims, query) {
      const session = new SignalSession(socket, {
        manager,
        log,
        clock,
        network: options.network,
        nodeName: options.nodeName,
        refreshIntervalMs: options.refreshIntervalMs,
      });
      sessions.add(session);
      socket.on('close', () => sessions.delete(session));
      session.start(claims, query).catch((error: unknown) => {
        log.warn({ err: error }, 'signal session failed');
        session.close();
      });
    },
    async close() {
      await manager.close();
      for (const session of sessions) session.close();
    },
  };
}
