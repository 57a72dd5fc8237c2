// The docs' tool reference against what the server actually lists: every tool, every input
// field, with the same required flags, enums, ranges and defaults as tools/list.
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, provision, rpc } from '../helpers';
import { codes, section, tables, type Table } from './read-markdown';

interface JsonSchemaProperty {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

interface ListedTool {
  name: string;
  inputSchema: { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
}

let listed: ListedTool[];

beforeAll(async () => {
  const { api_key } = await provision();
  const { result } = await rpc(api_key, 'tools/list');
  listed = result.tools;
});

async function markdown(slug: string): Promise<string> {
  return (await SELF.fetch(`${ORIGIN}/docs/${slug}.md`)).text();
}

/** "10–1,000" → [10, 1000]; "up to 2,048 characters" → [undefined, 2048]. */
function bounds(cell: string, unit: string): [number | undefined, number | undefined] {
  const pattern = new RegExp(`(?:(\\d[\\d,]*)–|up to )(\\d[\\d,]*)${unit}`);
  const match = pattern.exec(cell);
  if (!match) return [undefined, undefined];
  const read = (text?: string) => (text ? Number(text.replace(/,/g, '')) : undefined);
  return [read(match[1]), read(match[2])];
}

/** Checks an input table (field, required, type, allowed, default, …) against a JSON Schema. */
function expectTableMatches(table: Table, schema: ListedTool['inputSchema'], name: string): void {
  expect(table.header.slice(0, 5)).toEqual(['field', 'required', 'type', 'allowed', 'default']);
  const properties = schema.properties ?? {};
  const rows = new Map(table.rows.map((row) => [codes(row[0]!)[0]!, row]));
  expect([...rows.keys()], name).toEqual(Object.keys(properties));
  for (const [field, property] of Object.entries(properties)) {
    const [, required, type, allowed, fallback] = rows.get(field)!;
    const where = `${name}.${field}`;
    expect(required, where).toBe((schema.required ?? []).includes(field) ? 'yes' : 'no');
    expect(type, where).toBe(property.type);
    if (property.enum) {
      expect(codes(allowed!), where).toEqual(property.enum);
    }
    if (property.type === 'integer') {
      expect(bounds(allowed!, ''), where).toEqual([property.minimum, property.maximum]);
    }
    if (property.type === 'string' && property.maxLength !== undefined) {
      expect(bounds(allowed!, ' characters'), where).toEqual([
        property.minLength,
        property.maxLength,
      ]);
    }
    if (property.default === undefined) expect(fallback, where).toBe('–');
    else expect(codes(fallback!), where).toEqual([String(property.default)]);
  }
}

describe('the MCP tools page', () => {
  it('summarises exactly the tools tools/list serves, in its order', async () => {
    const [summary] = tables(section(await markdown('mcp-tools'), 'Summary'));
    expect(summary!.rows.map((row) => codes(row[0]!)[0])).toEqual(listed.map((t) => t.name));
  });

  it("documents each tool's input as tools/list describes it", async () => {
    const page = await markdown('mcp-tools');
    for (const tool of listed) {
      const body = section(page, `\`${tool.name}\``);
      const [table] = tables(body);
      if (Object.keys(tool.inputSchema.properties ?? {}).length === 0) {
        expect(table, tool.name).toBeUndefined();
        expect(body).toContain('No input');
        continue;
      }
      expectTableMatches(table!, tool.inputSchema, tool.name);
    }
  });

  it('lists the same tools on the overview page', async () => {
    const [summary] = tables(section(await markdown('overview'), 'The tools at a glance'));
    expect(summary!.rows.map((row) => codes(row[0]!)[0])).toEqual(listed.map((t) => t.name));
  });
});

describe('the test options page', () => {
  it("documents polis_test's inputs as tools/list describes them", async () => {
    const [table] = tables(section(await markdown('test-options'), 'Inputs'));
    const schema = listed.find((tool) => tool.name === 'polis_test')!.inputSchema;
    expectTableMatches(table!, schema, 'polis_test');
  });
});

describe('the pricing page', () => {
  it('prices exactly the packs, detail levels and ask targets the tools accept', async () => {
    const page = await markdown('pricing');
    const enumOf = (tool: string, field: string) =>
      listed.find((t) => t.name === tool)!.inputSchema.properties![field]!.enum;
    const firstColumn = (heading: string, n = 0) =>
      tables(section(page, heading))[n]!.rows.map((row) => codes(row[0]!)[0]);
    expect(firstColumn('Top-up packs')).toEqual(enumOf('polis_topup', 'pack'));
    expect(firstColumn('What a run costs')).toEqual(enumOf('polis_test', 'detail'));
    expect(firstColumn('Follow-up questions')).toEqual(enumOf('polis_ask', 'target'));
  });
});
