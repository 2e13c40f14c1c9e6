import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { renderReport, renderTextReport, duration } from '@lockstep/report';
import { labelsToCsv } from '@lockstep/sim';
import { examples } from '../program/args';
import { CliError } from '../program/errors';
import { resolveConfig } from '../wiring/config';
import { pipelineConfigSchema } from '../wiring/pipeline-config';
import { ProgressView } from '../demo/progress';
import { runDemo } from '../demo/run-demo';
import { DEFAULT_SCALE, addScenarioOptions, scenarioOptions, type ScenarioFlags } from '../sim/scenario-flags';

/** Sized so the default demo finishes well inside a minute on a 2-core machine. */
// Two days: careful rings only show through slowly accumulating shared intent, and one day
// leaves some of them below half their members flagged.
export const DEMO_DEFAULTS = { ...DEFAULT_SCALE, hours: 48, outDir: 'out/demo' } as const;

const demoConfigSchema = z
  .object({
    demo: z
      .object({
        seed: z.union([z.string(), z.number()]).transform(String).default(DEMO_DEFAULTS.seed),
        accounts: z.number().int().min(1).max(5_000_000).default(DEMO_DEFAULTS.accounts),
        hours: z.number().positive().max(24 * 366).default(DEMO_DEFAULTS.hours),
        outDir: z.string().min(1).default(DEMO_DEFAULTS.outDir),
      })
      .prefault({}),
    /** Pipeline settings (features, detector, policy), as `lockstep replay --config` takes them. */
    pipeline: pipelineConfigSchema.optional(),
  })
  .prefault({});

interface DemoFlags extends Partial<ScenarioFlags> {
  outDir?: string;
  config?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description('simulate a realistic scenario (benign look-alikes and campaigns), run features, detector and policy in-process, and report what was found');
  addScenarioOptions(cmd)
    .option('--out-dir <dir>', `where to write report.html, decisions.jsonl and labels.csv (default ${DEMO_DEFAULTS.outDir})`)
    .option('-c, --config <file>', 'JSON config file: {"demo": {...}, "pipeline": {...}}; env LOCKSTEP_DEMO__ACCOUNTS etc.')
    .option('-q, --quiet', 'no live progress')
    .addHelpText(
      'after',
      `
Defaults: seed ${DEMO_DEFAULTS.seed}, ${DEMO_DEFAULTS.accounts} accounts, ${DEMO_DEFAULTS.hours} h of event time.` +
        examples([
          ['lockstep demo', 'the default scenario; prints the report and the path of the HTML report'],
          ['lockstep demo --seed 42 --accounts 6000 --hours 48 --out-dir out/big', 'a bigger, longer run'],
          ['lockstep demo --without careful_ring,reseller', 'leave some campaign families out'],
        ]),
    )
    .action(async (flags: DemoFlags) => {
      const cfg = resolveConfig(demoConfigSchema, {
        configFile: flags.config,
        flags: { demo: { seed: flags.seed, accounts: flags.accounts, hours: flags.hours, outDir: flags.outDir } },
      });
      const d = cfg.demo;
      const outDir = path.resolve(d.outDir);
      try {
        fs.mkdirSync(outDir, { recursive: true });
      } catch (err) {
        throw new CliError(`cannot create output folder ${outDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }

      const view = flags.quiet ? undefined : new ProgressView(process.stderr);
      const scenario = scenarioOptions({ seed: d.seed, accounts: d.accounts, hours: d.hours, start: flags.start, without: flags.without, only: flags.only });
      process.stderr.write(`demo: seed ${d.seed}, ~${d.accounts} accounts, ${d.hours} h of event time; running features -> detector -> policy in-process\n`);
      let last: Parameters<ProgressView['done']>[0] | undefined;
      const result = await runDemo({
        scenario,
        pipeline: cfg.pipeline ?? {},
        onProgress: (p) => {
          last = p;
          view?.update(p);
        },
      });
      if (view && last) view.done(last);

      const htmlPath = path.join(outDir, 'report.html');
      fs.writeFileSync(htmlPath, renderReport(result.report));
      fs.writeFileSync(path.join(outDir, 'decisions.jsonl'), result.changes.map((c) => JSON.stringify(c)).join('\n') + (result.changes.length ? '\n' : ''));
      fs.writeFileSync(path.join(outDir, 'labels.csv'), labelsToCsv(result.labels));

      const s = result.summary;
      const out = (line = '') => process.stdout.write(`${line}\n`);
      out();
      out(`Processed ${result.events} events from ${s.accounts} accounts in ${duration(result.wallMs)} (${Math.round((result.events / result.wallMs) * 1000)} events/s).`);
      const rejected = Object.values(result.rejected).reduce((a, b) => a + (b ?? 0), 0);
      if (rejected) out(`Rejected by the contract validator: ${rejected}`);
      out();
      out(renderTextReport(s));
      out();
      out(`HTML report: ${htmlPath}`);
    });
}
