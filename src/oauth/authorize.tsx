// GET and POST /oauth/authorize: the person signs in, sees who is asking, and approves or
// denies. WOP validates the request and keeps it server-side behind a single-use,
// browser-bound consent handle; we bind the handle to the signed-in account as well. The form
// carries nothing else we trust.
import {
  AuthorizationError,
  CimdFetchError,
  type AuthRequest,
  type RememberConsentOptions,
} from '@cloudflare/workers-oauth-provider';
import type { Context } from 'hono';
import { signedInAccount } from '../auth/session';
import type { Env } from '../env';
import { log } from '../lib/log';
import type { AuthProps } from '../mcp/handler';
import type { Account } from '../storage/accounts';
import { html } from '../web/layout';
import { ConsentPage, MessagePage, SignInPage } from '../web/pages';
import { bindConsent, consentAccount } from './consent-binding';
import { knownScopes, SCOPES } from './scopes';

type Ctx = Context<{ Bindings: Env }>;

/** Remembered consent needs a signing secret (WOP: 32+ characters); without one it is off. */
function rememberOptions(env: Env, account: Account): RememberConsentOptions | null {
  const secret = env.CONSENT_SECRET;
  return secret && secret.length >= 32 ? { secret, subject: account.id } : null;
}

export async function showAuthorize(c: Ctx): Promise<Response> {
  const oauth = c.env.OAUTH_PROVIDER;
  let request: AuthRequest;
  try {
    request = await oauth.parseAuthRequest(c.req.raw);
  } catch (error) {
    return authorizeFailure(error);
  }

  const account = await signedInAccount(c, c.env.DB);
  if (!account) {
    const url = new URL(c.req.url);
    return html(<SignInPage returnTo={url.pathname + url.search} />);
  }

  // Unknown scopes (openid, email, profile…) are dropped, never an error (SECURITY pitfall 27).
  const requested = knownScopes(request.scope);
  const remember = rememberOptions(c.env, account);
  const narrowed = { ...request, scope: requested };
  if (remember && requested.length > 0) {
    // An approval this person gave this client (same redirect and resource) within 30 days
    // covers these scopes: no page.
    if (await oauth.isConsentRemembered(c.req.raw, narrowed, remember)) {
      log('info', 'oauth.approved_remembered', {
        account_id: account.id,
        client_id: request.clientId,
      });
      return complete(c, narrowed, account, requested, new Headers());
    }
  }

  const details = await oauth.describeConsent(request);
  const consent = await oauth.beginConsent(request);
  await bindConsent(c.env.DB, consent.handle, account.id);
  const checked = requested.length > 0 ? requested : [...SCOPES.all];
  const page = (
    <ConsentPage
      details={details}
      handle={consent.handle}
      email={account.email}
      checked={checked}
      rememberable={remember !== null}
    />
  );
  return html(page, 200, consent.headers);
}

export async function submitAuthorize(c: Ctx): Promise<Response> {
  const oauth = c.env.OAUTH_PROVIDER;
  const form = await c.req.formData();
  const handle = String(form.get('handle') ?? '');
  try {
    const account = await signedInAccount(c, c.env.DB);
    if (!account) {
      return html(
        <MessagePage
          title="Signed out"
          message="Your sign-in ended before you answered, so nothing was approved."
          next="Go back to the app that sent you here and connect again."
        />,
        401,
      );
    }

    // The page was shown to one account; only that account may answer it (SECURITY pitfall 5).
    const shownTo = await consentAccount(c.env.DB, handle);
    if (shownTo !== account.id) {
      log('info', 'oauth.consent_account_mismatch', { account_id: account.id, known: !!shownTo });
      return shownTo ? accountMismatchPage(account) : expiredPage();
    }

    if (form.get('decision') !== 'approve') {
      const denied = await oauth.denyConsent(c.req.raw, handle);
      log('info', 'oauth.denied', { account_id: account.id, client_id: denied.request.clientId });
      return new Response(null, { status: 302, headers: denied.headers });
    }

    const scope = knownScopes(form.getAll('scope').map(String));
    if (scope.length === 0) {
      const denied = await oauth.denyConsent(c.req.raw, handle, {
        description: 'The person granted no access',
      });
      return new Response(null, { status: 302, headers: denied.headers });
    }

    const remember = form.get('remember') === 'yes' ? rememberOptions(c.env, account) : null;
    const approved = await oauth.approveConsent(c.req.raw, handle, {
      scope,
      ...(remember ? { remember } : {}),
    });
    return await complete(c, approved.request, account, scope, approved.headers);
  } catch (error) {
    return authorizeFailure(error);
  }
}

async function complete(
  c: Ctx,
  request: AuthRequest,
  account: Account,
  scope: string[],
  headers: Headers,
): Promise<Response> {
  const props: AuthProps = { via: 'oauth', accountId: account.id };
  const { redirectTo } = await c.env.OAUTH_PROVIDER.completeAuthorization({
    request,
    userId: account.id,
    metadata: { approvedAt: Date.now() },
    scope,
    props,
    // Several processes of one client share its registration: approving again must not
    // sign the person out of the others (SECURITY pitfall 19).
    revokeExistingGrants: false,
  });
  log('info', 'oauth.approved', { account_id: account.id, client_id: request.clientId, scope });
  headers.set('Location', redirectTo);
  headers.set('Cache-Control', 'no-store');
  return new Response(null, { status: 302, headers });
}

function accountMismatchPage(account: Account): Response {
  return html(
    <MessagePage
      title="Signed in as a different account"
      message={
        'This authorization was not started in this browser by the account signed in now ' +
        `(${account.email}), so nothing was approved.`
      }
      next={
        'Go back to the app that sent you here and connect again while signed in as the ' +
        'account it should use.'
      }
    />,
    400,
  );
}

function expiredPage(): Response {
  return html(
    <MessagePage
      title="This authorization has expired"
      message={
        'This authorization expired or was already used, so nothing was approved. An ' +
        'authorization page works once, for 10 minutes.'
      }
      next="Go back to the app that sent you here and connect again."
    />,
    400,
  );
}

function authorizeFailure(error: unknown): Response {
  if (error instanceof AuthorizationError && error.redirectTo) {
    // The client and its exact redirect URI were validated: the error may go back to it.
    return Response.redirect(error.redirectTo, 302);
  }
  if (error instanceof AuthorizationError) {
    log('info', 'oauth.authorize_refused', { code: error.code, description: error.description });
    return html(<MessagePage {...refusalText(error.description)} />, 400);
  }
  if (error instanceof CimdFetchError) {
    log('warn', 'oauth.cimd_failed', { reason: error.reason });
    return html(
      <MessagePage
        title="This app could not be verified"
        message={
          "Polis could not read the app's published description, so it cannot be connected " +
          'right now.'
        }
        next="Try again in a minute; if it keeps failing, the app's publisher needs to fix it."
      />,
      400,
    );
  }
  throw error;
}

/** What a person reads for each of WOP's refusals (its descriptions are fixed strings). */
function refusalText(description: string): { title: string; message: string; next: string } {
  const again = 'Go back to the app that sent you here and start connecting again.';
  if (description === 'Invalid client_id' || description === 'client_id is required') {
    return {
      title: 'Unknown app',
      message:
        "Polis doesn't know the app that sent you here: it may have been removed, or the link " +
        'is incomplete.',
      next: 'Remove Polis from the app and add it again, so it can register afresh.',
    };
  }
  if (description.startsWith('This authorization expired or was already used')) {
    return {
      title: 'This authorization has expired',
      message:
        'This authorization expired or was already used, so nothing was approved. An ' +
        'authorization page works once, for 10 minutes.',
      next: again,
    };
  }
  if (description.startsWith('This authorization')) {
    return {
      title: 'Started in another browser',
      message: `${description.replace(/; start again$/, '')}, so nothing was approved.`,
      next: again,
    };
  }
  return { title: "This sign-in link can't be used", message: description, next: again };
}
