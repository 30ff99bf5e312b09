/** A user's state in a voice channel. */
export interface UserVoiceState {
  id: string;
  joined_at: string;
  is_receiving: boolean;
  is_publishing: boolean;
  screensharing: boolean;
  camera: boolean;
}

/** The changed keys of a voice state in a `UserVoiceStateUpdate` event. */
export type PartialUserVoiceState = Partial<UserVoiceState>;

/** Who is in a voice-capable channel (`id` is the channel). */
export interface ChannelVoiceState {
  id: string;
  participants: UserVoiceState[];
}
