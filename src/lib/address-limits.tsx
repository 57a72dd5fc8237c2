// Per-address limits on the app's public doors (SPEC §3), as one Hono middleware: each limited
// route answers in its own surface's shape, a JSON error for provisioning and a page a person
// can read for authorization and sign-in. The per-email code limits live with the codes.
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { html } from '../web/layout';
import { MessagePage } from '../web/pages';
import { jsonError } from './json-errors';
import {
  clientAddress,
  overLimit,
  retryAfterHeader,
  RETRY_AFTER_SECONDS,
  type LimitedSurface,
} from './rate-limit';

interface Door {
  surface: LimitedSurface;
  /** Separates doors that share a limiter, so each gets the whole limit. */
  key: string;
  answer: 'json' | 'page';
}

/** Which requests are limited. HEAD is answered by GET handlers, so it counts as a GET. */
function doorOf(method: string, path: string): Door | null {
  const get = method === 'GET' || method === 'HEAD';
  if (path === '/api/provision' && method === 'POST') {
    return { surface: 'provision', key: 'provision', answer: 'json' };
  }
  if (path === '/start' && get) return { surface: 'provision', key: 'start', answer: 'json' };
  if (path === '/oauth/authorize' && (get || method === 'POST')) {
    return { surface: 'authorize', key: 'authorize', answer: 'page' };
  }
  if ((path === '/sign-in' || path.startsWith('/sign-in/')) && method === 'POST') {
    return { surface: 'sign_in', key: 'sign_in', answer: 'page' };
  }
  return null;
}

export const addressLimits: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const door = doorOf(c.req.method, c.req.path);
  if (!door) return next();
  const key = `${door.key}:${clientAddress(c.req.raw)}`;
  if (!(await overLimit(c.env, door.surface, key))) return next();
  return door.answer === 'json' ? jsonRefusal() : pageRefusal();
};

function jsonRefusal(): Response {
  return jsonError(
    429,
    'rate_limited',
    `Too many provisioning requests from this address. Try again in ${RETRY_AFTER_SECONDS} ` +
      'seconds.',
    { headers: retryAfterHeader() },
  );
}

function pageRefusal(): Response {
  return html(
    <MessagePage
      title="Too many requests"
      message="Polis received too many requests from your network in the last minute."
      next="Wait a minute, then try again."
    />,
    429,
    retryAfterHeader(),
  );
}
