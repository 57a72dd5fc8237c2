// Every tool Polis serves, in the order tools/list shows them.
import type { ToolDefinition } from '../tool';
import { polisAccount } from './polis_account';
import { polisAsk } from './polis_ask';
import { polisEstimate } from './polis_estimate';
import { polisReport } from './polis_report';
import { polisStatus } from './polis_status';
import { polisTest } from './polis_test';
import { polisThread } from './polis_thread';
import { polisTopup } from './polis_topup';

export const TOOLS: readonly ToolDefinition[] = [
  polisAccount,
  polisEstimate,
  polisTest,
  polisStatus,
  polisReport,
  polisAsk,
  polisThread,
  polisTopup,
];

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(
  TOOLS.map((tool) => [tool.name, tool]),
);

export const SPENDING_TOOLS: ReadonlySet<string> = new Set(
  TOOLS.filter((tool) => tool.spends).map((tool) => tool.name),
);
