import { z } from 'zod';
import { configSchema } from './schema';

/** A schema with its wrappers (default, prefault, optional) taken off. */
export interface Unwrapped {
  inner: z.ZodType;
  optional: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  description: string;
}

/** Takes default/prefault/optional wrappers off, keeping the first description found. */
export function unwrap(schema: z.ZodType): Unwrapped {
  let current: z.ZodType = schema;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let description = '';
  for (;;) {
    description ||= current.description ?? '';
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      if (!hasDefault) {
        hasDefault = true;
        defaultValue = current.def.defaultValue;
      }
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.def.innerType as z.ZodType;
    } else {
      return { inner: current, optional, hasDefault, defaultValue, description };
    }
  }
}

/** True for a TOML table: an object with fixed keys or a map keyed by name. */
export function isTable(schema: z.ZodType): boolean {
  const inner = unwrap(schema).inner;
  return inner instanceof z.ZodObject || inner instanceof z.ZodRecord;
}

/** The fixed keys of an object schema, or null for maps and values. */
export function knownKeys(schema: z.ZodType): string[] | null {
  const inner = unwrap(schema).inner;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : null;
}

/** The schema of `key` inside a table (any key of a map) or of an index of an array. */
export function childSchema(schema: z.ZodType, key: string): z.ZodType | undefined {
  const inner = unwrap(schema).inner;
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.hasOwn(shape, key) ? shape[key] : undefined;
  }
  if (inner instanceof z.ZodRecord) return inner.def.valueType as z.ZodType;
  if (inner instanceof z.ZodArray && /^\d+$/.test(key)) return inner.def.element as z.ZodType;
  if (inner instanceof z.ZodTuple && /^\d+$/.test(key)) {
    return (inner.def.items as z.ZodType[])[Number(key)];
  }
  return undefined;
}

/** The schema at a path of the config (map keys match any name), or undefined. */
export function schemaAt(path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = configSchema;
  for (const key of path) {
    if (!current) return undefined;
    current = childSchema(current, String(key));
  }
  return current;
}

/** A short type name for messages and docs: `string`, `integer`, `[integer, integer]`, ... */
export function typeLabel(schema: z.ZodType): string {
  const { inner } = unwrap(schema);
  if (inner instanceof z.ZodString) return 'string';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodNumber) return inner.format === 'safeint' ? 'integer' : 'number';
  if (inner instanceof z.ZodEnum) return inner.options.map((o) => JSON.stringify(o)).join(' | ');
  if (inner instanceof z.ZodTuple) {
    return `[${(inner.def.items as z.ZodType[]).map(typeLabel).join(', ')}]`;
  }
  if (inner instanceof z.ZodArray) {
    const element = inner.def.element as z.ZodType;
    return isTable(element) ? 'array of tables' : `${typeLabel(element)}[]`;
  }
  if (inner instanceof z.ZodRecord) return 'table of named tables';
  if (inner instanceof z.ZodObject) return 'table';
  return 'value';
}

/** One documented key of the schema, in declaration order. */
export interface SchemaEntry {
  /** Dotted key; map keys appear as `<name>`. */
  key: string;
  type: string;
  /** The default as TOML-ish text, or null when there is none (optional keys). */
  default: string | null;
  description: string;
  table: boolean;
  optional: boolean;
}

/** Every key of the schema, tables before their keys, for docs and suggestions. */
export function schemaEntries(): SchemaEntry[] {
  const out: SchemaEntry[] = [];
  const visit = (schema: z.ZodType, path: string[]) => {
    const u = unwrap(schema);
    const table = isTable(schema);
    if (path.length > 0) {
      out.push({
        key: path.join('.'),
        type: u.inner instanceof z.ZodRecord ? mapLabel(u.inner) : typeLabel(schema),
        default:
          u.hasDefault && !(u.inner instanceof z.ZodObject) ? tomlText(u.defaultValue) : null,
        description: u.description,
        table:
          table &&
          !(u.inner instanceof z.ZodRecord && !isTable(u.inner.def.valueType as z.ZodType)),
        optional: u.optional,
      });
    }
    if (u.inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(u.inner.shape as Record<string, z.ZodType>)) {
        visit(child, [...path, key]);
      }
    } else if (u.inner instanceof z.ZodRecord) {
      const value = u.inner.def.valueType as z.ZodType;
      if (isTable(value)) visit(value, [...path, '<name>']);
    }
  };
  visit(configSchema, []);
  return out;
}

function mapLabel(schema: z.ZodRecord): string {
  const value = schema.def.valueType as z.ZodType;
  return isTable(value) ? 'table of named tables' : `table of name → ${typeLabel(value)}`;
}

/** A value written as TOML would write it (inline), for docs and messages. */
export function tomlText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlText).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${k} = ${tomlText(v)}`).join(', ')} }`;
  }
  return String(value);
}
