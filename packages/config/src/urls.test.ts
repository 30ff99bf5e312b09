import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, resolvePublicUrls, settleForMode } from './index';

describe('resolvePublicUrls', () => {
  test('no public_url: everything on http://localhost:<listen port>, the SFU node on ws://', () => {
    assert.deepEqual(resolvePublicUrls(defaultConfig(), 14700), {
      app: 'http://localhost:14700',
      api: 'http://localhost:14700/api',
      events: 'ws://localhost:14700/ws',
      autumn: 'http://localhost:14700/autumn',
      january: 'http://localhost:14700/january',
      gifbox: 'http://localhost:14700/gifbox',
      livekit: { worldwide: 'ws://localhost:14700/livekit' },
    });
  });

  test('https public_url gives wss; trailing slashes are dropped', () => {
    const c = defaultConfig();
    c.ermine.public_url = 'https://chat.example.com/';
    assert.deepEqual(resolvePublicUrls(c, 1234), {
      app: 'https://chat.example.com',
      api: 'https://chat.example.com/api',
      events: 'wss://chat.example.com/ws',
      autumn: 'https://chat.example.com/autumn',
      january: 'https://chat.example.com/january',
      gifbox: 'https://chat.example.com/gifbox',
      livekit: { worldwide: 'wss://chat.example.com/livekit' },
    });
  });

  test('a path prefix is kept', () => {
    const c = defaultConfig();
    c.ermine.public_url = 'https://example.com/chat';
    const urls = resolvePublicUrls(c, 1);
    assert.equal(urls.api, 'https://example.com/chat/api');
    assert.equal(urls.events, 'wss://example.com/chat/ws');
  });

  test('explicit [hosts] values win, with their trailing slashes dropped', () => {
    const c = defaultConfig();
    c.ermine.public_url = 'https://chat.example.com';
    c.hosts.api = 'https://api.example.com/';
    c.hosts.events = 'wss://events.example.com';
    c.hosts.livekit = { worldwide: 'wss://voice.example.com/', eu: 'wss://eu.example.com' };
    const urls = resolvePublicUrls(c, 1);
    assert.equal(urls.app, 'https://chat.example.com');
    assert.equal(urls.api, 'https://api.example.com');
    assert.equal(urls.events, 'wss://events.example.com');
    assert.equal(urls.autumn, 'https://chat.example.com/autumn');
    assert.deepEqual(urls.livekit, {
      worldwide: 'wss://voice.example.com',
      eu: 'wss://eu.example.com',
    });
  });

  test('without the embedded SFU there is no derived node; split services derive it only when sfu.enabled is set', () => {
    const c = defaultConfig();
    c.sfu.enabled = false;
    assert.deepEqual(resolvePublicUrls(c, 1).livekit, {});
    const d = defaultConfig();
    assert.deepEqual(resolvePublicUrls(d, 14702, { kind: 'split', services: ['api'] }).livekit, {});
    d.sfu.enabled = true;
    d.sfu.node = 'home';
    assert.deepEqual(resolvePublicUrls(d, 14702, { kind: 'split', services: ['api'] }).livekit, {
      home: 'ws://localhost:14702/livekit',
    });
  });

  test('settleForMode fixes the SFU switch so calls without a mode follow it', () => {
    const split = settleForMode(defaultConfig(), { kind: 'split', services: ['api'] });
    assert.equal(split.sfu.enabled, false);
    assert.deepEqual(resolvePublicUrls(split, 14702).livekit, {});
    const single = settleForMode(defaultConfig(), { kind: 'single' });
    assert.equal(single.sfu.enabled, true);
    assert.equal(resolvePublicUrls(single, 1).livekit.worldwide, 'ws://localhost:1/livekit');
  });
});
