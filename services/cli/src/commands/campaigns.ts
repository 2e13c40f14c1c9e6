import type { Command } from 'commander';
import { examples, parseIntInRange } from '../program/args';
import { addClientOptions, printJson, withPolicy, type ClientFlags } from '../program/client-command';
import { renderCampaigns } from '../output/policy-views';

export function register(program: Command): void {
  addClientOptions(
    program
      .command('campaigns')
      .description('list the campaigns the detector found, largest first')
      .option('-n, --limit <n>', 'at most this many campaigns', parseIntInRange(1, 100_000), 100),
  )
    .addHelpText('after', examples([
      ['lockstep campaigns', 'members, score, first/last seen and actions per campaign'],
      ['lockstep campaigns --limit 10 --json', 'the ten first, as JSON'],
    ]))
    .action(async (flags: ClientFlags & { limit: number }) => {
      await withPolicy(flags, async (api) => {
        const campaigns = await api.listCampaigns(flags.limit);
        if (flags.json) printJson({ campaigns });
        else process.stdout.write(`${renderCampaigns(campaigns)}\n`);
      });
    });
}
