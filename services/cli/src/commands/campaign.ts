import type { Command } from 'commander';
import { examples } from '../program/args';
import { addClientOptions, printJson, withPolicy, type ClientFlags } from '../program/client-command';
import { renderCampaign } from '../output/policy-views';

export function register(program: Command): void {
  addClientOptions(
    program
      .command('campaign')
      .description('show one campaign: its evidence and every member with its current action')
      .argument('<campaign_id>', 'the campaign to show (see `lockstep campaigns`)'),
  )
    .addHelpText('after', examples([
      ['lockstep campaign cmp_7f3a', 'evidence and members as tables'],
      ['lockstep campaign cmp_7f3a --json', 'the GetCampaign response as JSON'],
    ]))
    .action(async (campaignId: string, flags: ClientFlags) => {
      await withPolicy(flags, async (api) => {
        const campaign = await api.getCampaign(campaignId);
        if (flags.json) printJson(campaign);
        else process.stdout.write(`${renderCampaign(campaign)}\n`);
      });
    });
}
