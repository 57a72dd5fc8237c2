// The docs' examples and field lists against the running service: the worked example of
// run-a-test is replayed with the real tools, the report fields are checked against a real
// report, and the discovery page's documents against the served metadata.
import { env, introspectWorkflow, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { callTool, connectWithOAuth, mcpPost, ORIGIN, provision } from '../helpers';
import { codeBlocks, codes, section, tables } from './read-markdown';

async function markdown(slug: string): Promise<string> {
  return (await SELF.fetch(`${ORIGIN}/docs/${slug}.md`)).text();
}

/** The field names of a table's first column (`a`, `b` → a, b), for a section of a page. */
function documentedFields(page: string, heading: string): Set<string> {
  const [table] = tables(section(page, heading));
  return new Set(table!.rows.flatMap((row) => codes(row[0]!)));
}

describe('the worked example', () => {
  it('is what the tools answer, from estimate to report', async () => {
    await using workflows = await introspectWorkflow(env.RUNS);
    const page = await markdown('run-a-test');
    const input = JSON.parse(codeBlocks(section(page, '1. Estimate'), 'json')[0]!);
    const estimate = JSON.parse(codeBlocks(section(page, '1. Estimate'), 'json')[1]!);
    const started = JSON.parse(codeBlocks(section(page, '2. Start the run'), 'json')[0]!);
    const shown = JSON.parse(codeBlocks(section(page, '4. Read the report'), 'json')[0]!);

    const owner = await provision();
    const priced = await callTool(owner.api_key, 'polis_estimate', input);
    expect(priced.data).toEqual(estimate);

    const run = await callTool(owner.api_key, 'polis_test', input);
    expect(run.isError).toBe(false);
    const { run_id, next, ...rest } = run.data;
    expect(run_id).toMatch(/^run_/);
    expect(next).toEqual(expect.any(String));
    expect(rest).toEqual({ ...started, run_id: undefined });

    await workflows.get()[0]!.waitForStatus('complete');
    const report = await callTool(owner.api_key, 'polis_report', { run_id });
    expect(report.isError).toBe(false);
    // The example is abridged, never invented: every key it shows is a key of a real report.
    for (const key of Object.keys(shown)) expect(report.data).toHaveProperty(key);
    for (const key of Object.keys(shown.stats)) expect(report.data.stats).toHaveProperty(key);
    for (const key of Object.keys(shown.sampleReactions[0])) {
      expect(report.data.sampleReactions[0]).toHaveProperty(key);
    }

    // The field tables name every key of the report, its stats and its reactions.
    const options = await markdown('test-options');
    const reportFields = documentedFields(options, 'Report fields');
    const topLevel = Object.keys(report.data).filter((key) => key !== '_usage');
    for (const key of topLevel) expect(reportFields, key).toContain(key);
    const statsFields = documentedFields(options, 'stats');
    for (const key of Object.keys(report.data.stats)) expect(statsFields, key).toContain(key);
    const reactionFields = documentedFields(options, 'Reaction fields');
    const perPersona = ['persona_id', 'archetype', 'segment'];
    for (const reaction of report.data.sampleReactions) {
      for (const key of Object.keys(reaction).filter((k) => !perPersona.includes(k))) {
        expect(reactionFields, key).toContain(key);
      }
    }
  });
});

describe('the discovery page', () => {
  it('shows the protected resource metadata exactly as it is served', async () => {
    const page = await markdown('discovery');
    const [shown] = codeBlocks(section(page, 'Protected resource metadata'), 'json');
    for (const path of ['', '/api/mcp']) {
      const response = await SELF.fetch(`${ORIGIN}/.well-known/oauth-protected-resource${path}`);
      expect(await response.json()).toEqual(JSON.parse(shown!));
    }
    const fields = documentedFields(page, 'Protected resource metadata');
    for (const key of Object.keys(JSON.parse(shown!))) expect(fields, key).toContain(key);
  });

  it('shows the authorization server metadata exactly as it is served', async () => {
    const page = await markdown('discovery');
    const [shown] = codeBlocks(section(page, 'Authorization server metadata'), 'json');
    const response = await SELF.fetch(`${ORIGIN}/.well-known/oauth-authorization-server`);
    expect(await response.json()).toEqual(JSON.parse(shown!));
    const fields = documentedFields(page, 'Authorization server metadata');
    for (const key of Object.keys(JSON.parse(shown!))) expect(fields, key).toContain(key);
  });

  it('quotes the challenge an unauthenticated call really gets', async () => {
    const page = await markdown('discovery');
    const [shown] = codeBlocks(page, 'http');
    const response = await SELF.fetch(`${ORIGIN}/api/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('WWW-Authenticate');
    expect(shown).toContain(`WWW-Authenticate: ${challenge}`);
  });
});

describe('the OAuth page', () => {
  it("quotes the step-up challenge and the access token's lifetime as served", async () => {
    const page = await markdown('oauth');
    const owner = await provision();
    const { tokens } = await connectWithOAuth(owner.api_key, { scopes: ['polis:read'] });

    const [lifetimes] = tables(section(page, 'Token lifetimes'));
    const access = lifetimes!.rows.find((row) => row[0] === 'access token')!;
    const [count, unit] = access[1]!.split(' ');
    const seconds = { minute: 60, hour: 3600, day: 86_400 }[unit!.replace(/s$/, '')]!;
    expect(tokens.expires_in).toBe(Number(count) * seconds);

    const refused = await mcpPost(
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'polis_test', arguments: { content_type: 'text', content: 'Hi' } },
      },
      { token: tokens.access_token },
    );
    expect(refused.status).toBe(403);
    const [shown] = codeBlocks(section(page, 'Scopes'), 'http');
    expect(shown).toContain(`WWW-Authenticate: ${refused.headers.get('WWW-Authenticate')}`);
  });
});
