/** Exit codes of the lockstep binary. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (I/O, server, pipeline). */
  failure: 1,
  /** The command line or the configuration is wrong: nothing was started. */
  usage: 2,
} as const;

/**
 * An error meant for the person at the terminal: its message is printed as is, on one line,
 * without a stack trace. Throw it for anything the user can fix.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Collapses a possibly multi-line message into one trimmed line. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ')
    .trim();
}

const FS_CODES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
};

/** gRPC status codes (numeric, as grpc-js reports them) that mean "could not talk to the server". */
const GRPC_UNREACHABLE = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */]);
const GRPC_NAMES: Record<number, string> = {
  1: 'CANCELLED', 2: 'UNKNOWN', 3: 'INVALID_ARGUMENT', 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS', 7: 'PERMISSION_DENIED', 8: 'RESOURCE_EXHAUSTED', 9: 'FAILED_PRECONDITION',
  10: 'ABORTED', 11: 'OUT_OF_RANGE', 12: 'UNIMPLEMENTED', 13: 'INTERNAL', 14: 'UNAVAILABLE',
  15: 'DATA_LOSS', 16: 'UNAUTHENTICATED',
};

function addressInUse(message: string): { address: string; port: number } | undefined {
  const m = /EADDRINUSE: address already in use (\S+):(\d+)/.exec(message);
  return m ? { address: m[1]!, port: Number(m[2]) } : undefined;
}

function isGrpcError(err: unknown): err is Error & { code: number; details?: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && 'details' in err;
}

/**
 * Turns any thrown value into the one line printed on stderr and the exit code. Known error
 * kinds (CliError, config errors, file-system errors, gRPC status errors) get a precise
 * message; anything else falls back to its own message, never its stack.
 */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: oneLine(err.message), exitCode: err.exitCode };
  if (err instanceof Error) {
    if (err.name === 'ConfigError') return { message: oneLine(err.message), exitCode: EXIT.usage };
    const issues = (err as { issues?: Array<{ path?: PropertyKey[]; message?: string }> }).issues;
    if (err.name === 'ZodError' && Array.isArray(issues) && issues.length > 0) {
      // A schema parsed outside loadConfig (e.g. a policy rules file): name the key like ConfigError does.
      const first = issues[0]!;
      const key = (first.path ?? []).map(String).join('.');
      return { message: `invalid config${key ? ` key '${key}'` : ''}: ${oneLine(first.message ?? 'invalid value')}`, exitCode: EXIT.usage };
    }
    const sys = err as NodeJS.ErrnoException;
    const net = err as NodeJS.ErrnoException & { address?: string; port?: number };
    // grpc-js reports a taken port inside a generic bind error; both shapes get the same line.
    const inUse = net.code === 'EADDRINUSE' ? { address: net.address, port: net.port } : addressInUse(err.message);
    if (inUse) {
      return { message: `port ${inUse.port ?? '?'} on ${inUse.address ?? 'this host'} is already in use (choose another with --port, or LOCKSTEP_OPS_PORT for the ops server)`, exitCode: EXIT.failure };
    }
    if (typeof sys.code === 'string' && FS_CODES[sys.code] && sys.path) {
      return { message: `${sys.path}: ${FS_CODES[sys.code]}`, exitCode: EXIT.failure };
    }
    if (err.name.startsWith('KafkaJS')) {
      const unreachable = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Connection|connect/i.test(err.message) || err.name === 'KafkaJSNumberOfRetriesExceeded';
      return {
        message: unreachable
          ? `cannot reach the Kafka broker: ${oneLine(err.message)} (set LOCKSTEP_KAFKA_BROKERS, or start one: bash deploy/local/kafka.sh start)`
          : `Kafka: ${oneLine(err.message)}`,
        exitCode: EXIT.failure,
      };
    }
    if (isGrpcError(err)) {
      const name = GRPC_NAMES[err.code] ?? `code ${err.code}`;
      // grpc-js appends an empty "Resolution note:" and repeats "Error:"; neither helps a reader.
      const detail = oneLine(err.details || err.message)
        .replace(/\s*Resolution note:\s*$/, '')
        .replace(/Last error: Error: /, 'Last error: ');
      if (GRPC_UNREACHABLE.has(err.code)) {
        return { message: `cannot reach the PolicyService (${name}): ${detail}`, exitCode: EXIT.failure };
      }
      return { message: `PolicyService refused the call (${name}): ${detail}`, exitCode: EXIT.failure };
    }
    return { message: oneLine(err.message) || err.name, exitCode: EXIT.failure };
  }
  return { message: oneLine(String(err)), exitCode: EXIT.failure };
}
