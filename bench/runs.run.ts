// `npm run bench:runs`: wall time and peak memory of heuristic runs (panel, reactions,
// synthesis) at 10, 100 and 1000 personas for each detail level, in this Node process.
// Writes the table to bench/RUNS.md and prints it. Not a timed test: nothing here fails on
// speed; the goal (a 1000-persona standard run within 10 s locally) is read off the table.
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { heuristicEngine } from '../src/runs/engines/heuristic';
import { synthesize } from '../src/runs/synthesis';
import type { Detail, RunSubject } from '../src/runs/types';
import { machineFacts } from './machine';

const CONTENT =
  'We cut our CI build from 14 minutes to 90 seconds by caching test fixtures and splitting ' +
  'the slowest suite across 4 runners. The recipe is three steps and takes an afternoon. ' +
  'Teams of 5-50 engineers see the biggest win. Read the write-up and copy our config: ' +
  'https://example.com/blog/fast-builds';

const COUNTS = [10, 100, 1000];
const DETAILS: Detail[] = ['snapshot', 'standard', 'deep'];
const REPEATS = 3;

async function runOnce(personaCount: number, detail: Detail, seed: number) {
  const subject: RunSubject = {
    contentType: 'linkedin',
    text: CONTENT,
    urlMode: 'copy',
    personaCount,
    detail,
    seed,
  };
  const audience = await heuristicEngine.settleAudience(subject);
  const panel = await heuristicEngine.buildPanel(subject, audience);
  const reactions = [];
  for (let start = 0; start < panel.personas.length; start += 50) {
    const batch = panel.personas.slice(start, start + 50);
    reactions.push(...(await heuristicEngine.react(subject, batch)).reactions);
  }
  return synthesize(subject, panel, reactions);
}

it('measures heuristic runs', async () => {
  const rows: string[] = [];
  await runOnce(100, 'standard', 1); // warm the JIT so the first row is not penalized
  for (const detail of DETAILS) {
    for (const count of COUNTS) {
      const times: number[] = [];
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      for (let i = 0; i < REPEATS; i += 1) {
        const started = performance.now();
        await runOnce(count, detail, 1000 + i);
        times.push(performance.now() - started);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      clearInterval(sampler);
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      rows.push(
        `| ${detail} | ${count} | ${median.toFixed(1)} | ${(median / count).toFixed(3)} | ` +
          `${(peak / 2 ** 20).toFixed(0)} |`,
      );
    }
  }
  const table = [
    '| detail | personas | median wall ms | ms per persona | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
  const report = [
    '# Heuristic run throughput',
    '',
    'Command: `npm run bench:runs` (bench/runs.run.ts). Each cell: the median of ' +
      `${REPEATS} runs (audience, panel, reactions in batches of 50, synthesis) in one Node ` +
      'process; peak RSS is the process high-water mark while that row ran.',
    '',
    ...machineFacts(),
    '',
    ...table,
    '',
  ].join('\n');
  writeFileSync(new URL('./RUNS.md', import.meta.url), report);
  console.log(`\n${table.join('\n')}\n`);
});
