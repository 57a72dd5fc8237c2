// The tool summary and the per-tool reference, from TOOLS (the list tools/list serves). What
// the schemas cannot say (results, errors, what a spending tool costs) is written here, keyed
// by tool name; a tool without an entry stops the docs from rendering, so a new tool cannot
// ship undocumented.
import { ASK_TOKENS } from '../billing/catalogue';
import type { ToolDefinition } from '../mcp/tool';
import { TOOLS } from '../mcp/tools';
import { code, mdTable, num } from './md';
import { inputTable } from './schema-table';
import { SCOPES } from '../oauth/scopes';

interface ToolNotes {
  /** For spending tools only; free tools say "free". */
  cost?: string;
  result: string;
  errors: string[];
}

const askTokens = Object.values(ASK_TOKENS);
const askRange = `${num(Math.min(...askTokens))}–${num(Math.max(...askTokens))}`;

const NOTES: Record<string, ToolNotes> = {
  polis_account: {
    result:
      '`account_id`, `email`, `plan`, `plan_name`, `status`, `subscription_status`, ' +
      '`allowance_remaining`, `purchased_remaining`, `overage_tokens`, `overage_usd`, ' +
      '`cap_usd`, `standard_run` (`tokens`, `affordable`), `created_at`; and ' +
      '`payment_options` when the account cannot pay for a standard run.',
    errors: [],
  },
  polis_estimate: {
    result:
      '`tokens`, `usd`, `split` (`included`, `purchased`, `overage_tokens`, `overage_usd`), ' +
      '`cap_remaining_after`, `would_exceed_cap`, `can_run_now`, and `refusal` ' +
      '(`insufficient_tokens` or `cap_exceeded`) when it could not run now.',
    errors: ['invalid_input'],
  },
  polis_test: {
    cost: 'the `polis_estimate` price, charged up front',
    result:
      '`run_id`, `status` (`pending`), `reactions_total`, `charge` (`tokens`, ' +
      '`from_included`, `from_purchased`, `overage_tokens`, `overage_usd`), `next`.',
    errors: ['invalid_input', 'insufficient_tokens', 'cap_exceeded', 'internal'],
  },
  polis_status: {
    result:
      '`run_id`, `status` (`pending`, `running`, `complete` or `failed`), `reactions_done`, ' +
      '`reactions_total`, `done`; `failure` and `refunded` for a failed run.',
    errors: ['invalid_input', 'not_found'],
  },
  polis_report: {
    result: 'the report; see [report fields](/docs/test-options#report-fields).',
    errors: ['invalid_input', 'not_found', 'not_complete'],
  },
  polis_ask: {
    cost: `${askRange} tokens by target, charged up front`,
    result:
      '`thread_id`, `run_id`, `target`, `target_name`, `question`, `speakers`, `charge`, ' +
      '`status` (`answered` with `answer`, or `pending` for a panel), `next`.',
    errors: [
      'invalid_input',
      'not_found',
      'not_complete',
      'insufficient_tokens',
      'cap_exceeded',
      'internal',
    ],
  },
  polis_thread: {
    result:
      '`thread_id`, `run_id`, `target`, `target_name`, `status`, and `turns`, each with ' +
      '`question`, `answer`, `status`, `asked_at`, `answered_at`.',
    errors: ['invalid_input', 'not_found'],
  },
  polis_topup: {
    cost: 'the pack price, paid by a person through Stripe Checkout',
    result: '`pay_url`, `pack`, `tokens`, `price_usd`, `expires_at`, `note`.',
    errors: ['invalid_input', 'payments_unavailable'],
  },
};

function notesOf(tool: ToolDefinition): ToolNotes {
  const notes = NOTES[tool.name];
  if (!notes) throw new Error(`docs: no notes for the tool ${tool.name} in src/docs`);
  if (tool.spends && !notes.cost) throw new Error(`docs: no cost for the tool ${tool.name}`);
  return notes;
}

function costOf(tool: ToolDefinition): string {
  return tool.spends ? notesOf(tool).cost! : 'free';
}

function scopeOf(tool: ToolDefinition): string {
  return code(tool.spends ? SCOPES.run : SCOPES.read);
}

/** The first sentence of a tool's description. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/** One row per tool: name, what it does, cost, scope. */
export function toolsTable(): string {
  const rows = TOOLS.map((tool) => [
    `[${code(tool.name)}](/docs/mcp-tools#${tool.name})`,
    firstSentence(tool.description),
    costOf(tool),
    scopeOf(tool),
  ]);
  return mdTable(['tool', 'what it does', 'cost', 'scope'], rows);
}

/** A section per tool: its description, cost, scope, input table, result and errors. */
export function toolReference(): string {
  return TOOLS.map((tool) => {
    const notes = notesOf(tool);
    const errors = notes.errors.length
      ? notes.errors.map((name) => code(name)).join(', ')
      : 'none of its own';
    return [
      `### ${code(tool.name)}`,
      `**${tool.title}.** ${tool.description}`,
      `Cost: ${costOf(tool)}. Scope: ${scopeOf(tool)}.`,
      inputTable(tool.input),
      `Returns: ${notes.result}`,
      `Errors: ${errors}. Every result, errors included, also carries ${code('_usage')}.`,
    ].join('\n\n');
  }).join('\n\n');
}
