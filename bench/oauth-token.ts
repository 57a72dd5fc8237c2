// An OAuth access token for the benchmark, obtained the way a connector does: register,
// authorize (signing in with the account's API key), approve, exchange the code with PKCE.
import { createHash, randomBytes } from 'node:crypto';

const base64url = (bytes: Buffer) => bytes.toString('base64url');

class Jar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair!.slice(0, eq));
      else this.cookies.set(pair!.slice(0, eq), value);
    }
  }
}

export async function oauthToken(origin: string, apiKey: string): Promise<string> {
  const redirect = 'http://127.0.0.1:9/callback';
  const registered = await fetch(`${origin}/api/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Polis benchmark',
      redirect_uris: [redirect],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  const client = (await registered.json()) as { client_id: string };

  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const authorize = new URL(`${origin}/oauth/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirect,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'polis:read polis:run',
    state: 'bench',
    resource: `${origin}/api/mcp`,
  })) {
    authorize.searchParams.set(name, value);
  }

  const jar = new Jar();
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return body;
  };
  const post = async (url: string, fields: Record<string, string | string[]>) => {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Origin: origin,
        Cookie: jar.header(),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form(fields),
    });
    jar.take(response);
    return response;
  };

  const signedIn = await post(`${origin}/sign-in`, {
    api_key: apiKey,
    return_to: authorize.pathname + authorize.search,
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  const consent = await fetch(authorize, { headers: { Cookie: jar.header() }, redirect: 'manual' });
  jar.take(consent);
  const handle = /name="handle" value="([^"]+)"/.exec(await consent.text())?.[1];
  if (!handle) throw new Error('no consent handle on the authorize page');
  const approved = await post(authorize.toString(), {
    handle,
    decision: 'approve',
    scope: ['polis:read', 'polis:run'],
  });
  const code = new URL(approved.headers.get('Location')!).searchParams.get('code');
  if (!code) throw new Error(`approval answered ${approved.status} without a code`);

  const token = await fetch(`${origin}/api/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      client_id: client.client_id,
      code_verifier: verifier,
      resource: `${origin}/api/mcp`,
    }),
  });
  const tokens = (await token.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error(`token exchange answered ${token.status}`);
  return tokens.access_token;
}
