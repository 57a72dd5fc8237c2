// Follow-up answers, in the persona's voice and grounded in its first reaction: it quotes the
// phrase that stuck or the objection it raised. A question asked again in the same thread
// gets a different angle rather than the same words; a group answers as 2–5 named voices.
import type { AskRequest, Persona, Reaction, RunSubject } from '../../types';
import { react } from './react';
import { signalsOf } from './signals';

type Topic =
  'price' | 'change' | 'trust' | 'stop' | 'remember' | 'share' | 'act' | 'confusion' | 'general';

const TOPICS: readonly [Topic, RegExp][] = [
  ['price', /\b(price|pricing|cost|pay|paid|expensive|cheap|afford|worth|budget)/i],
  ['change', /\b(change|improve|fix|better|rewrite|edit|differently|would make)/i],
  ['trust', /\b(trust|believe|credib|proof|convinc|skeptic|honest)/i],
  ['confusion', /\b(confus|unclear|understand|mean|jargon)/i],
  ['stop', /\b(why|scroll|stop|leave|left|lose|lost|bored|skip)/i],
  ['remember', /\b(remember|stick|stuck|memorable|stood out|takeaway|recall)/i],
  ['share', /\b(share|forward|send|recommend|tell)/i],
  ['act', /\b(sign up|buy|click|try|act|next|book|download|would you)/i],
];

function topicOf(question: string): Topic {
  return TOPICS.find(([, pattern]) => pattern.test(question))?.[0] ?? 'general';
}

/** The stored reaction, completed with the deep fields the same persona would have given. */
function fullReaction(subject: RunSubject, persona: Persona, stored: Reaction): Reaction {
  const deep = react({ ...subject, detail: 'deep' }, [persona])[0]!;
  return { ...deep, ...stored };
}

/** Candidate answers for a topic, best first; all first person, all quoting the reaction. */
function facets(topic: Topic, subject: RunSubject, persona: Persona, r: Reaction): string[] {
  const signals = signalsOf(subject.text, subject.contentType);
  const sticky = r.stickyPhrase ?? r.noticedFirst;
  const objection = r.objections?.[0];
  const trust = r.trust ?? 5;
  const because = objection ? ` ${objection}` : ` "${sticky}" is what held me.`;
  switch (topic) {
    case 'price':
      return [
        r.wouldPayWhy ?? '',
        signals.price[0]
          ? `Seeing "${signals.price[0]}", my first thought was whether "${sticky}" is worth it.`
          : 'It never says what it costs, and that alone makes me hesitate.',
        persona.traits.priceSensitivity > 0.6
          ? 'Money is tight enough that I would need a trial before paying.'
          : 'The price would not stop me if the rest convinced me.',
      ];
    case 'change':
      return [
        r.topChange ?? '',
        objection ? `Fix this first: ${objection}` : '',
        `Keep "${sticky}"; that line works.`,
      ];
    case 'trust':
      return [
        `I'd put my trust at ${trust} out of 10.${because}`,
        r.confused?.[0] ? `It's hard to trust what I don't follow, like "${r.confused[0]}".` : '',
        `"${sticky}" is the most believable part for me.`,
      ];
    case 'confusion':
      return [
        r.confused?.[0]
          ? `"${r.confused[0]}" lost me; I'd need that in plain words.`
          : `Nothing confused me as such; I followed it up to "${r.pausePoint}".`,
        ...(r.openQuestions ?? []).map((question) => `What I still wonder: ${question}`),
      ];
    case 'stop':
      return [
        r.decision === 'scroll'
          ? `I moved on at "${r.pausePoint}".${because}`
          : `I kept reading because of "${sticky}", and paused at "${r.pausePoint}".`,
        r.thinkAloud ?? r.quote,
      ];
    case 'remember':
      return [
        `"${sticky}". That's the line that stayed with me.`,
        `Honestly? "${r.noticedFirst}".`,
      ];
    case 'share':
      return [
        r.shareWith && r.shareWith !== 'nobody'
          ? `I'd pass it to ${r.shareWith}, mostly for "${sticky}".`
          : `I wouldn't share it as it is.${because}`,
      ];
    case 'act':
      return [
        `${r.decision === 'click' ? 'Yes.' : 'Not yet.'} I'm at ${r.intent} out of 10.${because}`,
        r.openQuestions?.[0] ? `Before I act I'd want to know: ${r.openQuestions[0]}` : '',
      ];
    case 'general':
      return [r.quote, r.thinkAloud ?? '', `What stuck was "${sticky}".`];
  }
}

function asked(history: AskRequest['history'], question: string): number {
  const key = question.trim().toLowerCase();
  return history.filter((turn) => turn.question.trim().toLowerCase() === key).length;
}

function personaAnswer(request: AskRequest, persona: Persona, stored: Reaction): string {
  const r = fullReaction(request.subject, persona, stored);
  const topic = topicOf(request.question);
  const said = request.history.map((turn) => turn.answer).join('\n');
  const options = [
    ...facets(topic, request.subject, persona, r),
    ...facets('general', request.subject, persona, r),
  ].filter((option) => option.length > 0);
  // Whatever was already said in this thread is not said again: the next angle comes up.
  const fresh = options.find((option) => !said.includes(option));
  if (fresh) return fresh;
  // Every angle is spent: say so, with the count, so even this line is never a verbatim repeat.
  const times = asked(request.history, request.question);
  if (times > 0) return `That's ${times + 1} times you've asked, and my answer stands: ${r.quote}`;
  return `I've said all I have (this is question ${request.history.length + 1}): ${r.quote}`;
}

function groupAnswer(request: AskRequest): string {
  const speakers = spread(request.speakers, 5);
  const lines = speakers.map(({ persona, reaction }) => {
    const answer = personaAnswer(request, persona, reaction);
    return `- ${persona.id} (${persona.archetype}, intent ${reaction.intent}/10): ${answer}`;
  });
  const acting = speakers.filter(
    (s) => s.reaction.decision === 'click' || s.reaction.decision === 'save',
  ).length;
  const { kind, name } = request.target;
  const label = kind === 'panel' ? 'the panel' : `${kind} "${name}"`;
  return [
    `${speakers.length} ${speakers.length === 1 ? 'voice' : 'voices'} from ${label}; ` +
      `${acting} of them would act on it now:`,
    ...lines,
  ].join('\n');
}

/** Up to `limit` speakers spread evenly through the list, so a group is not its first five. */
function spread<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]!);
}

export function answer(request: AskRequest): string {
  const first = request.speakers[0];
  if (!first) return 'Nobody in this group reacted to the content, so there is no one to ask.';
  if (request.target.kind === 'persona')
    return personaAnswer(request, first.persona, first.reaction);
  return groupAnswer(request);
}
