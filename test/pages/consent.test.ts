// The consent page as a person meets it: signing in by email on the way, what it says about
// the app, forged and tampered answers, a handle answered by another account, remembered
// consent, and the pages for expired requests and unknown apps.
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  consentHandle,
  exchangeCode,
  ORIGIN,
  pkcePair,
  registerClient,
  uniqueEmail,
} from '../helpers';
import { sha256Hex } from '../../src/lib/crypto';
import { expectPageHeaders, Person, watchLog } from './people';

beforeEach(() => {
  watchLog();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Opens the authorization URL, signing in by email when asked; returns the consent page. */
async function consentPage(person: Person, url: string, email: string) {
  let response = await person.fetch(url);
  let page = await response.text();
  if (page.includes('name="api_key"')) {
    const target = new URL(url);
    const signedIn = await person.signInWithEmail(email, target.pathname + target.search);
    response = await person.fetch(new URL(signedIn.headers.get('Location')!, ORIGIN).toString());
    page = await response.text();
  }
  expect(response.status).toBe(200);
  return { response, page, handle: consentHandle(page) };
}

async function newFlow(metadata: Record<string, unknown> = {}) {
  const client = await registerClient(metadata);
  const { verifier, challenge } = await pkcePair();
  return { client, verifier, url: authorizeUrl(client, { challenge }) };
}

describe('what the consent page says', () => {
  it('reaches consent through the email sign-in and shows the page headers', async () => {
    const { url } = await newFlow();
    const { response, page } = await consentPage(new Person(), url, uniqueEmail('consent'));
    expectPageHeaders(response);
    expect(page).toContain('Allow Test Connector to use your Polis account?');
    expect(page).toMatch(/<button type="submit" name="decision" value="approve">Approve/);
    expect(page).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny/);
  });

  it('renders markup in a client name inert', async () => {
    const name = '<img src=x onerror=alert(1)><b>Claude</b>';
    const { url } = await newFlow({ client_name: name });
    const { page } = await consentPage(new Person(), url, uniqueEmail());
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>Claude</b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;Claude&lt;/b&gt;');
  });

  it('marks a self-registered app as unverified', async () => {
    const { url } = await newFlow();
    const { page } = await consentPage(new Person(), url, uniqueEmail());
    expect(page).toContain('<span class="badge warn">Unverified</span>');
  });

  it('warns that a private-use redirect goes to an app on this computer', async () => {
    const { url } = await newFlow({
      redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'],
    });
    const { page } = await consentPage(new Person(), url, uniqueEmail());
    expect(page).toContain(
      'This sends access to an app on your computer (cursor://anysphere.cursor-mcp/…)',
    );
  });

  it('has no app-on-your-computer warning for an https redirect', async () => {
    const { url } = await newFlow();
    const { page } = await consentPage(new Person(), url, uniqueEmail());
    expect(page).not.toContain('app on your computer');
    expect(page).not.toContain('app on your own computer');
  });

  it('lets a person grant read-only access and withhold spending', async () => {
    const { client, verifier, url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    const approved = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
    });
    const code = new URL(approved.headers.get('Location')!).searchParams.get('code')!;
    const tokens = await (await exchangeCode(client, code, verifier)).json<{ scope: string }>();
    expect(tokens.scope).toBe('polis:read');
  });
});

describe('answers that are forged or tampered with', () => {
  it('refuses a consent POST from another Origin with a page, consuming nothing', async () => {
    const { url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    const forged = await person.postForm(
      url,
      { handle, decision: 'approve', scope: 'polis:read' },
      { Origin: 'https://evil.example.com' },
    );
    expect(forged.status).toBe(403);
    expectPageHeaders(forged);
    expect(await forged.text()).toContain('This form came from another site');
    const genuine = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
    });
    expect(genuine.status).toBe(302);
  });

  it('refuses a tampered handle with a page', async () => {
    const { url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    const tampered = `${handle.slice(0, -2)}xx`;
    const response = await person.postForm(url, { handle: tampered, decision: 'approve' });
    expect(response.status).toBe(400);
    expect(response.headers.get('Location')).toBeNull();
    expectPageHeaders(response);
    expect(await response.text()).toContain('This authorization has expired');
  });

  it('ignores redirect and client fields added to the form', async () => {
    const { client, url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    const approved = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'admin', 'polis:run'],
      redirect_uri: 'https://evil.example.com/cb',
      client_id: 'someone-else',
    });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('Location')!);
    expect(back.origin + back.pathname).toBe(client.redirect_uris[0]);
  });

  it('refuses a handle shown to one account and answered after signing in as another', async () => {
    const { url } = await newFlow();
    const person = new Person();
    const first = uniqueEmail('first');
    const { handle } = await consentPage(person, url, first);

    // Same browser (the consent binding cookie is still there), another account signed in.
    const second = uniqueEmail('second');
    await person.signInWithEmail(second);
    const refused = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'polis:run'],
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('Location')).toBeNull();
    const page = await refused.text();
    expect(page).toContain('Signed in as a different account');
    expect(page).toContain(second);

    // Nothing was consumed: the account the page was shown to can still answer it.
    await person.signInWithEmail(first);
    const approved = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
    });
    expect(approved.status).toBe(302);
    expect(new URL(approved.headers.get('Location')!).searchParams.get('code')).toBeTruthy();
  });
});

describe('pages for requests that cannot go on', () => {
  it('explains an authorization that expired while the page was open', async () => {
    const { url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    await env.OAUTH_KV.delete(`transaction:${await sha256Hex(handle)}`);
    const response = await person.postForm(url, { handle, decision: 'approve' });
    expect(response.status).toBe(400);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('This authorization has expired');
    expect(page).toContain('connect');
    expect(page).not.toMatch(/^\s*\{/);
  });

  it('explains an unknown app', async () => {
    const { challenge } = await pkcePair();
    const url = authorizeUrl(
      { client_id: 'no-such-client', redirect_uris: ['https://client.example.com/callback'] },
      { challenge },
    );
    const response = await new Person().fetch(url);
    expect(response.status).toBe(400);
    expectPageHeaders(response);
    const page = await response.text();
    expect(page).toContain('Unknown app');
    expect(page).toContain('add it again');
  });

  it('explains a sign-in that ended before the answer', async () => {
    const { url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    await person.postForm(`${ORIGIN}/sign-out`, {});
    const response = await person.postForm(url, { handle, decision: 'approve' });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Your sign-in ended before you answered');
  });
});

describe('remembered consent', () => {
  it('skips the page for the same app, browser and account once remembered', async () => {
    const { client, url } = await newFlow();
    const person = new Person();
    const email = uniqueEmail('remember');
    const { page, handle } = await consentPage(person, url, email);
    expect(page).toContain('name="remember" value="yes"');
    const approved = await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: ['polis:read', 'polis:run'],
      remember: 'yes',
    });
    expect(approved.headers.getAll('Set-Cookie').join('\n')).toContain('__Host-oauth-approvals');

    const { challenge } = await pkcePair();
    const again = await person.fetch(authorizeUrl(client, { challenge }));
    expect(again.status).toBe(302);
    const back = new URL(again.headers.get('Location')!);
    expect(back.origin + back.pathname).toBe(client.redirect_uris[0]);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('asks again without the box ticked, and for another account in the same browser', async () => {
    const { client, url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail('a'));
    await person.postForm(url, { handle, decision: 'approve', scope: 'polis:read' });
    const { challenge } = await pkcePair();
    const asked = await person.fetch(authorizeUrl(client, { challenge }));
    expect(await asked.text()).toContain('name="handle"');

    const other = await newFlow();
    const { handle: handle2 } = await consentPage(person, other.url, uniqueEmail('b'));
    await person.postForm(other.url, {
      handle: handle2,
      decision: 'approve',
      scope: 'polis:read',
      remember: 'yes',
    });
    await person.signInWithEmail(uniqueEmail('c'));
    const third = await person.fetch(authorizeUrl(other.client, { challenge }));
    expect(third.status).toBe(200);
    expect(await third.text()).toContain('name="handle"');
  });

  it('asks again when the app wants more than was approved', async () => {
    const { client, url } = await newFlow();
    const person = new Person();
    const { handle } = await consentPage(person, url, uniqueEmail());
    await person.postForm(url, {
      handle,
      decision: 'approve',
      scope: 'polis:read',
      remember: 'yes',
    });
    const { challenge } = await pkcePair();
    const more = await person.fetch(
      authorizeUrl(client, { challenge, scope: 'polis:read polis:run' }),
    );
    expect(more.status).toBe(200);
    const readOnly = await person.fetch(authorizeUrl(client, { challenge, scope: 'polis:read' }));
    expect(readOnly.status).toBe(302);
  });
});
