// polis_test: start a persona test of a piece of content. Charged up front.
import { startRun } from '../../runs/start';
import { testInput } from '../schemas';
import { defineTool } from '../tool';

export const polisTest = defineTool({
  name: 'polis_test',
  title: 'Run a persona test',
  description:
    'Shows a piece of content (a tweet, a LinkedIn post, text, Markdown, or a public URL) to a ' +
    'simulated audience of personas and starts building a report of how they reacted. Returns ' +
    'a run_id at once; poll polis_status, then read polis_report. Charged up front at the ' +
    'polis_estimate price; refunded automatically if the run fails.',
  input: testInput,
  spends: true,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  run: startRun,
});
