import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bus } from '@ermine/infra';
import { createMemoryBus } from '@ermine/infra/drivers/memory';
import type { DeleteSessionEvent } from '@ermine/models/events/auth-events';
import type { MessageDeleteEvent } from '@ermine/models/events/message-events';
import type { BusEvent } from '@ermine/models/events/protocol';
import { topicOf, type Audience } from './audience';
import { publishEvent } from './publish';

let bus: Bus;
before(() => {
  bus = createMemoryBus();
});
after(() => bus.close());

/** Subscribes to each of `topics` and records the events reaching it. */
async function listen(topics: string[]): Promise<Map<string, BusEvent[]>> {
  const got = new Map<string, BusEvent[]>(topics.map((t) => [t, []]));
  for (const topic of topics) await bus.subscribe(topic, (event) => got.get(topic)?.push(event));
  return got;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('publishEvent', () => {
  test("reaches the audience's topic and no other", async () => {
    const user = 'U1';
    const got = await listen([topicOf({ private: user }), topicOf({ user }), user, `${user}!`]);
    const event: DeleteSessionEvent = { type: 'DeleteSession', user_id: user, session_id: 'S1' };
    await publishEvent({ bus }, { private: user }, event);
    await settle();
    assert.deepEqual(got.get('private:U1'), [event]);
    assert.deepEqual(got.get('user:U1'), []);
    assert.deepEqual(got.get('U1'), []);
    assert.deepEqual(got.get('U1!'), []);
  });

  test('a channel event reaches channel:<id>', async () => {
    const got = await listen(['channel:C1', 'server:C1']);
    const event: MessageDeleteEvent = { type: 'MessageDelete', id: 'M1', channel: 'C1' };
    await publishEvent({ bus }, { channel: 'C1' }, event);
    await settle();
    assert.deepEqual(got.get('channel:C1'), [event]);
    assert.deepEqual(got.get('server:C1'), []);
  });

  test('refuses an audience the event type does not allow, publishing nothing', async () => {
    const got = await listen(['user:U2']);
    const event: DeleteSessionEvent = { type: 'DeleteSession', user_id: 'U2', session_id: 'S' };
    // The compiler refuses this call; a cast stands for code that slipped past it.
    const wrong = { user: 'U2' } as Audience as { private: string };
    await assert.rejects(publishEvent({ bus }, wrong, event), /DeleteSession may not be published/);
    await settle();
    assert.deepEqual(got.get('user:U2'), []);
  });

  test('the audience is checked at compile time', () => {
    const event: DeleteSessionEvent = { type: 'DeleteSession', user_id: 'U', session_id: 'S' };
    // @ts-expect-error: DeleteSession goes only to the private audience.
    const refused = () => publishEvent({ bus }, { user: 'U' }, event);
    assert.equal(typeof refused, 'function');
  });
});
