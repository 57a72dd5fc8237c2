// The consent page. Everything from the client (its name, domain, redirect) is self-asserted
// or attacker-chosen, and is rendered through JSX, which escapes it (WOP consent-page.md).
import type { ConsentDescription } from '@cloudflare/workers-oauth-provider';
import { SCOPE_DESCRIPTIONS } from '../../oauth/scopes';
import { Layout } from '../layout';

/**
 * A native app's private-use redirect (cursor://…, com.example.app:/…) as a person would
 * recognise it, or null for http(s).
 */
export function nativeAppAddress(redirectUri: string): string | null {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return null;
  const base = url.host ? `${url.protocol}//${url.host}` : url.protocol;
  return `${base}/…`;
}

function Origin(props: { details: ConsentDescription }) {
  const { details } = props;
  if (details.clientDomain) {
    return (
      <p>
        <span class="badge ok">Verified domain</span> Published by{' '}
        <strong>{details.clientDomain}</strong>.
      </p>
    );
  }
  return (
    <p>
      <span class="badge warn">Unverified</span> This app registered itself; its name is not
      verified.
    </p>
  );
}

function Destination(props: { details: ConsentDescription }) {
  const { details } = props;
  const nativeApp = nativeAppAddress(details.redirectUri);
  return (
    <>
      <p>
        Access will be sent to <strong>{details.redirectHost}</strong>.
      </p>
      {details.redirectIsLoopback ? (
        <p class="warning" role="note">
          This sends access to an app on your own computer ({details.redirectHost}). Continue only
          if you just started signing in from it.
        </p>
      ) : null}
      {nativeApp ? (
        <p class="warning" role="note">
          This sends access to an app on your computer ({nativeApp}), not to a website. Continue
          only if you just started connecting from that app.
        </p>
      ) : null}
    </>
  );
}

export function ConsentPage(props: {
  details: ConsentDescription;
  handle: string;
  email: string;
  checked: readonly string[];
  /** Whether "don't ask again" is offered (CONSENT_SECRET is set). */
  rememberable: boolean;
}) {
  const { details } = props;
  return (
    <Layout title="Authorize" signedInAs={props.email}>
      <h1>Allow {details.clientName} to use your Polis account?</h1>
      <div class="card">
        <Origin details={details} />
        <Destination details={details} />
      </div>
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
          <p class="muted small">
            Untick spending to let it only read: it can then look but never use your tokens.
          </p>
        </fieldset>
        {props.rememberable ? (
          <label class="check">
            <input type="checkbox" name="remember" value="yes" />
            <span>Don't ask again for this app on this browser for 30 days</span>
          </label>
        ) : null}
        <div class="actions">
          <button type="submit" name="decision" value="approve">
            Approve
          </button>
          <button type="submit" name="decision" value="deny" class="secondary">
            Deny
          </button>
        </div>
      </form>
    </Layout>
  );
}
