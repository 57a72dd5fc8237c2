// polis_status: how far a run has got. Free.
import { runRef } from '../schemas';
import { defineTool } from '../tool';
import { notBuiltYet } from './not-built';

export const polisStatus = defineTool({
  name: 'polis_status',
  title: 'Persona test status',
  description:
    'Reports the progress of a run started by polis_test: pending, running, complete or ' +
    'failed, with reactions done out of the total. Free; poll every few seconds.',
  input: runRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run() {
    notBuiltYet('polis_status', 'the persona-run engine');
  },
});
