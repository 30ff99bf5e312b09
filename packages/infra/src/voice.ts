/**
 * The `voice` port: what Ermine needs from a LiveKit-compatible media server (one node of
 * `api.livekit.nodes`): access tokens, the RoomService server API and webhook verification.
 * One driver (LiveKit's server SDK) serves both a real LiveKit and the embedded SFU.
 */

/** A track source as LiveKit names it in grants. */
export type VoiceTrackSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** Grants of a participant token (LiveKit's video grant, room given separately). */
export interface VoiceGrants {
  roomJoin?: boolean;
  roomAdmin?: boolean;
  canPublish?: boolean;
  canSubscribe?: boolean;
  canPublishData?: boolean;
  /** When set, only these sources may be published (supersedes canPublish for media). */
  canPublishSources?: VoiceTrackSource[];
  canUpdateOwnMetadata?: boolean;
  hidden?: boolean;
}

/** What a participant token says. */
export interface VoiceTokenRequest {
  identity: string;
  name?: string;
  metadata?: string;
  room: string;
  grants: VoiceGrants;
  ttlSeconds: number;
}

/** Options of CreateRoom (LiveKit uses defaults for the unset ones). */
export interface VoiceRoomOptions {
  name: string;
  /** Seconds an empty room stays open (Stoat asks for 300). */
  emptyTimeout?: number;
  departureTimeout?: number;
  maxParticipants?: number;
  metadata?: string;
}

/** A room on the media server. */
export interface VoiceRoom {
  sid: string;
  name: string;
  metadata: string;
  numParticipants: number;
  numPublishers: number;
  /** Seconds since the epoch. */
  creationTime: number;
  emptyTimeout: number;
  departureTimeout: number;
  maxParticipants: number;
}

/** What a participant may do; every field is set when read from the server. */
export interface VoicePermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  /** Empty means "every source" (when canPublish). */
  canPublishSources: VoiceTrackSource[];
  hidden: boolean;
  canUpdateMetadata: boolean;
}

/** A published track. `width`/`height` are set for video (0 otherwise). */
export interface VoiceTrack {
  sid: string;
  type: 'audio' | 'video' | 'data';
  source: VoiceTrackSource | 'unknown';
  name: string;
  muted: boolean;
  width: number;
  height: number;
  mimeType: string;
}

/** A participant of a room; `identity` is the token's identity (Stoat: the user id). */
export interface VoiceParticipant {
  sid: string;
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  state: 'joining' | 'joined' | 'active' | 'disconnected';
  /** Seconds since the epoch. */
  joinedAt: number;
  permission: VoicePermission | null;
  tracks: VoiceTrack[];
}

/** Changes to a participant; unset fields stay as they are. */
export interface VoiceParticipantUpdate {
  metadata?: string;
  name?: string;
  /** Replaces the participant's permission (unset fields become false/empty, as in LiveKit). */
  permission?: Partial<VoicePermission>;
  attributes?: Record<string, string>;
}

/**
 * A webhook from the media server. `event` is one of LiveKit's names (`room_started`,
 * `room_finished`, `participant_joined`, `participant_left`, `participant_connection_aborted`,
 * `track_published`, `track_unpublished`, and from the embedded SFU `track_muted`/`track_unmuted`);
 * others (egress, ingress) may arrive and should be ignored.
 */
export interface VoiceWebhookEvent {
  id: string;
  event: string;
  /** Seconds since the epoch. */
  createdAt: number;
  room: VoiceRoom | null;
  participant: VoiceParticipant | null;
  track: VoiceTrack | null;
}

/** Why a voice call failed, in Twirp's terms (`unavailable`: the server couldn't be reached). */
export type VoiceErrorCode =
  | 'not_found'
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'already_exists'
  | 'resource_exhausted'
  | 'unimplemented'
  | 'unavailable'
  | 'internal';

/** A failed voice call or a webhook that didn't verify (`unauthenticated`). */
export class VoiceError extends Error {
  constructor(
    readonly code: VoiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VoiceError';
  }
}

/** A value, or a promise of it (rooms in the SFU's worker threads answer asynchronously). */
export type Awaitable<T> = T | Promise<T>;

/** `T` with every method answering a promise (for a surface declared with `Awaitable`). */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K];
};

/**
 * LiveKit's RoomService (its Twirp server API), declared once over each side's own shapes of a
 * room, a participant, a track and a participant update: the `voice` port below speaks it to a
 * server, the embedded SFU's room control (services/sfu) answers it.
 */
export interface RoomServiceApi<Room, Participant, Track, Update> {
  /** Creates the room, or returns it when it already exists. */
  createRoom(options: VoiceRoomOptions): Awaitable<Room>;
  /** Open rooms; with `names`, only those. */
  listRooms(names?: string[]): Awaitable<Room[]>;
  /** Closes the room and disconnects everyone (`not_found` when it doesn't exist). */
  deleteRoom(name: string): Awaitable<void>;
  listParticipants(room: string): Awaitable<Participant[]>;
  getParticipant(room: string, identity: string): Awaitable<Participant>;
  /** Disconnects the participant (`not_found` when absent). */
  removeParticipant(room: string, identity: string): Awaitable<void>;
  updateParticipant(room: string, identity: string, update: Update): Awaitable<Participant>;
  mutePublishedTrack(
    room: string,
    identity: string,
    trackSid: string,
    muted: boolean,
  ): Awaitable<Track>;
}

/** One LiveKit-compatible node. Server-API methods throw VoiceError. */
export interface Voice extends Promised<
  RoomServiceApi<VoiceRoom, VoiceParticipant, VoiceTrack, VoiceParticipantUpdate>
> {
  /** A participant token (JWT) signed with the node's key/secret. */
  createToken(request: VoiceTokenRequest): Promise<string>;
  /**
   * Verifies a webhook (raw body and `Authorization` header, as received) against the node's
   * key/secret and returns its event; throws VoiceError(`unauthenticated`) when it doesn't verify.
   */
  verifyWebhook(body: string, authorization: string | null | undefined): Promise<VoiceWebhookEvent>;
}
