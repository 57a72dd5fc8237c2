// Archetypes outside the domain table: the general fallback, the core of a given audience
// that matches no known domain, and the accidental ring, which depends on where the content
// is met (a tweet reaches the general feed; a landing page reaches visitors from search).
import type { ContentType } from '../../types';
import type { Domain } from './domains';
import { list, table, type ArchetypeTemplate } from './tables';

/** When nothing in the content points anywhere in particular. */
export const GENERAL: Domain = {
  key: 'general',
  label: 'general readers interested in the topic',
  keywords: [],
  coreLabels: ['readers interested in the topic'],
  adjacentLabels: ["the author's friends and peers", 'critics of the topic'],
  core: table(`
    Curious general reader | reads what looks interesting | 4 | .50 .50 .40 .60 .45
    Busy professional | reads on the move | 3 | .35 .60 .55 .50 .45
    Enthusiast of the topic | follows it closely | 3 | .70 .40 .60 .50 .60
  `),
  adjacent: table(`
    Friend of the author | reads out of goodwill | 2.5 | .60 .30 .40 .50 .55
    Critic of the topic | reads to disagree | 2.5 | .65 .85 .70 .50 .15
  `),
  competitors: list(`what I already do; a free alternative; nothing, I would not switch`),
  shareWith: list(`a friend; a colleague; nobody in particular`),
};

/** A given audience that matches no domain gets these core archetypes, about that audience. */
export const GIVEN_CORE: readonly ArchetypeTemplate[] = table(`
  Eager early adopter | tries new things first | 3.5 | .65 .30 .50 .50 .70
  Skeptical expert | knows the field and doubts big claims | 3.5 | .50 .85 .90 .45 .30
  Busy decision-maker | has a minute and a budget | 3 | .30 .60 .65 .40 .55
`);

interface AccidentalRing {
  labels: string[];
  archetypes: ArchetypeTemplate[];
}

export const ACCIDENTAL: Readonly<Record<ContentType, AccidentalRing>> = {
  tweet: {
    labels: ['the general X feed', 'followers of the author who came for other topics'],
    archetypes: table(`
      Casual feed scroller | thumb already moving | 3 | .25 .50 .30 .60 .25
      Reply-ready contrarian | reads to find the weak spot | 2 | .50 .90 .50 .50 .10
    `),
  },
  linkedin: {
    labels: ["the author's wider network", 'recruiters and lurkers on the feed'],
    archetypes: table(`
      Network lurker | likes, rarely reads | 3 | .30 .50 .45 .50 .25
      Recruiter skimming the feed | reads for names, not products | 2 | .35 .50 .50 .30 .30
    `),
  },
  url: {
    labels: ['visitors from search', 'people comparing alternatives'],
    archetypes: table(`
      Visitor from a search result | came for one answer | 3 | .35 .55 .40 .60 .35
      Comparison shopper with tabs open | judges in seconds | 2 | .45 .70 .50 .75 .40
    `),
  },
  text: {
    labels: ['readers of a forwarded link'],
    archetypes: table(`
      Reader of a forwarded link | was told it is worth a look | 3 | .40 .50 .40 .50 .30
      Skimming newsletter subscriber | reads the first lines | 2 | .30 .45 .45 .50 .30
    `),
  },
  markdown: {
    labels: ['readers arriving from a shared link', 'visitors from search'],
    archetypes: table(`
      Reader from a shared link | clicked out of curiosity | 3 | .40 .55 .50 .50 .30
      Visitor from search | scans headings for an answer | 2 | .35 .50 .50 .50 .30
    `),
  },
};
