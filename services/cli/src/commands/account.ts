import type { Command } from 'commander';
import { examples } from '../program/args';
import { addClientOptions, printJson, withPolicy, type ClientFlags } from '../program/client-command';
import { renderAccount } from '../output/policy-views';

export function register(program: Command): void {
  addClientOptions(
    program
      .command('account')
      .description('why is this account blocked? current action, decision history with evidence, overrides and audit')
      .argument('<account_id>', 'the account to look up'),
  )
    .addHelpText('after', examples([
      ['lockstep account acct_000123', 'current action, history and evidence as tables'],
      ['lockstep account acct_000123 --json', 'the GetAccount response as JSON'],
    ]))
    .action(async (accountId: string, flags: ClientFlags) => {
      await withPolicy(flags, async (api) => {
        const account = await api.getAccount(accountId);
        if (flags.json) printJson(account);
        else process.stdout.write(`${renderAccount(account)}\n`);
      });
    });
}
