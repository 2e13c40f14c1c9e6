import type { Category } from '@lockstep/contracts';
import type { BuildContext, SimAccount } from '../account';
import { FixedNet, HomeNet, MobileNet, RangeNet, RoamingNet, addressIn, consumerNet } from '../network';
import { RunClock, SessionClock, pickTz } from '../timing';
import { BenchmarkPrompts, choice, MODELS, SpecTraffic, TemplatePrompts, makeTemplates, uniquePrompts, type Template } from '../traffic';

// Independent individuals and single-account businesses: each account is its own unit.

const LANGS = choice<string>([['en', 70], ['es', 8], ['de', 6], ['fr', 5], ['ja', 4], ['pt', 4], ['hi', 3]]);

const cats = (e: Array<[Category, number]>) => choice<Category>(e);

// Shared by every account of a population: built once, not per account (large scenarios).
const CASUAL_MODELS = choice([[MODELS.fast, 50], [MODELS.large, 45], [MODELS.reason, 5]]);
const CASUAL_CATEGORIES = cats([['chat', 35], ['writing', 20], ['other', 12], ['coding', 10], ['translation', 8], ['math', 7], ['reasoning', 8]]);
const DEV_MODELS = choice([[MODELS.large, 65], [MODELS.fast, 28], [MODELS.reason, 7]]);
const DEV_CATEGORIES = cats([['coding', 55], ['agentic', 15], ['reasoning', 10], ['writing', 10], ['other', 10]]);

/** Consumer chat users: diurnal, a few requests a day, free-form prompts, official client. */
export function casual(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    const pro = rng.chance(0.3);
    // Some users sign up during the scenario itself: fresh accounts are normal.
    const created = rng.chance(0.04) ? Math.floor(ctx.startTs + rng.float() * ctx.durationMs * 0.8) : ctx.createdBefore(ctx.startTs, 1, 900);
    out.push(
      ctx.account(
        { group: 'casual' },
        { tier: pro ? 'pro' : 'free', verified: rng.chance(0.25), createdTs: created, paymentFp: pro || rng.chance(0.2) ? ctx.hex(16) : null, uaHash: ctx.commonUa() },
        {
          rng,
          startTs: Math.max(ctx.startTs, created),
          clock: new SessionClock({ shape: 'consumer', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(0.5, 2.5), eventsPerSession: 3, gapMedianS: 60 }),
          net: consumerNet(ctx.world, rng),
          traffic: new SpecTraffic({
            models: CASUAL_MODELS,
            categories: CASUAL_CATEGORIES,
            langs: LANGS,
            prompts: uniquePrompts,
            systemHashes: [rng.pick(ctx.officialSystemHashes)],
            inputTokens: { median: 180, sigma: 0.9 },
            outputTokens: { median: 420, sigma: 0.7 },
            maxTokens: [1024, 2048, 4096],
            temperature: [1, 0.7],
            streamShare: 0.92,
            turns: 3,
            cotShare: 0.02,
            errorShare: 0.01,
          }),
        },
      ),
    );
  }
  return out;
}

/** API developers: work hours, their own templates and system prompt, home/office/CI networks. */
export function developer(ctx: BuildContext, n: number): SimAccount[] {
  const { world } = ctx;
  // Coworking spaces and shared office buildings: unrelated developers behind one address.
  const sites = Array.from({ length: Math.max(3, Math.ceil(n / 12)) }, (_, i) => world.site(`office${i}`, 'corporate'));
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    const site = rng.pick(sites);
    const office = new FixedNet([addressIn(rng, site.blocks[0]!)], site.asn, 'corporate');
    const cloud = rng.pick(world.clouds);
    const ci = new RangeNet(world.cloudRange(cloud), cloud.asn, 'datacenter');
    const net = new RoamingNet([new HomeNet(rng.pick(world.isps)), office, ci, new MobileNet(rng.pick(world.carriers))], [0.45, 0.35, 0.12, 0.08]);
    out.push(
      ctx.account(
        { group: 'developer' },
        {
          tier: rng.pick(['pro', 'pro', 'pro', 'team', 'free'] as const),
          verified: rng.chance(0.8),
          createdTs: ctx.createdBefore(ctx.startTs, 3, 1200),
          paymentFp: ctx.hex(16),
          uaHash: rng.chance(0.7) ? ctx.commonUa() : ctx.hex(12),
          apiKeys: rng.range(1, 3),
        },
        {
          rng,
          clock: new SessionClock({ shape: 'work', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(1.5, 4), eventsPerSession: 12, gapMedianS: 45, weekendFactor: 0.3 }),
          net,
          traffic: new SpecTraffic({
            models: DEV_MODELS,
            categories: DEV_CATEGORIES,
            prompts: new TemplatePrompts(makeTemplates(rng, rng.range(2, 8)), 0.95, [2, 8], 0.3),
            systemHashes: [ctx.hex(16), ctx.hex(16), null],
            inputTokens: { median: 1200, sigma: 0.9 },
            outputTokens: { median: 600, sigma: 0.8 },
            maxTokens: [2048, 4096, 8192],
            temperature: [0, 0.2, 0.7, 1],
            streamShare: 0.5,
            toolShare: 0.3,
            turns: 2,
            cotShare: 0.05,
            errorShare: 0.02,
          }),
        },
      ),
    );
  }
  return out;
}

/** Independent heavy reasoning users: CoT-heavy, long outputs, often behind a VPN. */
export function powerUser(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    out.push(
      ctx.account(
        { group: 'power_user' },
        { tier: rng.chance(0.8) ? 'pro' : 'free', verified: rng.chance(0.35), createdTs: ctx.createdBefore(ctx.startTs, 10, 700), paymentFp: ctx.hex(16), uaHash: ctx.commonUa() },
        {
          rng,
          clock: new SessionClock({ shape: 'consumer', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(2, 4), eventsPerSession: 20, gapMedianS: 90 }),
          net: consumerNet(ctx.world, rng),
          traffic: new SpecTraffic({
            models: choice([[MODELS.large, 60], [MODELS.reason, 25], [MODELS.fast, 15]]),
            categories: cats([['reasoning', 35], ['coding', 35], ['math', 15], ['agentic', 15]]),
            prompts: new TemplatePrompts(makeTemplates(rng, rng.range(2, 5)), 1, [3, 10], 0.5),
            inputTokens: { median: 900, sigma: 1 },
            outputTokens: { median: 1300, sigma: 0.6 },
            maxTokens: [4096, 8192],
            temperature: [1],
            streamShare: 0.9,
            turns: 4,
            cotShare: 0.35,
            errorShare: 0.02,
          }),
        },
      ),
    );
  }
  return out;
}

/**
 * Independent developers using one popular open-source agent: identical system prompt,
 * identical tool templates and user agent, fast tool loops, yet unrelated accounts.
 */
export function agentToolUser(ctx: BuildContext, n: number, agent: { system: string; ua: string; tools: Template[] }): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    const site = ctx.world.site(`agentco${i}`, 'corporate');
    const office = new FixedNet([addressIn(rng, site.blocks[0]!)], site.asn, 'corporate');
    out.push(
      ctx.account(
        { group: 'agent_tool_user' },
        { tier: rng.pick(['pro', 'pro', 'team', 'free'] as const), verified: rng.chance(0.6), createdTs: ctx.createdBefore(ctx.startTs, 2, 500), paymentFp: ctx.hex(16), uaHash: agent.ua },
        {
          rng,
          clock: new SessionClock({ shape: 'work', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(2, 5), eventsPerSession: 25, gapMedianS: 9, gapSigma: 0.6, weekendFactor: 0.4 }),
          net: new RoamingNet([new HomeNet(rng.pick(ctx.world.isps)), office], [0.45, 0.55]),
          traffic: new SpecTraffic({
            models: choice([[MODELS.large, 72], [MODELS.fast, 18], [MODELS.reason, 10]]),
            categories: cats([['agentic', 60], ['coding', 40]]),
            prompts: new TemplatePrompts(agent.tools, 1, [0, 2], 0.2),
            systemHashes: [agent.system],
            inputTokens: { median: 6000, sigma: 0.6 },
            outputTokens: { median: 900, sigma: 0.7 },
            maxTokens: [8192],
            temperature: [0],
            streamShare: 1,
            toolShare: 0.95,
            turns: 6,
            cotShare: 0.1,
            errorShare: 0.02,
          }),
        },
      ),
    );
  }
  return out;
}

/** Apps serving many end users through one account from cloud servers: high volume, human aggregate. */
export function wrapperApp(ctx: BuildContext, n: number): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    const cloud = rng.pick(ctx.world.clouds);
    const range = ctx.world.cloudRange(cloud);
    const servers = Array.from({ length: rng.range(2, 6) }, () => addressIn(rng, range));
    out.push(
      ctx.account(
        { group: 'wrapper_app' },
        { tier: rng.chance(0.5) ? 'team' : 'pro', verified: true, createdTs: ctx.createdBefore(ctx.startTs, 60, 900), paymentFp: ctx.hex(16), uaHash: ctx.hex(12), apiKeys: 3 },
        {
          rng,
          clock: new SessionClock({ shape: 'consumer', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(1500, 4000), eventsPerSession: 1.3, gapMedianS: 20 }),
          net: new FixedNet(servers, cloud.asn, 'datacenter'),
          traffic: new SpecTraffic({
            models: choice([[MODELS.fast, 55], [MODELS.large, 40], [MODELS.reason, 5]]),
            categories: cats([['chat', 30], ['writing', 25], ['coding', 15], ['translation', 10], ['reasoning', 10], ['other', 10]]),
            langs: LANGS,
            prompts: uniquePrompts,
            systemHashes: [ctx.hex(16), ctx.hex(16)],
            inputTokens: { median: 700, sigma: 0.7 },
            outputTokens: { median: 450, sigma: 0.6 },
            maxTokens: [1024, 2048],
            temperature: [0.7],
            streamShare: 0.8,
            turns: 2,
            cotShare: 0,
            errorShare: 0.01,
          }),
        },
      ),
    );
  }
  return out;
}

export interface Benchmark {
  name: string;
  harness: string;
  items: Template[];
  category: Category;
  cot: boolean;
  rubric: boolean;
}

/** The public benchmark suites researchers run: every runner sends exactly the same prompts. */
export function publicBenchmarks(ctx: BuildContext): Benchmark[] {
  const defs: Array<[string, Category, boolean, boolean]> = [
    ['grade-school-math', 'math', true, false],
    ['multitask-qa', 'reasoning', false, false],
    ['code-eval', 'coding', false, false],
    ['judge-arena', 'writing', false, true],
  ];
  return defs.map(([name, category, cot, rubric]) => ({ name, category, cot, rubric, harness: ctx.hex(16), items: makeTemplates(ctx.rng, 300) }));
}

/** Researchers running public benchmarks: machine-paced runs of identical prompts, lab networks. */
export function researcher(ctx: BuildContext, n: number, suites: Benchmark[]): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const rng = ctx.accountRng();
    const academic = rng.chance(0.5);
    const site = ctx.world.site(`lab${i}`, academic ? 'education' : 'corporate');
    const lab = new FixedNet([addressIn(rng, site.blocks[0]!), addressIn(rng, site.blocks[0]!)], site.asn, academic ? 'education' : 'corporate');
    const suite = rng.pick(suites);
    const runs = new SessionClock({ shape: 'work', tzOffsetH: pickTz(rng), sessionsPerDay: rng.uniform(0.7, 2), eventsPerSession: 1, gapMedianS: 1 });
    const perRun = rng.range(120, 300);
    out.push(
      ctx.account(
        { group: 'researcher' },
        { tier: academic ? 'education' : 'team', verified: true, createdTs: ctx.createdBefore(ctx.startTs, 30, 800), orgId: academic ? null : `org_${ctx.hex(8)}`, paymentFp: academic ? null : ctx.hex(16), uaHash: ctx.hex(12) },
        {
          rng,
          clock: new RunClock(runs, () => perRun, rng.uniform(1500, 4000)),
          net: lab,
          traffic: new SpecTraffic({
            models: choice([[MODELS.large, 40], [MODELS.reason, 30], [MODELS.fast, 30]]),
            categories: choice([[suite.category, 1]]),
            prompts: new BenchmarkPrompts(suite.items, suite.harness, rng),
            inputTokens: { median: 400, sigma: 0.5 },
            outputTokens: { median: suite.cot ? 700 : 250, sigma: 0.6 },
            maxTokens: [1024, 2048],
            temperature: [0],
            streamShare: 0,
            cotShare: suite.cot ? 1 : 0,
            rubricShare: suite.rubric ? 1 : 0,
            errorShare: 0.01,
          }),
        },
      ),
    );
  }
  return out;
}
