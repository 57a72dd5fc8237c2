// Who the content reaches. A given audience is taken as the core; otherwise the content's
// keywords point to a domain (developers, founders, shoppers…), with a general fallback.
// Adjacent readers come from the domain, accidental ones from where the content is met.
import type { Audience, RunSubject } from '../../types';
import { DOMAINS, type Domain } from './domains';
import { ACCIDENTAL, GENERAL } from './rings';
import { plainText, countWords } from './text';

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATTERNS = new Map<string, RegExp>(
  DOMAINS.map((domain) => [
    domain.key,
    new RegExp(`\\b(?:${domain.keywords.map(escape).join('|')})\\b`, 'gi'),
  ]),
);

/** The domain whose keywords the text hits most often; earlier domains win ties. */
function bestDomain(text: string, minimumHits: number): Domain | undefined {
  let best: Domain | undefined;
  let bestHits = 0;
  for (const domain of DOMAINS) {
    const hits = text.match(PATTERNS.get(domain.key)!)?.length ?? 0;
    if (hits > bestHits) {
      best = domain;
      bestHits = hits;
    }
  }
  return bestHits >= minimumHits ? best : undefined;
}

export interface DomainChoice {
  domain: Domain;
  /** A given audience that named no known domain: its core archetypes are generic. */
  unmatchedGiven: boolean;
}

/** Deterministic from the subject alone, so the panel and reactions agree with the audience. */
export function domainOf(subject: RunSubject): DomainChoice {
  const given = subject.audience?.trim();
  const fromGiven = given ? bestDomain(given, 1) : undefined;
  if (fromGiven) return { domain: fromGiven, unmatchedGiven: false };
  const plain = `${subject.title ?? ''}\n${plainText(subject.text, subject.contentType)}`;
  // One keyword in a short post is a signal; in a long article it is noise.
  const minimumHits = countWords(plain) < 80 ? 1 : 2;
  const fromContent = bestDomain(plain, minimumHits) ?? GENERAL;
  return { domain: fromContent, unmatchedGiven: Boolean(given) };
}

export function settleAudience(subject: RunSubject): Audience {
  const { domain } = domainOf(subject);
  const accidental = ACCIDENTAL[subject.contentType].labels;
  const given = subject.audience?.trim();
  if (given) {
    return {
      description: given,
      inferred: false,
      core: [given],
      adjacent: domain.adjacentLabels,
      accidental,
    };
  }
  return {
    description: domain.label,
    inferred: true,
    core: domain.coreLabels,
    adjacent: domain.adjacentLabels,
    accidental,
  };
}
