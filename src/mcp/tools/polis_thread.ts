// polis_thread: the transcript of a follow-up conversation. Free.
import { threadRef } from '../schemas';
import { defineTool } from '../tool';
import { notBuiltYet } from './not-built';

export const polisThread = defineTool({
  name: 'polis_thread',
  title: 'Follow-up thread',
  description:
    'Returns the transcript and status of a follow-up conversation started by polis_ask. Free.',
  input: threadRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run() {
    notBuiltYet('polis_thread', 'follow-up questions');
  },
});
