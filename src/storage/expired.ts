// Deletes what has expired from D1: people's sessions, sign-in codes and consent bindings. Each
// statement removes a bounded number of rows, so one run stays cheap however much piled up;
// the next run takes the rest. Only rows whose expiry has passed are touched.
export const SWEEP_LIMIT = 500;

/**
 * Sign-in codes are kept a day past their expiry: the send limits count recent rows, and a
 * person typing an old code is better told it expired than that none was sent.
 */
export const CODE_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ExpiredSweep {
  sessions: number;
  signInCodes: number;
  consentBindings: number;
}

export async function deleteExpired(db: D1Database, now: number): Promise<ExpiredSweep> {
  const codesBefore = now - CODE_RETENTION_MS;
  const [sessions, codes, bindings] = await db.batch([
    db
      .prepare(
        `DELETE FROM sessions WHERE rowid IN
           (SELECT rowid FROM sessions WHERE expires_at <= ? LIMIT ?)`,
      )
      .bind(now, SWEEP_LIMIT),
    // created_at <= expires_at always: the bound on it lets the sweep use the age index.
    db
      .prepare(
        `DELETE FROM sign_in_codes WHERE rowid IN
           (SELECT rowid FROM sign_in_codes WHERE created_at <= ?1 AND expires_at <= ?1 LIMIT ?2)`,
      )
      .bind(codesBefore, SWEEP_LIMIT),
    db
      .prepare(
        `DELETE FROM consent_bindings WHERE rowid IN
           (SELECT rowid FROM consent_bindings WHERE expires_at <= ? LIMIT ?)`,
      )
      .bind(now, SWEEP_LIMIT),
  ]);
  return {
    sessions: sessions?.meta.changes ?? 0,
    signInCodes: codes?.meta.changes ?? 0,
    consentBindings: bindings?.meta.changes ?? 0,
  };
}
