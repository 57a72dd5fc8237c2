// The MCP server: the official SDK's low-level Server with our own tools/list and tools/call,
// so that argument validation produces Polis's tool errors (with `field`) rather than the
// SDK's generic text. One instance per request: the endpoint is stateless.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker-provider.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { usageOf } from '../billing/usage';
import { issueField } from '../lib/json-errors';
import { log } from '../lib/log';
import { toolFailure, toolSuccess, ToolError } from './result';
import type { ToolContext, ToolDefinition } from './tool';
import { TOOLS, TOOLS_BY_NAME } from './tools';

export const SERVER_INFO = { name: 'polis', title: 'Polis', version: '0.1.0' };

const INSTRUCTIONS =
  'Polis shows your content to a simulated audience of personas and reports how they reacted. ' +
  'Typical flow: polis_estimate (free) → polis_test (charged) → poll polis_status → ' +
  'polis_report → optionally polis_ask follow-ups. Every result carries `_usage`.';

// Computed once per isolate: tools/list is the same for every caller.
const TOOL_LIST: Tool[] = TOOLS.map((tool) => ({
  name: tool.name,
  title: tool.title,
  description: tool.description,
  inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as Tool['inputSchema'],
  annotations: { title: tool.title, ...tool.annotations },
}));

export function createMcpServer(ctx: ToolContext): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOL_LIST }));

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = TOOLS_BY_NAME.get(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    return callTool(tool, request.params.arguments ?? {}, ctx);
  });

  return server;
}

/** Validates, runs, and shapes the result; unexpected errors become `internal`, logged once. */
export async function callTool(
  tool: ToolDefinition,
  args: unknown,
  ctx: ToolContext,
): Promise<CallToolResult> {
  // reportInput: tells a missing field (input undefined) from a present one of the wrong type.
  const parsed = tool.input.safeParse(args, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field =
      issue.code === 'unrecognized_keys'
        ? [...issue.path.map(String), issue.keys[0]].join('.')
        : issueField(issue);
    const error = new ToolError('invalid_input', describeIssue(issue), field);
    return toolFailure(error, usageOf(ctx.account, ctx.balance));
  }

  try {
    const payload = await tool.run(parsed.data, ctx);
    return toolSuccess(payload, usageOf(ctx.account, ctx.balance));
  } catch (error) {
    if (error instanceof ToolError) return toolFailure(error, usageOf(ctx.account, ctx.balance));
    log('error', 'tool.failed', {
      request_id: ctx.requestId,
      tool: tool.name,
      account_id: ctx.account.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    const internal = new ToolError(
      'internal',
      `Polis hit an unexpected error. Nothing was charged for it. Request id: ${ctx.requestId}`,
      undefined,
      { request_id: ctx.requestId },
    );
    return toolFailure(internal, usageOf(ctx.account, ctx.balance));
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issueField(issue);
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  }
  if (issue.input === undefined && field && issue.code !== 'custom') {
    return `${field} is required`;
  }
  if (issue.code === 'invalid_value' && field) {
    return `${field} must be one of: ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && field) {
    return `${field} must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
  }
  return issue.message;
}
