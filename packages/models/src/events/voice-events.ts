import type { PartialUserVoiceState, UserVoiceState } from '../voice';

/** A user joined voice channel `id`. */
export interface VoiceChannelJoinEvent {
  type: 'VoiceChannelJoin';
  id: string;
  state: UserVoiceState;
}

/** `user` left voice channel `id`. */
export interface VoiceChannelLeaveEvent {
  type: 'VoiceChannelLeave';
  id: string;
  user: string;
}

/** `user` was moved from one voice channel to another. */
export interface VoiceChannelMoveEvent {
  type: 'VoiceChannelMove';
  user: string;
  from: string;
  to: string;
  state: UserVoiceState;
}

/** User `id`'s voice state in `channel_id` changed (mute, camera, screen share). */
export interface UserVoiceStateUpdateEvent {
  type: 'UserVoiceStateUpdate';
  id: string;
  channel_id: string;
  data: PartialUserVoiceState;
}

/** A moderator moved the receiver: join `to` on `node` with `token`. */
export interface UserMoveVoiceChannelEvent {
  type: 'UserMoveVoiceChannel';
  node: string;
  from: string;
  to: string;
  token: string;
}

/** A call in a DM or group started ringing (`started_at` set) or ended. */
export interface VoiceCallUpdateEvent {
  type: 'VoiceCallUpdate';
  initiator_id: string;
  channel_id: string;
  started_at: string | null;
  ended: boolean;
}

/** Every voice event. */
export type VoiceEvents =
  | VoiceChannelJoinEvent
  | VoiceChannelLeaveEvent
  | VoiceChannelMoveEvent
  | UserVoiceStateUpdateEvent
  | UserMoveVoiceChannelEvent
  | VoiceCallUpdateEvent;
