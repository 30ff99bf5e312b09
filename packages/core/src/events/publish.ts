import type { BusEvent } from '@ermine/models/events/protocol';
import type { CoreDeps } from '../deps';
import { allowsAudience, topicOf, type AudienceFor } from './audience';

/** The port publishing needs. */
export type PublishEventDeps = Pick<CoreDeps, 'bus'>;

/**
 * Publishes `event` to `audience`'s topic. The audience must be one the event's type allows
 * (`EVENT_AUDIENCES`): the compiler refuses others, and so does this function at run time.
 */
export async function publishEvent<E extends BusEvent>(
  deps: PublishEventDeps,
  audience: AudienceFor<E['type']>,
  event: E,
): Promise<void> {
  if (!allowsAudience(event.type, audience)) {
    throw new Error(`${event.type} may not be published to ${topicOf(audience)}`);
  }
  await deps.bus.publish(topicOf(audience), event);
}
