import { randomBytes } from 'node:crypto';
import {
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  Room,
  TrackInfo,
  TrackSource,
  TrackType,
} from '../livekit-protocol';
import {
  RoomControlError,
  type CreateRoomOptions,
  type ParticipantUpdate,
  type RoomControl,
  type SfuEvent,
} from '../control';
import type { RoomMetadataControl } from '../twirp/room-service';

interface FakeRoom {
  room: Room;
  participants: Map<string, ParticipantInfo>;
}

/** What a test says about a track it "publishes" in the fake. */
export interface FakeTrack {
  type: 'audio' | 'video';
  source: 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';
  width?: number;
  height?: number;
  muted?: boolean;
}

const SOURCES = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
} as const;

function sid(prefix: string): string {
  return prefix + randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
}

/**
 * An in-memory RoomControl with no media, for unit tests of the server API and webhooks only:
 * participants "join" and "publish" through the test helpers below, never through WebRTC.
 */
export class FakeRoomControl implements RoomControl, RoomMetadataControl {
  private readonly rooms = new Map<string, FakeRoom>();
  private readonly listeners = new Set<(event: SfuEvent) => void>();

  createRoom(options: CreateRoomOptions): Room {
    const existing = this.rooms.get(options.name);
    if (existing !== undefined) return existing.room.clone();
    const room = new Room({
      sid: sid('RM_'),
      name: options.name,
      emptyTimeout: options.emptyTimeout ?? 300,
      departureTimeout: options.departureTimeout ?? 20,
      maxParticipants: options.maxParticipants ?? 0,
      metadata: options.metadata ?? '',
      creationTime: BigInt(Math.floor(Date.now() / 1000)),
      creationTimeMs: BigInt(Date.now()),
    });
    this.rooms.set(options.name, { room, participants: new Map() });
    this.emit({ event: 'room_started', room: room.clone() });
    return room.clone();
  }

  listRooms(names?: string[]): Room[] {
    const all = [...this.rooms.values()].map((r) => r.room.clone());
    return names === undefined ? all : all.filter((r) => names.includes(r.name));
  }

  deleteRoom(name: string): void {
    const entry = this.room(name);
    for (const identity of [...entry.participants.keys()]) this.leave(name, identity);
    this.rooms.delete(name);
    this.emit({ event: 'room_finished', room: entry.room.clone() });
  }

  listParticipants(room: string): ParticipantInfo[] {
    return [...this.room(room).participants.values()].map((p) => p.clone());
  }

  getParticipant(room: string, identity: string): ParticipantInfo {
    return this.participant(room, identity).clone();
  }

  removeParticipant(room: string, identity: string): void {
    this.participant(room, identity);
    this.leave(room, identity);
  }

  updateParticipant(room: string, identity: string, update: ParticipantUpdate): ParticipantInfo {
    const participant = this.participant(room, identity);
    if (update.metadata !== undefined) participant.metadata = update.metadata;
    if (update.name !== undefined) participant.name = update.name;
    if (update.permission !== undefined) participant.permission = update.permission.clone();
    if (update.attributes !== undefined) Object.assign(participant.attributes, update.attributes);
    participant.version += 1;
    return participant.clone();
  }

  mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): TrackInfo {
    const participant = this.participant(room, identity);
    const track = participant.tracks.find((t) => t.sid === trackSid);
    if (track === undefined) throw new RoomControlError('not_found', `track ${trackSid} not found`);
    if (track.muted !== muted) {
      track.muted = muted;
      participant.version += 1;
      this.emit({
        event: muted ? 'track_muted' : 'track_unmuted',
        room: this.room(room).room.clone(),
        participant: participant.clone(),
        track: track.clone(),
      });
    }
    return track.clone();
  }

  updateRoomMetadata(name: string, metadata: string): Room {
    const entry = this.room(name);
    entry.room.metadata = metadata;
    return entry.room.clone();
  }

  onEvent(listener: (event: SfuEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test helper: a participant connects (the room is created if needed). */
  join(
    room: string,
    identity: string,
    init: { name?: string; metadata?: string } = {},
  ): ParticipantInfo {
    if (!this.rooms.has(room)) this.createRoom({ name: room });
    const entry = this.room(room);
    const participant = new ParticipantInfo({
      sid: sid('PA_'),
      identity,
      name: init.name ?? '',
      metadata: init.metadata ?? '',
      state: ParticipantInfo_State.ACTIVE,
      joinedAt: BigInt(Math.floor(Date.now() / 1000)),
      joinedAtMs: BigInt(Date.now()),
      version: 1,
      permission: new ParticipantPermission({
        canSubscribe: true,
        canPublish: true,
        canPublishData: true,
      }),
    });
    entry.participants.set(identity, participant);
    entry.room.numParticipants = entry.participants.size;
    this.emit({
      event: 'participant_joined',
      room: entry.room.clone(),
      participant: participant.clone(),
    });
    return participant.clone();
  }

  /** Test helper: a participant publishes a track. */
  publish(room: string, identity: string, track: FakeTrack): TrackInfo {
    const participant = this.participant(room, identity);
    const info = new TrackInfo({
      sid: sid(track.type === 'audio' ? 'TR_A' : 'TR_V'),
      type: track.type === 'audio' ? TrackType.AUDIO : TrackType.VIDEO,
      source: SOURCES[track.source],
      name: track.source,
      muted: track.muted ?? false,
      width: track.width ?? 0,
      height: track.height ?? 0,
    });
    participant.tracks.push(info);
    participant.version += 1;
    this.emit({
      event: 'track_published',
      room: this.room(room).room.clone(),
      participant: participant.clone(),
      track: info.clone(),
    });
    return info.clone();
  }

  /** Test helper: a participant leaves (its tracks are unpublished first). */
  leave(room: string, identity: string): void {
    const entry = this.room(room);
    const participant = this.participant(room, identity);
    for (const track of participant.tracks) {
      this.emit({
        event: 'track_unpublished',
        room: entry.room.clone(),
        participant: participant.clone(),
        track,
      });
    }
    participant.tracks = [];
    participant.state = ParticipantInfo_State.DISCONNECTED;
    entry.participants.delete(identity);
    entry.room.numParticipants = entry.participants.size;
    this.emit({ event: 'participant_left', room: entry.room.clone(), participant });
  }

  private room(name: string): FakeRoom {
    const entry = this.rooms.get(name);
    if (entry === undefined) throw new RoomControlError('not_found', `room ${name} not found`);
    return entry;
  }

  private participant(room: string, identity: string): ParticipantInfo {
    const participant = this.room(room).participants.get(identity);
    if (participant === undefined) {
      throw new RoomControlError('not_found', `participant ${identity} not found in room ${room}`);
    }
    return participant;
  }

  private emit(event: SfuEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
