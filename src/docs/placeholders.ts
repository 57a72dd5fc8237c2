// `{{name}}` in docs/*.md: values that must match the running service (its origin, the tool
// schemas, the catalogue), filled in at request time. An unknown name is a bug in a page and
// fails loudly rather than reaching a reader.
import { MAX_BODY_BYTES, SUPPORTED_PROTOCOL_VERSIONS } from '../mcp/door';
import { PERSONA_COUNT, testInput } from '../mcp/schemas';
import { OAUTH_PATHS } from '../oauth/provider';
import { code, num, type DocsContext } from './md';
import { discoveryTable, oauthEndpoints, OAUTH_VALUES, scopesTable } from './oauth-tables';
import {
  askCostsTable,
  costExamples,
  multipliersTable,
  packsTable,
  plansTable,
  PRICING_VALUES,
  splitExamples,
} from './pricing-tables';
import { reactionFieldsTable } from './report-tables';
import { inputTable } from './schema-table';
import { toolReference, toolsTable } from './tool-tables';
import { exampleCharge, exampleEstimate, exampleInput } from './worked-example';

export type { DocsContext };

const FILLERS: Record<string, (ctx: DocsContext) => string> = {
  origin: (ctx) => ctx.origin,
  mcp_url: (ctx) => `${ctx.origin}${OAUTH_PATHS.mcp}`,
  tools_table: toolsTable,
  tool_reference: toolReference,
  test_options_table: () => inputTable(testInput),
  reaction_fields_table: reactionFieldsTable,
  protocol_versions: () => SUPPORTED_PROTOCOL_VERSIONS.map((v) => code(v)).join(', '),
  max_body: () => `${MAX_BODY_BYTES / 1024 / 1024} MiB`,
  persona_min: () => num(PERSONA_COUNT.min),
  persona_max: () => num(PERSONA_COUNT.max),
  persona_default: () => num(PERSONA_COUNT.default),
  pricing_table: plansTable,
  packs_table: packsTable,
  multipliers_table: multipliersTable,
  ask_costs_table: askCostsTable,
  cost_examples: costExamples,
  split_examples: splitExamples,
  oauth_endpoints: oauthEndpoints,
  discovery_table: discoveryTable,
  scopes_table: scopesTable,
  example_input: exampleInput,
  example_estimate: exampleEstimate,
  example_charge: exampleCharge,
  ...PRICING_VALUES,
  ...OAUTH_VALUES,
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function fillPlaceholders(source: string, ctx: DocsContext, where: string): string {
  return source.replace(PLACEHOLDER, (_, name: string) => {
    const fill = Object.hasOwn(FILLERS, name) ? FILLERS[name] : undefined;
    if (!fill) throw new Error(`docs: unknown placeholder {{${name}}} in ${where}`);
    return fill(ctx);
  });
}
