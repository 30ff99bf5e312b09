import { Worker } from 'node:worker_threads';
import { DisconnectReason, type Room as RoomProto } from '../livekit-protocol';
import type { TokenClaims } from '../auth/access-token';
import {
  RoomControlError,
  SfuEventHub,
  type CreateRoomOptions,
  type ParticipantUpdate,
  type RoomControl,
  type SfuEvent,
} from '../control';
import type { EngineOptions, SfuEngine } from '../engine';
import { JoinError, shuttingDown, tooManyRooms } from '../room/join-error';
import { refuseJoin, type SessionQuery } from '../signal/session-query';
import type { SignalSocket } from '../signal/signal-socket';
import {
  fromWire,
  portSlices,
  toWire,
  type CallMethod,
  type FromWorker,
  type ToWorker,
  type WireError,
  type WorkerSetup,
} from './protocol';

/** What the pool is built from: an engine's options (workers use the system clock). */
export interface WorkerPoolOptions extends Omit<EngineOptions, 'clock'> {
  workers: number;
}

const WORKER_ENTRY = new URL('./media-worker.mjs', import.meta.url);
const SHUTDOWN_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = 1000;

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One media worker thread as the main thread sees it. */
interface MediaWorker {
  index: number;
  thread: Worker;
  sessions: number;
  /** False once the thread exited (until its replacement starts). */
  alive: boolean;
  calls: Map<number, PendingCall>;
  exited: Promise<void>;
}

/** Where a room lives, and what keeps that knowledge needed. */
interface RoomHome {
  worker: MediaWorker;
  /** Room instances the worker reported started and not yet finished. */
  open: number;
  /** Signalling sockets of this room relayed to the worker. */
  sockets: number;
  /** Control calls in flight that may open the room. */
  pending: number;
  /** The room as last reported (for a room_finished when its worker dies). */
  last?: RoomProto;
}

/** The pool's engine, plus its threads (for diagnostics and tests). */
export interface WorkerPool extends SfuEngine {
  threads(): Worker[];
}

interface Relay {
  socket: SignalSocket;
  worker: MediaWorker;
  room: string;
}

/**
 * Rooms in media worker threads. Each room lives in one worker (a new room goes to the least
 * busy); signalling WebSockets stay in this thread and their frames are relayed; the control
 * API is answered by the worker that has the room; events come back for webhooks. Limits on the
 * number of rooms are kept here, per-room limits by the room's worker. The threads start with the
 * first room (a created room or a join), so an SFU nobody calls holds no media worker.
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const log = options.log;
  const slices = portSlices(
    options.network.portRangeStart,
    options.network.portRangeEnd,
    options.workers,
  );
  const workers: MediaWorker[] = [];
  const homes = new Map<string, RoomHome>();
  const relays = new Map<number, Relay>();
  const events = new SfuEventHub(log);
  let nextId = 1;
  let closing = false;
  let started = false;

  const lostWithWorker = () =>
    new RoomControlError('not_found', 'the room was lost with its media worker');

  const post = (worker: MediaWorker, message: ToWorker) => worker.thread.postMessage(message);

  const forget = (name: string, home: RoomHome) => {
    if (home.open <= 0 && home.sockets <= 0 && home.pending <= 0 && homes.get(name) === home)
      homes.delete(name);
  };

  const start = (index: number): MediaWorker => {
    const [portRangeStart, portRangeEnd] = slices[index]!;
    const setup: WorkerSetup = {
      index,
      keys: options.keys,
      network: { ...options.network, portRangeStart, portRangeEnd },
      limits: options.limits,
      nodeName: options.nodeName,
      refreshIntervalMs: options.refreshIntervalMs,
    };
    const thread = new Worker(WORKER_ENTRY, { workerData: setup, name: `sfu-media-${index}` });
    let exited!: () => void;
    const worker: MediaWorker = {
      index,
      thread,
      sessions: 0,
      alive: true,
      calls: new Map(),
      exited: new Promise((resolve) => (exited = resolve)),
    };
    thread.on('message', (message: FromWorker) => onMessage(worker, message));
    thread.on('error', (error) => log.error({ err: error, worker: index }, 'media worker failed'));
    thread.on('exit', (code) => {
      exited();
      lost(worker, code);
    });
    return worker;
  };

  // The first room starts every worker; from then on a dead one is replaced (see lost).
  const startWorkers = () => {
    if (started) return;
    if (closing) throw shuttingDown();
    started = true;
    log.info({ workers: options.workers }, 'starting the media workers');
    for (let index = 0; index < options.workers; index++) workers.push(start(index));
  };

  // A worker ended: its sockets are closed (clients rejoin), its calls fail, its rooms are
  // reported finished, and a new worker takes its place unless the pool is closing.
  const lost = (worker: MediaWorker, code: number) => {
    worker.alive = false;
    for (const call of worker.calls.values()) call.reject(lostWithWorker());
    worker.calls.clear();
    for (const [sid, relay] of relays) {
      if (relay.worker !== worker) continue;
      relays.delete(sid);
      relay.socket.terminate();
    }
    for (const [name, home] of homes) {
      if (home.worker !== worker) continue;
      homes.delete(name);
      if (home.open > 0 && home.last) events.emit({ event: 'room_finished', room: home.last });
    }
    if (closing) return;
    log.error({ worker: worker.index, code }, 'media worker exited; starting a new one');
    setTimeout(() => {
      if (!closing) workers[worker.index] = start(worker.index);
    }, RESTART_DELAY_MS).unref();
  };

  const onMessage = (worker: MediaWorker, message: FromWorker) => {
    switch (message.t) {
      case 'send':
        relays.get(message.sid)?.socket.send(message.data);
        return;
      case 'end': {
        const relay = relays.get(message.sid);
        if (!relay) return;
        if (message.terminate) relay.socket.terminate();
        else relay.socket.close(message.code);
        return;
      }
      case 'ping':
        relays.get(message.sid)?.socket.ping();
        return;
      case 'event':
        onEvent(worker, fromWire(message.event) as SfuEvent);
        return;
      case 'reply': {
        const call = worker.calls.get(message.id);
        if (!call) return;
        worker.calls.delete(message.id);
        if (message.error) call.reject(errorFrom(message.error));
        else call.resolve(fromWire(message.value));
        return;
      }
      case 'log': {
        const child = log.child(message.bindings);
        const obj = message.obj as object | string;
        if (message.msg === undefined) child[message.level](obj);
        else child[message.level](obj, message.msg);
        return;
      }
      case 'down':
        return;
    }
  };

  const onEvent = (worker: MediaWorker, event: SfuEvent) => {
    const name = event.room.name;
    let home = homes.get(name);
    if (event.event === 'room_started') {
      if (!home || home.worker !== worker) {
        home = { worker, open: 0, sockets: 0, pending: 0 };
        homes.set(name, home);
      }
      home.open += 1;
    } else if (event.event === 'room_finished' && home?.worker === worker) {
      home.open -= 1;
      forget(name, home);
    }
    if (home?.worker === worker && event.event !== 'room_finished') home.last = event.room;
    events.emit(event);
  };

  const call = <T>(worker: MediaWorker, method: CallMethod, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!worker.alive) {
        reject(lostWithWorker());
        return;
      }
      const id = nextId++;
      worker.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      post(worker, { t: 'call', id, method, args: toWire(args) as unknown[] });
    });

  const homeOf = (name: string): RoomHome => {
    const home = homes.get(name);
    if (!home) throw new RoomControlError('not_found', `room ${name} not found`);
    return home;
  };

  // A room not opened yet may only be opened below the room limit.
  const checkRoomLimit = (name: string) => {
    if (!homes.has(name) && homes.size >= options.limits.maxRooms)
      throw tooManyRooms(options.limits.maxRooms);
  };

  // The home of a room about to be used: its own, or a new one on the least busy worker.
  const claimHome = (name: string): RoomHome => {
    const existing = homes.get(name);
    if (existing) return existing;
    checkRoomLimit(name);
    startWorkers();
    const load = (worker: MediaWorker) =>
      worker.sessions + [...homes.values()].filter((home) => home.worker === worker).length;
    const alive = workers.filter((worker) => worker.alive);
    if (alive.length === 0)
      throw new JoinError(503, 'the media workers are restarting; try again in a moment');
    const worker = alive.reduce((best, candidate) =>
      load(candidate) < load(best) ? candidate : best,
    );
    const home: RoomHome = { worker, open: 0, sockets: 0, pending: 0 };
    homes.set(name, home);
    return home;
  };

  const inRoom = async <T>(name: string, method: CallMethod, ...args: unknown[]): Promise<T> =>
    call<T>(homeOf(name).worker, method, name, ...args);

  const control: RoomControl = {
    async createRoom(roomOptions: CreateRoomOptions) {
      if (!roomOptions.name)
        throw new RoomControlError('invalid_argument', 'room name is required');
      let home: RoomHome;
      try {
        home = claimHome(roomOptions.name);
      } catch (error) {
        if (error instanceof JoinError)
          throw new RoomControlError('resource_exhausted', error.message);
        throw error;
      }
      home.pending += 1;
      try {
        return await call<RoomProto>(home.worker, 'createRoom', roomOptions);
      } finally {
        home.pending -= 1;
        forget(roomOptions.name, home);
      }
    },
    async listRooms(names?: string[]) {
      const lists = await Promise.all(
        workers
          .filter((worker) => worker.alive)
          .map((worker) => call<RoomProto[]>(worker, 'listRooms', names)),
      );
      return lists.flat();
    },
    deleteRoom: (name: string) => inRoom(name, 'deleteRoom'),
    listParticipants: (name: string) => inRoom(name, 'listParticipants'),
    getParticipant: (name: string, identity: string) => inRoom(name, 'getParticipant', identity),
    removeParticipant: (name: string, identity: string) =>
      inRoom(name, 'removeParticipant', identity),
    updateParticipant: (name: string, identity: string, update: ParticipantUpdate) =>
      inRoom(name, 'updateParticipant', identity, update),
    mutePublishedTrack: (name: string, identity: string, trackSid: string, muted: boolean) =>
      inRoom(name, 'mutePublishedTrack', identity, trackSid, muted),
    onEvent: (listener) => events.on(listener),
  };

  return {
    control,
    threads: () => workers.map((worker) => worker.thread),
    async checkJoin(roomName, identity) {
      if (closing) throw shuttingDown();
      checkRoomLimit(roomName);
      const home = homes.get(roomName);
      if (home) await call(home.worker, 'checkJoin', roomName, identity);
    },
    attach(socket: SignalSocket, claims: TokenClaims, query: SessionQuery) {
      const room = claims.video.room ?? '';
      let home: RoomHome;
      try {
        if (closing) throw shuttingDown();
        home = claimHome(room);
      } catch (error) {
        log.info({ err: error, identity: claims.identity }, 'join refused');
        refuseJoin(
          socket,
          error instanceof JoinError ? error.reason : DisconnectReason.JOIN_FAILURE,
        );
        return;
      }
      const sid = nextId++;
      const { worker } = home;
      home.sockets += 1;
      worker.sessions += 1;
      relays.set(sid, { socket, worker, room });
      socket.on('message', (data, isBinary) => {
        // A copy (or a whole ArrayBuffer): ws may hand out views of a larger buffer.
        const bytes = Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
        post(worker, { t: 'frame', sid, data: bytes, binary: isBinary });
      });
      socket.on('pong', () => post(worker, { t: 'pong', sid }));
      socket.on('error', (error) => log.debug({ err: error }, 'signal socket error'));
      socket.on('close', () => {
        if (relays.get(sid)?.worker !== worker) return;
        relays.delete(sid);
        worker.sessions -= 1;
        home.sockets -= 1;
        forget(room, home);
        post(worker, { t: 'closed', sid });
      });
      post(worker, { t: 'open', sid, claims, query });
    },
    async close() {
      closing = true;
      await Promise.all(
        workers.map(async (worker) => {
          post(worker, { t: 'shutdown' });
          const down = new Promise<void>((resolve) => {
            const onDown = (message: FromWorker) => {
              if (message.t === 'down') resolve();
            };
            worker.thread.on('message', onDown);
          });
          const timeout = new Promise<void>((resolve) =>
            setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref(),
          );
          await Promise.race([down, worker.exited, timeout]);
          // Sockets still open are closed by the socket server; the thread can go.
          await worker.thread.terminate();
        }),
      );
    },
  };
}

function errorFrom(error: WireError): Error {
  if (error.kind === 'control')
    return new RoomControlError(error.code as RoomControlError['code'], error.message);
  if (error.kind === 'join') return new JoinError(error.status, error.message, error.reason);
  return new Error(error.message);
}
