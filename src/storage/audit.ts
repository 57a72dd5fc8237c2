// The audit log: who did what to which record, and why. Append-only.

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export function insertAudit(
  db: D1Database,
  entry: AuditEntry,
  at = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO audit_log (at, actor, action, target, reason, detail) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(
      at,
      entry.actor,
      entry.action,
      entry.target,
      entry.reason ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    );
}
