import { SfuEventHub, type RoomControl } from './control';
import type { EngineOptions, SfuEngine } from './engine';
import { JoinError, shuttingDown } from './room/join-error';
import { refuseJoin } from './signal/session-query';
import type { SignalSocket } from './signal/signal-socket';
import { createWorkerPool } from './workers/worker-pool';

/**
 * The engine of the SFU service: rooms in `workers` media worker threads, or in this thread when
 * `workers` is 0. Either way the media stack (WebRTC, rooms) is loaded, and worker threads are
 * started, with the first call that needs a room, so that a node nobody calls stays small.
 */
export function createEngine(options: EngineOptions & { workers: number }): SfuEngine {
  const { workers, ...engine } = options;
  return workers > 0 ? createWorkerPool({ ...engine, workers }) : deferLocalEngine(engine);
}

/** What `ws` WebSockets offer to hold their messages back until a listener is ready. */
interface Pausable {
  pause(): void;
  resume(): void;
}

/** The local engine, with its module loaded by the first call that needs a room. */
function deferLocalEngine(options: EngineOptions): SfuEngine {
  const events = new SfuEventHub(options.log);
  let loading: Promise<SfuEngine> | undefined;
  let closed = false;
  const load = (): Promise<SfuEngine> => {
    if (closed && !loading) return Promise.reject(shuttingDown());
    return (loading ??= import('./local-engine').then(({ createLocalEngine }) => {
      const engine = createLocalEngine(options);
      engine.control.onEvent((event) => events.emit(event));
      return engine;
    }));
  };
  const control: RoomControl = {
    createRoom: async (room) => (await load()).control.createRoom(room),
    // No room exists before the engine is loaded: nothing to load for.
    listRooms: async (names) => (loading ? (await loading).control.listRooms(names) : []),
    deleteRoom: async (name) => (await load()).control.deleteRoom(name),
    listParticipants: async (name) => (await load()).control.listParticipants(name),
    getParticipant: async (name, identity) => (await load()).control.getParticipant(name, identity),
    removeParticipant: async (name, identity) =>
      (await load()).control.removeParticipant(name, identity),
    updateParticipant: async (name, identity, update) =>
      (await load()).control.updateParticipant(name, identity, update),
    mutePublishedTrack: async (name, identity, trackSid, muted) =>
      (await load()).control.mutePublishedTrack(name, identity, trackSid, muted),
    onEvent: (listener) => events.on(listener),
  };
  return {
    control,
    checkJoin: async (roomName, identity) => (await load()).checkJoin(roomName, identity),
    attach(socket, claims, query) {
      // The client may speak before the session listens: hold its frames back meanwhile.
      const pausable = isPausable(socket) ? socket : undefined;
      pausable?.pause();
      load().then(
        (engine) => {
          engine.attach(socket, claims, query);
          pausable?.resume();
        },
        (error: unknown) => {
          if (error instanceof JoinError) {
            refuseJoin(socket, error.reason);
            return;
          }
          options.log.error({ err: error }, 'the SFU engine failed to load');
          socket.terminate();
        },
      );
    },
    async close() {
      closed = true;
      if (loading) await (await loading).close();
    },
  };
}

function isPausable(socket: SignalSocket): socket is SignalSocket & Pausable {
  const candidate = socket as Partial<Pausable>;
  return typeof candidate.pause === 'function' && typeof candidate.resume === 'function';
}
