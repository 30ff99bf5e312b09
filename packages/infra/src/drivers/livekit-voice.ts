import {
  AccessToken,
  ParticipantInfo_State,
  RoomServiceClient,
  ServerError,
  TrackSource,
  TrackType,
  WebhookReceiver,
  type ParticipantInfo,
  type ParticipantPermission,
  type Room,
  type TrackInfo,
  type VideoGrant,
} from 'livekit-server-sdk';
import {
  VoiceError,
  type Voice,
  type VoiceErrorCode,
  type VoiceParticipant,
  type VoicePermission,
  type VoiceRoom,
  type VoiceTrack,
  type VoiceTrackSource,
  type VoiceWebhookEvent,
} from '../voice';

/** One node: its server-API URL (`api.livekit.nodes.<name>.url`) and key pair. */
export interface LiveKitVoiceOptions {
  /** http(s) or ws(s) origin of the server API; the SDK always calls `<origin>/twirp/…`. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Per-request timeout in seconds (default 10). */
  requestTimeoutSeconds?: number;
}

const SOURCE_TO_PROTO: Record<VoiceTrackSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

const PROTO_TO_SOURCE: Partial<Record<TrackSource, VoiceTrackSource>> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen_share_audio',
};

const TRACK_TYPES: Record<TrackType, VoiceTrack['type']> = {
  [TrackType.AUDIO]: 'audio',
  [TrackType.VIDEO]: 'video',
  [TrackType.DATA]: 'data',
};

const STATES: Record<ParticipantInfo_State, VoiceParticipant['state']> = {
  [ParticipantInfo_State.JOINING]: 'joining',
  [ParticipantInfo_State.JOINED]: 'joined',
  [ParticipantInfo_State.ACTIVE]: 'active',
  [ParticipantInfo_State.DISCONNECTED]: 'disconnected',
};

const TWIRP_CODES = new Set<string>([
  'not_found',
  'invalid_argument',
  'unauthenticated',
  'permission_denied',
  'already_exists',
  'resource_exhausted',
  'unimplemented',
  'unavailable',
  'internal',
]);

function codeFromStatus(status: number): VoiceErrorCode {
  if (status === 400) return 'invalid_argument';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'permission_denied';
  if (status === 404) return 'not_found';
  if (status === 409) return 'already_exists';
  if (status === 429) return 'resource_exhausted';
  if (status === 501) return 'unimplemented';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal';
}

function toVoiceError(error: unknown): VoiceError {
  if (error instanceof VoiceError) return error;
  if (error instanceof ServerError) {
    const code =
      error.code !== undefined && TWIRP_CODES.has(error.code)
        ? (error.code as VoiceErrorCode)
        : codeFromStatus(error.status);
    return new VoiceError(code, error.message);
  }
  // fetch failures (refused, DNS, timeout) never reached the server API.
  const message = error instanceof Error ? error.message : String(error);
  return new VoiceError('unavailable', `voice server unreachable: ${message}`);
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toVoiceError(error);
  }
}

function toRoom(room: Room): VoiceRoom {
  return {
    sid: room.sid,
    name: room.name,
    metadata: room.metadata,
    numParticipants: room.numParticipants,
    numPublishers: room.numPublishers,
    creationTime: Number(room.creationTime),
    emptyTimeout: room.emptyTimeout,
    departureTimeout: room.departureTimeout,
    maxParticipants: room.maxParticipants,
  };
}

function toSources(sources: TrackSource[]): VoiceTrackSource[] {
  return sources.flatMap((s) => PROTO_TO_SOURCE[s] ?? []);
}

function toPermission(permission: ParticipantPermission | undefined): VoicePermission | null {
  if (permission === undefined) return null;
  return {
    canSubscribe: permission.canSubscribe,
    canPublish: permission.canPublish,
    canPublishData: permission.canPublishData,
    canPublishSources: toSources(permission.canPublishSources),
    hidden: permission.hidden,
    canUpdateMetadata: permission.canUpdateMetadata,
  };
}

function toTrack(track: TrackInfo): VoiceTrack {
  return {
    sid: track.sid,
    type: TRACK_TYPES[track.type] ?? 'data',
    source: PROTO_TO_SOURCE[track.source] ?? 'unknown',
    name: track.name,
    muted: track.muted,
    width: track.width,
    height: track.height,
    mimeType: track.mimeType,
  };
}

function toParticipant(participant: ParticipantInfo): VoiceParticipant {
  return {
    sid: participant.sid,
    identity: participant.identity,
    name: participant.name,
    metadata: participant.metadata,
    attributes: { ...participant.attributes },
    state: STATES[participant.state] ?? 'active',
    joinedAt: Number(participant.joinedAt),
    permission: toPermission(participant.permission),
    tracks: participant.tracks.map(toTrack),
  };
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `voice: "${raw}" is not a URL; set the node's url to the server API origin, e.g. http://livekit:7880`,
    );
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new Error(`voice: "${raw}" must be an http(s) or ws(s) URL`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error(
      `voice: "${raw}" has a path, but LiveKit's server API is always at <origin>/twirp; ` +
        `set the node's url to ${url.origin} and route /twirp there`,
    );
  }
  return url.origin;
}

/**
 * The `voice` port over livekit-server-sdk: RoomServiceClient (Twirp, JSON), AccessToken and
 * WebhookReceiver. Works against a real LiveKit node or the embedded SFU (same API).
 */
export function createLiveKitVoice(options: LiveKitVoiceOptions): Voice {
  const origin = checkUrl(options.url);
  const rooms = new RoomServiceClient(origin, options.apiKey, options.apiSecret, {
    requestTimeout: options.requestTimeoutSeconds ?? 10,
    failover: false,
  });
  const receiver = new WebhookReceiver(options.apiKey, options.apiSecret);

  return {
    async createToken(request) {
      if (!(request.ttlSeconds > 0))
        throw new VoiceError('invalid_argument', 'ttlSeconds must be positive');
      const token = new AccessToken(options.apiKey, options.apiSecret, {
        identity: request.identity,
        name: request.name,
        metadata: request.metadata,
        ttl: request.ttlSeconds,
      });
      const { canPublishSources, ...grants } = request.grants;
      const grant: VideoGrant = { ...grants, room: request.room };
      if (canPublishSources !== undefined)
        grant.canPublishSources = canPublishSources.map((s) => SOURCE_TO_PROTO[s]);
      token.addGrant(grant);
      return token.toJwt();
    },

    createRoom: (room) => call(async () => toRoom(await rooms.createRoom(room))),

    listRooms: (names) => call(async () => (await rooms.listRooms(names)).map(toRoom)),

    deleteRoom: (name) => call(() => rooms.deleteRoom(name)),

    listParticipants: (room) =>
      call(async () => {
        try {
          return (await rooms.listParticipants(room)).map(toParticipant);
        } catch (error) {
          // LiveKit lists an unknown room as empty, the embedded SFU says not_found: the port says empty.
          if (toVoiceError(error).code === 'not_found') return [];
          throw error;
        }
      }),

    getParticipant: (room, identity) =>
      call(async () => toParticipant(await rooms.getParticipant(room, identity))),

    removeParticipant: (room, identity) => call(() => rooms.removeParticipant(room, identity)),

    updateParticipant: (room, identity, update) =>
      call(async () => {
        const { permission, ...rest } = update;
        const updated = await rooms.updateParticipant(room, identity, {
          ...rest,
          permission:
            permission === undefined
              ? undefined
              : {
                  ...permission,
                  canPublishSources: permission.canPublishSources?.map((s) => SOURCE_TO_PROTO[s]),
                },
        });
        return toParticipant(updated);
      }),

    mutePublishedTrack: (room, identity, trackSid, muted) =>
      call(async () => toTrack(await rooms.mutePublishedTrack(room, identity, trackSid, muted))),

    async verifyWebhook(body, authorization): Promise<VoiceWebhookEvent> {
      if (authorization === null || authorization === undefined || authorization === '') {
        throw new VoiceError('unauthenticated', 'webhook without an Authorization header');
      }
      let event;
      try {
        event = await receiver.receive(body, authorization);
      } catch (error) {
        if (error instanceof SyntaxError)
          throw new VoiceError('invalid_argument', 'webhook body is not JSON');
        throw new VoiceError(
          'unauthenticated',
          `webhook did not verify: ${error instanceof Error ? error.message : ''}`,
        );
      }
      return {
        id: event.id,
        event: event.event,
        createdAt: Number(event.createdAt),
        room: event.room === undefined ? null : toRoom(event.room),
        participant: event.participant === undefined ? null : toParticipant(event.participant),
        track: event.track === undefined ? null : toTrack(event.track),
      };
    },
  };
}
