import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowsAudience, EVENT_AUDIENCES, topicOf, type Audience } from './audience';

describe('topicOf', () => {
  test('maps each audience kind to its own topic', () => {
    assert.equal(topicOf({ user: 'U1' }), 'user:U1');
    assert.equal(topicOf({ private: 'U1' }), 'private:U1');
    assert.equal(topicOf({ channel: 'C1' }), 'channel:C1');
    assert.equal(topicOf({ server: 'S1' }), 'server:S1');
    assert.equal(topicOf({ serverMembers: 'S1' }), 'server-members:S1');
  });

  test('the same id under different kinds never shares a topic', () => {
    const id = '01J00000000000000000000000';
    const topics = (['user', 'private', 'channel', 'server', 'serverMembers'] as const).map(
      (kind) => topicOf({ [kind]: id } as Audience),
    );
    assert.equal(new Set(topics).size, topics.length);
  });

  test('refuses what is not exactly one known kind with a usable id', () => {
    const bad: unknown[] = [
      {},
      { user: 'a', channel: 'b' },
      { everyone: 'x' },
      { user: '' },
      { user: 'a:b' },
      { user: 7 },
    ];
    for (const audience of bad) {
      assert.throws(() => topicOf(audience as Audience), /audience/, JSON.stringify(audience));
    }
  });
});

describe('EVENT_AUDIENCES', () => {
  test('account events stay private; channel traffic goes to channels', () => {
    assert.equal(allowsAudience('DeleteSession', { private: 'U' }), true);
    assert.equal(allowsAudience('DeleteSession', { user: 'U' }), false);
    assert.equal(allowsAudience('UserSettingsUpdate', { server: 'S' }), false);
    assert.equal(allowsAudience('Message', { channel: 'C' }), true);
    assert.equal(allowsAudience('Message', { server: 'S' }), false);
    assert.equal(allowsAudience('UserUpdate', { serverMembers: 'S' }), true);
  });

  test('no event type is left without an audience', () => {
    for (const [type, kinds] of Object.entries(EVENT_AUDIENCES)) {
      assert.ok(kinds.length > 0, type);
    }
  });
});
