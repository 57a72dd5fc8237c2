// Plain-fetch helpers for the real dev server: one JSON-RPC call to /api/mcp, provisioning an
// account, and the admin routes.

export interface RpcAnswer {
  status: number;
  headers: Headers;
  /** The tool result's structured payload (tools/call), or the raw JSON-RPC result. */
  result?: { isError?: boolean; structuredContent?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  error?: { code: number; message: string };
}

export async function mcp(
  origin: string,
  bearer: string,
  method: string,
  params: unknown = {},
): Promise<RpcAnswer> {
  const response = await fetch(`${origin}/api/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bearer}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Omit<RpcAnswer, 'status' | 'headers'>) : {};
  return { status: response.status, headers: response.headers, ...body };
}

/** tools/call, returning the structured payload; the caller checks `isError`. */
export async function tool(
  origin: string,
  bearer: string,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ isError: boolean; payload: Record<string, unknown> & { _usage: Usage } }> {
  const answer = await mcp(origin, bearer, 'tools/call', { name, arguments: args });
  if (answer.status !== 200 || !answer.result?.structuredContent) {
    throw new Error(`${name} answered ${answer.status}: ${JSON.stringify(answer)}`);
  }
  return {
    isError: answer.result.isError === true,
    payload: answer.result.structuredContent as Record<string, unknown> & { _usage: Usage },
  };
}

export interface Usage {
  plan: string;
  included_remaining: number;
  purchased_remaining: number;
  in_overage: boolean;
}

export interface Provisioned {
  account_id: string;
  email: string;
  api_key: string;
  api_key_id: string;
}

export async function provision(origin: string, email: string): Promise<Provisioned> {
  const response = await fetch(`${origin}/api/provision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 201) {
    throw new Error(`provisioning ${email} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Provisioned;
}

/** An admin route with the ADMIN_TOKEN bearer; returns status and JSON body. */
export async function admin(
  origin: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls polis_status until the run is done; returns its final status payload. */
export async function settle(
  origin: string,
  bearer: string,
  runId: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { payload } = await tool(origin, bearer, 'polis_status', { run_id: runId });
    if (payload.done === true) return payload;
    if (Date.now() > until) throw new Error(`run ${runId} not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
