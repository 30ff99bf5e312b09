import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROUTE_TABLE, SERVICES, matchRoute, publicPrefix, servicesNeeding } from './index';

describe('service catalogue', () => {
  test("lists the guide's services with their split-mode needs", () => {
    assert.deepEqual(SERVICES, [
      'api',
      'events',
      'autumn',
      'january',
      'gifbox',
      'crond',
      'pushd',
      'voice-ingress',
      'sfu',
      'web',
    ]);
    assert.deepEqual(servicesNeeding(SERVICES, 's3'), ['autumn', 'crond']);
    assert.deepEqual(servicesNeeding(SERVICES, 'rabbit'), ['api', 'crond', 'pushd']);
    assert.deepEqual(servicesNeeding(['sfu', 'web'], 'postgres'), []);
    assert.equal(publicPrefix('events'), '/ws');
    assert.equal(publicPrefix('sfu'), '/livekit');
  });

  test('the route table strips prefixes, keeps /twirp whole and matches whole segments only', () => {
    assert.ok(ROUTE_TABLE.some((r) => r.prefix === '/twirp' && r.service === 'sfu'));
    assert.deepEqual(matchRoute('/api/users/@me'), {
      route: { prefix: '/api', service: 'api' },
      rest: '/users/@me',
    });
    assert.equal(matchRoute('/api')?.rest, '/');
    assert.equal(matchRoute('/ws')?.route.service, 'events');
    assert.equal(matchRoute('/livekit/rtc')?.route.service, 'sfu');
    assert.equal(
      matchRoute('/twirp/livekit.RoomService/ListRooms')?.rest,
      '/twirp/livekit.RoomService/ListRooms',
    );
    assert.equal(matchRoute('/ingress/worldwide')?.route.service, 'voice-ingress');
    assert.equal(matchRoute('/apiary'), null);
    assert.equal(matchRoute('/channel/123'), null);
  });
});
