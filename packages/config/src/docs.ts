import { schemaEntries, type SchemaEntry } from './schema-walk';

const INTRO = `# Configuration reference

<!-- Generated from packages/config/src/schema.ts by scripts/gen-config-docs.ts: do not edit by hand.
     Regenerate with: node --import tsx scripts/gen-config-docs.ts -->

Ermine reads Stoat's \`Revolt.toml\`: the same sections, keys and defaults, plus Ermine's own
\`[ermine]\` and \`[sfu]\` sections and a few keys that pick embedded drivers. The defaults alone
give a working single process on \`http://localhost:14700\` with its data in \`./data\`.

## Where values come from

Later sources override earlier ones, key by key (a partial section keeps every other key):

1. the defaults listed below;
2. a file: \`--config FILE\`, else \`Revolt.toml\` in the working directory if present;
3. \`Revolt.overrides.toml\` beside that file, if present;
4. environment variables \`REVOLT__SECTION__KEY\` (Stoat's convention: sections joined by double
   underscores, names case-insensitive), for example \`REVOLT__DATABASE__POSTGRES\`,
   \`REVOLT__FILES__ENCRYPTION_KEY\` or \`REVOLT__API__LIVEKIT__NODES__WORLDWIDE__SECRET\`. A value
   is read as a TOML value when it is one (\`8080\`, \`true\`, \`[1920, 1080]\`), else as a string;
   keys that take a string always get the text verbatim. Names from the environment, node
   names included, are lower-cased, as in Stoat.

## Checking

\`npx ermine config check [FILE] [--service NAME ...]\` loads the config as \`npx ermine start\` would and
prints every problem at once, each with its key and a fix; \`npx ermine start\` refuses to start on an
error. Unlike Stoat, Ermine reports unknown keys (with a did-you-mean suggestion), wrong types,
malformed URLs, \`CHANGE_ME\` placeholders, a bad \`files.encryption_key\`, a VAPID pair that does not
match, and voice node names that differ between \`[hosts.livekit]\` and \`[api.livekit.nodes]\`.
A node without \`lat\`/\`lon\` (Stoat panics) gets 0.0 and a warning. Stoat's dead keys
(\`hosts.voso_legacy\`, \`hosts.voso_legacy_ws\`, \`hosts.gifbox\`, \`api.security.authifier_shield_key\`,
\`api.security.voso_legacy_token\`), \`database.mongodb\` and extra \`[features.limits.<tier>]\`
tables only warn.

## Single process and split services

| Setting | Empty (default): single process | Set: required by split services |
| --- | --- | --- |
| \`database.postgres\` | SQLite file \`<data_dir>/ermine.sqlite\` | every service but web and sfu |
| \`database.redis\` | event fan-out, cache and presence in memory | every service but web and sfu |
| \`rabbit.host\` | jobs run in process | api, pushd, crond |
| \`files.s3.endpoint\` | files in \`<data_dir>/files\` | autumn, crond |

Split services that would use Stoat's public demo secrets refuse them: autumn the default
\`files.encryption_key\`, api and pushd the default \`pushd.vapid\` pair. The single process replaces them with keys it generates on first start and
keeps in \`<data_dir>/secrets.json\` (mode 0600; back it up with the data). Moving from the single
process to split services: copy \`encryptionKey\` from that file into \`files.encryption_key\`, or
every stored file becomes unreadable.

## Public URLs

Every \`[hosts]\` URL is derived from \`ermine.public_url\` (empty: \`http://localhost:<port>\`): the
app at the base, \`/api\`, \`ws(s)://…/ws\`, \`/autumn\`, \`/january\`, \`/gifbox\`, and the embedded
SFU's node at \`ws(s)://…/livekit\` (https gives wss). An explicit \`[hosts]\` value always wins.

## Voice nodes

A voice node has the same name in \`[hosts.livekit]\` (its public \`wss://\` URL, for browsers) and in
\`[api.livekit.nodes.<name>]\` (its internal URL, coordinates, API key and secret). When the
embedded SFU runs (\`[sfu] enabled\`, on by default in the single process), the node named by
\`sfu.node\` needs neither: its public URL is derived and, in the single process, its key and
secret are generated unless \`[api.livekit.nodes.<node>]\` sets them. For split services set
\`sfu.enabled = true\` when you run \`npx ermine start --service sfu\`, and give the node's \`url\`, \`key\`
and \`secret\` explicitly.

## Keys
`;

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultCell(entry: SchemaEntry): string {
  if (entry.key === 'sfu.enabled') return 'unset: by mode';
  if (entry.default === null) return 'unset';
  return `\`${entry.default.length > 60 ? entry.default.slice(0, 57) + '…' : entry.default}\``;
}

function tableHeading(key: string): string {
  return key === '' ? 'Top level' : `\`[${key}]\``;
}

/** docs/config.md: every key of the schema with its type, default and meaning. */
export function renderConfigDocs(): string {
  const entries = schemaEntries();
  const tables: { key: string; description: string }[] = [{ key: '', description: '' }];
  const rows = new Map<string, SchemaEntry[]>([['', []]]);
  for (const entry of entries) {
    if (entry.table) {
      tables.push({ key: entry.key, description: entry.description });
      rows.set(entry.key, []);
      continue;
    }
    const parent = entry.key.split('.').slice(0, -1).join('.');
    rows.get(parent)?.push(entry);
  }
  const parts = [INTRO];
  for (const table of tables) {
    const own = rows.get(table.key) ?? [];
    parts.push(`### ${tableHeading(table.key)}\n`);
    if (table.description) parts.push(`${table.description}\n`);
    if (own.length === 0) continue;
    const lines = ['| Key | Type | Default | Meaning |', '| --- | --- | --- | --- |'];
    for (const entry of own) {
      const name = entry.key.split('.').at(-1) ?? entry.key;
      lines.push(
        `| \`${name}\` | ${escapeCell(entry.type)} | ${escapeCell(defaultCell(entry))} | ${escapeCell(entry.description)} |`,
      );
    }
    parts.push(lines.join('\n') + '\n');
  }
  return parts.join('\n');
}

/** The same, formatted as the repository's Prettier settings format Markdown. */
export async function renderConfigDocsFormatted(file: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(renderConfigDocs(), { ...options, parser: 'markdown' });
}
