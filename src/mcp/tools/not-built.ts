// The answer of a tool whose capability has not been built on this server yet: a clear tool
// error (after the input has been validated), never a made-up result.
import { ToolError } from '../result';

export function notBuiltYet(tool: string, what: string): never {
  throw new ToolError(
    'internal',
    `${tool} is not available on this server yet: ${what} has not been built. Nothing was charged.`,
  );
}
