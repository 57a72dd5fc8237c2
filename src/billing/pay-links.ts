// Pay links (`/pay/<pack>?account=…&sig=…`) need no sign-in, because paying for an account is
// harmless; the signature makes sure only Polis can mint one, so nobody can open checkouts for
// an account id they guessed or saw (a checkout shows the account's email).
import { constantTimeEqual } from '../lib/crypto';

async function sign(secret: string, accountId: string, pack: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  // Domain separation: this HMAC of the Stripe key is used for pay links and nothing else.
  const message = new TextEncoder().encode(`polis-pay-link:v1:${accountId}:${pack}`);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  return btoa(String.fromCharCode(...mac.slice(0, 18)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export async function payLink(
  origin: string,
  secret: string,
  accountId: string,
  pack: string,
): Promise<string> {
  const sig = await sign(secret, accountId, pack);
  return `${origin}/pay/${pack}?account=${encodeURIComponent(accountId)}&sig=${sig}`;
}

export async function payLinkValid(
  secret: string,
  accountId: string,
  pack: string,
  sig: string | undefined,
): Promise<boolean> {
  if (!sig) return false;
  return constantTimeEqual(sig, await sign(secret, accountId, pack));
}
