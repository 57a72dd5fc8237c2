// The sign-in page (email code or API key) and the page that asks for the emailed code. The
// labels Email, Code and API key and the buttons Send code and Sign in are part of SPEC §2.3.
import { Layout } from '../layout';

function Alert(props: { error?: string; notice?: string }) {
  if (props.error) {
    return (
      <p class="error" role="alert">
        {props.error}
      </p>
    );
  }
  return props.notice ? (
    <p class="notice" role="status">
      {props.notice}
    </p>
  ) : null;
}

export function SignInPage(props: {
  returnTo: string;
  error?: string;
  notice?: string;
  email?: string;
}) {
  return (
    <Layout title="Sign in">
      <h1>Sign in to Polis</h1>
      <Alert error={props.error} notice={props.notice} />
      <form method="post" action="/sign-in/email" class="card">
        <input type="hidden" name="return_to" value={props.returnTo} />
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          value={props.email ?? ''}
          placeholder="you@example.com"
        />
        <button type="submit">Send code</button>
        <p class="muted small">
          We email you a 6-digit code. New to Polis? Your account is made the first time you sign
          in, with free trial tokens.
        </p>
      </form>
      <p class="divider">
        <span>or, if you have one</span>
      </p>
      <form method="post" action="/sign-in" class="card">
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
    </Layout>
  );
}

export function CodePage(props: {
  returnTo: string;
  email: string;
  error?: string;
  notice?: string;
}) {
  return (
    <Layout title="Enter your code">
      <h1>Check your email</h1>
      <Alert error={props.error} notice={props.notice} />
      <p>
        We sent a 6-digit code to <strong>{props.email}</strong>. It works once, for 10 minutes. If
        you asked for more than one, use the newest.
      </p>
      <form method="post" action="/sign-in" class="card">
        <input type="hidden" name="return_to" value={props.returnTo} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" readonly value={props.email} />
        <label for="code">Code</label>
        <input
          id="code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          required
          autofocus
          class="code"
        />
        <button type="submit">Sign in</button>
      </form>
      <form method="post" action="/sign-in/email" class="inline">
        <input type="hidden" name="return_to" value={props.returnTo} />
        <input type="hidden" name="email" value={props.email} />
        <button type="submit" class="secondary">
          Send a new code
        </button>
        <a href={`/sign-in?return_to=${encodeURIComponent(props.returnTo)}`} class="aside">
          Use another email
        </a>
      </form>
    </Layout>
  );
}
