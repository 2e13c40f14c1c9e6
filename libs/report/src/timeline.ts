/** Events and flags per group over event time, in fixed-width buckets. */
export interface TimelineRow {
  group: string;
  label: 'benign' | 'campaign';
  events: number[];
  flags: number[];
}

export interface Timeline {
  startTs: number;
  bucketMs: number;
  buckets: number;
  rows: TimelineRow[];
}

/** Accumulates a Timeline while events stream past (O(groups x buckets) memory). */
export class TimelineBuilder {
  private readonly rows = new Map<string, TimelineRow>();
  readonly bucketMs: number;
  readonly buckets: number;

  constructor(readonly startTs: number, endTs: number, buckets = 96) {
    this.buckets = buckets;
    this.bucketMs = Math.max(1, Math.ceil((endTs - startTs) / buckets));
  }

  private row(group: string, label: 'benign' | 'campaign'): TimelineRow {
    let r = this.rows.get(group);
    if (!r) {
      r = { group, label, events: new Array<number>(this.buckets).fill(0), flags: new Array<number>(this.buckets).fill(0) };
      this.rows.set(group, r);
    }
    return r;
  }

  private bucket(ts: number): number {
    return Math.min(this.buckets - 1, Math.max(0, Math.floor((ts - this.startTs) / this.bucketMs)));
  }

  addEvent(ts: number, group: string, label: 'benign' | 'campaign'): void {
    this.row(group, label).events[this.bucket(ts)]!++;
  }

  /** An account of this group became flagged at ts. */
  addFlag(ts: number, group: string, label: 'benign' | 'campaign'): void {
    this.row(group, label).flags[this.bucket(ts)]!++;
  }

  build(): Timeline {
    const rows = [...this.rows.values()].sort((a, b) => (a.label === b.label ? a.group.localeCompare(b.group) : a.label === 'campaign' ? -1 : 1));
    return { startTs: this.startTs, bucketMs: this.bucketMs, buckets: this.buckets, rows };
  }
}
