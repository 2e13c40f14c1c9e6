#!/usr/bin/env node
// Readiness probe for deploy/local/kafka.sh: succeeds only when the broker answers
// a metadata request naming at least one live broker and an active controller.
// Exit 2 = not ready, 3 = kafkajs not installed yet (caller falls back to the log).
'use strict';
let Kafka, logLevel;
try {
  ({ Kafka, logLevel } = require('kafkajs'));
} catch {
  process.exit(3);
}
const broker = process.argv[2] || '127.0.0.1:9092';
const kafka = new Kafka({
  clientId: 'lockstep-kafka-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 2000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
const timer = setTimeout(() => process.exit(2), 5000);
admin
  .connect()
  .then(() => admin.describeCluster())
  .then((c) => {
    clearTimeout(timer);
    const ok = c.brokers.length > 0 && c.controller !== null && c.controller >= 0;
    return admin.disconnect().then(() => process.exit(ok ? 0 : 2));
  })
  .catch(() => process.exit(2));
