// A tool's input as a Markdown table, read from the same JSON Schema that tools/list serves
// (z.toJSONSchema of the tool's zod schema), so names, limits and defaults cannot drift.
import { z } from 'zod';
import { code, mdTable, num } from './md';

interface Property {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
}

interface ObjectSchema {
  properties?: Record<string, Property>;
  required?: string[];
}

/** The input schema exactly as tools/list shows it. */
export function inputSchemaOf(schema: z.ZodType): ObjectSchema {
  return z.toJSONSchema(schema, { io: 'input' }) as ObjectSchema;
}

function allowed(property: Property): string {
  const parts: string[] = [];
  if (property.enum) parts.push(property.enum.map((value) => code(String(value))).join(', '));
  if (property.minimum !== undefined || property.maximum !== undefined) {
    parts.push(range(property.minimum, property.maximum, ''));
  }
  if (property.minLength !== undefined || property.maxLength !== undefined) {
    parts.push(range(property.minLength, property.maxLength, ' characters'));
  }
  if (property.pattern) parts.push(`matches ${code(property.pattern)}`);
  return parts.join('; ') || 'any';
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `${num(min)}–${num(max)}${unit}`;
  if (max !== undefined) return `up to ${num(max)}${unit}`;
  return `at least ${num(min!)}${unit}`;
}

/** Columns: field, required, type, allowed, default, description. */
export function inputTable(schema: z.ZodType): string {
  const { properties = {}, required = [] } = inputSchemaOf(schema);
  const rows = Object.entries(properties).map(([name, property]) => [
    code(name),
    required.includes(name) ? 'yes' : 'no',
    property.type ?? 'any',
    allowed(property),
    property.default === undefined ? '–' : code(String(property.default)),
    property.description ?? '',
  ]);
  if (rows.length === 0) return 'No input: call it with an empty arguments object, `{}`.';
  return mdTable(['field', 'required', 'type', 'allowed', 'default', 'description'], rows);
}
