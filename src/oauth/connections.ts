// An account's OAuth connections (WOP grants): listing and revoking them, for /app and admin.
import type { GrantSummary, OAuthHelpers } from '@cloudflare/workers-oauth-provider';

export interface Connection {
  grant_id: string;
  client_id: string;
  client_name: string | null;
  scope: string[];
  authorized_at: string;
}

/** Every grant of the account (paged through), newest first, with the client's name. */
export async function listConnections(
  oauth: OAuthHelpers,
  accountId: string,
): Promise<Connection[]> {
  const grants: GrantSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await oauth.listUserGrants(accountId, { limit: 1000, cursor });
    grants.push(...page.items);
    cursor = page.cursor;
  } while (cursor);

  const names = new Map<string, string | null>();
  for (const clientId of new Set(grants.map((grant) => grant.clientId))) {
    names.set(clientId, await clientName(oauth, clientId));
  }
  return grants
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((grant) => ({
      grant_id: grant.id,
      client_id: grant.clientId,
      client_name: names.get(grant.clientId) ?? null,
      scope: grant.scope,
      authorized_at: new Date(grant.createdAt * 1000).toISOString(),
    }));
}

async function clientName(oauth: OAuthHelpers, clientId: string): Promise<string | null> {
  try {
    return (await oauth.lookupClient(clientId))?.clientName ?? null;
  } catch {
    return null; // a metadata-document client whose document can't be fetched right now
  }
}

/** Revokes one grant (with its tokens) if it belongs to the account; false when it does not. */
export async function revokeConnection(
  oauth: OAuthHelpers,
  accountId: string,
  grantId: string,
): Promise<boolean> {
  const owned = (await listConnections(oauth, accountId)).some((c) => c.grant_id === grantId);
  if (!owned) return false;
  await oauth.revokeGrant(grantId, accountId);
  return true;
}

/** Revokes every grant of the account; returns how many there were. */
export async function revokeAllConnections(
  oauth: OAuthHelpers,
  accountId: string,
): Promise<number> {
  const connections = await listConnections(oauth, accountId);
  for (const connection of connections) await oauth.revokeGrant(connection.grant_id, accountId);
  return connections.length;
}
