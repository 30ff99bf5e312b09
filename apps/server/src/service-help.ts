import { SERVICES, serviceSpec } from '@ermine/config';

/** One line per service from the catalogue: name, guide port, what it is, what it needs split. */
export function serviceList(indent = '    '): string {
  const width = Math.max(...SERVICES.map((s) => s.length));
  return SERVICES.map((name) => {
    const spec = serviceSpec(name);
    const port = spec.port === undefined ? 'no port' : `port ${spec.port}`;
    const needs = spec.needs.length === 0 ? '' : `; needs ${spec.needs.join(', ')}`;
    return `${indent}${name.padEnd(width)}  ${spec.description} (${port}${needs})`;
  }).join('\n');
}
