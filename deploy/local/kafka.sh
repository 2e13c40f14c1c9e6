#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller in one JVM), no Docker.
#
#   bash deploy/local/kafka.sh start|stop|status|reset|logs
#
# KAFKA_PORT (default 9092) is the client port; the controller listens on
# KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1). Everything lives under
# deploy/local/.kafka/ (git-ignored): libs/ holds the jars fetched from Maven
# Central on first use, run-<port>/ the config, data, pid and log of one broker,
# so brokers on different ports can coexist.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_HOME="${KAFKA_HOME:-$HERE/.kafka}"
LIBS="$KAFKA_HOME/libs"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
HOST="127.0.0.1"
RUN="$KAFKA_HOME/run-$PORT"
PIDFILE="$RUN/kafka.pid"
LOGFILE="$RUN/kafka.log"
START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"
STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-30}"

log() { echo "kafka.sh: $*" >&2; }

pid_alive() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# A real Metadata round-trip (not just an open socket): the broker is serving
# only once it answers with itself as a live broker.
probe_metadata() {
  local rc=0
  node "$HERE/kafka-probe.js" "$HOST:$PORT" >/dev/null 2>&1 || rc=$?
  if ((rc == 3)); then
    # Before `npm ci` there is no kafkajs: trust the broker's own startup line.
    grep -q "Kafka Server started" "$LOGFILE" 2>/dev/null
    return
  fi
  return "$rc"
}

ensure_libs() {
  if [[ -f "$LIBS/.complete" ]]; then return 0; fi
  command -v java >/dev/null || { log "java not found (need a JRE 17+)"; exit 1; }
  command -v mvn >/dev/null || { log "mvn not found (needed once to fetch the broker from Maven Central)"; exit 1; }
  log "fetching Apache Kafka jars from Maven Central into $LIBS ..."
  rm -rf "$LIBS"
  mkdir -p "$KAFKA_HOME"
  # Quiet unless it fails (mvn -q still prints colour escapes).
  if ! mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$KAFKA_HOME/mvn.log" 2>&1; then
    cat "$KAFKA_HOME/mvn.log" >&2
    log "fetching the broker with Maven failed"
    exit 1
  fi
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$RUN/data"
  cat >"$RUN/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$RUN/data
num.partitions=1
default.replication.factor=1
# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
# Tests create and join many groups: no point waiting for more members.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.segment.bytes=67108864
log.retention.check.interval.ms=60000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  cat >"$RUN/log4j2.properties" <<EOF
status = error
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

format_storage() {
  if [[ -f "$RUN/data/meta.properties" ]]; then return 0; fi
  local cluster_id
  # A Kafka cluster id is 16 random bytes, base64url without padding.
  cluster_id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  java -Xmx256m -cp "$LIBS/*" -Dlog4j2.configurationFile="$RUN/log4j2.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN/server.properties" --ignore-formatted >"$RUN/format.log" 2>&1 \
    || { cat "$RUN/format.log" >&2; log "storage format failed"; exit 1; }
}

cmd_status() {
  if pid_alive && port_open "$PORT"; then
    echo "kafka: running (pid $(cat "$PIDFILE"), $HOST:$PORT)"
    return 0
  fi
  if pid_alive; then echo "kafka: starting or unhealthy (pid $(cat "$PIDFILE"), port $PORT closed)"; return 1; fi
  echo "kafka: stopped ($HOST:$PORT)"
  return 1
}

cmd_start() {
  if pid_alive; then
    if wait_ready 30; then echo "kafka: already running (pid $(cat "$PIDFILE"), $HOST:$PORT)"; return 0; fi
    log "pid $(cat "$PIDFILE") alive but not serving; see $LOGFILE"; exit 1
  fi
  if port_open "$PORT"; then
    if probe_metadata; then echo "kafka: a broker not started by this script already serves $HOST:$PORT"; return 0; fi
    log "port $PORT is in use by something that is not a Kafka broker"; exit 1
  fi
  ensure_libs
  write_config
  format_storage
  local t0; t0="$(date +%s%N)"
  # setsid: the broker must outlive the shell (and the Ctrl-C) that started it.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    java -Xms128m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$RUN/server.properties" \
    </dev/null >"$LOGFILE" 2>&1 &
  local i=0
  while [[ ! -s "$PIDFILE" && $i -lt 50 ]]; do sleep 0.05; i=$((i + 1)); done
  if ! wait_ready "$START_TIMEOUT_S"; then
    log "broker did not become ready within ${START_TIMEOUT_S}s; last log lines:"
    tail -n 40 "$LOGFILE" >&2 || true
    cmd_stop >/dev/null 2>&1 || true
    exit 1
  fi
  local ms=$((($(date +%s%N) - t0) / 1000000))
  echo "kafka: started (pid $(cat "$PIDFILE"), $HOST:$PORT) in ${ms} ms"
}

wait_ready() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    pid_alive || return 1
    if port_open "$PORT" && probe_metadata; then return 0; fi
    sleep 0.2
  done
  return 1
}

cmd_stop() {
  if ! pid_alive; then rm -f "$PIDFILE"; echo "kafka: not running ($HOST:$PORT)"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not exit within ${STOP_TIMEOUT_S}s of SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  echo "kafka: stopped"
}

cmd_reset() {
  cmd_stop
  rm -rf "$RUN"
  echo "kafka: data for port $PORT removed"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  restart) cmd_stop; cmd_start ;;
  logs) tail -n "${2:-100}" "$LOGFILE" ;;
  *) echo "usage: $0 start|stop|status|reset|restart|logs [n]" >&2; exit 2 ;;
esac
