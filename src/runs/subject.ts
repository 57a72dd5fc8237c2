// From a stored run to the subject the engines work on: the content resolved to text (a page
// fetched for url runs in copy mode, rendered and measured in a browser in visual mode) and a
// seed derived from the run id, so a run is reproducible.
import type { StoredInput } from '../storage/runs';
import { fetchPage, PageError } from './fetch-page';
import { renderPage } from './render/render-page';
import type { RunSubject } from './types';

export function seedOf(runId: string): number {
  // FNV-1a over the id: stable across isolates and restarts.
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i += 1) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export async function resolveSubject(
  runId: string,
  input: StoredInput,
  browser: Fetcher | undefined,
): Promise<RunSubject> {
  const base = {
    contentType: input.content_type,
    urlMode: input.url_mode,
    audience: input.audience,
    personaCount: input.persona_count,
    detail: input.detail,
    seed: seedOf(runId),
  };
  if (input.content_type !== 'url') return { ...base, text: input.content ?? '' };
  if (input.url_mode === 'visual') {
    // polis_test refuses visual mode without the binding; it can only vanish by a redeploy.
    if (!browser) throw new PageError('Browser Rendering is no longer configured on this server.');
    const page = await renderPage(browser, input.url!);
    return { ...base, text: page.text, title: page.title, url: page.url, layout: page.layout };
  }
  const page = await fetchPage(input.url!);
  return { ...base, text: page.text, title: page.title, url: page.url };
}
