import type { ParticipantInfo, ParticipantPermission, Room, TrackInfo } from '@livekit/protocol';
import type { Logger } from '@ermine/infra';
import type {
  Awaitable,
  RoomServiceApi,
  VoiceErrorCode,
  VoiceRoomOptions,
} from '@ermine/infra/voice';

export type { Awaitable };

/** Options for creating a room explicitly (rooms are also created by the first join). */
export type CreateRoomOptions = VoiceRoomOptions;

/** Fields of a participant that the server API may change. */
export interface ParticipantUpdate {
  metadata?: string;
  name?: string;
  permission?: ParticipantPermission;
  attributes?: Record<string, string>;
}

/** Something that happened in the SFU, as LiveKit's webhook events name it. */
export type SfuEvent =
  | { event: 'room_started' | 'room_finished'; room: Room }
  | { event: 'participant_joined' | 'participant_left'; room: Room; participant: ParticipantInfo }
  | {
      event: 'track_published' | 'track_unpublished' | 'track_muted' | 'track_unmuted';
      room: Room;
      participant: ParticipantInfo;
      track: TrackInfo;
    };

/**
 * The control surface of the embedded SFU's rooms: LiveKit's RoomService (the surface the
 * `voice` port declares) over LiveKit's protocol types, plus a stream of events for webhooks.
 * The media side implements it; the server API and the webhook sender only use it. Methods
 * throw `RoomControlError` for unknown rooms/participants.
 */
export interface RoomControl extends RoomServiceApi<
  Room,
  ParticipantInfo,
  TrackInfo,
  ParticipantUpdate
> {
  /** Subscribes to room events; returns the unsubscribe function. */
  onEvent(listener: (event: SfuEvent) => void): () => void;
}

/**
 * The listeners of a RoomControl's events. A listener that throws is logged and doesn't keep
 * the event from the others.
 */
export class SfuEventHub {
  private readonly listeners = new Set<(event: SfuEvent) => void>();

  constructor(private readonly log: Logger) {}

  /** Adds a listener; returns the function that removes it (RoomControl.onEvent). */
  on(listener: (event: SfuEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SfuEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: error, event: event.event }, 'sfu event listener failed');
      }
    }
  }
}

/** A control call about a room or participant that doesn't exist (Twirp `not_found`). */
export class RoomControlError extends Error {
  constructor(
    readonly code: Extract<VoiceErrorCode, 'not_found' | 'invalid_argument' | 'resource_exhausted'>,
    message: string,
  ) {
    super(message);
    this.name = 'RoomControlError';
  }
}
