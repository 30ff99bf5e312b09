import { DEFAULT_PORT } from './schema';
import type { GeneratedSecrets } from './secrets';

/** What `renderRevoltToml` writes into a new config. */
export interface TemplateOptions {
  /** `ermine.public_url`, e.g. `https://chat.example.com`; empty or absent: localhost. */
  publicUrl?: string;
  /** The single process's port (default 14700). */
  port?: number;
  secrets: GeneratedSecrets;
}

const q = (value: string) => JSON.stringify(value);

/**
 * A complete, commented Revolt.toml for a new instance: every section an operator edits, with
 * the given secrets filled in and the in-memory defaults explained. It passes `ermine config check`.
 */
export function renderRevoltToml(options: TemplateOptions): string {
  const port = options.port ?? DEFAULT_PORT;
  const publicUrl = (options.publicUrl ?? '').replace(/\/+$/, '');
  const base = publicUrl || `http://localhost:${port}`;
  const socket = base.replace(/^http/, 'ws');
  const host = new URL(base).hostname;
  const s = options.secrets;
  const livekitHost = publicUrl
    ? `worldwide = ${q(`${socket}/livekit`)}`
    : `# worldwide = "wss://chat.example.com/livekit"`;
  return `# Revolt.toml: Ermine's configuration, in Stoat's format plus Ermine's own [ermine] and [sfu].
# Written by \`npx ermine init\`. Check it with \`npx ermine config check\`; docs/config.md lists every
# key with its default. Any key can also come from the environment, sections joined by double
# underscores: REVOLT__DATABASE__POSTGRES, REVOLT__API__LIVEKIT__NODES__WORLDWIDE__SECRET, ...
#
# This file holds secrets: keep it private and back it up. Losing files.encryption_key makes
# every stored file unreadable.

[ermine]
# Public base URL of this instance; every [hosts] URL is derived from it.
# Empty: http://localhost:<port>.
public_url = ${q(publicUrl)}
# Port of the single process (every service and the web client on one port).
port = ${port}
# Address to listen on, e.g. "127.0.0.1" behind a proxy on this machine.
# Empty: every interface, IPv4 and IPv6. \`npx ermine start --host\` overrides it.
host = ""
# SQLite database, local files and generated keys live here.
data_dir = "./data"
log_level = "info"

[hosts]
# Derived from ermine.public_url. Uncomment a line only to override it.
# app = ${q(base)}
# api = ${q(`${base}/api`)}
# events = ${q(`${socket}/ws`)}
# autumn = ${q(`${base}/autumn`)}
# january = ${q(`${base}/january`)}

[hosts.livekit]
# Public URL of each voice node, by name; every name needs an [api.livekit.nodes.<name>].
# The embedded SFU's node ([sfu] node) is derived: ${socket}/livekit
${livekitHost}

[database]
# Empty: SQLite in <data_dir>/ermine.sqlite, event fan-out and cache in memory.
# Split services (ermine start --service NAME) need both:
# postgres = "postgres://ermine:PASSWORD@127.0.0.1:5432/ermine"
# redis = "redis://127.0.0.1:6379"

[rabbit]
# Empty host: jobs run inside the process. Split api, pushd and crond need RabbitMQ:
# host = "127.0.0.1"
port = 5672
username = "ermine"
password = ${q(s.rabbitPassword)}

[api.registration]
# true: signing up needs an invite code.
invite_only = false

[api.smtp]
# Empty host: no e-mail verification. For example:
# host = "smtp.example.com"
# port = 587
# use_starttls = true
# username = "ermine"
# password = "..."
# from_address = "noreply@${host}"

[api.security.captcha]
# hCaptcha on sign-up; enabled when hcaptcha_key is set.
# hcaptcha_key = ""
# hcaptcha_sitekey = ""

[api.livekit.nodes.worldwide]
# Internal server-API URL of this voice node. The embedded SFU ([sfu]) serves it inside this
# process; with a LiveKit server, use that server's URL, e.g. "http://livekit:7880".
url = ${q(`http://127.0.0.1:${port}/livekit`)}
# Coordinates clients use to pick the nearest node.
lat = 0.0
lon = 0.0
# API key and secret (a LiveKit server needs the same pair in livekit.yml \`keys:\`).
key = ${q(s.livekitKey)}
secret = ${q(s.livekitSecret)}

[pushd.vapid]
# Web Push key pair; the public key is sent to clients. Replace both together.
private_key = ${q(s.vapidPrivateKey)}
public_key = ${q(s.vapidPublicKey)}

[files]
# AES-256-GCM key of stored files (base64 of 32 bytes). Never change it once files exist.
encryption_key = ${q(s.encryptionKey)}

[files.s3]
# Empty endpoint: files are kept in <data_dir>/files. Split autumn and crond need S3:
# endpoint = "http://127.0.0.1:9000"
path_style_buckets = true
region = "us-east-1"
access_key_id = ${q(s.s3AccessKeyId)}
secret_access_key = ${q(s.s3SecretAccessKey)}
default_bucket = "revolt-uploads"

# [features.limits.default]
# video_resolution = [1920, 1080]
# [features.limits.default.file_upload_size_limit]
# attachments = 20000000

[sfu]
# The embedded LiveKit-compatible SFU. Unset: on in the single process, off for split services.
# enabled = true
# The node of [hosts.livekit] and [api.livekit.nodes] it serves.
node = "worldwide"
# UDP ports for media; open them in the firewall.
port_range_start = 50000
port_range_end = 50100
# IP address announced to clients for media. Empty: detected.
node_ip = ""
# Worker threads for the rooms' media. Unset: one per CPU core beyond the first (1 to 4).
# workers = 1
max_participants = 100
max_rooms = 100
# TURN for clients behind firewalls that block UDP:
# turn_servers = [{ urls = ["turns:turn.example.com:5349"], username = "ermine", credential = "..." }]
`;
}
