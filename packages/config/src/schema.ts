import { z } from 'zod';

// Stoat's public demo secrets, shipped in its embedded Revolt.toml. Anyone can read them, so
// they are fine for a laptop and wrong anywhere else.
/** Stoat's default `files.encryption_key` (public: anyone can decrypt files stored with it). */
export const STOAT_DEMO_ENCRYPTION_KEY = 'qcuMA+ssxhMyKaNAKBGFfryfFtUH8NDlamQyDwGW6fU=';
/** Stoat's default `pushd.vapid.private_key` (public demo key). */
export const STOAT_DEMO_VAPID_PRIVATE_KEY =
  'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUJSUWpyTWxLRnBiVWhsUHpUbERvcEliYk1yeVNrNXpKYzVYVzIxSjJDS3hvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFWnkrQkg2TGJQZ2hEa3pEempXOG0rUXVPM3pCajRXT1phdkR6ZU00c0pqbmFwd1psTFE0WAp1ZDh2TzVodU94QWhMQlU3WWRldVovWHlBdFpWZmNyQi9BPT0KLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo';
/** Stoat's default `pushd.vapid.public_key` (public demo key). */
export const STOAT_DEMO_VAPID_PUBLIC_KEY =
  'BGcvgR-i2z4IQ5Mw841vJvkLjt8wY-FjmWrw83jOLCY52qcGZS0OF7nfLzuYbjsQISwVO2HXrmf18gLWVX3Kwfw=';

/** The port the single process listens on unless `[ermine] port` says otherwise. */
export const DEFAULT_PORT = 14700;

const str = (value: string, doc: string) => z.string().default(value).describe(doc);
const optStr = (doc: string) => z.string().optional().describe(doc);
const bool = (value: boolean, doc: string) => z.boolean().default(value).describe(doc);
const int = (value: number, doc: string) => z.number().int().min(0).default(value).describe(doc);
const num = (value: number, doc: string) => z.number().default(value).describe(doc);
const port = (value: number, doc: string) =>
  z.number().int().min(0).max(65535).default(value).describe(doc);
const strings = (value: string[], doc: string) => z.array(z.string()).default(value).describe(doc);
const intPair = (value: [number, number], doc: string) =>
  z
    .tuple([z.number().int().min(0), z.number().int().min(0)])
    .default(value)
    .describe(doc);
const numPair = (value: [number, number], doc: string) =>
  z.tuple([z.number(), z.number()]).default(value).describe(doc);

/** A TOML table whose every key has a default, so `{}` (or a missing table) is valid. */
function section<T extends z.ZodRawShape>(doc: string, shape: T) {
  return z
    .object(shape)
    .prefault({} as z.input<z.ZodObject<T>>)
    .describe(doc);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ermineSection = section("Ermine's own settings (not in Stoat).", {
  public_url: str(
    '',
    'Public base URL of the instance, e.g. `https://chat.example.com`. Every `[hosts]` URL is derived from it. Empty: `http://localhost:<port>`.',
  ),
  port: port(
    DEFAULT_PORT,
    'Port of the single process (all services and the web client on one port). 0 picks a free port.',
  ),
  host: str(
    '',
    "Address to listen on, e.g. `127.0.0.1` to serve only this machine (behind a proxy on the same host) or one interface's address. Empty: every interface, IPv4 and IPv6, so that other machines can connect. `npx ermine start --host` overrides it.",
  ),
  data_dir: str(
    './data',
    'Folder for the SQLite database, local files and generated secrets (`secrets.json`), relative to the working directory.',
  ),
  rate_limits: z
    .boolean()
    .default(true)
    .describe(
      "Enforce Stoat's request rate limits (buckets per session or client address). Turn off only for benchmarks or trusted load tests.",
    ),
  trust_forwarded_for: bool(
    false,
    'Take the client address for rate limits from the last `X-Forwarded-For` hop. Set it only when every request comes through a proxy you run (Caddy, nginx) that appends that header; otherwise clients could pick their own address.',
  ),
  log_level: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe('Log level: fatal, error, warn, info, debug, trace or silent.'),
});

const databaseSection = section('Where data lives.', {
  postgres: str(
    '',
    'PostgreSQL URL (`postgres://user:password@host:5432/ermine`). Empty: a SQLite file. Required by split services.',
  ),
  sqlite: str('', 'SQLite file used when `postgres` is empty. Empty: `<data_dir>/ermine.sqlite`.'),
  redis: str(
    '',
    'Redis URL (`redis://host:6379`) for event fan-out, cache, presence and voice state. Empty: in memory (single process only).',
  ),
  redis_pubsub: optStr('Separate Redis URL for event subscribers. Unset: `redis`.'),
  mongodb: str(
    '',
    "Stoat's MongoDB URL. Ermine does not use MongoDB: setting it only produces a warning; set `postgres` instead.",
  ),
});

const hostsSection = section(
  'Public URLs sent to clients. Every value defaults to "" which means "derived from `ermine.public_url`"; an explicit value always wins.',
  {
    app: str('', 'Web app origin. Derived: `<public_url>`.'),
    api: str('', 'REST API base. Derived: `<public_url>/api`.'),
    events: str('', 'Events WebSocket. Derived: `ws(s)://<host>/ws`.'),
    autumn: str('', 'File server base. Derived: `<public_url>/autumn`.'),
    january: str(
      '',
      'Embed and media proxy base. Derived: `<public_url>/january`. The API calls it server-side, so it must be reachable from the API.',
    ),
    livekit: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Node name → public `ws(s)://` URL of a LiveKit node for browsers. Every name needs a matching `[api.livekit.nodes.<name>]`. The embedded SFU's node is derived: `ws(s)://<host>/livekit`.",
      ),
  },
);

const rabbitSection = section(
  'RabbitMQ for jobs (push notifications, acks, file deletion). Empty `host`: jobs run in process (single process only).',
  {
    host: str(
      '',
      'RabbitMQ host name (not a URL). Empty: in-process jobs. Required by split api, pushd and crond.',
    ),
    port: port(5672, 'RabbitMQ port.'),
    username: str('rabbituser', 'RabbitMQ user.'),
    password: str('rabbitpass', 'RabbitMQ password.'),
    default_exchange: str('revolt.default', 'Topic exchange for internal jobs.'),
    queues: section('Queue names.', {
      acks: str('internal.ack', 'Queue of pending read acknowledgements (API → crond).'),
    }),
  },
);

const userLimits = (isNew: boolean) =>
  section(
    isNew
      ? 'Limits of accounts younger than `features.limits.global.new_user_hours`.'
      : 'Limits of every other account.',
    {
      outgoing_friend_requests: int(isNew ? 5 : 10, 'Pending outgoing friend requests at once.'),
      bots: int(isNew ? 2 : 5, 'Bots a user may own.'),
      message_length: int(2000, 'Characters in a message.'),
      message_attachments: int(5, 'Attachments per message.'),
      servers: int(isNew ? 50 : 100, 'Servers a user may be in.'),
      voice_quality: int(16000, 'Advertised voice sample rate in Hz (not enforced).'),
      video: bool(true, 'Whether video and screen sharing are allowed in calls.'),
      video_resolution: intPair(
        isNew ? [1080, 720] : [1280, 720],
        'Largest video stream [width, height].',
      ),
      video_aspect_ratio: numPair([0.3, 2.5], 'Allowed video aspect ratio [min, max].'),
      file_upload_size_limit: section('Largest upload in bytes per file tag.', {
        attachments: int(20_000_000, 'Message attachments.'),
        avatars: int(4_000_000, 'User avatars.'),
        backgrounds: int(6_000_000, 'Profile backgrounds.'),
        icons: int(2_500_000, 'Server and channel icons.'),
        banners: int(6_000_000, 'Server banners.'),
        emojis: int(500_000, 'Custom emoji.'),
      }),
    },
  );

const livekitNode = z
  .object({
    url: str(
      '',
      "Internal LiveKit server-API URL (http) the API and voice-ingress use, e.g. `http://livekit:7880`. May stay empty for the embedded SFU's node.",
    ),
    lat: num(
      0,
      'Latitude advertised to clients to pick the nearest node (Stoat requires it; Ermine defaults to 0.0 with a warning).',
    ),
    lon: num(
      0,
      'Longitude advertised to clients (Stoat requires it; Ermine defaults to 0.0 with a warning).',
    ),
    key: str('', 'LiveKit API key; signs access tokens and verifies webhooks.'),
    secret: str('', 'LiveKit API secret (LiveKit wants at least 32 characters).'),
    private: bool(false, 'Hide the node from the node list in `GET /`; it can still be used.'),
  })
  .describe(
    "One LiveKit node (Stoat: `[api.livekit.nodes.worldwide]`). Its name must also be in `[hosts.livekit]`, except for the embedded SFU's node.",
  );

const apiSection = section('The REST API (delta).', {
  registration: section('Sign-up.', {
    invite_only: bool(false, 'Sign-up needs an invite code.'),
  }),
  smtp: section('E-mail. Empty `host` disables e-mail verification.', {
    host: str('', 'SMTP server host. Empty: no e-mail.'),
    username: str('', 'SMTP user.'),
    password: str('', 'SMTP password.'),
    from_address: str('noreply@example.com', 'Sender address.'),
    reply_to: optStr('Reply-To address.'),
    port: z.number().int().min(1).max(65535).optional().describe('SMTP port.'),
    use_tls: z.boolean().optional().describe('Implicit TLS (usually port 465).'),
    use_starttls: z.boolean().optional().describe('STARTTLS (usually port 587).'),
    expiry: section('How long e-mailed codes stay valid, in seconds.', {
      expire_verification: int(604800, 'E-mail verification.'),
      expire_password_reset: int(86400, 'Password reset.'),
      expire_account_deletion: int(86400, 'Account deletion.'),
    }),
  }),
  security: section('Security.', {
    trust_cloudflare: bool(false, "Take the client IP from Cloudflare's headers."),
    easypwned: str('', 'Breached-password check endpoint (URL). Empty: off.'),
    tenor_key: str('', 'API key of the GIF provider used by gifbox.'),
    admin_keys: strings(
      [],
      'Tokens accepted in `X-Admin-Token` on the file server moderation route.',
    ),
    captcha: section('hCaptcha. Enabled when `hcaptcha_key` is set.', {
      hcaptcha_key: str('', 'hCaptcha secret key.'),
      hcaptcha_sitekey: str('', 'hCaptcha site key (sent to clients).'),
    }),
    shield: section('Authifier Shield.', {
      host: str('', 'Shield URL. Empty: off.'),
      key: str('', 'Shield API key.'),
    }),
  }),
  workers: section('Background work of the API.', {
    max_concurrent_connections: int(50, 'Concurrent embed requests to january.'),
  }),
  livekit: section('Voice and video.', {
    call_ring_duration: int(30, 'Seconds a DM or group call rings.'),
    nodes: z
      .record(z.string(), livekitNode)
      .default({})
      .describe(
        'Node name → LiveKit node. Names must match `[hosts.livekit]`. Empty: voice only through the embedded SFU (single process).',
      ),
  }),
  audit_logs: section('Server audit log.', {
    expires_after: int(2592000, 'Seconds an audit log entry is kept (30 days).'),
  }),
  users: section('Accounts.', {
    min_username_length: int(2, 'Shortest username.'),
    early_adopter_cutoff: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Users created before this time (ms) get the early adopter badge.'),
  }),
});

const pushdSection = section('Push notifications (pushd).', {
  production: bool(
    true,
    'Queue suffix `-prd` (true) or `-tst` (false); the API and pushd must agree.',
  ),
  mass_mention_chunk_size: int(
    200,
    'Members per chunk when resolving @everyone and role mentions.',
  ),
  render_cache_time: int(60, 'Seconds to cache names used to render notifications.'),
  exchange: str('revolt.notifications', 'Direct exchange of notifications.'),
  message_queue: str('notifications.origin.message', 'Queue of message notifications.'),
  mass_mention_queue: str('notifications.origin.mass_mention', 'Queue of mass mentions.'),
  fr_accepted_queue: str('notifications.ingest.fr_accepted', 'Queue of accepted friend requests.'),
  fr_received_queue: str('notifications.ingest.fr_received', 'Queue of received friend requests.'),
  dm_call_queue: str('notifications.ingest.dm_call', 'Queue of DM calls.'),
  generic_queue: str('notifications.ingest.generic', 'Queue of generic notifications.'),
  ack_queue: str('notifications.process.ack', 'Queue of badge updates.'),
  vapid: section('Web Push.', {
    queue: str('notifications.outbound.vapid', 'Outbound queue.'),
    private_key: str(
      STOAT_DEMO_VAPID_PRIVATE_KEY,
      "Base64 of the PEM of an EC P-256 private key. Default: Stoat's public demo key (the single process replaces it with its own).",
    ),
    public_key: str(
      STOAT_DEMO_VAPID_PUBLIC_KEY,
      "Base64url of the 65-byte uncompressed public point; sent to clients as `vapid`. Default: Stoat's public demo key.",
    ),
  }),
  fcm: section(
    'Firebase Cloud Messaging: the fields of a Google service-account JSON. Enabled when `auth_uri` is set.',
    {
      queue: str('notifications.outbound.fcm', 'Outbound queue.'),
      key_type: str('', '`type` of the service account.'),
      project_id: str('', 'Project id.'),
      private_key_id: str('', 'Private key id.'),
      private_key: str('', 'Private key (PEM).'),
      client_email: str('', 'Client e-mail.'),
      client_id: str('', 'Client id.'),
      auth_uri: str('', 'Auth URI.'),
      token_uri: str('', 'Token URI.'),
      auth_provider_x509_cert_url: str('', 'Auth provider certificate URL.'),
      client_x509_cert_url: str('', 'Client certificate URL.'),
    },
  ),
  apn: section('Apple Push Notification service. Enabled when `pkcs8` is set.', {
    sandbox: bool(false, 'Use the sandbox environment.'),
    queue: str('notifications.outbound.apn', 'Outbound queue.'),
    pkcs8: str('', 'Base64 of the .p8 key.'),
    key_id: str('', 'Key id.'),
    team_id: str('', 'Team id.'),
  }),
});

const januarySection = section('Link embeds and media proxy (january).', {
  blocked_domains: strings([], 'Host names january refuses to fetch (exact match).'),
});

const filesSection = section('Files (autumn).', {
  encryption_key: str(
    STOAT_DEMO_ENCRYPTION_KEY,
    "Base64 of 32 bytes: the AES-256-GCM key of stored files. Losing it makes every stored file unreadable. Default: Stoat's public demo key (the single process replaces it with its own from `<data_dir>/secrets.json`).",
  ),
  webp_quality: z
    .number()
    .min(0)
    .max(100)
    .default(80)
    .describe('Quality of WebP previews; 100 is lossless.'),
  blocked_mime_types: strings([], 'Detected MIME types refused at upload.'),
  clamd_host: str('', '`host:port` of clamd. Empty: no virus scanning.'),
  scan_mime_types: strings(
    [
      'application/vnd.microsoft.portable-executable',
      'application/vnd.android.package-archive',
      'application/zip',
    ],
    'MIME types to scan; empty scans every non-media file.',
  ),
  limit: section('Upload limits.', {
    min_file_size: int(1, 'Smallest upload in bytes.'),
    min_resolution: intPair([1, 1], 'Smallest image [width, height].'),
    max_mega_pixels: int(40, 'Largest image in megapixels.'),
    max_pixel_side: int(10_000, 'Longest image side in pixels.'),
  }),
  preview: section('Largest preview bounding box [width, height] per file tag.', {
    attachments: intPair([1280, 1280], 'Message attachments.'),
    avatars: intPair([128, 128], 'User avatars.'),
    backgrounds: intPair([1280, 720], 'Profile backgrounds.'),
    icons: intPair([128, 128], 'Server and channel icons.'),
    banners: intPair([480, 480], 'Server banners.'),
    emojis: intPair([128, 128], 'Custom emoji.'),
  }),
  s3: section('S3 storage. Empty `endpoint`: files are kept in `<data_dir>/files`.', {
    endpoint: str(
      '',
      'S3 endpoint URL, e.g. `http://minio:9000`. Empty: the local folder. Required by split autumn and crond.',
    ),
    path_style_buckets: bool(
      false,
      'Path-style bucket URLs (`endpoint/bucket/key`); most non-AWS servers want true.',
    ),
    region: str('minio', 'S3 region.'),
    access_key_id: str('minioautumn', 'S3 access key id.'),
    secret_access_key: str('minioautumn', 'S3 secret access key.'),
    default_bucket: str('revolt-uploads', 'Bucket of uploads.'),
  }),
});

const featuresSection = section('Feature switches and limits.', {
  webhooks_enabled: bool(false, 'Serve channel webhooks.'),
  mass_mentions_send_notifications: bool(
    true,
    'Send push notifications for @everyone, @online and role mentions.',
  ),
  mass_mentions_enabled: bool(true, 'Allow @everyone, @online and role mentions.'),
  limits: section('Limits.', {
    global: section('Limits for everyone.', {
      group_size: int(100, 'Members of a group DM.'),
      message_embeds: int(5, 'Embeds per message.'),
      message_replies: int(5, 'Replies per message.'),
      message_reactions: int(20, 'Distinct reactions per message.'),
      server_emoji: int(100, 'Custom emoji per server.'),
      server_roles: int(200, 'Roles per server.'),
      server_channels: int(200, 'Channels per server.'),
      new_user_hours: int(72, 'Hours an account counts as new (from the time in its id).'),
      body_limit_size: int(
        20_000_000,
        'Largest upload request body in bytes; keep it at least the largest `file_upload_size_limit`.',
      ),
      restrict_server_creation: strings(
        [],
        'If not empty, only these user ids may create servers.',
      ),
    }),
    new_user: userLimits(true),
    default: userLimits(false),
  }),
  advanced: section('Tuning.', {
    process_message_delay_limit: int(
      5,
      'Messages batched in the mention and push debounce before a forced flush.',
    ),
    seen_events_cache_size: int(2048, 'Size of the seen-events cache.'),
  }),
  legal_links: section('Links shown by clients (sent in `GET /`).', {
    terms_of_service: str('', 'Terms of service URL.'),
    privacy_policy: str('', 'Privacy policy URL.'),
    guidelines: str('', 'Community guidelines URL.'),
  }),
});

const sentrySection = section('Sentry DSNs per service. Empty: off.', {
  api: str('', 'REST API.'),
  events: str('', 'Events WebSocket.'),
  voice_ingress: str('', 'Voice ingress.'),
  files: str('', 'File server.'),
  proxy: str('', 'january.'),
  pushd: str('', 'pushd.'),
  crond: str('', 'crond.'),
  gifbox: str('', 'gifbox.'),
});

const turnServer = z.object({
  urls: z.array(z.string()).min(1).describe('`turn:`, `turns:` or `stun:` URLs.'),
  username: optStr('TURN user name.'),
  credential: optStr('TURN password.'),
});

const sfuSection = section(
  "The embedded LiveKit-compatible SFU (Ermine). Key names follow LiveKit's own config.",
  {
    enabled: z
      .boolean()
      .optional()
      .describe(
        'Run the embedded SFU. Unset: on in the single process, off for split services (except `--service sfu`). Its API key and secret are those of `[api.livekit.nodes.<node>]`, else generated in `<data_dir>/secrets.json`.',
      ),
    node: str(
      'worldwide',
      'Node name the embedded SFU serves in `[hosts.livekit]` and `[api.livekit.nodes]`.',
    ),
    port_range_start: port(50000, 'First UDP port for media.'),
    port_range_end: port(50100, 'Last UDP port for media.'),
    node_ip: str('', 'IP address announced to clients for media. Empty: detected.'),
    turn_servers: z
      .array(turnServer)
      .default([])
      .describe(
        'TURN/STUN servers handed to clients, each `{ urls = [...], username, credential }`.',
      ),
    workers: z
      .number()
      .int()
      .min(0)
      .max(64)
      .optional()
      .describe(
        'Worker threads that hold the rooms and their media, each with its own slice of the UDP port range. Unset: one per CPU core beyond the first (at least 1, at most 4). 0: rooms run in the main thread, where media work delays HTTP answers.',
      ),
    max_participants: int(100, 'Participants per room.'),
    max_rooms: int(100, 'Rooms at once.'),
    webhook_urls: strings(
      [],
      'Extra URLs that receive LiveKit webhooks (the voice-ingress route is added automatically).',
    ),
  },
);

/** The whole Revolt.toml: Stoat's sections with Stoat's defaults, plus Ermine's own keys. */
export const configSchema = z.object({
  production: bool(
    false,
    'Production e-mail templates. Set automatically for official Stoat hosts.',
  ),
  environment: str('dev', 'Recorded on new accounts as their origin.'),
  disable_events_dont_use: bool(false, 'Disables presence broadcasts only.'),
  ermine: ermineSection,
  database: databaseSection,
  hosts: hostsSection,
  rabbit: rabbitSection,
  api: apiSection,
  pushd: pushdSection,
  january: januarySection,
  files: filesSection,
  features: featuresSection,
  sentry: sentrySection,
  sfu: sfuSection,
});

/** The parsed config: snake_case keys exactly as in Revolt.toml. */
export type ErmineConfig = z.output<typeof configSchema>;
/** One `[api.livekit.nodes.<name>]` table. */
export type LivekitNode = ErmineConfig['api']['livekit']['nodes'][string];
/** One entry of `[sfu] turn_servers`. */
export type TurnServer = ErmineConfig['sfu']['turn_servers'][number];
/** One `[features.limits.new_user]` or `[features.limits.default]` table. */
export type UserLimits = ErmineConfig['features']['limits']['default'];

/** Every default: a working single process on http://localhost:14700 with data in ./data. */
export function defaultConfig(): ErmineConfig {
  return configSchema.parse({});
}
