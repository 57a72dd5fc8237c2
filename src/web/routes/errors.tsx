// What a person sees when something breaks on their pages: a page saying what happened and what
// to do, never the JSON the API routes answer with, and never a stack trace.
import { html } from '../layout';
import { MessagePage } from '../pages';

/** Paths a person opens in a browser (the rest of Polis answers JSON). */
export function isPeoplePath(pathname: string): boolean {
  return (
    pathname === '/app' ||
    pathname.startsWith('/app/') ||
    pathname === '/sign-in' ||
    pathname.startsWith('/sign-in/') ||
    pathname === '/sign-out' ||
    pathname === '/oauth/authorize'
  );
}

export function pageNotFound(): Response {
  return html(
    <MessagePage
      title="Nothing here"
      message="There is no page at this address."
      link={{ href: '/app', text: 'Go to your account' }}
    />,
    404,
  );
}

export function pageFailed(requestId: string): Response {
  return html(
    <MessagePage
      title="Something went wrong"
      message={`Polis hit an unexpected error and nothing was changed. Request id: ${requestId}.`}
      next="Try again in a minute. If it keeps happening, send the request id to the operator."
    />,
    500,
  );
}
