import {
  CreateRoomRequest,
  DeleteRoomRequest,
  DeleteRoomResponse,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  RemoveParticipantResponse,
  RoomParticipantIdentity,
  UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
  type Room,
} from '../livekit-protocol';
import { readBodyWithin } from '@ermine/http/body';
import type { Logger } from '@ermine/infra';
import {
  RoomControlError,
  type Awaitable,
  type ParticipantUpdate,
  type RoomControl,
} from '../control';
import { TokenError, verifyAccessToken, type ApiKeys, type VideoGrant } from '../auth/access-token';
import { TwirpError, twirpErrorResponse } from './twirp-error';

/** Optional extra a RoomControl may offer; without it UpdateRoomMetadata answers `unimplemented`. */
export interface RoomMetadataControl {
  updateRoomMetadata(name: string, metadata: string): Awaitable<Room>;
}

/** What the RoomService handler needs. */
export interface TwirpHandlerOptions {
  control: RoomControl & Partial<RoomMetadataControl>;
  keys: ApiKeys;
  log: Logger;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
}

type Format = 'json' | 'protobuf';

interface RequestType<T> {
  fromBinary(bytes: Uint8Array): T;
  fromJsonString(json: string, options?: { ignoreUnknownFields?: boolean }): T;
}

interface Encodable {
  toBinary(): Uint8Array;
  toJsonString(): string;
}

interface MethodSpec<T> {
  request: RequestType<T>;
  /** The grant this call needs, checked against the token's `video` claim. */
  authorize(video: VideoGrant, request: T): boolean;
  call(control: TwirpHandlerOptions['control'], request: T): Promise<Encodable> | Encodable;
}

interface Method {
  run(
    control: TwirpHandlerOptions['control'],
    video: VideoGrant,
    body: Uint8Array,
    format: Format,
  ): Promise<Encodable>;
}

const SERVICE = 'livekit.RoomService';
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** RoomService methods LiveKit has that the embedded SFU doesn't implement. */
const UNIMPLEMENTED = new Set([
  'UpdateSubscriptions',
  'SendData',
  'ForwardParticipant',
  'MoveParticipant',
  'PerformRpc',
]);

const canCreate = (video: VideoGrant) => video.roomCreate === true;
const canList = (video: VideoGrant) => video.roomList === true;
const canAdmin = (video: VideoGrant, room: string) =>
  video.roomAdmin === true && video.room === room;

function defineMethod<T>(spec: MethodSpec<T>): Method {
  return {
    async run(control, video, body, format) {
      const request = decode(spec.request, body, format);
      if (!spec.authorize(video, request))
        throw new TwirpError('permission_denied', 'permissions denied');
      return await spec.call(control, request);
    },
  };
}

function required(value: string, field: string): string {
  if (value === '')
    throw new TwirpError('invalid_argument', `${field} is required`, { argument: field });
  return value;
}

const METHODS: Record<string, Method> = {
  CreateRoom: defineMethod({
    request: CreateRoomRequest,
    authorize: canCreate,
    call: (control, req) =>
      control.createRoom({
        name: required(req.name, 'name'),
        emptyTimeout: req.emptyTimeout || undefined,
        departureTimeout: req.departureTimeout || undefined,
        maxParticipants: req.maxParticipants || undefined,
        metadata: req.metadata || undefined,
      }),
  }),
  ListRooms: defineMethod({
    request: ListRoomsRequest,
    authorize: canList,
    call: async (control, req) =>
      new ListRoomsResponse({
        rooms: await control.listRooms(req.names.length > 0 ? req.names : undefined),
      }),
  }),
  DeleteRoom: defineMethod({
    request: DeleteRoomRequest,
    authorize: canCreate,
    call: async (control, req) => {
      await control.deleteRoom(required(req.room, 'room'));
      return new DeleteRoomResponse();
    },
  }),
  UpdateRoomMetadata: defineMethod({
    request: UpdateRoomMetadataRequest,
    authorize: (video, req) => canAdmin(video, req.room),
    call: (control, req) => {
      if (control.updateRoomMetadata === undefined) {
        throw new TwirpError('unimplemented', 'UpdateRoomMetadata is not supported by this server');
      }
      return control.updateRoomMetadata(required(req.room, 'room'), req.metadata);
    },
  }),
  ListParticipants: defineMethod({
    request: ListParticipantsRequest,
    authorize: (video, req) => canAdmin(video, req.room),
    call: async (control, req) =>
      new ListParticipantsResponse({
        participants: await control.listParticipants(required(req.room, 'room')),
      }),
  }),
  GetParticipant: defineMethod({
    request: RoomParticipantIdentity,
    authorize: (video, req) => canAdmin(video, req.room),
    call: (control, req) =>
      control.getParticipant(required(req.room, 'room'), required(req.identity, 'identity')),
  }),
  RemoveParticipant: defineMethod({
    request: RoomParticipantIdentity,
    authorize: (video, req) => canAdmin(video, req.room),
    call: async (control, req) => {
      await control.removeParticipant(
        required(req.room, 'room'),
        required(req.identity, 'identity'),
      );
      return new RemoveParticipantResponse();
    },
  }),
  UpdateParticipant: defineMethod({
    request: UpdateParticipantRequest,
    authorize: (video, req) => canAdmin(video, req.room),
    call: (control, req) => {
      // proto3 can't tell "" from unset: like LiveKit, empty strings and maps mean "no change".
      const update: ParticipantUpdate = {};
      if (req.metadata !== '') update.metadata = req.metadata;
      if (req.name !== '') update.name = req.name;
      if (req.permission !== undefined) update.permission = req.permission;
      if (Object.keys(req.attributes).length > 0) update.attributes = req.attributes;
      return control.updateParticipant(
        required(req.room, 'room'),
        required(req.identity, 'identity'),
        update,
      );
    },
  }),
  MutePublishedTrack: defineMethod({
    request: MuteRoomTrackRequest,
    authorize: (video, req) => canAdmin(video, req.room),
    call: async (control, req) => {
      const track = await control.mutePublishedTrack(
        required(req.room, 'room'),
        required(req.identity, 'identity'),
        required(req.trackSid, 'track_sid'),
        req.muted,
      );
      return new MuteRoomTrackResponse({ track });
    },
  }),
};

function decode<T>(type: RequestType<T>, body: Uint8Array, format: Format): T {
  try {
    if (format === 'protobuf') return type.fromBinary(body);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body).trim();
    return type.fromJsonString(text === '' ? '{}' : text, { ignoreUnknownFields: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    throw new TwirpError('malformed', `the ${format} request could not be decoded: ${detail}`);
  }
}

function formatOf(contentType: string | null): Format | null {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'application/protobuf') return 'protobuf';
  return null;
}

function bearerToken(request: Request, url: URL): string {
  const header = request.headers.get('authorization');
  if (header !== null && header !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined) {
      throw new TwirpError(
        'unauthenticated',
        'invalid authorization header: must be "Bearer <token>"',
      );
    }
    return match[1];
  }
  const fromQuery = url.searchParams.get('access_token');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  throw new TwirpError(
    'unauthenticated',
    'missing authorization: send "Authorization: Bearer <token>"',
  );
}

function encode(message: Encodable, format: Format): Response {
  if (format === 'protobuf') {
    // A copy typed over a plain ArrayBuffer, as Response wants.
    return new Response(message.toBinary().slice(), {
      status: 200,
      headers: { 'content-type': 'application/protobuf' },
    });
  }
  return new Response(message.toJsonString(), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const body = await readBodyWithin(request, maxBytes);
  if (body === null) {
    throw new TwirpError('malformed', `request body is larger than ${maxBytes} bytes`);
  }
  return body;
}

/**
 * LiveKit's server API (`POST …/twirp/livekit.RoomService/<Method>`) over a RoomControl: JSON
 * (protobuf-JSON) and `application/protobuf` bodies, answered in the same encoding; Bearer JWT
 * auth with LiveKit's per-method video grants; Twirp `{code, msg}` errors.
 */
export function createTwirpHandler(
  options: TwirpHandlerOptions,
): (request: Request) => Promise<Response> {
  const { control, keys } = options;
  const log = options.log.child({ component: 'twirp' });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const match = /\/twirp\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const service = match?.[1];
    const name = match?.[2] ?? '';
    if (request.method !== 'POST') {
      throw new TwirpError(
        'bad_route',
        `unsupported method ${request.method} (only POST is allowed)`,
      );
    }
    if (service !== SERVICE || !(name in METHODS || UNIMPLEMENTED.has(name))) {
      throw new TwirpError('bad_route', `no handler for path ${url.pathname}`);
    }
    const token = bearerToken(request, url);
    let video: VideoGrant;
    try {
      video = (await verifyAccessToken(token, keys, Date.now())).video;
    } catch (error) {
      if (error instanceof TokenError) throw new TwirpError('unauthenticated', error.message);
      throw error;
    }
    const format = formatOf(request.headers.get('content-type'));
    if (format === null) {
      throw new TwirpError(
        'bad_route',
        `unexpected Content-Type: ${request.headers.get('content-type') ?? ''}`,
      );
    }
    const method = METHODS[name];
    if (method === undefined)
      throw new TwirpError('unimplemented', `${name} is not supported by this server`);
    const body = await readBody(request, maxBodyBytes);
    const reply = await method.run(control, video, body, format);
    log.debug({ method: name, format }, 'twirp call');
    return encode(reply, format);
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof TwirpError) return twirpErrorResponse(error);
      if (error instanceof RoomControlError)
        return twirpErrorResponse(new TwirpError(error.code, error.message));
      log.error({ err: error, url: request.url }, 'twirp call failed');
      return twirpErrorResponse(new TwirpError('internal', 'internal error'));
    }
  };
}
