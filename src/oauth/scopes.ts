// Polis's two OAuth scopes (SPEC §2.2) and their plain-language meaning for the consent page.

export const SCOPES = {
  read: 'polis:read',
  run: 'polis:run',
  all: ['polis:read', 'polis:run'],
} as const;

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  'polis:read': 'See your account, balance, runs and reports (free tools)',
  'polis:run': 'Spend your tokens: run persona tests, ask follow-ups, buy token packs',
};

/** Keeps only scopes Polis knows, in canonical order; `openid email profile` and such drop out. */
export function knownScopes(requested: readonly string[]): string[] {
  return SCOPES.all.filter((scope) => requested.includes(scope));
}
