// The pages of the sign-in and consent flow. Everything from a client (its name, host, scopes)
// is rendered through JSX, which escapes it.
import type { ConsentDescription } from '@cloudflare/workers-oauth-provider';
import { SCOPE_DESCRIPTIONS } from '../oauth/scopes';
import { Layout } from './layout';

export function SignInPage(props: { returnTo: string; error?: string }) {
  return (
    <Layout title="Sign in">
      <h1>Sign in to Polis</h1>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/sign-in">
        <input type="hidden" name="return_to" value={props.returnTo} />
        <label for="api_key">API key</label>
        <input
          id="api_key"
          name="api_key"
          type="password"
          autocomplete="off"
          required
          placeholder="sk_live_…"
        />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        No account yet? Run <code>curl -fsSL /start | sh -s -- you@example.com</code> with this
        site's address, or ask your agent to call <code>POST /api/provision</code>.
      </p>
    </Layout>
  );
}

export function ConsentPage(props: {
  details: ConsentDescription;
  handle: string;
  email: string;
  checked: readonly string[];
}) {
  const { details } = props;
  return (
    <Layout title="Authorize">
      <h1>Allow {details.clientName} to use your Polis account?</h1>
      <p>
        {details.clientDomain ? (
          <>
            Published by <strong>{details.clientDomain}</strong>.
          </>
        ) : (
          <>This app registered itself; its name is not verified.</>
        )}{' '}
        Access will be sent to <strong>{details.redirectHost}</strong>.
      </p>
      {details.redirectIsLoopback ? (
        <p class="warning" role="note">
          This sends access to an app on your own computer ({details.redirectHost}). Continue only
          if you just started signing in from it.
        </p>
      ) : null}
      <p class="muted">Signed in as {props.email}.</p>
      <form method="post">
        <input type="hidden" name="handle" value={props.handle} />
        <fieldset>
          <legend>What it may do</legend>
          {Object.entries(SCOPE_DESCRIPTIONS).map(([scope, text]) => (
            <label class="check">
              <input
                type="checkbox"
                name="scope"
                value={scope}
                checked={props.checked.includes(scope)}
              />
              <span>{text}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" name="decision" value="approve">
          Approve
        </button>
        <button type="submit" name="decision" value="deny" class="secondary">
          Deny
        </button>
      </form>
    </Layout>
  );
}

export function MessagePage(props: { title: string; message: string; next?: string }) {
  return (
    <Layout title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.next ? <p class="muted">{props.next}</p> : null}
    </Layout>
  );
}
