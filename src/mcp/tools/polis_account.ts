// polis_account: who the caller is and where the account stands. Free.
import { noInput } from '../schemas';
import { defineTool } from '../tool';

export const polisAccount = defineTool({
  name: 'polis_account',
  title: 'Polis account',
  description:
    'Shows the Polis account behind your credentials: id, email, plan and status. Free. ' +
    'Every Polis tool result also carries `_usage`, the token balance and spend cap.',
  input: noInput,
  spends: false,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { account }) {
    return {
      account_id: account.id,
      email: account.email,
      plan: account.plan,
      status: account.status,
      created_at: new Date(account.created_at).toISOString(),
    };
  },
});
