// polis_estimate: what a polis_test with the same input would cost. Free.
import { testInput } from '../schemas';
import { defineTool } from '../tool';
import { notBuiltYet } from './not-built';

export const polisEstimate = defineTool({
  name: 'polis_estimate',
  title: 'Estimate a persona test',
  description:
    'Prices a polis_test call without running it: tokens, USD, how the charge would split ' +
    'between included, purchased and overage tokens, and whether it would exceed the spend cap. ' +
    'Takes exactly the same input as polis_test. Free.',
  input: testInput,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run() {
    notBuiltYet('polis_estimate', 'billing (the cost function and ledger)');
  },
});
