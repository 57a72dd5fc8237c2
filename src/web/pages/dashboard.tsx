// /app: the account at a glance. Plan and usage, connected apps and API keys (each with
// Revoke), recent runs, billing links. Every value from a client (app names) is escaped by JSX.
import { PLANS, type PlanId } from '../../billing/catalogue';
import type { PaymentOptions } from '../../billing/payment-options';
import type { Usage } from '../../billing/usage';
import type { Connection } from '../../oauth/connections';
import type { Account, ApiKey } from '../../storage/accounts';
import type { LedgerEntry } from '../../storage/ledger';
import type { Run } from '../../storage/runs';
import { formatDelta, formatNumber, formatTime, formatUsd } from '../format';
import { Layout } from '../layout';

export interface DashboardData {
  account: Account;
  usage: Usage | null;
  ledger: LedgerEntry[];
  connections: (Connection & { last_used_at: number | null })[] | null;
  keys: ApiKey[];
  runs: Run[] | null;
  billing: PaymentOptions | null;
  mcpUrl: string;
  notice?: string;
}

export function planName(plan: string): string {
  return Object.hasOwn(PLANS, plan) ? PLANS[plan as PlanId].name : plan;
}

export function DashboardPage(props: DashboardData) {
  const { account } = props;
  return (
    <Layout title="Your account" signedInAs={account.email}>
      <h1>Your account</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        <strong>{account.email}</strong> · {planName(account.plan)} plan
      </p>
      <UsageSection usage={props.usage} ledger={props.ledger} />
      <ConnectionsSection connections={props.connections} mcpUrl={props.mcpUrl} />
      <KeysSection keys={props.keys} />
      <RunsSection runs={props.runs} />
      <BillingSection billing={props.billing} />
    </Layout>
  );
}

const LEDGER_KINDS: Record<LedgerEntry['kind'], string> = {
  trial_grant: 'Trial tokens',
  allowance: 'Monthly allowance',
  charge: 'Charge',
  refund: 'Refund',
  purchase: 'Purchase',
  admin_credit: 'Credit',
};

function UsageSection(props: { usage: Usage | null; ledger: LedgerEntry[] }) {
  const { usage } = props;
  return (
    <section aria-labelledby="usage">
      <h2 id="usage">Usage</h2>
      {usage ? (
        <dl class="figures">
          <div>
            <dt>Included tokens left</dt>
            <dd>{formatNumber(usage.included_remaining)}</dd>
          </div>
          <div>
            <dt>Purchased tokens</dt>
            <dd>{formatNumber(usage.purchased_remaining)}</dd>
          </div>
          {usage.cap_usd > 0 || usage.in_overage ? (
            <div>
              <dt>Overage this period</dt>
              <dd>
                {formatUsd(usage.overage_usd)}
                <span class="muted small"> of {formatUsd(usage.cap_usd)} cap</span>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p class="muted">Usage could not be loaded right now.</p>
      )}
      {props.ledger.length > 0 ? (
        <div class="scroll">
          <table>
            <caption>Recent activity</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" class="num">
                  Tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {props.ledger.map((entry) => (
                <tr>
                  <td>{formatTime(entry.at)}</td>
                  <td>
                    {LEDGER_KINDS[entry.kind]}
                    {entry.reason &&
                    entry.reason.toLowerCase() !== LEDGER_KINDS[entry.kind].toLowerCase() ? (
                      <span class="muted small"> · {entry.reason}</span>
                    ) : null}
                  </td>
                  <td class="num">{formatDelta(entry.tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function scopeWords(scope: string[]): string {
  return scope.includes('polis:run') ? 'may read and spend' : 'read only';
}

function ConnectionsSection(props: { connections: DashboardData['connections']; mcpUrl: string }) {
  const { connections } = props;
  return (
    <section aria-labelledby="connections">
      <h2 id="connections">Connected apps</h2>
      {connections === null ? (
        <p class="muted">Connected apps could not be loaded right now.</p>
      ) : connections.length === 0 ? (
        <p class="muted">
          No apps are connected. Add Polis to Claude.ai, ChatGPT or another MCP client with the
          address <code>{props.mcpUrl}</code>.
        </p>
      ) : (
        <ul class="rows">
          {connections.map((connection) => (
            <li>
              <div>
                <strong>{connection.client_name ?? connection.client_id}</strong>
                <span class="muted small"> · {scopeWords(connection.scope)}</span>
                <br />
                <span class="muted small">
                  Authorized {formatTime(Date.parse(connection.authorized_at))} · Last used{' '}
                  {formatTime(connection.last_used_at)}
                </span>
              </div>
              <form
                method="post"
                action={`/app/connections/${encodeURIComponent(connection.grant_id)}/revoke`}
              >
                <button type="submit" class="danger">
                  Revoke
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function KeysSection(props: { keys: ApiKey[] }) {
  const live = props.keys.filter((key) => key.revoked_at === null);
  const revoked = props.keys.filter((key) => key.revoked_at !== null);
  return (
    <section aria-labelledby="keys">
      <h2 id="keys">API keys</h2>
      {live.length === 0 ? <p class="muted">No API keys yet.</p> : null}
      <ul class="rows">
        {live.map((key) => (
          <li>
            <div>
              <code>{key.prefix}…</code>
              <br />
              <span class="muted small">
                Created {formatTime(key.created_at)} · Last used {formatTime(key.last_used_at)}
              </span>
            </div>
            <form method="post" action={`/app/api-keys/${encodeURIComponent(key.id)}/revoke`}>
              <button type="submit" class="danger">
                Revoke
              </button>
            </form>
          </li>
        ))}
      </ul>
      {revoked.length > 0 ? (
        <p class="muted small">
          {revoked.length === 1 ? '1 revoked key' : `${revoked.length} revoked keys`} (
          {revoked.map((key) => `${key.prefix}…`).join(', ')}).
        </p>
      ) : null}
      <form method="post" action="/app/api-keys">
        <button type="submit" class="secondary">
          Create API key
        </button>
      </form>
    </section>
  );
}

const STATUS_WORDS: Record<Run['status'], string> = {
  pending: 'Waiting',
  running: 'Running',
  complete: 'Complete',
  failed: 'Failed',
};

export function runTitle(run: Run): string {
  const source = run.input.content_type === 'url' ? run.input.url : run.input.content;
  const text = (source ?? '').replace(/\s+/g, ' ').trim();
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return short || run.id;
}

function RunsSection(props: { runs: Run[] | null }) {
  const { runs } = props;
  return (
    <section aria-labelledby="runs">
      <h2 id="runs">Recent runs</h2>
      {runs === null ? (
        <p class="muted">Runs could not be loaded right now.</p>
      ) : runs.length === 0 ? (
        <p class="muted">No runs yet. Ask your agent to test something with polis_test.</p>
      ) : (
        <ul class="rows">
          {runs.map((run) => (
            <li>
              <div>
                <a href={`/app/runs/${encodeURIComponent(run.id)}`}>{runTitle(run)}</a>
                <br />
                <span class="muted small">
                  {run.input.content_type} · {formatTime(run.created_at)} ·{' '}
                  {STATUS_WORDS[run.status]}
                  {run.status === 'complete'
                    ? ''
                    : ` · ${run.reactions_done} of ${run.reactions_total} reactions`}
                </span>
              </div>
              {run.status === 'running' || run.status === 'pending' ? (
                <progress value={run.reactions_done} max={Math.max(1, run.reactions_total)} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BillingSection(props: { billing: PaymentOptions | null }) {
  const { billing } = props;
  if (!billing?.payments_available) return null;
  return (
    <section aria-labelledby="billing">
      <h2 id="billing">Billing</h2>
      <ul class="links">
        {(billing.plans ?? []).map((plan) => (
          <li>
            <a href={plan.checkout_url}>
              Subscribe to {planName(plan.plan)}: ${plan.monthly_usd}/month,{' '}
              {formatNumber(plan.included_tokens)} tokens a month
            </a>
          </li>
        ))}
        {(billing.topups ?? []).map((pack) => (
          <li>
            <a href={pack.pay_url}>
              Buy {formatNumber(pack.tokens)} tokens for ${pack.price_usd}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KeyCreatedPage(props: { email: string; apiKey: string; prefix: string }) {
  return (
    <Layout title="New API key" signedInAs={props.email}>
      <h1>Your new API key</h1>
      <p class="warning" role="note">
        Copy it now: this is the only time Polis shows it. Only its start ({props.prefix}…) is kept.
      </p>
      <label for="new_key">New API key</label>
      <input id="new_key" type="text" readonly value={props.apiKey} class="code" />
      <p class="muted small">
        Send it as <code>Authorization: Bearer …</code> to the MCP endpoint. Keep it secret; revoke
        it in your account if it leaks.
      </p>
      <p>
        <a href="/app" class="button">
          Back to your account
        </a>
      </p>
    </Layout>
  );
}
