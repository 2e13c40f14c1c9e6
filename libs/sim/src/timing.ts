import type { Rng } from './prng';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Decides when an account's next request happens. Stateful, one per account. */
export interface Clock {
  /** The time of the next request after `ts`, or Infinity when the account goes quiet for good. */
  next(ts: number, rng: Rng): number;
  /** Whether the request just scheduled opened a new session (networks may change then). */
  readonly sessionStart: boolean;
}

/** Relative activity per local hour (0..1) of human populations. */
export const DIURNAL = {
  consumer: [0.12, 0.06, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.35, 0.45, 0.5, 0.55, 0.6, 0.55, 0.5, 0.5, 0.55, 0.65, 0.8, 0.95, 1, 0.95, 0.7, 0.35],
  work: [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.6, 0.9, 1, 0.95, 0.7, 0.85, 1, 0.95, 0.85, 0.6, 0.3, 0.2, 0.15, 0.12, 0.08, 0.04],
  student: [0.3, 0.15, 0.06, 0.02, 0.01, 0.01, 0.02, 0.06, 0.2, 0.35, 0.45, 0.5, 0.45, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1, 1, 0.9, 0.6],
  flat: Array.from({ length: 24 }, () => 1),
} as const satisfies Record<string, readonly number[]>;

export type DiurnalShape = keyof typeof DIURNAL;

export function localHour(ts: number, tzOffsetH: number): number {
  const h = Math.floor((ts + tzOffsetH * HOUR_MS) / HOUR_MS) % 24;
  return h < 0 ? h + 24 : h;
}

/** 0 = Sunday ... 6 = Saturday in the account's local time. */
export function localWeekday(ts: number, tzOffsetH: number): number {
  return (Math.floor((ts + tzOffsetH * HOUR_MS) / DAY_MS) + 4) % 7;
}

export interface SessionClockOptions {
  shape: DiurnalShape;
  tzOffsetH: number;
  sessionsPerDay: number;
  eventsPerSession: number;
  /** Median seconds between requests inside a session. */
  gapMedianS: number;
  gapSigma?: number;
  /** Multiplier on weekend activity (work populations rest). */
  weekendFactor?: number;
  from?: number;
  until?: number;
}

/**
 * Human timing: sessions start as a Poisson process whose rate follows a diurnal curve
 * (sampled by thinning), and requests inside a session are separated by log-normal
 * think times. The result has human burstiness, quiet nights and irregular gaps.
 */
export class SessionClock implements Clock {
  sessionStart = true;
  private remaining = 0;
  private readonly weights: readonly number[];
  private readonly peakGapMs: number;
  private readonly weekendFactor: number;
  private readonly from: number;
  private readonly until: number;

  constructor(private readonly o: SessionClockOptions) {
    this.weights = DIURNAL[o.shape];
    const total = this.weights.reduce((s, w) => s + w, 0);
    this.peakGapMs = HOUR_MS / (o.sessionsPerDay / total);
    this.weekendFactor = o.weekendFactor ?? 1;
    this.from = o.from ?? -Infinity;
    this.until = o.until ?? Infinity;
  }

  next(ts: number, rng: Rng): number {
    let t: number;
    if (this.remaining > 0 && ts >= this.from) {
      this.remaining--;
      this.sessionStart = false;
      t = ts + Math.max(1500, rng.logNormal(this.o.gapMedianS, this.o.gapSigma ?? 0.9) * 1000);
    } else {
      t = Math.max(ts, this.from);
      for (let guard = 0; guard < 100_000; guard++) {
        t += rng.exp(this.peakGapMs);
        let w = this.weights[localHour(t, this.o.tzOffsetH)]!;
        if (this.weekendFactor !== 1) {
          const wd = localWeekday(t, this.o.tzOffsetH);
          if (wd === 0 || wd === 6) w *= this.weekendFactor;
        }
        if (rng.float() < w) break;
        if (t > this.until) break;
      }
      this.remaining = rng.geometric(this.o.eventsPerSession) - 1;
      this.sessionStart = true;
    }
    return t > this.until ? Infinity : Math.floor(t);
  }
}

export interface MachineClockOptions {
  /** Mean milliseconds between requests. */
  gapMs: number;
  /** Relative spread of gaps around the mean (0.1 = +-10%): small means metronomic. */
  jitter: number;
  from: number;
  until: number;
  /** Optional daily local window [startHour, endHour) outside which the machine sleeps. */
  window?: { tzOffsetH: number; startHour: number; endHour: number };
}

/** Machine timing: evenly spaced requests (a scheduler, a queue worker, a load balancer). */
export class MachineClock implements Clock {
  sessionStart = true;
  private started = false;

  constructor(private readonly o: MachineClockOptions) {}

  next(ts: number, rng: Rng): number {
    let t: number;
    if (!this.started) {
      this.started = true;
      t = Math.max(ts, this.o.from) + rng.float() * this.o.gapMs;
    } else {
      t = ts + this.o.gapMs * (1 + this.o.jitter * (2 * rng.float() - 1));
      this.sessionStart = false;
    }
    const w = this.o.window;
    if (w && !inWindow(t, w)) {
      t = nextWindowStart(t, w) + rng.float() * this.o.gapMs;
      this.sessionStart = true;
    }
    return t > this.o.until ? Infinity : Math.floor(t);
  }
}

function inWindow(t: number, w: { tzOffsetH: number; startHour: number; endHour: number }): boolean {
  const h = localHour(t, w.tzOffsetH);
  return w.startHour <= w.endHour ? h >= w.startHour && h < w.endHour : h >= w.startHour || h < w.endHour;
}

function nextWindowStart(t: number, w: { tzOffsetH: number; startHour: number }): number {
  const local = t + w.tzOffsetH * HOUR_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  let start = dayStart + w.startHour * HOUR_MS;
  if (start <= local) start += DAY_MS;
  return start - w.tzOffsetH * HOUR_MS;
}

/** A machine that runs jobs: each run is a burst of evenly spaced requests, runs start at human times. */
export class RunClock implements Clock {
  sessionStart = true;
  private remaining = 0;

  constructor(
    private readonly starts: SessionClock,
    private readonly requestsPerRun: () => number,
    private readonly gapMs: number,
  ) {}

  next(ts: number, rng: Rng): number {
    if (this.remaining > 0) {
      this.remaining--;
      this.sessionStart = false;
      return Math.floor(ts + this.gapMs * (0.85 + 0.3 * rng.float()));
    }
    const t = this.starts.next(ts, rng);
    this.remaining = this.requestsPerRun() - 1;
    this.sessionStart = true;
    return t;
  }
}

/** A plausible time-zone offset for an account (hours from UTC), weighted to populated zones. */
export function pickTz(rng: Rng): number {
  const zones = [-8, -7, -6, -5, -4, -3, 0, 1, 2, 3, 5.5, 8, 9, 10];
  const weights = [8, 3, 5, 10, 2, 3, 6, 12, 5, 3, 6, 8, 4, 2];
  return zones[rng.weighted(weights)]!;
}
