// The doc pages, in reading order. Each is a Markdown file in docs/ at the repository root,
// bundled as text (wrangler.toml's Text rule): the Worker has no filesystem to read at runtime.
import detailAndFollowup from '../../docs/detail-and-followup.md';
import discovery from '../../docs/discovery.md';
import mcpTools from '../../docs/mcp-tools.md';
import oauth from '../../docs/oauth.md';
import overview from '../../docs/overview.md';
import pricing from '../../docs/pricing.md';
import quickstart from '../../docs/quickstart.md';
import runATest from '../../docs/run-a-test.md';
import testOptions from '../../docs/test-options.md';

export interface DocSource {
  slug: string;
  markdown: string;
}

export const DOC_SOURCES: readonly DocSource[] = [
  { slug: 'overview', markdown: overview },
  { slug: 'quickstart', markdown: quickstart },
  { slug: 'run-a-test', markdown: runATest },
  { slug: 'test-options', markdown: testOptions },
  { slug: 'mcp-tools', markdown: mcpTools },
  { slug: 'detail-and-followup', markdown: detailAndFollowup },
  { slug: 'pricing', markdown: pricing },
  { slug: 'discovery', markdown: discovery },
  { slug: 'oauth', markdown: oauth },
];
