import * as os from 'node:os';
import type { Command } from 'commander';
import { toProtoAction, type ActionName } from '@lockstep/contracts';
import { examples, parseAction, parseDurationMs } from '../program/args';
import { addClientOptions, printJson, withPolicy, type ClientFlags } from '../program/client-command';
import { CliError, EXIT } from '../program/errors';
import { renderOverride } from '../output/policy-views';

interface TargetFlags {
  account?: string;
  campaign?: string;
}

/** Exactly one of --account / --campaign, as the proto's oneof. */
export function overrideTarget(flags: TargetFlags): { account_id: string } | { campaign_id: string } {
  if (flags.account && flags.campaign) throw new CliError('give either --account or --campaign, not both', EXIT.usage);
  if (flags.account) return { account_id: flags.account };
  if (flags.campaign) return { campaign_id: flags.campaign };
  throw new CliError('an override needs a target: --account <id> or --campaign <id>', EXIT.usage);
}

function defaultActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export function register(program: Command): void {
  const override = program
    .command('override')
    .description('set or clear an SRE / trust-and-safety override on an account or a campaign (needs the admin token)')
    .addHelpText('after', examples([
      ["lockstep override set --account acct_42 --action allow --reason 'verified customer, ticket 1234'", 'unblock an account'],
      ["lockstep override clear --account acct_42 --reason 'ticket closed'", 'hand the account back to the detector'],
    ]));

  addClientOptions(
    override
      .command('set')
      .description('force an action on an account or on every member of a campaign; it wins over the detector')
      .option('--account <id>', 'the account to override')
      .option('--campaign <id>', 'the campaign to override (all its members)')
      .requiredOption('--action <action>', 'allow, monitor, throttle, challenge or suspend', parseAction)
      .requiredOption('--reason <text>', 'why (kept in the audit log)')
      .option('--ttl <duration>', 'expire after this long, e.g. 90m, 24h, 7d (default: never)', parseDurationMs)
      .option('--actor <name>', 'who is acting (env LOCKSTEP_ACTOR, default cli:<user>)'),
  )
    .addHelpText('after', examples([
      ["lockstep override set --account acct_42 --action allow --reason 'verified customer'", 'allow an account the detector flagged'],
      ["lockstep override set --campaign cmp_7f3a --action suspend --ttl 7d --reason 'confirmed farm'", 'suspend a whole campaign for a week'],
      ['LOCKSTEP_ADMIN_TOKEN=... lockstep override set --account acct_9 --action throttle --reason test --json', 'token from the environment, JSON output'],
    ]))
    .action(async (flags: ClientFlags & TargetFlags & { action: ActionName; reason: string; ttl?: number; actor?: string }) => {
      const target = overrideTarget(flags);
      await withPolicy(
        flags,
        async (api, cfg) => {
          const created = await api.setOverride({ ...target, action: toProtoAction(flags.action), reason: flags.reason, actor: cfg.actor ?? defaultActor(), ttl_ms: flags.ttl ?? 0 });
          if (flags.json) printJson({ override: created });
          else process.stdout.write(`${renderOverride(created)}\n`);
        },
        { actor: flags.actor },
      );
    });

  addClientOptions(
    override
      .command('clear')
      .description('remove the override on an account or a campaign; the detector decides again')
      .option('--account <id>', 'the account')
      .option('--campaign <id>', 'the campaign')
      .requiredOption('--reason <text>', 'why (kept in the audit log)')
      .option('--actor <name>', 'who is acting (env LOCKSTEP_ACTOR, default cli:<user>)'),
  )
    .addHelpText('after', examples([
      ["lockstep override clear --account acct_42 --reason 'ticket closed'", 'clear an account override'],
      ["lockstep override clear --campaign cmp_7f3a --reason 'false alarm' --json", 'clear a campaign override, JSON output'],
    ]))
    .action(async (flags: ClientFlags & TargetFlags & { reason: string; actor?: string }) => {
      const target = overrideTarget(flags);
      await withPolicy(
        flags,
        async (api, cfg) => {
          const cleared = await api.clearOverride({ ...target, reason: flags.reason, actor: cfg.actor ?? defaultActor() });
          if (flags.json) printJson({ cleared });
          else process.stdout.write(cleared ? 'override cleared\n' : 'no override was set on that target\n');
        },
        { actor: flags.actor },
      );
    });
}
