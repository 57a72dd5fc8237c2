// Form posts must come from our own pages (login CSRF, forged consent, forged revocations):
// hono/csrf checks Origin or Sec-Fetch-Site. Its refusal becomes a page a person can read.
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { readConfig } from '../../config';
import type { Env } from '../../env';
import { log } from '../../lib/log';
import { html } from '../layout';
import { MessagePage } from '../pages';

export const formsFromHere: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  try {
    await csrf({ origin: readConfig(c.env).origin })(c, next);
  } catch (error) {
    if (!(error instanceof HTTPException) || error.status !== 403) throw error;
    log('info', 'form.forged', { path: new URL(c.req.url).pathname });
    return html(
      <MessagePage
        title="This form came from another site"
        message="Polis only accepts forms sent from its own pages, so nothing was changed."
        next="If you meant to do this, open Polis directly and try again from there."
      />,
      403,
    );
  }
};
