// The people's pages (SPEC §7): the sign-in page, /app and what it changes. Every /app route
// acts only on the signed-in account's own records; another account's ids read as unknown.
import { Hono, type Context } from 'hono';
import { mintApiKey } from '../../auth/api-keys';
import { signedInAccount } from '../../auth/session';
import { sendCode, showSignIn } from '../../auth/sign-in';
import { paymentOptions, paymentsConfigured } from '../../billing/payment-options';
import { usageOf } from '../../billing/usage';
import { readConfig } from '../../config';
import type { Env } from '../../env';
import { log } from '../../lib/log';
import { connectionLastUsed, forgetConnectionUse } from '../../oauth/connection-usage';
import { listConnections, revokeConnection } from '../../oauth/connections';
import {
  findAccountState,
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type Account,
} from '../../storage/accounts';
import { insertAudit } from '../../storage/audit';
import { recentLedger } from '../../storage/ledger';
import { findRun, listRuns, type Run } from '../../storage/runs';
import { findThread, listTurns } from '../../storage/threads';
import { html } from '../layout';
import { MessagePage, SignInPage } from '../pages';
import { DashboardPage, KeyCreatedPage, type DashboardData } from '../pages/dashboard';
import type { AskView } from '../pages/ask-box';
import { readReport, RunPage } from '../pages/run-report';
import { askFromRunPage, ASK_ERRORS } from './run-ask';

type Ctx = Context<{ Bindings: Env }>;

export const people = new Hono<{ Bindings: Env }>();

/** At most this many live keys per account: each is a credential to keep track of. */
export const MAX_LIVE_KEYS = 20;

const NOTICES: Record<string, string> = {
  connection_revoked: 'The app was disconnected. Its access stopped at once.',
  key_revoked: 'The API key was revoked. It stopped working at once.',
};

people.get('/sign-in', showSignIn);
people.post('/sign-in/email', sendCode);

people.get('/app', async (c) => {
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return html(<SignInPage returnTo="/app" />);
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
  return html(<DashboardPage {...await dashboard(c, account)} notice={notice} />);
});

people.post('/app/connections/:grantId/revoke', async (c) => {
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return signedOutPage();
  const grantId = c.req.param('grantId');
  // Only a grant listed under this account can be revoked: another's reads as unknown.
  if (!(await revokeConnection(c.env.OAUTH_PROVIDER, account.id, grantId))) {
    return notFoundPage('connection', 'That app is not connected to your account.');
  }
  await Promise.all([
    forgetConnectionUse(c.env.DB, grantId),
    insertAudit(c.env.DB, {
      actor: `account:${account.id}`,
      action: 'connection.revoke',
      target: grantId,
    }).run(),
  ]);
  log('info', 'app.connection_revoked', { account_id: account.id });
  return backToApp('connection_revoked');
});

people.post('/app/api-keys', async (c) => {
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return signedOutPage();
  const live = (await listApiKeys(c.env.DB, account.id)).filter((key) => !key.revoked_at);
  if (live.length >= MAX_LIVE_KEYS) {
    return html(
      <MessagePage
        title="Too many API keys"
        message={`An account can hold ${MAX_LIVE_KEYS} live API keys, and this one does.`}
        next="Revoke a key you no longer use, then create a new one."
        link={{ href: '/app', text: 'Back to your account' }}
      />,
      409,
    );
  }
  const key = await mintApiKey();
  const now = Date.now();
  await c.env.DB.batch([
    insertApiKey(c.env.DB, {
      id: key.id,
      accountId: account.id,
      hash: key.hash,
      prefix: key.prefix,
      createdAt: now,
    }),
    insertAudit(c.env.DB, {
      actor: `account:${account.id}`,
      action: 'api_key.create',
      target: key.id,
    }),
  ]);
  log('info', 'app.api_key_created', { account_id: account.id, api_key_id: key.id });
  // The one time the key is shown: this response only, never stored or logged.
  return html(<KeyCreatedPage email={account.email} apiKey={key.key} prefix={key.prefix} />, 201);
});

people.post('/app/api-keys/:keyId/revoke', async (c) => {
  const account = await signedInAccount(c, c.env.DB);
  if (!account) return signedOutPage();
  const keyId = c.req.param('keyId');
  const key = await findApiKey(c.env.DB, keyId);
  if (!key || key.account_id !== account.id) {
    return notFoundPage('API key', 'Your account has no such API key.');
  }
  if (await revokeApiKey(c.env.DB, key.id, Date.now())) {
    await insertAudit(c.env.DB, {
      actor: `account:${account.id}`,
      action: 'api_key.revoke',
      target: key.id,
    }).run();
    log('info', 'app.api_key_revoked', { account_id: account.id, api_key_id: key.id });
  }
  return backToApp('key_revoked');
});

people.get('/app/runs/:runId', async (c) => {
  const account = await signedInAccount(c, c.env.DB);
  const runId = c.req.param('runId');
  if (!account) return html(<SignInPage returnTo={`/app/runs/${encodeURIComponent(runId)}`} />);
  const run = await findRun(c.env.DB, runId, account.id).catch((error: unknown) => {
    log('warn', 'app.run_unreadable', { run_id: runId, error: String(error) });
    return null;
  });
  if (!run) return notFoundPage('run', 'Your account has no such run, or it cannot be shown.');
  return html(<RunPage email={account.email} run={run} ask={await askView(c, run)} />);
});

people.post('/app/runs/:runId/ask', askFromRunPage);

/** The follow-up box's facts: who can be asked, the conversation asked for, the refusal. */
async function askView(c: Ctx, run: Run): Promise<AskView | undefined> {
  if (run.status !== 'complete') return undefined;
  const sample = readReport(run.report)?.sampleReactions ?? [];
  const personas = sample.flatMap((reaction) =>
    typeof reaction.persona_id === 'string'
      ? [
          {
            id: reaction.persona_id,
            label: `${reaction.persona_id} (${reaction.archetype ?? 'persona'})`,
          },
        ]
      : [],
  );
  const threadId = c.req.query('thread');
  const thread = threadId ? await findThread(c.env.DB, threadId, run.account_id) : null;
  const error = ASK_ERRORS[c.req.query('error') ?? ''];
  return {
    personas,
    thread:
      thread && thread.run_id === run.id
        ? {
            id: thread.id,
            target: thread.target === 'persona' ? thread.target_name : `the ${thread.target}`,
            turns: await listTurns(c.env.DB, thread.id),
          }
        : undefined,
    error,
  };
}

/** Everything /app shows, read in parallel; a part that fails to load is shown as such. */
async function dashboard(c: Ctx, account: Account): Promise<DashboardData> {
  const db = c.env.DB;
  const config = readConfig(c.env);
  const [state, ledger, keys, connections, lastUsed, runs] = await Promise.all([
    findAccountState(db, account.id),
    recentLedger(db, account.id, 10).catch(() => []),
    listApiKeys(db, account.id),
    listConnections(c.env.OAUTH_PROVIDER, account.id).catch(failed('connections')),
    connectionLastUsed(db, account.id),
    listRuns(db, account.id, 10).catch(failed('runs')),
  ]);
  return {
    account,
    usage: state ? usageOf(state.account, state.balance) : null,
    ledger,
    keys,
    connections:
      connections?.map((connection) => ({
        ...connection,
        last_used_at: lastUsed.get(connection.grant_id) ?? null,
      })) ?? null,
    runs,
    billing: paymentsConfigured(c.env) ? await paymentOptions(c.env, config, account.id) : null,
    mcpUrl: config.mcpUrl,
  };
}

function failed(part: string) {
  return (error: unknown) => {
    log('warn', 'app.part_failed', { part, error: String(error) });
    return null;
  };
}

function backToApp(done: keyof typeof NOTICES): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: `/app?done=${done}`, 'Cache-Control': 'no-store' },
  });
}

function signedOutPage(): Response {
  return html(
    <MessagePage
      title="Signed out"
      message="Your sign-in ended, so nothing was changed."
      next="Sign in again and try once more."
      link={{ href: '/sign-in', text: 'Sign in' }}
    />,
    401,
  );
}

function notFoundPage(what: string, message: string): Response {
  return html(
    <MessagePage
      title={`No such ${what}`}
      message={message}
      next="It may have been removed already. Your account page shows what is there now."
      link={{ href: '/app', text: 'Back to your account' }}
    />,
    404,
  );
}
