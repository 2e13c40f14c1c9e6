/**
 * A minimal in-memory bus standing in for Kafka in the embedded mode: named topics with
 * synchronous subscribers, delivered in publish order. Keys are kept so handlers see the same
 * (key, value) shape as a Kafka consumer.
 */
export type Handler<T> = (key: string, value: T) => void;

export class InMemoryBus {
  private readonly subs = new Map<string, Handler<unknown>[]>();
  private readonly counts = new Map<string, number>();

  subscribe<T>(topic: string, handler: Handler<T>): void {
    const list = this.subs.get(topic) ?? [];
    list.push(handler as Handler<unknown>);
    this.subs.set(topic, list);
  }

  publish<T>(topic: string, key: string, value: T): void {
    this.counts.set(topic, (this.counts.get(topic) ?? 0) + 1);
    const list = this.subs.get(topic);
    if (list) for (const h of list) h(key, value);
  }

  published(topic: string): number {
    return this.counts.get(topic) ?? 0;
  }
}
