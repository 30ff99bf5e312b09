import type { EngineOptions, SfuEngine } from './engine';
import { createPeerSetup } from './rtc/peer-config';
import { RoomManager } from './room/room-manager';
import { SignalSession } from './signal/signal-session';

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
