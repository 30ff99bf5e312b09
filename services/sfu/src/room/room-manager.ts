import {
  DisconnectReason,
  LeaveRequest,
  LeaveRequest_Action,
  MuteTrackRequest,
  ParticipantInfo_State,
  type ParticipantInfo,
  type Room as RoomProto,
  type TrackInfo,
} from '../livekit-protocol';
import type { Clock, Logger } from '@ermine/infra';
import {
  RoomControlError,
  SfuEventHub,
  type CreateRoomOptions,
  type ParticipantUpdate,
  type RoomControl,
  type SfuEvent,
} from '../control';
import {
  canPublishSource,
  grantFromPermission,
  permissionFromGrant,
  signAccessToken,
  type ApiKeys,
  type TokenClaims,
  type TokenGrants,
} from '../auth/access-token';
import type { PeerSetup } from '../rtc/peer-config';
import { JoinError, shuttingDown, tooManyRooms } from './join-error';
import { Participant, type SignalSink } from './participant';
import { Room, type RoomSettings } from './room';

// The refusals live apart so that the HTTP side can use them without loading the media stack.
export { JoinError, shuttingDown, tooManyRooms } from './join-error';

/** Limits of one node (from the config). */
export interface SfuLimits {
  maxParticipants: number;
  maxRooms: number;
}

/** A signalling connection as the manager sees it: it can be sent messages and closed. */
export type SessionHandle = SignalSink;

/** What a join needs besides the verified token. */
export interface JoinOptions {
  claims: TokenClaims;
  autoSubscribe: boolean;
  clientProtocol: number;
}

// LiveKit's defaults for rooms created by a join.
const DEFAULT_EMPTY_TIMEOUT = 300;
const DEFAULT_DEPARTURE_TIMEOUT = 20;
// A participant whose signalling dropped without a leave is kept this long for its rejoin.
const SIGNAL_GRACE_MS = 10_000;
const REFRESH_TOKEN_TTL_SECONDS = 600;

/** Options of the room manager. */
export interface RoomManagerOptions {
  log: Logger;
  keys: ApiKeys;
  setup: PeerSetup;
  limits: SfuLimits;
  clock: Clock;
}

/**
 * All rooms of the node: joins and leaves from signalling, the RoomControl API for the server
 * side (Twirp, Ermine's API), room lifecycle timers and the event stream for webhooks.
 */
export class RoomManager implements RoomControl {
  readonly rooms = new Map<string, Room>();
  private readonly events: SfuEventHub;
  private readonly graceTimers = new Map<Participant, ReturnType<typeof setTimeout>>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(private readonly options: RoomManagerOptions) {
    this.events = new SfuEventHub(options.log);
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  // ---- RoomControl ----

  createRoom(options: CreateRoomOptions): RoomProto {
    const existing = this.rooms.get(options.name);
    if (existing) return existing.proto();
    if (!options.name) throw new RoomControlError('invalid_argument', 'room name is required');
    return this.openRoom(options).proto();
  }

  listRooms(names?: string[]): RoomProto[] {
    const rooms = [...this.rooms.values()];
    const wanted =
      names && names.length > 0 ? rooms.filter((room) => names.includes(room.name)) : rooms;
    return wanted.map((room) => room.proto());
  }

  deleteRoom(name: string): void {
    const room = this.requireRoom(name);
    void this.closeRoom(room, DisconnectReason.ROOM_DELETED);
  }

  listParticipants(roomName: string): ParticipantInfo[] {
    return [...this.requireRoom(roomName).participants.values()].map((p) => p.info());
  }

  getParticipant(roomName: string, identity: string): ParticipantInfo {
    return this.requireParticipant(roomName, identity).participant.info();
  }

  removeParticipant(roomName: string, identity: string): void {
    const { room, participant } = this.requireParticipant(roomName, identity);
    this.kick(room, participant, DisconnectReason.PARTICIPANT_REMOVED);
  }

  updateParticipant(
    roomName: string,
    identity: string,
    update: ParticipantUpdate,
  ): ParticipantInfo {
    const { room, participant } = this.requireParticipant(roomName, identity);
    if (update.name !== undefined) participant.name = update.name;
    if (update.metadata !== undefined) participant.metadata = update.metadata;
    if (update.attributes) {
      const next = { ...participant.attributes };
      for (const [key, value] of Object.entries(update.attributes)) {
        if (value === '') delete next[key];
        else next[key] = value;
      }
      participant.attributes = next;
    }
    if (update.permission) this.applyPermission(room, participant, update.permission.clone());
    room.changed(participant);
    if (update.permission) void this.sendRefreshToken(participant);
    return participant.info();
  }

  mutePublishedTrack(
    roomName: string,
    identity: string,
    trackSid: string,
    muted: boolean,
  ): TrackInfo {
    const { room, participant } = this.requireParticipant(roomName, identity);
    const entry = participant.tracks.get(trackSid);
    if (!entry) throw new RoomControlError('not_found', `track ${trackSid} not found`);
    room.setMuted(participant, trackSid, muted);
    participant.send({ case: 'mute', value: new MuteTrackRequest({ sid: trackSid, muted }) });
    return entry.info.clone();
  }

  onEvent(listener: (event: SfuEvent) => void): () => void {
    return this.events.on(listener);
  }

  // ---- signalling ----

  /** Refuses a join that would break a limit (before the WebSocket is upgraded, like LiveKit). */
  checkJoin(roomName: string, identity: string): void {
    if (this.closed) throw shuttingDown();
    const room = this.rooms.get(roomName);
    if (!room) {
      if (this.rooms.size >= this.options.limits.maxRooms)
        throw tooManyRooms(this.options.limits.maxRooms);
      return;
    }
    const max = this.maxParticipants(room);
    const others = [...room.participants.values()].filter((p) => p.identity !== identity).length;
    if (others >= max)
      throw new JoinError(503, `limit exceeded: room "${roomName}" is full (${max} participants)`);
  }

  /** Adds a participant for a verified token; the caller sends the join response next. */
  async join(
    options: JoinOptions,
    session: SessionHandle,
  ): Promise<{ room: Room; participant: Participant }> {
    const { claims } = options;
    const roomName = claims.video.room ?? '';
    this.checkJoin(roomName, claims.identity);
    const room = this.rooms.get(roomName) ?? this.openRoom({ name: roomName });
    const previous = room.participants.get(claims.identity);
    if (previous) {
      this.tell(previous, DisconnectReason.DUPLICATE_IDENTITY);
      await this.removeNow(room, previous);
    }
    const participant = new Participant(
      {
        identity: claims.identity,
        name: claims.name,
        metadata: claims.metadata,
        attributes: claims.attributes,
        permission: permissionFromGrant(claims.video),
        grant: claims.video,
        autoSubscribe: options.autoSubscribe,
        joinedAtMs: this.options.clock.now(),
        clientProtocol: options.clientProtocol,
      },
      this.options.setup,
      {
        onSubscriberState: (p, state) => this.subscriberState(room, p, state),
        onData: (p, label, data) => room.relayData(p, label, data),
        onMediaFailure: (p, error) => this.mediaFailed(p, error),
      },
      this.options.log.child({ room: roomName, participant: claims.identity }),
    );
    participant.session = session;
    return { room, participant };
  }

  /** Completes a join once the join response went out: announce, offer, subscribe. */
  admit(room: Room, participant: Participant): void {
    room.add(participant);
    participant.subscriber.negotiate();
    room.subscribeExisting(participant);
  }

  /** The participant left on its own (leave request). */
  async leave(participant: Participant): Promise<void> {
    const room = this.roomOf(participant);
    if (room) await this.removeNow(room, participant);
  }

  /** The participant's signalling closed without a leave: keep it a moment for a rejoin. */
  signalClosed(participant: Participant, session: SessionHandle): void {
    if (participant.session !== session || participant.closed) return;
    participant.session = undefined;
    const timer = setTimeout(() => {
      this.graceTimers.delete(participant);
      const room = this.roomOf(participant);
      if (room && !participant.session) void this.removeNow(room, participant);
    }, SIGNAL_GRACE_MS);
    timer.unref();
    this.graceTimers.set(participant, timer);
  }

  /**
   * A participant's peer connection couldn't get a UDP port: say why in the log (the error names
   * the settings) and end its join, rather than leave it connected with no media.
   */
  mediaFailed(participant: Participant, error: unknown): void {
    this.options.log.warn(
      { err: error, identity: participant.identity },
      error instanceof Error ? error.message : 'media setup failed',
    );
    const room = this.roomOf(participant);
    if (room) this.kick(room, participant, DisconnectReason.JOIN_FAILURE);
  }

  /** Applies a client's mute request. */
  setMuted(participant: Participant, trackSid: string, muted: boolean): void {
    const room = this.roomOf(participant);
    room?.setMuted(participant, trackSid, muted);
  }

  /** Mints a refresh token with the participant's current grants. */
  async refreshToken(participant: Participant): Promise<string> {
    const grants: TokenGrants = {
      identity: participant.identity,
      name: participant.name,
      metadata: participant.metadata,
      attributes: participant.attributes,
      video: grantFromPermission(participant.grant, participant.permission),
    };
    return signAccessToken(
      this.options.keys,
      grants,
      REFRESH_TOKEN_TTL_SECONDS,
      this.options.clock.now(),
    );
  }

  /** Sends a refresh token now. */
  async sendRefreshToken(participant: Participant): Promise<void> {
    const token = await this.refreshToken(participant);
    participant.send({ case: 'refreshToken', value: token });
  }

  /** The room a participant is (still) in. */
  roomOf(participant: Participant): Room | undefined {
    for (const room of this.rooms.values()) {
      if (room.participants.get(participant.identity) === participant) return room;
    }
    return undefined;
  }

  /** Closes every room (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    await Promise.all(
      [...this.rooms.values()].map((room) =>
        this.closeRoom(room, DisconnectReason.SERVER_SHUTDOWN),
      ),
    );
  }

  // ---- internals ----

  private openRoom(options: CreateRoomOptions): Room {
    if (this.rooms.size >= this.options.limits.maxRooms) {
      throw new RoomControlError(
        'resource_exhausted',
        `this node serves at most ${this.options.limits.maxRooms} rooms`,
      );
    }
    const settings: RoomSettings = {
      name: options.name,
      emptyTimeout: options.emptyTimeout || DEFAULT_EMPTY_TIMEOUT,
      departureTimeout: options.departureTimeout || DEFAULT_DEPARTURE_TIMEOUT,
      maxParticipants: options.maxParticipants ?? 0,
      metadata: options.metadata ?? '',
    };
    const room = new Room(
      settings,
      () => this.options.clock.now(),
      (event) => this.emit(event),
      this.options.log.child({ room: options.name }),
    );
    this.rooms.set(options.name, room);
    this.emit({ event: 'room_started', room: room.proto() });
    return room;
  }

  private maxParticipants(room: Room): number {
    const configured = this.options.limits.maxParticipants;
    const own = room.settings.maxParticipants;
    return own > 0 ? Math.min(own, configured) : configured;
  }

  private subscriberState(room: Room, participant: Participant, state: string): void {
    if (state !== 'connected' || participant.closed) return;
    if (participant.state === ParticipantInfo_State.JOINED) {
      participant.state = ParticipantInfo_State.ACTIVE;
      room.changed(participant);
    }
    if (!participant.announced && room.participants.get(participant.identity) === participant) {
      participant.announced = true;
      this.emit({
        event: 'participant_joined',
        room: room.proto(),
        participant: participant.info(),
      });
    }
  }

  private applyPermission(
    room: Room,
    participant: Participant,
    permission: typeof participant.permission,
  ): void {
    const couldSubscribe = participant.permission.canSubscribe;
    participant.permission = permission;
    const revoked = participant
      .boundTracks()
      .filter((entry) => !canPublishSource(permission, entry.info.source));
    const pendingRevoked = [...participant.tracks.values()].filter(
      (entry) => !entry.media && !canPublishSource(permission, entry.info.source),
    );
    for (const entry of [...revoked, ...pendingRevoked]) participant.removeTrack(entry.info.sid);
    room.unpublished(participant, revoked, true);
    if (!permission.canSubscribe) {
      for (const sid of [...participant.subscriptions.keys()]) participant.unsubscribe(sid);
    } else if (!couldSubscribe) {
      room.subscribeExisting(participant);
    }
  }

  private kick(room: Room, participant: Participant, reason: DisconnectReason): void {
    this.tell(participant, reason);
    void this.removeNow(room, participant);
  }

  // Sends a final leave and closes the participant's signalling.
  private tell(participant: Participant, reason: DisconnectReason): void {
    const session = participant.session;
    participant.send({
      case: 'leave',
      value: new LeaveRequest({
        canReconnect: false,
        reason,
        action: LeaveRequest_Action.DISCONNECT,
      }),
    });
    participant.session = undefined;
    session?.close();
  }

  private async removeNow(room: Room, participant: Participant): Promise<void> {
    const timer = this.graceTimers.get(participant);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(participant);
    participant.session = undefined;
    await room.remove(participant);
  }

  private async closeRoom(room: Room, reason: DisconnectReason): Promise<void> {
    if (room.closed) return;
    room.close();
    // Gone from the API at once; participants are told and closed next.
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    const participants = [...room.participants.values()];
    for (const participant of participants) this.tell(participant, reason);
    await Promise.all(participants.map((participant) => this.removeNow(room, participant)));
    this.emit({ event: 'room_finished', room: room.proto() });
  }

  private sweep(): void {
    const nowMs = this.options.clock.now();
    for (const room of this.rooms.values()) {
      if (room.participants.size > 0 || room.closed) continue;
      const timeoutMs =
        (room.everJoined ? room.settings.departureTimeout : room.settings.emptyTimeout) * 1000;
      const since = room.everJoined ? room.emptySinceMs : room.createdAtMs;
      if (nowMs - since >= timeoutMs) void this.closeRoom(room, DisconnectReason.ROOM_CLOSED);
    }
  }

  private requireRoom(name: string): Room {
    const room = this.rooms.get(name);
    if (!room) throw new RoomControlError('not_found', `room ${name} not found`);
    return room;
  }

  private requireParticipant(
    roomName: string,
    identity: string,
  ): { room: Room; participant: Participant } {
    const room = this.requireRoom(roomName);
    const participant = room.participants.get(identity);
    if (!participant)
      throw new RoomControlError(
        'not_found',
        `participant ${identity} not found in room ${roomName}`,
      );
    return { room, participant };
  }

  private emit(event: SfuEvent): void {
    this.events.emit(event);
  }
}
