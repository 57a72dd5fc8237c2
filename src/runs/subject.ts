// From a stored run to the subject the engines work on: the content resolved to text (a page
// fetched for url runs) and a seed derived from the run id, so a run is reproducible.
import type { StoredInput } from '../storage/runs';
import { fetchPage } from './fetch-page';
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

export async function resolveSubject(runId: string, input: StoredInput): Promise<RunSubject> {
  const base = {
    contentType: input.content_type,
    urlMode: input.url_mode,
    audience: input.audience,
    personaCount: input.persona_count,
    detail: input.detail,
    seed: seedOf(runId),
  };
  if (input.content_type !== 'url') return { ...base, text: input.content ?? '' };
  const page = await fetchPage(input.url!);
  return { ...base, text: page.text, title: page.title, url: page.url };
}
