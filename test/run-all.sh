#!/usr/bin/env bash
# `npm test`: unit tests of every project, then the integration and fault tests against a real broker.
# Starts the local broker if none is serving, and stops it at the end only if it started it.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KAFKA="bash deploy/local/kafka.sh"
# A broker on another port (KAFKA_PORT) is the one every test and service talks to.
if [[ -n "${KAFKA_PORT:-}" && -z "${LOCKSTEP_KAFKA_BROKERS:-}" ]]; then export LOCKSTEP_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT}"; fi

started_broker=0
cleanup() {
  if ((started_broker)); then $KAFKA stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! $KAFKA status >/dev/null 2>&1; then
  $KAFKA start || { echo "run-all: could not start the local Kafka broker" >&2; exit 1; }
  started_broker=1
fi

status=0
# The e2e tests run the built services; nx caches, so this is quick when nothing changed.
npx nx run-many -t build --output-style=stream >/dev/null || { echo "run-all: build failed" >&2; npx nx run-many -t build --output-style=stream; exit 1; }

t0=$SECONDS
npx nx run-many -t test --output-style=stream || status=1
echo "run-all: unit tests $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - t0)) s"

t1=$SECONDS
npx jest -c test/jest.config.js --runInBand || status=1
echo "run-all: integration tests finished in $((SECONDS - t1)) s"

# Fault injection (kill -9, rebalances, broker restart) is part of "all the tests"; it is also
# runnable alone with `npm run test:faults`. LOCKSTEP_SKIP_FAULTS=1 leaves it out of a quick loop.
if [[ -z "${LOCKSTEP_SKIP_FAULTS:-}" ]]; then
  t2=$SECONDS
  npx jest -c test/jest.faults.config.js --runInBand || status=1
  echo "run-all: fault tests finished in $((SECONDS - t2)) s"
fi

exit $status
