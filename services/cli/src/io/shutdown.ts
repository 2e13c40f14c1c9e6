export interface ShutdownOptions {
  /** Called once, on the first SIGTERM or SIGINT. */
  stop: (signal: NodeJS.Signals) => Promise<void>;
  /** After this long the process exits even if stop() has not finished. */
  graceMs?: number;
  log?: (line: string) => void;
}

/**
 * Resolves with the signal once the first SIGTERM/SIGINT has been handled by `stop()`, so a
 * long-running command can await it and then return. A second signal, or a stop() that
 * overruns its grace period, exits at once with a non-zero code.
 */
export function untilShutdown(opts: ShutdownOptions): Promise<NodeJS.Signals> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const graceMs = opts.graceMs ?? 30_000;
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`lockstep: ${signal} again, exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      log(`lockstep: ${signal} received, draining (send it again to force)`);
      const timer = setTimeout(() => {
        log(`lockstep: error: shutdown did not finish within ${graceMs} ms`);
        process.exit(1);
      }, graceMs);
      timer.unref();
      opts.stop(signal).then(
        () => {
          clearTimeout(timer);
          resolve(signal);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
