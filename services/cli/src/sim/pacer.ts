/**
 * Paces a stream of events so that event time advances at `speed` times wall-clock time from the
 * first event on (speed 1 = real time), for feeding a live deployment with a believable flow.
 */
export class Pacer {
  private origin: { eventTs: number; wallMs: number } | undefined;

  constructor(private readonly speed: number) {
    if (!(speed > 0)) throw new RangeError('speed must be positive');
  }

  /** Milliseconds to wait before sending the event with time `eventTs`, given the wall clock `nowMs`. */
  delay(eventTs: number, nowMs: number): number {
    if (!this.origin) {
      this.origin = { eventTs, wallMs: nowMs };
      return 0;
    }
    const due = this.origin.wallMs + (eventTs - this.origin.eventTs) / this.speed;
    return Math.max(0, due - nowMs);
  }
}
