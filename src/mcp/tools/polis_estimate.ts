// polis_estimate: what a polis_test with the same input would cost. Free.
import { testCost } from '../../billing/cost';
import { quote } from '../../billing/quote';
import { testInput } from '../schemas';
import { defineTool } from '../tool';

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
  async run(input, { account, balance }) {
    const { affordable, refusal, ...estimate } = quote(account, balance, testCost(input));
    return { ...estimate, can_run_now: affordable, ...(refusal ? { refusal } : {}) };
  },
});
