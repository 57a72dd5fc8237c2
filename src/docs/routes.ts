// The documentation routes (SPEC §7): /docs, /docs/<slug>, /docs/<slug>.md, /llms.txt and
// /llms-full.txt. Every absolute URL in them is built from the configured public origin, so
// a deployment at another host documents itself.
import { Hono } from 'hono';
import { readConfig } from '../config';
import type { Env } from '../env';
import { html } from '../web/layout';
import { DOCS_SCRIPT } from './assets';
import { llmsFullTxt, llmsTxt } from './llms';
import { allDocs, findDoc } from './render';
import { DocNotFoundPage, DocPage, DocsIndexPage } from './views';

export const docsRoutes = new Hono<{ Bindings: Env }>();

/** A docs page may load one script, our own (the Copy buttons); the rest of pageHeaders stays. */
function docsHtml(body: { toString(): string }, status = 200): Response {
  const response = html(body, status);
  const csp = response.headers.get('Content-Security-Policy');
  response.headers.set('Content-Security-Policy', `${csp}; script-src 'self'`);
  return response;
}

/** Markdown and plain text: public, cacheable, readable by tools on any origin. */
function text(body: string, type: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': `${type}; charset=utf-8`,
      'Cache-Control': status === 200 ? 'public, max-age=300' : 'no-store',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

const context = (env: Env) => ({ origin: readConfig(env).origin });

docsRoutes.get('/docs', (c) => {
  const ctx = context(c.env);
  return docsHtml(DocsIndexPage({ docs: allDocs(ctx), origin: ctx.origin }));
});

docsRoutes.get('/docs/', (c) => c.redirect('/docs', 301));

docsRoutes.get('/docs/:name', (c) => {
  const ctx = context(c.env);
  const name = c.req.param('name');
  if (name.endsWith('.md')) {
    const doc = findDoc(name.slice(0, -3), ctx);
    const missing = `There is no doc page here. Every page: ${ctx.origin}/llms.txt\n`;
    return doc ? text(doc.markdown, 'text/markdown') : text(missing, 'text/plain', 404);
  }
  const doc = findDoc(name, ctx);
  if (!doc) return docsHtml(DocNotFoundPage({ docs: allDocs(ctx) }), 404);
  return docsHtml(DocPage({ doc, docs: allDocs(ctx) }));
});

docsRoutes.get('/llms.txt', (c) => text(llmsTxt(context(c.env)), 'text/plain'));
docsRoutes.get('/llms-full.txt', (c) => text(llmsFullTxt(context(c.env)), 'text/plain'));

docsRoutes.get(
  '/assets/docs.js',
  () =>
    new Response(DOCS_SCRIPT, {
      headers: {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      },
    }),
);
