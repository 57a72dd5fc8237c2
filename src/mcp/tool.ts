// What a tool is: a name, a model-facing description, a zod input schema, whether it spends,
// and the function that runs it. Each tool lives in its own file under tools/.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Config } from '../config';
import type { Env } from '../env';
import type { Balance } from '../billing/charge';
import type { Account } from '../storage/accounts';

export interface ToolContext {
  env: Env;
  config: Config;
  account: Account;
  /** The balance as of this request; a tool that charges replaces it with the new one. */
  balance: Balance;
  /** Stripe's status of the account's subscription (null without one), read with the account. */
  subscriptionStatus: string | null;
  /** How the caller authenticated, for logs and audit. */
  via: 'api_key' | 'oauth';
  requestId: string;
  waitUntil: (work: Promise<unknown>) => void;
}

export interface ToolDefinition<Input extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: Input;
  /** Spending tools need the `polis:run` scope. */
  spends: boolean;
  annotations: ToolAnnotations;
  run(input: z.output<Input>, ctx: ToolContext): Promise<Record<string, unknown>>;
}

export function defineTool<Input extends z.ZodType>(tool: ToolDefinition<Input>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}
