import type { Category } from '@lockstep/contracts';
import { randomHex } from './hex';
import type { Rng } from './prng';
import type { Clock } from './timing';
import { nearDuplicate, randomSimhash, simhashHex, type Simhash } from './simhash';

/** The request-describing fields of an event, written in place by a Traffic. */
export interface RequestFields {
  model: string;
  endpoint: string | null;
  input_tokens: number;
  output_tokens: number;
  max_tokens: number | null;
  temperature: number | null;
  stream: boolean | null;
  tool_count: number | null;
  turns: number | null;
  status: number | null;
  latency_ms: number | null;
  lang: string | null;
  category: Category;
  prompt_simhash: string;
  template_hash: string | null;
  system_hash: string | null;
  cot_request: boolean | null;
  rubric_request: boolean | null;
}

/** What an account asks for. Stateful per account (templates it reuses, a benchmark cursor...). */
export interface Traffic {
  fill(out: RequestFields, ts: number, rng: Rng): void;
}

/** A weighted choice precomputed as a cumulative table (hot path). */
export class Choice<T> {
  private readonly items: T[];
  private readonly cum: number[];
  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map((e) => e[0]);
    let s = 0;
    this.cum = entries.map((e) => (s += e[1]));
  }
  pick(rng: Rng): T {
    const x = rng.float() * this.cum[this.cum.length - 1]!;
    let i = 0;
    while (i < this.cum.length - 1 && x >= this.cum[i]!) i++;
    return this.items[i]!;
  }
}

const CHOICES = new Map<string, Choice<unknown>>();

/**
 * A shared Choice for these entries: populations build one per account from the same literal,
 * and large scenarios should not keep a copy per account.
 */
export function choice<T extends string | number>(entries: ReadonlyArray<readonly [T, number]>): Choice<T> {
  const key = JSON.stringify(entries);
  let c = CHOICES.get(key);
  if (!c) CHOICES.set(key, (c = new Choice<T>(entries) as Choice<unknown>));
  return c as Choice<T>;
}

export const MODELS = { large: 'atlas-large-2', fast: 'atlas-fast-2', reason: 'atlas-reason-1' } as const;

/** Where the prompt's hashes come from. */
export interface PromptSource {
  fill(out: RequestFields, rng: Rng): void;
}

/** Free-form prompts: every simhash unrelated to the others, no template. */
export const uniquePrompts: PromptSource = {
  fill(out, rng) {
    out.prompt_simhash = randomHex(rng, 16);
    out.template_hash = null;
  },
};

export interface Template {
  hash: string;
  simhash: Simhash;
}

export function makeTemplates(rng: Rng, n: number): Template[] {
  return Array.from({ length: n }, () => ({ hash: randomHex(rng, 16), simhash: randomSimhash(rng) }));
}

/**
 * Prompts built from a template pool. `exactShare` of requests keep the template's hash;
 * the rest are reworded (a fresh template_hash). The simhash stays within `flip` bits of
 * the template's, because rewording or filling variables barely moves a simhash.
 */
export class TemplatePrompts implements PromptSource {
  constructor(
    private readonly pool: readonly Template[],
    private readonly exactShare: number,
    private readonly flip: readonly [number, number],
    /** Share of requests that are free-form instead of templated. */
    private readonly freeShare = 0,
    /** False when the text is pasted rather than templated: no template_hash at all. */
    private readonly hashed = true,
  ) {}
  fill(out: RequestFields, rng: Rng): void {
    if (this.freeShare > 0 && rng.chance(this.freeShare)) return uniquePrompts.fill(out, rng);
    const t = this.pool[rng.int(this.pool.length)]!;
    out.template_hash = !this.hashed ? null : rng.chance(this.exactShare) ? t.hash : randomHex(rng, 16);
    out.prompt_simhash = simhashHex(nearDuplicate(rng, t.simhash, rng.range(this.flip[0], this.flip[1])));
  }
}

/** A public benchmark run item by item: identical prompts for everyone who runs it. */
export class BenchmarkPrompts implements PromptSource {
  private cursor: number;
  constructor(private readonly items: readonly Template[], private readonly harness: string, rng: Rng) {
    this.cursor = rng.int(items.length);
  }
  fill(out: RequestFields): void {
    const item = this.items[this.cursor]!;
    this.cursor = (this.cursor + 1) % this.items.length;
    out.template_hash = this.harness;
    out.prompt_simhash = simhashHex(item.simhash);
  }
}

export interface Range {
  median: number;
  sigma: number;
  max?: number;
}

export interface TrafficSpec {
  models: Choice<string>;
  categories: Choice<Category>;
  langs?: Choice<string>;
  prompts: PromptSource;
  systemHashes?: readonly (string | null)[];
  inputTokens: Range;
  outputTokens: Range;
  maxTokens: readonly number[];
  temperature: readonly number[];
  streamShare: number;
  toolShare?: number;
  turns?: number;
  cotShare: number;
  rubricShare?: number;
  endpoint?: string;
  errorShare?: number;
}

const ENGLISH = new Choice<string>([['en', 1]]);

/** Draws every request field from a spec: the common case for all populations. */
export class SpecTraffic implements Traffic {
  constructor(private readonly s: TrafficSpec) {}

  fill(out: RequestFields, _ts: number, rng: Rng): void {
    const s = this.s;
    out.model = s.models.pick(rng);
    out.endpoint = s.endpoint ?? 'messages';
    out.category = s.categories.pick(rng);
    out.lang = (s.langs ?? ENGLISH).pick(rng);
    s.prompts.fill(out, rng);
    const sys = s.systemHashes;
    out.system_hash = sys && sys.length ? sys[rng.int(sys.length)]! : null;
    out.max_tokens = s.maxTokens[rng.int(s.maxTokens.length)]!;
    out.input_tokens = tokens(rng, s.inputTokens);
    out.output_tokens = Math.min(out.max_tokens, tokens(rng, s.outputTokens));
    out.temperature = s.temperature[rng.int(s.temperature.length)]!;
    out.stream = rng.chance(s.streamShare);
    const tools = s.toolShare !== undefined && rng.chance(s.toolShare);
    out.tool_count = tools ? rng.range(1, 12) : 0;
    out.turns = s.turns ? rng.geometric(s.turns) : 1;
    out.cot_request = rng.chance(s.cotShare);
    out.rubric_request = s.rubricShare ? rng.chance(s.rubricShare) : false;
    const failed = s.errorShare !== undefined && rng.chance(s.errorShare);
    out.status = failed ? rng.pick(STATUS_ERRORS) : 200;
    if (failed) out.output_tokens = 0;
    out.latency_ms = Math.round(180 + rng.exp(120) + (out.stream ? 0 : out.output_tokens * 9));
  }
}

const STATUS_ERRORS = [429, 429, 429, 500, 529, 400];

function tokens(rng: Rng, r: Range): number {
  const v = Math.round(rng.logNormal(r.median, r.sigma));
  return Math.max(1, Math.min(r.max ?? 200_000, v));
}

/** One account carrying two kinds of traffic (a reseller: end users plus a farm's tasks). */
export class MixedTraffic implements Traffic {
  constructor(private readonly a: Traffic, private readonly b: Traffic, private readonly shareB: number) {}
  fill(out: RequestFields, ts: number, rng: Rng): void {
    (rng.chance(this.shareB) ? this.b : this.a).fill(out, ts, rng);
  }
}

interface Part {
  clock: Clock;
  traffic: Traffic;
  next: number;
}

/**
 * Two independent request streams merged into one account, each with its own timing and
 * content: a reseller's end users on human time plus a farm's task queue on machine time.
 */
export class MergedStream implements Clock, Traffic {
  sessionStart = true;
  private readonly parts: Part[];
  private current = 0;

  constructor(parts: ReadonlyArray<{ clock: Clock; traffic: Traffic }>) {
    this.parts = parts.map((p) => ({ ...p, next: NaN }));
  }

  next(ts: number, rng: Rng): number {
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i]!;
      if (Number.isNaN(p.next)) p.next = p.clock.next(ts, rng);
      else if (i === this.current) p.next = p.clock.next(p.next, rng);
    }
    let best = 0;
    for (let i = 1; i < this.parts.length; i++) if (this.parts[i]!.next < this.parts[best]!.next) best = i;
    this.current = best;
    this.sessionStart = this.parts[best]!.clock.sessionStart;
    return this.parts[best]!.next;
  }

  fill(out: RequestFields, ts: number, rng: Rng): void {
    this.parts[this.current]!.traffic.fill(out, ts, rng);
  }
}
