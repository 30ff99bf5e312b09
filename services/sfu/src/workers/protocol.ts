// Messages between the SFU's main thread (which holds the WebSockets and the HTTP side) and its
// media worker threads (which hold rooms, peer connections and signalling sessions).
import { ParticipantInfo, ParticipantPermission, Room, TrackInfo } from '../livekit-protocol';
import type { TokenClaims } from '../auth/access-token';
import type { EngineOptions } from '../engine';
import type { SessionQuery } from '../signal/session-query';

/** The RoomControl methods a worker answers, plus the join check. */
export type CallMethod =
  | 'createRoom'
  | 'listRooms'
  | 'deleteRoom'
  | 'listParticipants'
  | 'getParticipant'
  | 'removeParticipant'
  | 'updateParticipant'
  | 'mutePublishedTrack'
  | 'checkJoin';

/** main → worker */
export type ToWorker =
  | { t: 'open'; sid: number; claims: TokenClaims; query: SessionQuery }
  | { t: 'frame'; sid: number; data: Uint8Array; binary: boolean }
  | { t: 'pong'; sid: number }
  | { t: 'closed'; sid: number }
  | { t: 'call'; id: number; method: CallMethod; args: unknown[] }
  | { t: 'shutdown' };

/** worker → main */
export type FromWorker =
  | { t: 'send'; sid: number; data: Uint8Array | string }
  | { t: 'end'; sid: number; code: number; terminate: boolean }
  | { t: 'ping'; sid: number }
  | { t: 'event'; event: unknown }
  | { t: 'reply'; id: number; value?: unknown; error?: WireError }
  | { t: 'log'; level: LogLevel; bindings: Record<string, unknown>; obj: unknown; msg?: string }
  | { t: 'down' };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** An error as it crosses threads; `kind` says which class to rebuild. */
export type WireError =
  | { kind: 'control'; code: string; message: string }
  | { kind: 'join'; status: number; message: string; reason: number }
  | { kind: 'other'; message: string };

/** What the worker is started with (`workerData`): its engine's options and its number. */
export interface WorkerSetup extends Omit<EngineOptions, 'clock' | 'log'> {
  index: number;
}

// The protobuf messages that appear in events, calls and replies, by their type name.
const MESSAGE_TYPES: Record<string, { fromBinary(bytes: Uint8Array): unknown }> = {
  [Room.typeName]: Room,
  [ParticipantInfo.typeName]: ParticipantInfo,
  [TrackInfo.typeName]: TrackInfo,
  [ParticipantPermission.typeName]: ParticipantPermission,
};

interface ProtoMessage {
  toBinary(): Uint8Array;
  getType(): { typeName: string };
}

interface WireMessage {
  $message: string;
  bytes: Uint8Array;
}

function isProtoMessage(value: object): value is ProtoMessage {
  return (
    typeof (value as Partial<ProtoMessage>).toBinary === 'function' &&
    typeof (value as Partial<ProtoMessage>).getType === 'function'
  );
}

/**
 * Makes a value cloneable across threads: protobuf messages (class instances whose prototype a
 * structured clone would lose) become their binary form; arrays and plain objects are walked.
 */
export function toWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return value;
  if (isProtoMessage(value)) {
    const typeName = value.getType().typeName;
    if (!(typeName in MESSAGE_TYPES)) throw new Error(`${typeName} cannot cross threads`);
    return { $message: typeName, bytes: value.toBinary() } satisfies WireMessage;
  }
  if (Array.isArray(value)) return value.map(toWire);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
}

/** Rebuilds what `toWire` made. */
export function fromWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(fromWire);
  const message = value as Partial<WireMessage>;
  if (typeof message.$message === 'string' && message.bytes instanceof Uint8Array) {
    const type = MESSAGE_TYPES[message.$message];
    if (!type) throw new Error(`unknown message type ${message.$message}`);
    return type.fromBinary(message.bytes);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromWire(item)]));
}

/**
 * Splits the UDP port range between the workers: each gets its own slice, so two threads never
 * probe for the same port. Every slice has at least two ports (one connection each way).
 */
export function portSlices(start: number, end: number, workers: number): [number, number][] {
  const size = end - start + 1;
  const per = Math.floor(size / workers);
  if (per < 2) {
    throw new Error(
      `[sfu] port_range_start..port_range_end (${start}-${end}) has ${size} ports: too few for ${workers} media workers (at least 2 each); widen the range or lower [sfu] workers`,
    );
  }
  return Array.from({ length: workers }, (_, index) => {
    const first = start + index * per;
    const last = index === workers - 1 ? end : first + per - 1;
    return [first, last];
  });
}
