// POST /api/provision and GET /start (SPEC §3): an agent or a shell gets an account and a key.
import { z } from 'zod';
import { TRIAL_TOKENS } from '../billing/catalogue';
import type { Config } from '../config';
import { issueField, jsonError, readJsonBody } from '../lib/json-errors';
import { log, maskEmail } from '../lib/log';
import { createAccountWithKey, emailSchema, EmailTakenError } from './service';

const provisionBody = z.object({ email: emailSchema }, { error: 'the body must be a JSON object' });

export async function provision(
  request: Request,
  db: D1Database,
  config: Config,
  paymentsOn = false,
): Promise<Response> {
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;

  const parsed = provisionBody.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return jsonError(400, 'invalid_input', issue.message, { field: issueField(issue) ?? 'email' });
  }

  try {
    const created = await createAccountWithKey(db, parsed.data.email, 'provision');
    log('info', 'account.provisioned', {
      account_id: created.account.id,
      email: maskEmail(created.account.email),
    });
    const payload = {
      account_id: created.account.id,
      email: created.account.email,
      api_key: created.apiKey,
      api_key_id: created.apiKeyId,
      mcp_url: config.mcpUrl,
      // Subscribing is done by the person: the page asks them to sign in (with this key).
      checkout_url: paymentsOn ? `${config.origin}/app/billing/subscribe?plan=pro` : null,
      trial_tokens: TRIAL_TOKENS,
    };
    return new Response(JSON.stringify(payload), {
      status: 201,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    // Never a key for an address the caller may not own: the owner signs in to make one.
    return jsonError(
      409,
      'conflict',
      `This email already has an account. Sign in at ${config.origin}/app to create an API key.`,
      { field: 'email' },
    );
  }
}

/** The shell installer. Everything it prints comes from the server's JSON, parsed without jq. */
export function startScript(config: Config): Response {
  const notAnEmail =
    'echo "polis: \\"$email\\" does not look like an email address" >&2; exit 2 ;;';
  const script = `#!/bin/sh
# Polis: create an account and print its API key and MCP URL.
# Usage: curl -fsSL ${config.origin}/start | sh -s -- you@example.com
set -eu
email="\${1:-}"
if [ -z "$email" ]; then
  echo "usage: curl -fsSL ${config.origin}/start | sh -s -- you@example.com" >&2
  exit 2
fi
case "$email" in
  *[!A-Za-z0-9@._+-]*|*@*@*|@*|*@) ${notAnEmail}
  *@*) ;;
  *) ${notAnEmail}
esac
command -v curl >/dev/null 2>&1 || { echo "polis: curl is required" >&2; exit 1; }

body=$(curl -sS -X POST -H 'Content-Type: application/json' \\
  --data "{\\"email\\":\\"$email\\"}" -w '\\n%{http_code}' '${config.origin}/api/provision')
status=$(printf '%s\\n' "$body" | tail -n 1)
json=$(printf '%s\\n' "$body" | sed '$d')

field() { printf '%s' "$json" | sed -n "s/.*\\"$1\\":\\"\\([^\\"]*\\)\\".*/\\1/p"; }

if [ "$status" != "201" ]; then
  message=$(field message)
  echo "polis: \${message:-the server answered $status}" >&2
  exit 1
fi

echo "Polis account created for $email"
echo
echo "  API key:   $(field api_key)"
echo "  MCP URL:   $(field mcp_url)"
checkout=$(field checkout_url)
if [ -n "$checkout" ]; then echo "  Checkout:  $checkout"; fi
echo
echo "The key is shown once. Keep it secret; send it as: Authorization: Bearer <key>"
echo "Manage keys, connections and billing at ${config.origin}/app"
`;
  return new Response(script, {
    headers: {
      'Content-Type': 'text/x-shellscript; charset=utf-8',
      'Cache-Control': 'no-store',
    },
  });
}
