import { DisconnectReason } from '../livekit-protocol';

/** Why a join was refused (the HTTP status LiveKit would use, and a message for people). */
export class JoinError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: DisconnectReason = DisconnectReason.JOIN_FAILURE,
  ) {
    super(message);
    this.name = 'JoinError';
  }
}

/** The refusal of a join while the node shuts down. */
export function shuttingDown(): JoinError {
  return new JoinError(503, 'server is shutting down', DisconnectReason.SERVER_SHUTDOWN);
}

/** The refusal of a join that would open a room beyond the node's limit. */
export function tooManyRooms(maxRooms: number): JoinError {
  return new JoinError(503, `limit exceeded: this node serves at most ${maxRooms} rooms`);
}
