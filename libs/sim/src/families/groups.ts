import type { Category } from '@lockstep/contracts';
import type { BuildContext, SimAccount } from '../account';
import { FixedNet, RoamingNet, addressIn, consumerNet } from '../network';
import { HOUR_MS, MachineClock, SessionClock, pickTz } from '../timing';
import { choice, MODELS, SpecTraffic, TemplatePrompts, makeTemplates, uniquePrompts } from '../traffic';

// Benign populations whose accounts legitimately share infrastructure: orgs, teams, classes.

const cats = (e: Array<[Category, number]>) => choice<Category>(e);

/** Splits `n` accounts into units of `min`..`max` (the last unit absorbs the remainder). */
export function splitUnits(ctx: BuildContext, n: number, min: number, max: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left > 0) {
    const s = Math.min(left, ctx.rng.range(min, max));
    if (left - s > 0 && left - s < min) {
      sizes.push(left);
      break;
    }
    sizes.push(s);
    left -= s;
  }
  return sizes;
}

/**
 * Enterprise orgs: seats behind one NAT, one card, one org_id, internal templates and
 * system prompts, all verified and onboarded on the same day. Each org may also run a
 * nightly batch service account (metronomic, very high volume, one template).
 */
export function enterprise(ctx: BuildContext, seats: number, batchJobs: number): SimAccount[] {
  const out: SimAccount[] = [];
  const sizes = seats > 0 ? splitUnits(ctx, seats, 12, 70) : Array.from({ length: batchJobs }, () => 0);
  sizes.forEach((size, o) => {
    const { rng, world } = ctx;
    const orgId = `org_${ctx.hex(8)}`;
    const card = ctx.hex(16);
    const site = world.site(`corp${o}`, 'corporate');
    const nat = new FixedNet([addressIn(rng, site.blocks[0]!), addressIn(rng, site.blocks[0]!)], site.asn, 'corporate');
    const tz = pickTz(rng);
    const onboarded = ctx.createdBefore(ctx.startTs, 20, 700);
    const templates = makeTemplates(rng, rng.range(8, 20));
    const systems = [ctx.hex(16), ctx.hex(16)];
    const ua = ctx.hex(12);
    const unit = `org-${o + 1}`;
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      const late = arng.chance(0.15);
      out.push(
        ctx.account(
          { group: 'enterprise_seat', unit },
          { tier: 'enterprise', verified: true, createdTs: late ? ctx.createdBefore(ctx.startTs, 1, 20) : onboarded + arng.int(6 * HOUR_MS), orgId, paymentFp: card, uaHash: arng.chance(0.7) ? ua : ctx.commonUa() },
          {
            rng: arng,
            clock: new SessionClock({ shape: 'work', tzOffsetH: tz, sessionsPerDay: arng.uniform(2, 4), eventsPerSession: 8, gapMedianS: 60, weekendFactor: 0.1 }),
            net: nat,
            traffic: new SpecTraffic({
              models: choice([[MODELS.large, 70], [MODELS.fast, 25], [MODELS.reason, 5]]),
              categories: cats([['coding', 40], ['writing', 20], ['reasoning', 15], ['agentic', 15], ['math', 5], ['translation', 5]]),
              prompts: new TemplatePrompts(templates, 0.9, [2, 6], 0.5),
              systemHashes: systems,
              inputTokens: { median: 1200, sigma: 0.8 },
              outputTokens: { median: 700, sigma: 0.7 },
              maxTokens: [4096],
              temperature: [0, 0.7],
              streamShare: 0.6,
              toolShare: 0.2,
              turns: 2,
              cotShare: 0.06,
              errorShare: 0.01,
            }),
          },
        ),
      );
    }
    if (o < batchJobs) {
      const arng = ctx.accountRng();
      const gapMs = arng.uniform(2500, 6000);
      out.push(
        ctx.account(
          { group: 'enterprise_batch', unit },
          { tier: 'enterprise', verified: true, createdTs: onboarded + arng.int(30 * 86_400_000), orgId, paymentFp: card, uaHash: ctx.hex(12) },
          {
            rng: arng,
            clock: new MachineClock({ gapMs, jitter: 0.08, from: ctx.startTs, until: ctx.endTs, window: { tzOffsetH: tz, startHour: 1, endHour: 5 } }),
            net: nat,
            traffic: new SpecTraffic({
              models: choice([[MODELS.large, 1]]),
              categories: cats([['coding', 40], ['writing', 20], ['reasoning', 20], ['agentic', 10], ['math', 10]]),
              prompts: new TemplatePrompts(templates.slice(0, 2), 1, [1, 4]),
              systemHashes: [systems[0]!],
              inputTokens: { median: 2500, sigma: 0.3 },
              outputTokens: { median: 600, sigma: 0.4 },
              maxTokens: [2048],
              temperature: [0],
              streamShare: 0,
              cotShare: 0,
              endpoint: 'batch',
              errorShare: 0.005,
            }),
          },
        ),
      );
    }
  });
  // Batch jobs beyond the number of orgs would need orgs without seats; keep it simple and exact.
  return out;
}

/** Small businesses: a few accounts on one card and one office line, created the same week. */
export function smallTeams(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  splitUnits(ctx, n, 3, 7).forEach((size, t) => {
    const { rng, world } = ctx;
    const isp = rng.pick(world.isps);
    const office = new FixedNet([addressIn(rng, rng.pick(isp.blocks))], isp.asn, 'residential');
    const card = ctx.hex(16);
    const tz = pickTz(rng);
    const founded = ctx.createdBefore(ctx.startTs, 7, 500);
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      out.push(
        ctx.account(
          { group: 'small_team', unit: `team-${t + 1}` },
          { tier: 'team', verified: true, createdTs: founded + arng.int(7 * 86_400_000), paymentFp: card, uaHash: ctx.commonUa() },
          {
            rng: arng,
            clock: new SessionClock({ shape: 'work', tzOffsetH: tz, sessionsPerDay: arng.uniform(1.5, 3.5), eventsPerSession: 6, gapMedianS: 70, weekendFactor: 0.2 }),
            net: new RoamingNet([office, consumerNet(world, arng)], [0.8, 0.2]),
            traffic: new SpecTraffic({
              models: choice([[MODELS.fast, 45], [MODELS.large, 50], [MODELS.reason, 5]]),
              categories: cats([['writing', 30], ['chat', 25], ['coding', 15], ['reasoning', 15], ['translation', 15]]),
              prompts: uniquePrompts,
              systemHashes: [rng.pick(ctx.officialSystemHashes)],
              inputTokens: { median: 500, sigma: 0.8 },
              outputTokens: { median: 550, sigma: 0.6 },
              maxTokens: [4096],
              temperature: [1],
              streamShare: 0.9,
              turns: 3,
              cotShare: 0.01,
              errorShare: 0.01,
            }),
          },
        ),
      );
    }
  });
  return out;
}

/**
 * Student cohorts: accounts created together at the start of term on the campus network,
 * pasting the same homework questions (near-duplicate prompts), on student hours.
 */
export function students(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  splitUnits(ctx, n, 15, 40).forEach((size, c) => {
    const { rng, world } = ctx;
    const campus = world.site(`campus${c}`, 'education');
    const nat = new FixedNet([addressIn(rng, campus.blocks[0]!)], campus.asn, 'education');
    const termStart = ctx.createdBefore(ctx.startTs, 5, 60);
    const homework = makeTemplates(rng, rng.range(5, 10));
    const tz = pickTz(rng);
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      out.push(
        ctx.account(
          { group: 'student', unit: `cohort-${c + 1}` },
          { tier: 'education', verified: arng.chance(0.8), createdTs: termStart + arng.int(3 * HOUR_MS), uaHash: ctx.commonUa() },
          {
            rng: arng,
            clock: new SessionClock({ shape: 'student', tzOffsetH: tz, sessionsPerDay: arng.uniform(0.8, 2.5), eventsPerSession: 5, gapMedianS: 80 }),
            net: new RoamingNet([nat, consumerNet(world, arng)], [0.65, 0.35]),
            traffic: new SpecTraffic({
              models: choice([[MODELS.fast, 60], [MODELS.large, 40]]),
              categories: cats([['math', 30], ['reasoning', 20], ['writing', 20], ['coding', 20], ['chat', 10]]),
              prompts: new TemplatePrompts(homework, 0, [0, 4], 0.4, false),
              systemHashes: [rng.pick(ctx.officialSystemHashes)],
              inputTokens: { median: 300, sigma: 0.7 },
              outputTokens: { median: 600, sigma: 0.6 },
              maxTokens: [2048, 4096],
              temperature: [1],
              streamShare: 0.9,
              turns: 3,
              cotShare: 0.1,
              errorShare: 0.01,
            }),
          },
        ),
      );
    }
  });
  return out;
}
