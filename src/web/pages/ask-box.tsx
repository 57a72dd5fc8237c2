// The follow-up box under a finished run's report: ask one persona or the whole panel, and
// read the conversation. Posts to /app/runs/<id>/ask; the answer comes back on the run page.
import type { Turn } from '../../storage/threads';

export interface AskView {
  /** Persona ids the person can pick from (the report's sample). */
  personas: { id: string; label: string }[];
  thread?: { id: string; target: string; turns: Turn[] };
  error?: string;
}

export function AskBox(props: { runId: string; view: AskView }) {
  const { view } = props;
  return (
    <section aria-labelledby="ask">
      <h2 id="ask">Ask a follow-up</h2>
      {view.thread ? <Transcript thread={view.thread} /> : null}
      {view.error ? (
        <p class="error" role="alert">
          {view.error}
        </p>
      ) : null}
      <form method="post" action={`/app/runs/${encodeURIComponent(props.runId)}/ask`}>
        {view.thread ? <input type="hidden" name="thread_id" value={view.thread.id} /> : null}
        {view.thread ? null : (
          <>
            <label for="ask-target">Who answers</label>
            <select id="ask-target" name="target">
              <option value="panel">The whole panel (answers in the background)</option>
              {view.personas.map((persona) => (
                <option value={`persona:${persona.id}`}>{persona.label}</option>
              ))}
            </select>
          </>
        )}
        <label for="ask-question">Question</label>
        <input id="ask-question" name="question" type="text" maxlength={2000} required />
        <button type="submit">Ask</button>
      </form>
      <p class="muted small">Each question is charged like polis_ask; a failed one is refunded.</p>
    </section>
  );
}

function Transcript(props: { thread: NonNullable<AskView['thread']> }) {
  return (
    <ol class="transcript">
      {props.thread.turns.map((turn) => (
        <li>
          <p>
            <strong>You:</strong> {turn.question}
          </p>
          <p>
            <strong>{props.thread.target}:</strong>{' '}
            {turn.answer ??
              (turn.status === 'failed'
                ? `No answer (${turn.failure ?? 'failed'}); refunded.`
                : 'Being answered… reload in a moment.')}
          </p>
        </li>
      ))}
    </ol>
  );
}
