// Lint: typescript-eslint's recommended rules plus the import boundaries of docs/architecture.md.
// `a <- b` reads "b may import a":
//   result <- config, models <- permissions <- database, infra <- core <- http <- services/* <- apps/server
// The layer order is checked on import specifiers (no-restricted-imports); import cycles, packages
// importing services, services importing each other and drivers outside composition roots are
// checked on the resolved import graph (scripts/lint/import-graph.js), relative paths included.
import tseslint from 'typescript-eslint';
import { ermineImports } from './scripts/lint/import-graph.js';

const LAYERS = ['result', 'config', 'models', 'permissions', 'database', 'infra', 'core', 'http'];
const ALLOWED_BELOW = {
  result: [],
  config: ['result'],
  models: ['result'],
  permissions: ['result', 'config', 'models'],
  database: ['result', 'config', 'models', 'permissions'],
  infra: ['result', 'config', 'models', 'permissions'],
  core: ['result', 'config', 'models', 'permissions', 'database', 'infra'],
  http: ['result', 'config', 'models', 'permissions', 'database', 'infra', 'core'],
};
const TECH = [
  'hono',
  'hono/*',
  'kysely',
  'better-sqlite3',
  'pg',
  'ioredis',
  'amqplib',
  '@aws-sdk/*',
  'ws',
  'werift',
];

function restrict(group, message) {
  return { group, message };
}

function layerRule(layer) {
  const forbidden = LAYERS.filter((l) => l !== layer && !ALLOWED_BELOW[layer].includes(l));
  const patterns = [];
  if (forbidden.length > 0)
    patterns.push(
      restrict(
        forbidden.map((l) => `@ermine/${l}`).concat(forbidden.map((l) => `@ermine/${l}/*`)),
        `packages/${layer} may only import ${ALLOWED_BELOW[layer].join(', ') || 'nothing of Ermine'}`,
      ),
    );
  patterns.push(
    restrict(
      ['@ermine/testing', '@ermine/testing/*'],
      "only tests import testing helpers; contract cases (*.case.ts) follow their package's layer rules",
    ),
  );
  if (layer === 'core') {
    patterns.push(
      restrict(
        TECH,
        'core sees ports only: no HTTP framework, database driver, ioredis or amqplib',
      ),
    );
  }
  return {
    files: [`packages/${layer}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'data/**',
      '**/dist/**',
      'apps/web/public/**',
      'apps/web/dist/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { ermine: ermineImports },
    rules: { 'ermine/no-import-cycle': 'error', 'ermine/boundaries': 'error' },
  },
  ...LAYERS.map(layerRule),
  {
    // One copy of Kysely and of LiveKit's protocol, each loaded through `require` by one module
    // (packages/database/src/sql/kysely.ts, services/sfu/src/livekit-protocol.ts; why: there).
    files: ['packages/**/*.ts', 'services/**/*.ts', 'apps/**/*.ts'],
    ignores: ['packages/database/src/sql/kysely.ts', 'services/sfu/src/livekit-protocol.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              message: "import Kysely's values from packages/database/src/sql/kysely.ts",
              allowTypeImports: true,
            },
            {
              name: '@livekit/protocol',
              message:
                "the SFU imports LiveKit's protocol values from services/sfu/src/livekit-protocol.ts",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/**/*.ts', 'apps/server/**/*.ts'],
    ignores: ['**/*.test.ts', 'services/*/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['@ermine/testing', '@ermine/testing/*'],
              "only tests and a service's src/testing helpers import testing helpers",
            ),
          ],
        },
      ],
    },
  },
  {
    // Every event goes out through the typed publish, which checks its audience.
    files: ['packages/core/**/*.ts', 'packages/http/**/*.ts', 'services/**/*.ts', 'apps/**/*.ts'],
    ignores: ['packages/core/src/events/publish.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...["callee.object.property.name='bus'", "callee.object.name='bus'"].map((bus) => ({
          selector: `CallExpression[callee.property.name='publish'][${bus}]`,
          message:
            'publish events with publishEvent(deps, audience, event) from @ermine/core/events/publish, which checks the audience',
        })),
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['@ermine/*', '!@ermine/models', '!@ermine/models/*'],
              'the web client imports only @ermine/models',
            ),
          ],
        },
      ],
    },
  },
);
