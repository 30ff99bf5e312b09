// ESLint rules over the repository's import graph (every import, type-only ones included), built
// once per lint run from the TypeScript files on disk and resolved the way tsx resolves them:
// relative paths and the workspaces' `@ermine/*` export maps.
//   ermine/no-import-cycle  a file may not reach itself through its imports
//   ermine/boundaries       no package imports a service or an app; no service imports another
//                           service; drivers are imported only by composition roots
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIRS = ['packages', 'services', 'apps', 'e2e', 'bench', 'scripts'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'public', 'data']);

/** `@ermine/x` → { dir, exports } for every workspace. */
function readWorkspaces() {
  const workspaces = new Map();
  for (const group of ['packages', 'services', 'apps']) {
    for (const name of readdirSync(join(ROOT, group))) {
      const file = join(ROOT, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      workspaces.set(pkg.name, { dir: join(ROOT, group, name), exports: pkg.exports ?? {} });
    }
  }
  return workspaces;
}

function asFile(path) {
  for (const candidate of [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  if (path.endsWith('.js')) return asFile(path.slice(0, -3));
  return null;
}

function resolveExport(ws, subpath) {
  const target = ws.exports[subpath];
  if (typeof target === 'string') return asFile(join(ws.dir, target));
  for (const [key, value] of Object.entries(ws.exports)) {
    const star = key.indexOf('*');
    if (star < 0 || typeof value !== 'string') continue;
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)];
    if (!subpath.startsWith(head) || !subpath.endsWith(tail)) continue;
    const middle = subpath.slice(head.length, subpath.length - tail.length);
    return asFile(join(ws.dir, value.replace('*', middle)));
  }
  return null;
}

let workspaces = null;

/** The file `specifier` (imported from `fromFile`) resolves to, or null (outside the repo). */
export function resolveImport(specifier, fromFile) {
  if (specifier.startsWith('.')) return asFile(resolve(dirname(fromFile), specifier));
  if (!specifier.startsWith('@ermine/')) return null;
  workspaces ??= readWorkspaces();
  const [scope, name, ...rest] = specifier.split('/');
  const ws = workspaces.get(`${scope}/${name}`);
  if (!ws) return null;
  return resolveExport(ws, rest.length === 0 ? '.' : `./${rest.join('/')}`);
}

function listSources(dir, out) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) listSources(join(dir, entry.name), out);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

let graph = null;

/** file → the files it imports, for every source file of the repository (built once). */
function importGraph() {
  if (graph) return graph;
  graph = new Map();
  for (const dir of SOURCE_DIRS) {
    for (const file of listSources(join(ROOT, dir), [])) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = new Set();
      for (const { fileName } of info.importedFiles) {
        const target = resolveImport(fileName, file);
        if (target && target !== file) targets.add(target);
      }
      graph.set(file, targets);
    }
  }
  return graph;
}

/** The shortest chain of imports from `start` back to `goal`, or null. */
function pathBack(start, goal) {
  const edges = importGraph();
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === goal) {
      const chain = [];
      for (let at = file; at !== null; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const next of edges.get(file) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const rel = (file) => relative(ROOT, file).split(sep).join('/');

/** Calls `check(node, specifier)` for every import, re-export and dynamic import of a file. */
function importVisitors(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles, type-only imports included' },
    schema: [],
    messages: { cycle: 'import cycle: {{chain}}' },
  },
  create(context) {
    const file = context.filename;
    return importVisitors((node, specifier) => {
      const target = resolveImport(specifier, file);
      if (!target || target === file) return;
      const chain = pathBack(target, file);
      if (chain) {
        context.report({
          node,
          messageId: 'cycle',
          data: { chain: [file, ...chain].map(rel).join(' → ') },
        });
      }
    });
  },
};

/** Where a file sits: { kind: 'package' | 'service' | 'app' | 'other', name }. */
function areaOf(file) {
  const [group, name] = rel(file).split('/');
  if (group === 'packages') return { kind: 'package', name };
  if (group === 'services') return { kind: 'service', name };
  if (group === 'apps') return { kind: 'app', name };
  return { kind: 'other', name: group };
}

const DRIVER_DIR = /^packages\/(database|infra)\/src\/drivers\//;
const isTest = (path) => /\.(test|e2e)\.ts$/.test(path);

/** apps/server, a service's main.ts, the test stack (packages/testing) and tests. */
function isCompositionRoot(path) {
  return (
    path.startsWith('apps/server/') ||
    /^services\/[^/]+\/src\/main\.ts$/.test(path) ||
    path.startsWith('packages/testing/') ||
    path.startsWith('e2e/') ||
    path.startsWith('bench/') ||
    isTest(path)
  );
}

const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'the layer boundaries of docs/architecture.md, on resolved files' },
    schema: [],
    messages: {
      packageImportsService:
        'a package never imports a service or an app ({{target}}): move the code that needs it above the services',
      serviceImportsService:
        'a service never imports another service ({{target}}): talk through the bus and jobs',
      serviceImportsApp: 'a service never imports an app ({{target}})',
      driverOutsideRoot:
        'drivers are imported only by composition roots (apps/server, a service main.ts, packages/testing, tests): {{target}}',
    },
  },
  create(context) {
    const file = context.filename;
    const from = areaOf(file);
    const fromPath = rel(file);
    return importVisitors((node, specifier) => {
      const target = resolveImport(specifier, file);
      if (!target) return;
      const to = areaOf(target);
      const toPath = rel(target);
      const report = (messageId) => context.report({ node, messageId, data: { target: toPath } });
      if (from.kind === 'package' && (to.kind === 'service' || to.kind === 'app')) {
        return report('packageImportsService');
      }
      if (from.kind === 'service' && to.kind === 'service' && to.name !== from.name) {
        return report('serviceImportsService');
      }
      if (from.kind === 'service' && to.kind === 'app') return report('serviceImportsApp');
      const driver = DRIVER_DIR.exec(toPath);
      const ownPackage = driver && fromPath.startsWith(`packages/${driver[1]}/`);
      if (driver && !ownPackage && !isCompositionRoot(fromPath)) report('driverOutsideRoot');
    });
  },
};

/** The local plugin: `ermine/no-import-cycle` and `ermine/boundaries`. */
export const ermineImports = {
  meta: { name: 'ermine-imports' },
  rules: { 'no-import-cycle': noImportCycle, boundaries },
};
