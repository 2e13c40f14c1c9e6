import type { Category } from '@lockstep/contracts';
import type { BuildContext, SimAccount } from '../account';
import { FixedNet, HomeNet, MobileNet, ProxyNet, RangeNet, RoamingNet, addressIn } from '../network';
import { DAY_MS, HOUR_MS, MachineClock, SessionClock, pickTz } from '../timing';
import { choice, MODELS, MergedStream, SpecTraffic, TemplatePrompts, makeTemplates, uniquePrompts, type Template, type TrafficSpec } from '../traffic';
import { splitUnits } from './groups';

const cats = (e: Array<[Category, number]>) => choice<Category>(e);

/** What a distillation operator wants harvested: hard reasoning and code, long answers. */
function harvestSpec(pool: Template[], exactShare: number, flip: [number, number], extra: Partial<TrafficSpec> = {}): TrafficSpec {
  return {
    models: choice([[MODELS.large, 65], [MODELS.reason, 22], [MODELS.fast, 13]]),
    categories: cats([['coding', 35], ['reasoning', 35], ['math', 12], ['agentic', 18]]),
    prompts: new TemplatePrompts(pool, exactShare, flip),
    inputTokens: { median: 850, sigma: 0.7 },
    outputTokens: { median: 1400, sigma: 0.5 },
    maxTokens: [4096, 8192],
    temperature: [1, 0.7],
    streamShare: 0.3,
    turns: 1,
    cotShare: 0.35,
    rubricShare: 0.05,
    errorShare: 0.03,
    ...extra,
  };
}

/**
 * Orchestrated farms (hydras): a task stream load-balanced over many heads at machine pace,
 * around the clock; every request leaves through a residential proxy; a few cards pay for
 * all heads; prompts come from one shared template pool, mostly reworded. Heads get banned
 * or burnt and fresh accounts (new heads) take over their slot mid-stream.
 */
export function hydra(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  const farms = splitUnits(ctx, n, 40, 260);
  farms.forEach((size, f) => {
    const { rng, world } = ctx;
    const campaign = `hydra-${f + 1}`;
    const pool = makeTemplates(rng, rng.range(40, 80));
    const cards = Array.from({ length: Math.max(2, Math.ceil(size / 6)) }, () => ctx.hex(16));
    const uas = [ctx.hex(12), ctx.hex(12), ctx.commonUa()];
    const systems = [ctx.hex(16), ctx.hex(16), null];
    const proxies = new ProxyNet(world.isps);
    const perDay = rng.uniform(30, 60);
    const farmBorn = ctx.createdBefore(ctx.startTs, 3, 40);
    const slots = Math.max(1, Math.round(size * 0.72));
    // Replacement heads are spread over the slots; each slot's timeline is cut where a head is retired.
    const replacementsPerSlot = new Array<number>(slots).fill(0);
    for (let r = 0; r < size - slots; r++) replacementsPerSlot[r % slots]!++;
    for (let s = 0; s < slots; s++) {
      const cuts = Array.from({ length: replacementsPerSlot[s]! }, () => ctx.startTs + rng.uniform(0.1, 0.9) * ctx.durationMs).sort((a, b) => a - b);
      const bounds = [ctx.startTs, ...cuts, ctx.endTs];
      for (let h = 0; h + 1 < bounds.length; h++) {
        const arng = ctx.accountRng();
        const newHead = h > 0;
        const from = newHead ? bounds[h]! + arng.uniform(0, HOUR_MS) : bounds[h]!;
        const created = newHead ? from - arng.uniform(0.5, 12) * HOUR_MS : farmBorn + arng.int(36 * HOUR_MS);
        const spec = harvestSpec(pool, 0.35, [1, 3], { systemHashes: systems });
        out.push(
          ctx.account(
            { group: 'hydra', campaign, ...(newHead ? { newHead: true } : {}) },
            { tier: arng.chance(0.55) ? 'free' : 'pro', verified: arng.chance(0.15), createdTs: Math.floor(created), paymentFp: rng.pick(cards), uaHash: arng.pick(uas) },
            {
              rng: arng,
              startTs: from,
              clock: new MachineClock({ gapMs: DAY_MS / perDay, jitter: 0.6, from, until: bounds[h + 1]! }),
              net: proxies,
              traffic: new SpecTraffic(spec),
            },
          ),
        );
      }
    }
  });
  return out;
}

/**
 * Careful rings: every account looks like one person (own home line and phone, own card,
 * human diurnal sessions, aged account). Only intent is shared: each prompt is reworded
 * (a fresh template_hash every time) from the ring's pool, so simhashes stay near-duplicates.
 */
export function carefulRing(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  splitUnits(ctx, n, 10, 25).forEach((size, r) => {
    const campaign = `ring-${r + 1}`;
    const pool = makeTemplates(ctx.rng, ctx.rng.range(20, 35));
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      const { world } = ctx;
      out.push(
        ctx.account(
          { group: 'careful_ring', campaign },
          { tier: 'pro', verified: arng.chance(0.5), createdTs: ctx.createdBefore(ctx.startTs, 30, 500), paymentFp: ctx.hex(16), uaHash: ctx.commonUa() },
          {
            rng: arng,
            clock: new SessionClock({ shape: arng.chance(0.5) ? 'consumer' : 'work', tzOffsetH: pickTz(arng), sessionsPerDay: arng.uniform(2, 4), eventsPerSession: 8, gapMedianS: 100 }),
            net: new RoamingNet([new HomeNet(arng.pick(world.isps)), new MobileNet(arng.pick(world.carriers))], [0.8, 0.2]),
            traffic: new SpecTraffic(
              harvestSpec(pool, 0, [1, 4], {
                systemHashes: [arng.pick(ctx.officialSystemHashes)],
                categories: cats([['reasoning', 40], ['math', 25], ['coding', 35]]),
                models: choice([[MODELS.large, 60], [MODELS.reason, 40]]),
                maxTokens: [8192],
                streamShare: 0.9,
                cotShare: 0.4,
                rubricShare: 0.08,
                errorShare: 0.01,
              }),
            ),
          },
        ),
      );
    }
  });
  return out;
}

/**
 * Resellers: a real business (cloud servers, verified, end users on human time) that also
 * pipes a distiller's task queue through the same account at machine pace. The farm share
 * uses one pool across all the reseller accounts of the campaign.
 */
export function reseller(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  splitUnits(ctx, n, 4, 10).forEach((size, r) => {
    const campaign = `reseller-${r + 1}`;
    const pool = makeTemplates(ctx.rng, ctx.rng.range(30, 60));
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      const cloud = arng.pick(ctx.world.clouds);
      const range = ctx.world.cloudRange(cloud);
      const servers = Array.from({ length: arng.range(2, 4) }, () => addressIn(arng, range));
      const endUsers = {
        clock: new SessionClock({ shape: 'consumer', tzOffsetH: pickTz(arng), sessionsPerDay: arng.uniform(250, 600), eventsPerSession: 1.5, gapMedianS: 30 }),
        traffic: new SpecTraffic({
          models: choice([[MODELS.fast, 55], [MODELS.large, 45]]),
          categories: cats([['chat', 35], ['writing', 30], ['coding', 15], ['translation', 10], ['other', 10]]),
          prompts: uniquePrompts,
          systemHashes: [ctx.hex(16)],
          inputTokens: { median: 600, sigma: 0.7 },
          outputTokens: { median: 450, sigma: 0.6 },
          maxTokens: [2048],
          temperature: [0.7],
          streamShare: 0.8,
          turns: 2,
          cotShare: 0.01,
          errorShare: 0.01,
        }),
      };
      const farm = {
        clock: new MachineClock({ gapMs: DAY_MS / arng.uniform(250, 500), jitter: 0.5, from: ctx.startTs, until: ctx.endTs }),
        traffic: new SpecTraffic(harvestSpec(pool, 0.4, [1, 3], { streamShare: 0.8 })),
      };
      const mixed = new MergedStream([endUsers, farm]);
      out.push(
        ctx.account(
          { group: 'reseller', campaign },
          { tier: arng.chance(0.6) ? 'team' : 'pro', verified: arng.chance(0.6), createdTs: ctx.createdBefore(ctx.startTs, 40, 400), paymentFp: ctx.hex(16), uaHash: ctx.hex(12), apiKeys: 2 },
          { rng: arng, clock: mixed, net: new FixedNet(servers, cloud.asn, 'datacenter'), traffic: mixed },
        ),
      );
    }
  });
  return out;
}

/**
 * Bursts: a short aggressive farm. Accounts created within the hour before, all on one rented
 * datacenter /24 and one card, hammering CoT-heavy max-length requests for a couple of hours.
 */
export function burst(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  splitUnits(ctx, n, 8, 30).forEach((size, b) => {
    const { rng, world } = ctx;
    const campaign = `burst-${b + 1}`;
    const cloud = rng.pick(world.clouds);
    const range = world.cloudRange(cloud);
    const card = ctx.hex(16);
    const ua = ctx.hex(12);
    const pool = makeTemplates(rng, rng.range(12, 24));
    const start = Math.floor(ctx.startTs + rng.uniform(0.1, 0.6) * ctx.durationMs);
    const end = Math.min(ctx.endTs, start + rng.uniform(1.5, 3) * HOUR_MS);
    for (let i = 0; i < size; i++) {
      const arng = ctx.accountRng();
      out.push(
        ctx.account(
          { group: 'burst', campaign },
          { tier: arng.chance(0.7) ? 'free' : 'pro', verified: false, createdTs: start - arng.int(HOUR_MS), paymentFp: card, uaHash: ua },
          {
            rng: arng,
            startTs: start,
            clock: new MachineClock({ gapMs: arng.uniform(8000, 15000), jitter: 0.3, from: start, until: end }),
            net: new RangeNet(range, cloud.asn, 'datacenter'),
            traffic: new SpecTraffic(
              harvestSpec(pool, 1, [0, 2], {
                models: choice([[MODELS.large, 1]]),
                categories: cats([['math', 30], ['reasoning', 70]]),
                outputTokens: { median: 3000, sigma: 0.3 },
                maxTokens: [16384],
                cotShare: 0.9,
                rubricShare: 0.2,
              }),
            ),
          },
        ),
      );
    }
  });
  return out;
}
