import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  STOAT_DEMO_ENCRYPTION_KEY,
  defaultConfig,
  schemaEntries,
  validateConfig,
  validateForMode,
} from './index';

describe('defaultConfig', () => {
  test('is valid for the single process: no errors, no warnings', () => {
    const config = defaultConfig();
    assert.deepEqual(validateConfig(config), []);
    assert.deepEqual(validateForMode(config, { kind: 'single' }), []);
  });

  test("Ermine's defaults pick the embedded drivers", () => {
    const { ermine, database, rabbit, files, hosts, sfu } = defaultConfig();
    assert.deepEqual(ermine, {
      public_url: '',
      port: 14700,
      host: '',
      data_dir: './data',
      rate_limits: true,
      trust_forwarded_for: false,
      log_level: 'info',
    });
    assert.equal(database.postgres, '');
    assert.equal(database.sqlite, '');
    assert.equal(database.redis, '');
    assert.equal(rabbit.host, '');
    assert.equal(files.s3.endpoint, '');
    assert.deepEqual(
      [hosts.app, hosts.api, hosts.events, hosts.autumn, hosts.january],
      ['', '', '', '', ''],
    );
    assert.deepEqual(hosts.livekit, {});
    assert.equal(sfu.enabled, undefined);
    assert.equal(sfu.node, 'worldwide');
    assert.deepEqual([sfu.port_range_start, sfu.port_range_end], [50000, 50100]);
    assert.deepEqual([sfu.max_participants, sfu.max_rooms], [100, 100]);
    assert.deepEqual(sfu.turn_servers, []);
    assert.deepEqual(sfu.webhook_urls, []);
  });

  test("Stoat's defaults are kept where Ermine does not differ", () => {
    const c = defaultConfig();
    assert.equal(c.files.encryption_key, STOAT_DEMO_ENCRYPTION_KEY);
    assert.equal(c.rabbit.port, 5672);
    assert.equal(c.rabbit.default_exchange, 'revolt.default');
    assert.equal(c.rabbit.queues.acks, 'internal.ack');
    assert.equal(c.api.livekit.call_ring_duration, 30);
    assert.equal(c.api.audit_logs.expires_after, 2592000);
    assert.equal(c.api.smtp.expiry.expire_verification, 604800);
    assert.equal(c.pushd.exchange, 'revolt.notifications');
    assert.equal(c.pushd.vapid.queue, 'notifications.outbound.vapid');
    assert.equal(c.features.limits.global.body_limit_size, 20_000_000);
    assert.equal(c.features.limits.new_user.servers, 50);
    assert.equal(c.features.limits.default.servers, 100);
    assert.deepEqual(c.features.limits.new_user.video_resolution, [1080, 720]);
    assert.deepEqual(c.features.limits.default.video_resolution, [1280, 720]);
    assert.deepEqual(c.features.limits.default.file_upload_size_limit, {
      attachments: 20_000_000,
      avatars: 4_000_000,
      backgrounds: 6_000_000,
      icons: 2_500_000,
      banners: 6_000_000,
      emojis: 500_000,
    });
    assert.deepEqual(c.files.preview.backgrounds, [1280, 720]);
    assert.equal(c.features.advanced.process_message_delay_limit, 5);
    assert.deepEqual(c.features.legal_links, {
      terms_of_service: '',
      privacy_policy: '',
      guidelines: '',
    });
    assert.equal(c.sentry.voice_ingress, '');
  });

  test('returns a fresh object each time', () => {
    const a = defaultConfig();
    a.hosts.livekit.x = 'wss://x';
    assert.deepEqual(defaultConfig().hosts.livekit, {});
  });

  test('every key is documented', () => {
    const undocumented = schemaEntries().filter((e) => e.description === '');
    assert.deepEqual(
      undocumented.map((e) => e.key),
      [],
    );
  });
});
