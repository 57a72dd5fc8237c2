// The parts of Stripe's webhook payloads Polis reads, validated with zod: only the fields used,
// unknown ones ignored. Shapes differ across Stripe API versions (from 2025-03-31 the period
// moved from the subscription to its items, and an invoice names its subscription under
// `parent`), so both are accepted: the webhook endpoint's version is set in Stripe, not here.
import { z } from 'zod';
import { PAID_PLAN_IDS, type PaidPlanId, type Period } from './subscriptions';

export const eventEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof eventEnvelope>;

const metadata = z.record(z.string(), z.string()).nullish();
/** A field that is an id, or the object it names when expanded. */
const idOf = z.union([z.string(), z.object({ id: z.string() }).transform((object) => object.id)]);

export const checkoutSession = z.object({
  id: z.string(),
  mode: z.string(),
  payment_status: z.string(),
  client_reference_id: z.string().nullish(),
  customer: idOf.nullish(),
  subscription: idOf.nullish(),
  metadata,
});
export type CheckoutSession = z.infer<typeof checkoutSession>;

const periodFields = {
  current_period_start: z.number().int().optional(),
  current_period_end: z.number().int().optional(),
};

export const subscriptionObject = z.object({
  id: z.string(),
  status: z.string(),
  customer: idOf,
  metadata,
  ...periodFields,
  items: z.object({ data: z.array(z.object(periodFields)) }).optional(),
});
export type SubscriptionObject = z.infer<typeof subscriptionObject>;

export const invoiceObject = z.object({
  id: z.string(),
  customer: idOf.nullish(),
  billing_reason: z.string().nullish(),
  subscription: idOf.nullish(),
  parent: z
    .object({
      subscription_details: z.object({ subscription: idOf, metadata }).nullish(),
    })
    .nullish(),
  lines: z.object({
    data: z.array(
      z.object({ period: z.object({ start: z.number().int(), end: z.number().int() }) }),
    ),
  }),
});
export type InvoiceObject = z.infer<typeof invoiceObject>;

const paidPlan = z.enum(PAID_PLAN_IDS);
const tokens = z.coerce.number().int().min(1).max(10_000_000);

/** The Polis facts a checkout session carries in its metadata (set by billing/checkout.ts). */
export function sessionFacts(session: CheckoutSession): {
  accountId: string | null;
  tokens: number | null;
  pack: string | null;
  plan: PaidPlanId | null;
} {
  const data = session.metadata ?? {};
  return {
    accountId: data.account_id ?? session.client_reference_id ?? null,
    tokens: tokens.safeParse(data.tokens).data ?? null,
    pack: data.pack ?? null,
    plan: paidPlan.safeParse(data.plan).data ?? null,
  };
}

export function planFromMetadata(data: Record<string, string> | null | undefined) {
  return paidPlan.safeParse(data?.plan).data ?? null;
}

/** The current period: the items' (they share one in Polis), else the older top-level one. */
export function subscriptionPeriod(subscription: SubscriptionObject): Period | null {
  const item = subscription.items?.data.find(
    (entry) => entry.current_period_start !== undefined && entry.current_period_end !== undefined,
  );
  const start = item?.current_period_start ?? subscription.current_period_start;
  const end = item?.current_period_end ?? subscription.current_period_end;
  return start !== undefined && end !== undefined ? { start, end } : null;
}

export function invoiceSubscription(
  invoice: InvoiceObject,
): { id: string; metadata: Record<string, string> | null } | null {
  const details = invoice.parent?.subscription_details;
  if (details) return { id: details.subscription, metadata: details.metadata ?? null };
  return invoice.subscription ? { id: invoice.subscription, metadata: null } : null;
}

/**
 * The period an invoice pays for: its lines' latest. (The invoice's own period_start/end are
 * the usage period just ended, not the period paid in advance.)
 */
export function invoicePeriod(invoice: InvoiceObject): Period | null {
  let latest: Period | null = null;
  for (const line of invoice.lines.data) {
    if (!latest || line.period.start > latest.start) latest = line.period;
  }
  return latest;
}
