import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessToken, TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { bodySha256, signAccessToken, TokenError, verifyAccessToken } from './access-token';

const keys = { apiKey: 'APIkey1', apiSecret: 'a-secret-that-is-long-enough-for-hs256' };

describe('LiveKit access tokens', () => {
  test('a token signed here verifies with livekit-server-sdk', async () => {
    const jwt = await signAccessToken(
      keys,
      { identity: 'user1', name: 'User#0001', video: { roomJoin: true, room: 'r1' } },
      600,
      Date.now(),
    );
    const claims = await new TokenVerifier(keys.apiKey, keys.apiSecret).verify(jwt);
    assert.equal(claims.iss, keys.apiKey);
    assert.equal(claims.sub, 'user1');
    assert.equal(claims.name, 'User#0001');
    assert.deepEqual(claims.video, { roomJoin: true, room: 'r1' });
    assert.equal((claims.exp ?? 0) - (claims.nbf ?? 0), 600);
  });

  test('a token signed by livekit-server-sdk verifies here, with its grants', async () => {
    const at = new AccessToken(keys.apiKey, keys.apiSecret, {
      identity: 'u2',
      ttl: 60,
      metadata: '{}',
    });
    at.addGrant({
      roomJoin: true,
      room: 'r2',
      canPublishSources: [TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE_AUDIO],
      canPublishData: false,
    });
    const verified = await verifyAccessToken(await at.toJwt(), keys, Date.now());
    assert.equal(verified.identity, 'u2');
    assert.equal(verified.metadata, '{}');
    assert.deepEqual(verified.video.canPublishSources, ['microphone', 'screen_share_audio']);
    assert.equal(verified.video.canPublishData, false);
  });

  test('a wrong secret, a wrong issuer or an expired token is refused', async () => {
    const other = await signAccessToken(
      { apiKey: keys.apiKey, apiSecret: 'another-secret-of-good-length!!' },
      {},
      60,
      Date.now(),
    );
    await assert.rejects(verifyAccessToken(other, keys, Date.now()), TokenError);
    const wrongIssuer = await signAccessToken(
      { apiKey: 'someone-else', apiSecret: keys.apiSecret },
      {},
      60,
      Date.now(),
    );
    await assert.rejects(verifyAccessToken(wrongIssuer, keys, Date.now()), TokenError);
    const expired = await signAccessToken(keys, {}, 10, Date.now() - 3_600_000);
    await assert.rejects(verifyAccessToken(expired, keys, Date.now()), TokenError);
    await assert.rejects(verifyAccessToken('not.a.jwt', keys, Date.now()), TokenError);
  });

  test('a token without a grant has an empty one; unknown grant fields are kept', async () => {
    const bare = await verifyAccessToken(
      await signAccessToken(keys, { sha256: 'abc' }, 60, Date.now()),
      keys,
      Date.now(),
    );
    assert.deepEqual(bare.video, {});
    assert.equal(bare.sha256, 'abc');
    const at = new AccessToken(keys.apiKey, keys.apiSecret, { identity: 'u3', ttl: 60 });
    at.addGrant({ roomJoin: true, room: 'r3', destinationRoom: 'r4' });
    const kept = await verifyAccessToken(await at.toJwt(), keys, Date.now());
    assert.equal((kept.video as Record<string, unknown>).destinationRoom, 'r4');
  });

  test('bodySha256 is the standard base64 of the SHA-256 digest', () => {
    assert.equal(bodySha256('abc'), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
