// Lint: typescript-eslint's recommended rules plus the import boundaries of docs/architecture.md.
// `a <- b` reads "b may import a":
//   result <- config, models <- permissions <- database, infra <- core <- http <- services/* <- apps/server
import tseslint from 'typescript-eslint';

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
const DRIVERS = ['@ermine/database/drivers/*', '@ermine/infra/drivers/*'];
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
      [
        '@ermine/service-*',
        '@ermine/server',
        '@ermine/server/*',
        '@ermine/web',
        '@ermine/testing',
        '@ermine/testing/*',
      ],
      'packages never import services, apps or testing helpers',
    ),
  );
  if (layer !== 'database' && layer !== 'infra') {
    patterns.push(restrict(DRIVERS, 'drivers are imported only by composition roots'));
  }
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
    ignores: ['**/*.test.ts', '**/*.case.ts'],
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
  ...LAYERS.map(layerRule),
  {
    files: ['services/*/src/**/*.ts'],
    ignores: ['services/*/src/main.ts', '**/*.test.ts', '**/*.case.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['@ermine/service-*'],
              'a service never imports another service: talk through bus and jobs',
            ),
            restrict(
              ['@ermine/server', '@ermine/server/*', '@ermine/web'],
              'services never import apps',
            ),
            restrict(
              DRIVERS,
              'drivers are imported only by composition roots (a service main.ts, apps/server, testing)',
            ),
            restrict(
              ['../../*/src/*', '../../../services/*'],
              'a service never imports another service',
            ),
          ],
        },
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
