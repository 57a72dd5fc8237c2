// The word lists the heuristic engine measures content with. Kept apart from the measuring
// code so the lists can grow without touching the rules; every entry is lowercase and matched
// as a whole word or phrase, case-insensitively.

/** Buzzwords and jargon, each with the plain words a rewrite would use ('' = just drop it). */
export const JARGON: Readonly<Record<string, string>> = {
  synergy: 'working together',
  synergies: 'shared gains',
  leverage: 'use',
  leveraging: 'using',
  utilize: 'use',
  utilizing: 'using',
  paradigm: 'approach',
  'paradigm shift': 'change',
  holistic: 'complete',
  scalable: 'able to grow',
  seamless: 'smooth',
  seamlessly: 'smoothly',
  'best-of-breed': '',
  'end-to-end': 'complete',
  'cutting-edge': 'new',
  'next-gen': 'new',
  'next-generation': 'new',
  'bleeding-edge': 'new',
  ecosystem: 'set of tools',
  omnichannel: 'every channel',
  'thought leadership': 'ideas',
  'value proposition': 'offer',
  'actionable insights': 'findings you can use',
  'move the needle': 'make a difference',
  'circle back': 'follow up',
  'low-hanging fruit': 'easy wins',
  'deep dive': 'close look',
  bandwidth: 'time',
  'mission-critical': 'essential',
  turnkey: 'ready to use',
  frictionless: 'easy',
  'hyper-personalized': 'personal',
  'ai-powered': 'AI',
  'ai-driven': 'AI',
  'cloud-native': 'cloud',
  empower: 'help',
  empowers: 'helps',
  empowering: 'helping',
  unlock: 'get',
  streamline: 'simplify',
  operationalize: 'put into practice',
  ideate: 'come up with ideas',
  learnings: 'lessons',
  'north star': 'main goal',
  flywheel: 'cycle',
  'growth hacking': 'growth work',
  'data-driven': 'measured',
  'digital transformation': 'modernizing',
  'single pane of glass': 'one dashboard',
  orchestration: 'coordination',
  disrupt: 'change',
  agentic: 'agent-based',
  robust: 'reliable',
  'world-class': '',
};

/** Superlatives and hype: claims a reader needs proof for. */
export const HYPE: readonly string[] = [
  'revolutionary',
  'revolutionize',
  'game-changer',
  'game changer',
  'game-changing',
  'best in class',
  'best-in-class',
  'world-class',
  'unprecedented',
  'groundbreaking',
  'incredible',
  'amazing',
  'insane',
  'mind-blowing',
  'ultimate',
  'perfect',
  'guaranteed',
  'guarantee',
  'the best',
  'number one',
  'disruptive',
  'magical',
  'effortless',
  'change everything',
  'never before',
  'unbelievable',
  'skyrocket',
  'limitless',
  'transformative',
  'breakthrough',
  'massive',
  'epic',
  'killer',
  'like never before',
  'blazing fast',
  'lightning fast',
];

/** Hype that is a pattern, not a word: "10x", "#1". */
export const HYPE_PATTERNS: readonly RegExp[] = [/\b\d{1,3}x\b/gi, /#1\b/g];

/** Words that make a claim checkable when they sit near it. */
export const PROOF_WORDS: readonly string[] = [
  'customers',
  'customer',
  'users',
  'case study',
  'according to',
  'measured',
  'data',
  'results',
  'study',
  'survey',
  'benchmark',
  'tested',
  'reviewed',
  'told us',
  'reported',
  'said',
  'clients',
  'teams',
  'pilot',
];

/** A clear next step. Links count too (matched separately). */
export const CTA_PATTERNS: readonly RegExp[] = [
  /\bsign[ -]?up\b/i,
  /\btry (it|us|this|[a-z]+ free|for free|now|out)\b/i,
  /\bbook (a|an|your|the)\b/i,
  /\bdownload\b/i,
  /\bget started\b/i,
  /\bjoin (us|the|our|now|today)\b/i,
  /\bregister\b/i,
  /\bsubscribe\b/i,
  /\breply\b/i,
  /\bdm me\b/i,
  /\bcomment (below|with)\b/i,
  /\blearn more\b/i,
  /\bread more\b/i,
  /\bstart (your|a|for) free\b/i,
  /\bstart (free|now|today|here)\b/i,
  /\bget (started|access|early access|yours|it now)\b/i,
  /\bcreate (an|your) (free )?account\b/i,
  /\bcontact (us|sales)\b/i,
  /\bsee (pricing|plans|how it works)\b/i,
  /\bwatch (the|a) (demo|video)\b/i,
  /\b(email|call|follow|message) (me|us)\b/i,
  /\brequest a demo\b/i,
  /\bschedule (a|your)\b/i,
  /\bapply (now|today|here)\b/i,
  /\bbuy (now|it|today)\b/i,
  /\border (now|today)\b/i,
  /\bcheck (it|us) out\b/i,
  /\blink in\b/i,
  /\binstall\b/i,
];

/** Links, including bare "site.com/path" ones. Global: use with match/matchAll/replace only. */
export const LINK_PATTERN = new RegExp(
  [
    /\bhttps?:\/\/[^\s)\]>"]+/.source,
    /\bwww\.[^\s)\]>"]+/.source,
    /\b[a-z0-9-]+\.(?:com|io|sh|dev|ai|app|co|org|net)\/[^\s)\]>"]*/.source,
  ].join('|'),
  'gi',
);

/** Amounts of money, with their period when given ("$49/month", "€20 per seat"). */
export const PRICE_PATTERN = new RegExp(
  [
    /[$€£]\s?\d[\d,.]*(?:\s?[kKmM]\b)?(?:\s?\/\s?(?:mo|month|yr|year|seat|user)\b)?/.source,
    /(?:\s(?:a|per)\s(?:month|year|seat|user)\b)?/.source,
  ].join(''),
  'g',
);

export const FREE_PATTERN = /\bfree\b/i;

/** Upper-case words that are names of things, not shouting. */
export const ACRONYMS: ReadonlySet<string> = new Set(
  (
    'AI API APIS SAAS CEO CTO CFO COO B2B B2C HTML CSS JSON HTTP HTTPS URL SQL AWS GPU CPU LLM ' +
    'LLMS MCP USA EU UK NASA ROI KPI KPIS CRM SEO FAQ PDF DM OK GDPR SOC2 HIPAA NYC SF VC VCS ' +
    'IPO ESG OKR OKRS HR UX UI QA CI CD SDK CLI IOS NPM YAML TLDR TL;DR'
  ).split(' '),
);

/** Words for "we, I, my, our": first-person voice. */
export const FIRST_PERSON = /\b(i|i'm|i've|me|my|we|we're|we've|our|us)\b/gi;

/** Words a quoted phrase should not end on (it reads cut off). */
export const DANGLING: ReadonlySet<string> = new Set(
  (
    'a an the to for from with of in on at by and or but that which who will would can could ' +
    'is are was were be been as so than then into onto our your their its my we i it this these ' +
    'across about over under between through after before like upon via per toward towards ' +
    'within without among very just also more most such'
  ).split(' '),
);

/** Words a quoted phrase should not start on (it reads as the tail of something). */
export const CONNECTIVES: ReadonlySet<string> = new Set(
  'and but so or that which then because while plus'.split(' '),
);
