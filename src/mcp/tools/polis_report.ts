// polis_report: the finished report of a run. Free.
import { runRef } from '../schemas';
import { defineTool } from '../tool';
import { notBuiltYet } from './not-built';

export const polisReport = defineTool({
  name: 'polis_report',
  title: 'Persona test report',
  description:
    'Returns the report of a completed run: three behaviour-named audience segments, the three ' +
    'biggest frictions with quoted evidence, a suggested rewrite, statistics and sample ' +
    'reactions. Free. Answers not_complete while the run is still going.',
  input: runRef,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run() {
    notBuiltYet('polis_report', 'the persona-run engine');
  },
});
