// Endpoints, scopes and lifetimes for the oauth and discovery pages, from the provider's own
// constants and built on the configured origin.
import { TOOLS } from '../mcp/tools';
import { ACCESS_TOKEN_TTL, GRANT_TTL, MAX_REDIRECT_URIS, OAUTH_PATHS } from '../oauth/provider';
import { SCOPE_DESCRIPTIONS, SCOPES } from '../oauth/scopes';
import { code, mdTable, type DocsContext } from './md';

const RESOURCE_METADATA = '/.well-known/oauth-protected-resource';
const AUTHORIZATION_SERVER_METADATA = '/.well-known/oauth-authorization-server';

export function oauthEndpoints({ origin }: DocsContext): string {
  const rows = [
    ['protected resource metadata (RFC 9728)', 'GET', `${origin}${RESOURCE_METADATA}`],
    [
      'authorization server metadata (RFC 8414)',
      'GET',
      `${origin}${AUTHORIZATION_SERVER_METADATA}`,
    ],
    ['dynamic client registration (RFC 7591)', 'POST', `${origin}${OAUTH_PATHS.register}`],
    ['authorization: sign-in and consent', 'GET', `${origin}${OAUTH_PATHS.authorize}`],
    ['token, refresh and revocation (RFC 7009)', 'POST', `${origin}${OAUTH_PATHS.token}`],
    ['the MCP endpoint (the protected resource)', 'POST', `${origin}${OAUTH_PATHS.mcp}`],
  ];
  return mdTable(
    ['purpose', 'method', 'URL'],
    rows.map(([purpose, method, url]) => [purpose!, method!, code(url!)]),
  );
}

export function discoveryTable({ origin }: DocsContext): string {
  const rows: [string, string, string][] = [
    [RESOURCE_METADATA, 'JSON', 'protected resource metadata for the MCP endpoint (RFC 9728)'],
    [
      `${RESOURCE_METADATA}${OAUTH_PATHS.mcp}`,
      'JSON',
      'the same document, at the path RFC 9728 §3 derives from the resource',
    ],
    [AUTHORIZATION_SERVER_METADATA, 'JSON', 'authorization server metadata (RFC 8414)'],
    ['/llms.txt', 'text', 'an index of these docs for language models'],
    ['/llms-full.txt', 'text', 'every doc page in one file'],
    ['/docs', 'HTML', 'these docs; each page is also at /docs/<page>.md, as Markdown'],
    ['/', 'JSON', 'the service: its name, the MCP URL and the one-line installer'],
    ['/start', 'shell', 'the installer script: makes an account and prints a key'],
  ];
  return mdTable(
    ['URL', 'format', 'what it is'],
    rows.map(([path, format, what]) => [code(`${origin}${path}`), format, what]),
  );
}

export function scopesTable(): string {
  const rows = SCOPES.all.map((scope) => {
    const spends = scope === SCOPES.run;
    const tools = TOOLS.filter((tool) => tool.spends === spends).map((tool) => code(tool.name));
    return [code(scope), SCOPE_DESCRIPTIONS[scope] ?? '', tools.join(', ')];
  });
  return mdTable(['scope', 'what it allows', 'tools'], rows);
}

/** 3600 → "1 hour", 15552000 → "180 days". */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, name] = units.find(([size]) => seconds % size === 0 && seconds >= size)!;
  const count = seconds / size;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

export const OAUTH_VALUES: Record<string, (ctx: DocsContext) => string> = {
  access_token_ttl: () => duration(ACCESS_TOKEN_TTL),
  grant_ttl: () => duration(GRANT_TTL),
  max_redirect_uris: () => String(MAX_REDIRECT_URIS),
  scope_read: () => code(SCOPES.read),
  scope_run: () => code(SCOPES.run),
};
