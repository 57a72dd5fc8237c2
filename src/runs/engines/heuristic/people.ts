// Names and circumstances for personas: who they are called and where they meet the content.
// A context carries a pace, the share of their usual patience the moment allows; the rubric
// reads it back from the context text, so the Persona type needs no extra field.
import type { ContentType } from '../../types';
import { list } from './tables';

export const FIRST_NAMES = list(`
  Amara; Ben; Chen; Dana; Elif; Felix; Grace; Hugo; Ines; Jonah; Keiko; Leon; Maya; Nikhil;
  Olivia; Pablo; Quinn; Rosa; Samir; Tess; Umar; Vera; Wen; Xavier; Yara; Zane; Aisha; Bruno;
  Carmen; Diego; Esther; Farid; Gemma; Hana; Ivan; Julia; Kofi; Lena; Mateo; Nora; Omar;
  Priya; Rafael; Sofia; Tomas; Uma; Viktor; Wanjiru
`);

export const LAST_NAMES = list(`
  Adeyemi; Bauer; Castillo; Dubois; Eriksen; Fischer; Garcia; Haddad; Ito; Jensen; Kowalski;
  Larsen; Moreau; Nakamura; Okafor; Petrov; Quintero; Rossi; Singh; Tanaka; Usman; Varga;
  Walsh; Xu; Yilmaz; Zhang; Andersson; Brennan; Costa; Dvorak; Evans; Ferreira; Gupta;
  Horvat; Iyer; Kim; Lopez; Mensah; Novak; Ortiz; Park; Reyes; Sato; Torres; Vogel; Weber
`);

export interface Context {
  text: string;
  /** Multiplies the reader's attention budget: below 1 is hurried, above 1 is unhurried. */
  pace: number;
}

function contexts(rows: string): Context[] {
  return list(rows).map((row) => {
    const [text = '', pace = '1'] = row.split('|').map((cell) => cell.trim());
    return { text, pace: Number(pace) };
  });
}

export const CONTEXTS: Readonly<Record<ContentType, Context[]>> = {
  tweet: contexts(`
    scrolling X on the train, two minutes to spare | 0.8;
    checking X between meetings | 0.7;
    browsing X on the sofa in the evening | 1.15;
    skimming the timeline at lunch | 0.9;
    on X while a long task runs in the background | 1
  `),
  linkedin: contexts(`
    skimming LinkedIn over morning coffee | 1;
    on LinkedIn between two calls | 0.75;
    catching up on the feed during the commute | 0.9;
    reading LinkedIn at the desk before a meeting | 0.85;
    browsing LinkedIn on a slow Friday afternoon | 1.2
  `),
  url: contexts(`
    landed from a search result, comparing options in several tabs | 0.9;
    opened a link a colleague shared in chat | 1;
    came from an ad, on a phone | 0.7;
    researching a purchase planned for this quarter | 1.25;
    arrived from a newsletter link | 1
  `),
  text: contexts(`
    reading it at the desk after it was forwarded by email | 1;
    reading on a phone in a queue | 0.7;
    reading with a coffee, in no rush | 1.25;
    between tasks, half-focused | 0.8
  `),
  markdown: contexts(`
    reading the post from a newsletter link | 1;
    opened the README while evaluating options | 1.1;
    reading on a phone during the commute | 0.75;
    deep-reading on a quiet afternoon | 1.3
  `),
};

/** The pace of a context by its text; unknown contexts (another engine's) read as neutral. */
export function paceOf(contentType: ContentType, context: string): number {
  return CONTEXTS[contentType].find((item) => item.text === context)?.pace ?? 1;
}
