// The pricing page's numbers against polis_estimate: each worked example is priced by the real
// tool with the same input, and each charge split is reproduced on a real account set up the
// way its row describes.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminFetch, callTool, ORIGIN, provision } from '../helpers';
import { codes, dollars, firstNumber, section, tables } from './read-markdown';

async function pricing(): Promise<string> {
  return (await SELF.fetch(`${ORIGIN}/docs/pricing.md`)).text();
}

/** The tool input a row describes: persona_count, detail, and "`tweet`" or "url, `visual`". */
function inputOf(personaCount: string, detail: string, content: string): Record<string, unknown> {
  const base = { persona_count: firstNumber(personaCount), detail: codes(detail)[0] };
  if (content.startsWith('url')) {
    return {
      ...base,
      content_type: 'url',
      url: 'https://example.com/pricing',
      url_mode: codes(content)[0],
    };
  }
  return { ...base, content_type: codes(content)[0], content: 'A post to price.' };
}

describe('the worked cost examples', () => {
  it('match polis_estimate for the same input', async () => {
    const [table] = tables(section(await pricing(), 'Worked examples'));
    expect(table!.header).toEqual([
      'persona_count',
      'detail',
      'content',
      'formula',
      'tokens',
      'list price',
    ]);
    expect(table!.rows.length).toBeGreaterThanOrEqual(5);
    const { api_key } = await provision();
    for (const [count, detail, content, formula, tokens, price] of table!.rows) {
      const input = inputOf(count!, detail!, content!);
      const { isError, data } = await callTool(api_key, 'polis_estimate', input);
      expect(isError, JSON.stringify(data)).toBe(false);
      const row = JSON.stringify(input);
      expect(firstNumber(tokens!), row).toBe(data.tokens);
      expect(dollars(price!), row).toBe(data.usd);
      expect(formula!.startsWith(`${count} × `), row).toBe(true);
    }
  });
});

describe('the charge splits', () => {
  it('match polis_estimate on accounts set up as each row says', async () => {
    const [table] = tables(section(await pricing(), 'How a charge splits'));
    expect(table!.rows.length).toBeGreaterThanOrEqual(3);
    for (const row of table!.rows) {
      const [account, run, tokens, included, purchased, overage, capLeft, runsNow] = row;
      const owner = await provision();
      if (account!.startsWith('Pro')) {
        const cap = dollars(account!.slice(account!.lastIndexOf(',')))!;
        const patched = await adminFetch(`/accounts/${owner.account_id}`, {
          method: 'PATCH',
          body: JSON.stringify({ plan: 'pro', cap_usd: cap, reason: 'docs pricing check' }),
        });
        expect(patched.status).toBe(200);
      } else {
        expect(account).toMatch(/^a new trial account/);
      }
      const input = {
        content_type: 'text',
        content: 'A post to price.',
        persona_count: firstNumber(run!),
        detail: codes(run!)[0],
      };
      const { data } = await callTool(owner.api_key, 'polis_estimate', input);
      const where = `${account} / ${run}`;
      const allowance = firstNumber(account!.replace(/^\D+/, ''));
      expect(data._usage.included_remaining, where).toBe(allowance);
      expect(firstNumber(tokens!), where).toBe(data.tokens);
      expect(firstNumber(included!), where).toBe(data.split.included);
      expect(firstNumber(purchased!), where).toBe(data.split.purchased);
      expect(firstNumber(overage!), where).toBe(data.split.overage_tokens);
      const overageUsd = dollars(overage!);
      if (overageUsd !== null) expect(overageUsd, where).toBe(data.split.overage_usd);
      expect(dollars(capLeft!), where).toBe(data.cap_remaining_after);
      if (runsNow === 'yes') expect(data.can_run_now, where).toBe(true);
      else expect([data.can_run_now, data.refusal], where).toEqual([false, codes(runsNow!)[0]]);
    }
  });
});
