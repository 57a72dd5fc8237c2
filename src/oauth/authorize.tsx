// GET and POST /oauth/authorize: the person signs in, sees who is asking, and approves or
// denies. WOP validates the request and keeps it server-side behind a single-use,
// browser-bound consent handle; the form carries nothing else we trust.
import {
  AuthorizationError,
  CimdFetchError,
  type AuthRequest,
} from '@cloudflare/workers-oauth-provider';
import type { Context } from 'hono';
import { signedInAccount } from '../auth/session';
import type { Env } from '../env';
import { log } from '../lib/log';
import type { AuthProps } from '../mcp/handler';
import { html } from '../web/layout';
import { ConsentPage, MessagePage, SignInPage } from '../web/pages';
import { knownScopes, SCOPES } from './scopes';

type Ctx = Context<{ Bindings: Env }>;

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

  const details = await oauth.describeConsent(request);
  const consent = await oauth.beginConsent(request);
  // Unknown scopes (openid, email, profile…) are dropped, never an error (SECURITY pitfall 27).
  const requested = knownScopes(request.scope);
  const checked = requested.length > 0 ? requested : [...SCOPES.all];
  const page = (
    <ConsentPage
      details={details}
      handle={consent.handle}
      email={account.email}
      checked={checked}
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

    if (form.get('decision') !== 'approve') {
      const denied = await oauth.denyConsent(c.req.raw, handle);
      return new Response(null, { status: 302, headers: denied.headers });
    }

    const scope = knownScopes(form.getAll('scope').map(String));
    if (scope.length === 0) {
      const denied = await oauth.denyConsent(c.req.raw, handle, {
        description: 'The person granted no access',
      });
      return new Response(null, { status: 302, headers: denied.headers });
    }

    const approved = await oauth.approveConsent(c.req.raw, handle, { scope });
    const props: AuthProps = { via: 'oauth', accountId: account.id };
    const { redirectTo } = await oauth.completeAuthorization({
      request: approved.request,
      userId: account.id,
      metadata: { approvedAt: Date.now() },
      scope,
      props,
      // Several processes of one client share its registration: approving again must not
      // sign the person out of the others (SECURITY pitfall 19).
      revokeExistingGrants: false,
    });
    log('info', 'oauth.approved', {
      account_id: account.id,
      client_id: approved.request.clientId,
      scope,
    });
    approved.headers.set('Location', redirectTo);
    return new Response(null, { status: 302, headers: approved.headers });
  } catch (error) {
    return authorizeFailure(error);
  }
}

function authorizeFailure(error: unknown): Response {
  if (error instanceof AuthorizationError && error.redirectTo) {
    // The client and its exact redirect URI were validated: the error may go back to it.
    return Response.redirect(error.redirectTo, 302);
  }
  if (error instanceof AuthorizationError) {
    log('info', 'oauth.authorize_refused', { code: error.code, description: error.description });
    return html(
      <MessagePage
        title="This sign-in link can't be used"
        message={error.description}
        next="Go back to the app that sent you here and start connecting again."
      />,
      400,
    );
  }
  if (error instanceof CimdFetchError) {
    log('warn', 'oauth.cimd_failed', { reason: error.reason });
    return html(
      <MessagePage
        title="This app could not be verified"
        message="Polis could not read the app's published description, so it cannot be connected right now."
        next="Try again in a minute; if it keeps failing, the app's publisher needs to fix it."
      />,
      400,
    );
  }
  throw error;
}
