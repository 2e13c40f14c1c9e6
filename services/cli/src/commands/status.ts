import type { Command } from 'commander';
import { examples } from '../program/args';
import { addClientOptions, printJson, withPolicy, type ClientFlags } from '../program/client-command';
import { renderStatus } from '../output/policy-views';

export function register(program: Command): void {
  addClientOptions(
    program
      .command('status')
      .description('show the state of a running PolicyService: accounts by action, campaigns, overrides'),
  )
    .addHelpText('after', examples([
      ['lockstep status', 'ask the PolicyService on the default address'],
      ['lockstep status --server 10.0.0.5:50051 --json', 'another host, machine-readable'],
      ['LOCKSTEP_SERVER=127.0.0.1:7000 lockstep status', 'address from the environment'],
    ]))
    .action(async (flags: ClientFlags) => {
      await withPolicy(flags, async (api, cfg) => {
        const status = await api.getStatus();
        if (flags.json) printJson(status);
        else process.stdout.write(`${renderStatus(status, cfg.server, Date.now())}\n`);
      });
    });
}
