// /llms.txt and /llms-full.txt, after the llms.txt convention: a title, a one-paragraph
// summary in a block quote, then sections of links with a note each. Built from the same
// rendered docs as /docs, with every link absolute on the configured origin.
import { allDocs, type Doc } from './render';
import type { DocsContext } from './placeholders';

function intro(ctx: DocsContext, overview: Doc): string[] {
  return [
    '# Polis',
    '',
    `> ${overview.summary}`,
    '',
    `Polis is an MCP server at ${ctx.origin}/api/mcp (Streamable HTTP), reached with a bearer ` +
      'API key or OAuth 2.1. Every page below is Markdown; the same pages are served as HTML ' +
      `under ${ctx.origin}/docs.`,
  ];
}

export function llmsTxt(ctx: DocsContext): string {
  const docs = allDocs(ctx);
  const links = docs.map(
    (doc) => `- [${doc.title}](${ctx.origin}/docs/${doc.slug}.md): ${doc.summary}`,
  );
  return [
    ...intro(ctx, docs[0]!),
    '',
    '## Docs',
    '',
    ...links,
    '',
    '## Optional',
    '',
    `- [Every page in one file](${ctx.origin}/llms-full.txt): the docs above, inlined in order`,
    '',
  ].join('\n');
}

export function llmsFullTxt(ctx: DocsContext): string {
  const docs = allDocs(ctx);
  const pages = docs.map((doc) =>
    [`Source: ${ctx.origin}/docs/${doc.slug}.md`, '', doc.markdown.trim()].join('\n'),
  );
  return [...intro(ctx, docs[0]!), '', ...pages.flatMap((page) => ['---', '', page, ''])].join(
    '\n',
  );
}
