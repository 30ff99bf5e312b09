// A media worker thread: rooms, peer connections and signalling sessions of the rooms the main
// thread assigned to it. The WebSockets stay in the main thread; their frames are relayed.
import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, type Logger } from '@ermine/infra';
import { RoomControlError } from '../control';
import { createLocalEngine } from '../local-engine';
import { JoinError } from '../room/join-error';
import type { SignalSocket } from '../signal/signal-socket';
import {
  fromWire,
  toWire,
  type CallMethod,
  type FromWorker,
  type LogLevel,
  type ToWorker,
  type WireError,
  type WorkerSetup,
} from './protocol';

const port = parentPort;
if (!port) throw new Error('media-worker.ts runs as a worker thread only');
const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => port.postMessage(message);

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** The worker's side of a WebSocket held by the main thread. */
class RelayedSocket extends EventEmitter implements SignalSocket {
  readonly OPEN = OPEN;
  readonly CONNECTING = 0;
  readyState = OPEN;

  constructor(private readonly sid: number) {
    super();
  }

  send(data: string | Uint8Array): void {
    if (this.readyState === OPEN) post({ t: 'send', sid: this.sid, data });
  }

  close(code = 1000): void {
    this.end(code, false);
  }

  terminate(): void {
    this.end(1006, true);
  }

  ping(): void {
    if (this.readyState === OPEN) post({ t: 'ping', sid: this.sid });
  }

  /** The main thread saw the WebSocket close. */
  closed(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.emit('close');
  }

  private end(code: number, terminate: boolean): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    post({ t: 'end', sid: this.sid, code, terminate });
  }
}

/** Log lines go to the main thread's logger, with this worker's bindings. */
function relayLogger(bindings: Record<string, unknown>): Logger {
  const line =
    (level: LogLevel) =>
    (obj: object | string, msg?: string): void => {
      post({ t: 'log', level, bindings, obj: cloneable(obj), msg });
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => relayLogger({ ...bindings, ...more }),
  };
}

// Log objects may hold errors, protobuf messages or functions; keep what a clone can carry.
function cloneable(value: unknown, depth = 0): unknown {
  if (value instanceof Error)
    return { type: value.name, message: value.message, stack: value.stack };
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' ? undefined : value;
  if (depth > 4) return '[object]';
  if (Array.isArray(value)) return value.map((item) => cloneable(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, cloneable(item, depth + 1)]),
  );
}

function wireError(error: unknown): WireError {
  if (error instanceof RoomControlError)
    return { kind: 'control', code: error.code, message: error.message };
  if (error instanceof JoinError)
    return { kind: 'join', status: error.status, message: error.message, reason: error.reason };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

const log = relayLogger({ service: 'sfu', worker: setup.index });
const engine = createLocalEngine({ ...setup, log, clock: systemClock });
const sockets = new Map<number, RelayedSocket>();
engine.control.onEvent((event) => post({ t: 'event', event: toWire(event) }));

async function call(method: CallMethod, args: unknown[]): Promise<unknown> {
  const control = engine.control as unknown as Record<string, (...a: unknown[]) => unknown>;
  if (method === 'checkJoin') return engine.checkJoin(String(args[0]), String(args[1]));
  return await control[method]!(...args);
}

port.on('message', (message: ToWorker) => {
  switch (message.t) {
    case 'open': {
      const socket = new RelayedSocket(message.sid);
      sockets.set(message.sid, socket);
      socket.on('close', () => sockets.delete(message.sid));
      engine.attach(socket, message.claims, message.query);
      return;
    }
    case 'frame': {
      const { buffer, byteOffset, byteLength } = message.data;
      const data = Buffer.from(buffer, byteOffset, byteLength);
      sockets.get(message.sid)?.emit('message', data, message.binary);
      return;
    }
    case 'pong':
      sockets.get(message.sid)?.emit('pong');
      return;
    case 'closed':
      sockets.get(message.sid)?.closed();
      return;
    case 'call':
      call(message.method, fromWire(message.args) as unknown[]).then(
        (value) => post({ t: 'reply', id: message.id, value: toWire(value) }),
        (error: unknown) => post({ t: 'reply', id: message.id, error: wireError(error) }),
      );
      return;
    case 'shutdown':
      engine.close().then(
        () => post({ t: 'down' }),
        (error: unknown) => {
          log.error({ err: error }, 'media worker shutdown failed');
          post({ t: 'down' });
        },
      );
      return;
  }
});
