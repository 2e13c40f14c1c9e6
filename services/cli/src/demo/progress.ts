import { duration } from '@lockstep/report';
import type { DemoProgress } from './run-demo';

/**
 * Live progress: on a terminal one status line rewritten in place; otherwise a plain line
 * every few seconds (logs and CI stay readable).
 */
export class ProgressView {
  private lastPlain = 0;
  private lastPrinted = -1;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty: boolean = Boolean(out.isTTY),
    private readonly plainEveryMs = 3000,
  ) {}

  line(p: DemoProgress): string {
    const eps = Math.round(p.events / Math.max(1e-3, p.elapsedMs / 1000));
    const at = new Date(p.eventTs).toISOString().slice(5, 16).replace('T', ' ');
    return `demo: ${p.events} events (${eps}/s) · event time ${at} · ${p.accounts} accounts · ${p.flagged} flagged · ${p.campaigns} campaigns · ${duration(p.elapsedMs)}`;
  }

  update(p: DemoProgress): void {
    if (this.tty) {
      const text = this.line(p);
      const width = this.out.columns ?? 120;
      this.out.write(`\r${text.slice(0, width - 1).padEnd(Math.min(width - 1, text.length))}\x1b[K`);
      this.drawn = true;
    } else if (p.elapsedMs - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = p.elapsedMs;
      this.lastPrinted = p.events;
      this.out.write(`${this.line(p)}\n`);
    }
  }

  done(p: DemoProgress): void {
    if (this.tty && this.drawn) this.out.write(`\r${this.line(p)}\x1b[K\n`);
    else if (p.events !== this.lastPrinted) this.out.write(`${this.line(p)}\n`);
  }
}
