import type { Command } from 'commander';
import type { policyv1 } from '@lockstep/contracts';
import { examples, parseIntInRange } from '../program/args';
import { addClientOptions, clientConfig, type ClientFlags } from '../program/client-command';
import { actionText } from '../output/policy-views';
import { formatTime } from '../output/table';

interface WatchFlags extends ClientFlags {
  from: number;
  limit?: number;
}

/** Fixed widths, since rows are printed as they arrive and cannot be aligned after the fact. */
const WIDTHS = [20, 8, 24, 9, 12, 16] as const;

export function watchHeader(): string {
  return ['CHANGED', 'SEQ', 'ACCOUNT', 'ACTION', 'REASON', 'CAMPAIGN', 'EXPIRES'].map((h, i) => (i < WIDTHS.length ? h.padEnd(WIDTHS[i]!) : h)).join('  ');
}

export function watchRow(c: policyv1.EnforcementChange__Output): string {
  const cells = [formatTime(c.changed_at_ms), String(c.sequence), c.account_id, actionText(c.action), c.reason_code || '-', c.campaign_id || '-', formatTime(c.expires_at_ms)];
  return cells.map((v, i) => (i < WIDTHS.length ? v.padEnd(WIDTHS[i]!) : v)).join('  ').trimEnd();
}

export function register(program: Command): void {
  addClientOptions(
    program
      .command('watch')
      .description('follow enforcement changes live (WatchDecisions), optionally from a sequence number; Ctrl-C to stop')
      .option('--from <seq>', 'resume after this sequence number (0 = the oldest change the server still holds)', parseIntInRange(0, Number.MAX_SAFE_INTEGER), 0)
      .option('-n, --limit <n>', 'stop after this many changes', parseIntInRange(1, Number.MAX_SAFE_INTEGER)),
  )
    .addHelpText('after', examples([
      ['lockstep watch', 'every change from the oldest held, then live'],
      ['lockstep watch --from 1200 --json', 'resume after sequence 1200, one JSON object per line'],
      ['lockstep watch --limit 20', 'the first twenty changes, then exit'],
    ]))
    .action(async (flags: WatchFlags) => {
      const cfg = clientConfig(flags);
      const { connectPolicy } = await import('../wiring/policy-client');
      const api = connectPolicy(cfg);
      if (!flags.json) process.stdout.write(`${watchHeader()}\n`);
      let seen = 0;
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = api.watchDecisions(flags.from);
          const finish = () => {
            process.off('SIGINT', finish);
            process.off('SIGTERM', finish);
            stream.cancel();
            resolve();
          };
          process.once('SIGINT', finish);
          process.once('SIGTERM', finish);
          stream.on('data', (c: policyv1.EnforcementChange__Output) => {
            process.stdout.write(flags.json ? `${JSON.stringify(c)}\n` : `${watchRow(c)}\n`);
            if (flags.limit !== undefined && ++seen >= flags.limit) finish();
          });
          // CANCELLED is our own doing (limit or Ctrl-C); anything else is a real failure.
          stream.on('error', (err: Error & { code?: number }) => (err.code === 1 ? resolve() : reject(err)));
          stream.on('end', () => resolve());
        });
      } finally {
        api.close();
      }
    });
}
