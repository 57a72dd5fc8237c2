// Small charts in CSS alone (the page's CSP allows no inline style): bar sizes are the w-N and
// h-N classes of the stylesheet, N a whole percentage. Every chart has its numbers in text too.
import { formatNumber, percent } from '../format';

/** Counts per score 0–10 as eleven columns, tallest = 100%. */
export function Histogram(props: { title: string; data: { mean: number; histogram: number[] } }) {
  const counts = props.data.histogram.slice(0, 11);
  const top = Math.max(1, ...counts);
  return (
    <figure class="chart">
      <figcaption>
        {props.title} · mean {props.data.mean.toFixed(1)}
      </figcaption>
      <div class="hist">
        {counts.map((count, score) => (
          <span class="col" title={`${score}: ${count}`}>
            <span class={`bar h-${percent(count / top)}`} />
          </span>
        ))}
      </div>
      <div class="ticks" aria-hidden="true">
        {counts.map((_, score) => (
          <span>{score}</span>
        ))}
      </div>
    </figure>
  );
}

/** Shares (0–1) or counts as labelled horizontal bars. */
export function BarList(props: {
  title: string;
  shares?: Record<string, number>;
  counts?: Record<string, number>;
}) {
  const entries = Object.entries(props.shares ?? props.counts ?? {});
  const top = props.counts ? Math.max(1, ...entries.map(([, value]) => value)) : 1;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <ul class="bars">
        {entries.map(([label, value]) => (
          <li>
            <span class="label">{label}</span>
            <span class="track">
              <span class={`fill w-${percent(value / top)}`} />
            </span>
            <span class="value">{props.counts ? formatNumber(value) : `${percent(value)}%`}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
