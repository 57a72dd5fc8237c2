// The docs' HTML: the index, a page, and the not-found page, inside the people's Layout.
// A page's body is HTML our Markdown renderer produced (every text character escaped there).
import { raw } from 'hono/html';
import { Layout } from '../web/layout';
import type { Doc } from './render';

const SCRIPT = '/assets/docs.js';

function AllPages(props: { docs: Doc[]; current?: string }) {
  return (
    <nav class="docs-all" aria-label="All pages">
      <h2>All pages</h2>
      <ul>
        {props.docs.map((doc) => (
          <li>
            <a
              href={`/docs/${doc.slug}`}
              aria-current={doc.slug === props.current ? 'page' : undefined}
            >
              {doc.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function DocsIndexPage(props: { docs: Doc[]; origin: string }) {
  const index = `${props.origin}/llms.txt`;
  const full = `${props.origin}/llms-full.txt`;
  return (
    <Layout title="Docs">
      <div class="doc">
        <h1>Polis documentation</h1>
        <p>
          Polis shows your content to a simulated audience and tells you how it landed. These pages
          explain how agents connect to it, what each tool does and what it costs.
        </p>
        <ol class="docs-index">
          {props.docs.map((doc) => (
            <li>
              <a href={`/docs/${doc.slug}`}>{doc.title}</a>
              <p class="muted">{doc.summary}</p>
            </li>
          ))}
        </ol>
        <h2>For agents</h2>
        <p>
          Every page is also plain Markdown at <code>/docs/&lt;page&gt;.md</code>. The index for
          language models is <a href="/llms.txt">{index}</a>; all pages in one file are at{' '}
          <a href="/llms-full.txt">{full}</a>.
        </p>
      </div>
    </Layout>
  );
}

export function DocPage(props: { doc: Doc; docs: Doc[] }) {
  const { doc, docs } = props;
  const at = docs.findIndex((item) => item.slug === doc.slug);
  const previous = docs[at - 1];
  const next = docs[at + 1];
  return (
    <Layout title={doc.title}>
      <nav class="docs-crumbs" aria-label="Breadcrumb">
        <a href="/docs">Docs</a>
        <span aria-hidden="true">/</span>
        <span>{doc.title}</span>
        <span aria-hidden="true">·</span>
        <a href={`/docs/${doc.slug}.md`}>View as Markdown</a>
      </nav>
      <article class="doc">{raw(doc.html)}</article>
      <nav class="docs-pager" aria-label="Previous and next page">
        {previous ? (
          <a href={`/docs/${previous.slug}`} rel="prev">
            <small>Previous</small>
            {previous.title}
          </a>
        ) : null}
        {next ? (
          <a href={`/docs/${next.slug}`} rel="next" class="next">
            <small>Next</small>
            {next.title}
          </a>
        ) : null}
      </nav>
      <AllPages docs={docs} current={doc.slug} />
      <script src={SCRIPT} defer></script>
    </Layout>
  );
}

export function DocNotFoundPage(props: { docs: Doc[] }) {
  return (
    <Layout title="Page not found">
      <div class="doc">
        <h1>There is no doc page here</h1>
        <p>
          The address may be mistyped, or the page may have moved. Here is every page; the{' '}
          <a href="/docs">docs index</a> has a line about each.
        </p>
        <AllPages docs={props.docs} />
      </div>
    </Layout>
  );
}
