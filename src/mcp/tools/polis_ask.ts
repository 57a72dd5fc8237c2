// polis_ask: a follow-up question to the audience of a finished run. Charged up front.
import { ask } from '../../runs/ask';
import { askInput } from '../schemas';
import { defineTool } from '../tool';

export const polisAsk = defineTool({
  name: 'polis_ask',
  title: 'Ask the audience a follow-up',
  description:
    'Asks a follow-up question about a completed run, answered in character by one persona, ' +
    'an archetype, a segment or the whole panel. Returns a thread_id to continue the ' +
    'conversation; a panel question runs in the background (read it with polis_thread). ' +
    'Charged up front; refunded automatically if it fails.',
  input: askInput,
  spends: true,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  run: ask,
});
