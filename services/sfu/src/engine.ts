import type { Clock, Logger } from '@ermine/infra';
import type { ApiKeys, TokenClaims } from './auth/access-token';
import type { RoomControl } from './control';
import type { NetworkOptions } from './rtc/peer-config';
import type { SfuLimits } from './room/room-manager';
import type { SessionQuery } from './signal/session-query';
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
