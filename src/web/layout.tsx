// The frame of every page a person sees: one stylesheet, no scripts, readable on a phone.
import type { Child } from 'hono/jsx';

export function Layout(props: { title: string; children: Child; signedInAs?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Polis`}</title>
        <link rel="stylesheet" href="/assets/polis.css" />
      </head>
      <body>
        <header class="brand">
          <a href={props.signedInAs ? '/app' : '/'}>Polis</a>
          {props.signedInAs ? (
            <form method="post" action="/sign-out" class="who">
              <span class="muted">{props.signedInAs}</span>
              <button type="submit" class="link">
                Sign out
              </button>
            </form>
          ) : null}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers for every HTML page: no framing, no scripts, no referrer carrying OAuth parameters. */
export function pageHeaders(extra?: HeadersInit): Headers {
  const headers = new Headers(extra);
  headers.set('Content-Type', 'text/html; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  // No form-action: the consent form's answer redirects to the client (another origin, or a
  // native app's scheme), which form-action would block in Chromium.
  headers.set('Content-Security-Policy', CSP);
  headers.set('X-Frame-Options', 'DENY');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  return headers;
}

export function html(body: { toString(): string }, status = 200, extra?: HeadersInit): Response {
  return new Response(`<!doctype html>${body.toString()}`, { status, headers: pageHeaders(extra) });
}
