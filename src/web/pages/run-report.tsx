// /app/runs/{id}: a run's report laid out for a person. The report is read leniently: a part
// that is missing or malformed is left out, never an error, since runs are written elsewhere.
import { AskBox, type AskView } from './ask-box';
import { z } from 'zod';
import type { Run } from '../../storage/runs';
import { formatNumber, formatTime, percent } from '../format';
import { Layout } from '../layout';
import { runTitle } from './dashboard';
import { BarList, Histogram } from './charts';

const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const histogram = z.object({ mean: z.number(), histogram: z.array(z.number()) });

const reportSchema = z.object({
  segments: loose(
    z.array(z.object({ name: z.string(), share: z.number(), summary: z.string().optional() })),
  ),
  topFriction: loose(
    z.array(
      z.object({
        point: z.string(),
        severity: z.number(),
        evidence: z.union([z.string(), z.array(z.string())]).optional(),
      }),
    ),
  ),
  rewrite: loose(z.object({ text: z.string(), rationale: z.string().optional() })),
  structuralNotes: loose(z.array(z.string())),
  stats: loose(
    z.object({
      persona_count: loose(z.number()),
      intent: loose(histogram),
      decision: loose(z.record(z.string(), z.number())),
      trust: loose(histogram),
      sentiment: loose(z.record(z.string(), z.number())),
    }),
  ),
  archetypes: loose(z.array(z.object({ name: z.string(), count: z.number() }))),
  sampleReactions: loose(
    z.array(
      z.object({
        persona_id: z.string().optional(),
        archetype: z.string().optional(),
        segment: z.string().optional(),
        quote: z.string().optional(),
        decision: z.string().optional(),
        intent: z.number().optional(),
      }),
    ),
  ),
});
export type ReadableReport = z.infer<typeof reportSchema>;

/** The stored report, or null when there is none or it is not JSON. */
export function readReport(text: string | null): ReadableReport | null {
  if (!text) return null;
  try {
    const parsed = reportSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function RunPage(props: { email: string; run: Run; ask?: AskView }) {
  const { run } = props;
  const report = run.status === 'complete' ? readReport(run.report) : null;
  return (
    <Layout title="Run report" signedInAs={props.email}>
      <p class="small">
        <a href="/app">← Your account</a>
      </p>
      <h1>{runTitle(run)}</h1>
      <p class="muted small">
        {[
          run.input.content_type,
          `${formatNumber(run.reactions_total)} personas`,
          run.input.detail,
          `started ${formatTime(run.created_at)}`,
          run.completed_at ? `finished ${formatTime(run.completed_at)}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {run.status === 'pending' || run.status === 'running' ? (
        <div class="card">
          <p>
            This run is still going: {run.reactions_done} of {run.reactions_total} reactions so far.
            Reload the page to see its progress.
          </p>
          <progress value={run.reactions_done} max={Math.max(1, run.reactions_total)} />
        </div>
      ) : null}
      {run.status === 'failed' ? (
        <p class="error" role="alert">
          This run failed ({run.failure ?? 'no reason recorded'}). Its charge was refunded.
        </p>
      ) : null}
      {run.status === 'complete' && !report ? (
        <p class="muted">This run finished, but its report can't be shown here.</p>
      ) : null}
      {report ? <Report run={run} report={report} /> : null}
      {report && props.ask ? <AskBox runId={run.id} view={props.ask} /> : null}
    </Layout>
  );
}

function Report(props: { run: Run; report: ReadableReport }) {
  const { report, run } = props;
  const stats = report.stats;
  return (
    <>
      {report.segments?.length ? (
        <section aria-labelledby="segments">
          <h2 id="segments">Who they were</h2>
          <div class="stack" role="img" aria-label="Segment shares">
            {report.segments.map((segment, index) => (
              <span class={`seg s${(index % 3) + 1} w-${percent(segment.share)}`} />
            ))}
          </div>
          <ul class="legend">
            {report.segments.map((segment, index) => (
              <li>
                <span class={`dot s${(index % 3) + 1}`} />
                <strong>{segment.name}</strong> · {percent(segment.share)}%
                {segment.summary ? <p class="muted small">{segment.summary}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {report.topFriction?.length ? (
        <section aria-labelledby="friction">
          <h2 id="friction">Biggest frictions</h2>
          <ol class="frictions">
            {report.topFriction.map((friction) => (
              <li>
                <strong>{friction.point}</strong>{' '}
                <span class="muted small">severity {friction.severity}/10</span>
                <meter min={0} max={10} value={friction.severity} />
                {[friction.evidence ?? []].flat().map((quote) => (
                  <blockquote>{quote}</blockquote>
                ))}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {report.rewrite ? (
        <section aria-labelledby="rewrite">
          <h2 id="rewrite">Rewrite</h2>
          <div class="pair">
            <div>
              <h3>Original</h3>
              <pre class="text">{original(run)}</pre>
            </div>
            <div>
              <h3>Suggested</h3>
              <pre class="text">{report.rewrite.text}</pre>
            </div>
          </div>
          {report.rewrite.rationale ? <p class="muted">{report.rewrite.rationale}</p> : null}
        </section>
      ) : null}
      {report.structuralNotes?.length ? (
        <section aria-labelledby="layout-notes">
          <h2 id="layout-notes">Layout notes</h2>
          <ul>
            {report.structuralNotes.map((note) => (
              <li>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {stats ? (
        <section aria-labelledby="stats">
          <h2 id="stats">Numbers</h2>
          <div class="charts">
            {stats.intent ? <Histogram title="Intent to act (0–10)" data={stats.intent} /> : null}
            {stats.trust ? <Histogram title="Trust (0–10)" data={stats.trust} /> : null}
            {stats.decision ? <BarList title="What they did" shares={stats.decision} /> : null}
            {stats.sentiment ? <BarList title="Sentiment" shares={stats.sentiment} /> : null}
          </div>
        </section>
      ) : null}
      {report.archetypes?.length ? (
        <section aria-labelledby="archetypes">
          <h2 id="archetypes">The panel</h2>
          <BarList
            title="Personas by archetype"
            counts={Object.fromEntries(report.archetypes.map((a) => [a.name, a.count]))}
          />
        </section>
      ) : null}
      {report.sampleReactions?.length ? (
        <section aria-labelledby="reactions">
          <h2 id="reactions">What some of them said</h2>
          {report.sampleReactions.slice(0, 8).map((reaction) => (
            <figure class="quote">
              <blockquote>{reaction.quote ?? '…'}</blockquote>
              <figcaption class="muted small">
                {[
                  reaction.archetype,
                  reaction.segment,
                  reaction.decision,
                  reaction.intent === undefined ? undefined : `intent ${reaction.intent}/10`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </figcaption>
            </figure>
          ))}
        </section>
      ) : null}
    </>
  );
}

const ORIGINAL_LIMIT = 4000;

function original(run: Run): string {
  const text = run.input.content ?? run.page_text ?? run.input.url ?? '';
  return text.length > ORIGINAL_LIMIT ? `${text.slice(0, ORIGINAL_LIMIT)}…` : text;
}
