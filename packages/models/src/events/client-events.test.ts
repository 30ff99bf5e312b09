import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseClientEvent } from './client-events';

describe('parseClientEvent', () => {
  test("reads each of Stoat's client messages", () => {
    assert.deepEqual(parseClientEvent('{"type":"Authenticate","token":"abc"}'), {
      type: 'Authenticate',
      token: 'abc',
    });
    assert.deepEqual(parseClientEvent('{"type":"BeginTyping","channel":"C"}'), {
      type: 'BeginTyping',
      channel: 'C',
    });
    assert.deepEqual(parseClientEvent('{"type":"EndTyping","channel":"C"}'), {
      type: 'EndTyping',
      channel: 'C',
    });
    assert.deepEqual(parseClientEvent('{"type":"Subscribe","server_id":"S"}'), {
      type: 'Subscribe',
      server_id: 'S',
    });
    assert.deepEqual(parseClientEvent('{"type":"Ping","data":1700000000000}'), {
      type: 'Ping',
      data: 1700000000000,
    });
    assert.deepEqual(parseClientEvent('{"type":"Ping","data":[1,2,255]}'), {
      type: 'Ping',
      data: [1, 2, 255],
    });
    assert.deepEqual(parseClientEvent('{"type":"Pong","data":5}'), { type: 'Pong', data: 5 });
  });

  test('drops unknown keys', () => {
    assert.deepEqual(parseClientEvent('{"type":"EndTyping","channel":"C","extra":true}'), {
      type: 'EndTyping',
      channel: 'C',
    });
  });

  test('anything else is null, never a throw', () => {
    for (const frame of [
      '',
      'not json',
      'null',
      '[]',
      '42',
      '{"type":"Bees"}',
      '{"type":"BeginTyping"}',
      '{"type":"BeginTyping","channel":""}',
      '{"type":"Ping","data":-1}',
      '{"type":"Ping","data":[256]}',
      '{"type":"Ping","data":"x"}',
      '{"type":"Authenticate","token":7}',
      `{"type":"Authenticate","token":"${'t'.repeat(129)}"}`,
    ]) {
      assert.equal(parseClientEvent(frame), null, frame);
    }
  });
});
