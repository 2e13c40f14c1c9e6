// Load generator for policy.bench.ts, run in its own process so client and server do not share
// an event loop. Keeps `concurrency` unary Check calls in flight over `channels` connections for
// `seconds`, then prints {calls, errors, seconds, p50Ms, p99Ms} as JSON on stdout.
// With BATCH > 0 it sends BatchCheck of BATCH accounts instead, and `calls` counts accounts checked.
// usage: node policy-load.cjs ADDRESS SECONDS CONCURRENCY CHANNELS ACCOUNTS WARMUP_SECONDS PROTO_ROOT [BATCH]
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [address, seconds, concurrency, channels, accounts, warmup, protoRoot, batchArg] = process.argv.slice(2);
const batch = Number(batchArg || 0);
const def = protoLoader.loadSync('lockstep/policy/v1/policy.proto', {
  keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: [protoRoot],
});
const Policy = grpc.loadPackageDefinition(def).lockstep.policy.v1.PolicyService;
const clients = Array.from({ length: Number(channels) }, () =>
  new Policy(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));

async function main() {
  await Promise.all(clients.map((c) => new Promise((res, rej) => c.waitForReady(Date.now() + 10000, (e) => (e ? rej(e) : res())))));
  const nAccounts = Number(accounts);
  let measuring = false;
  let stop = false;
  let calls = 0;
  let errors = 0;
  const lat = [];
  let i = 0;
  function one(client) {
    if (stop) return Promise.resolve();
    const t = process.hrtime.bigint();
    return new Promise((resolve) => {
      const done = (err) => {
        if (measuring) {
          if (err) errors++;
          else {
            calls += batch || 1;
            lat.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }
        resolve();
      };
      const opts = { deadline: Date.now() + 5000 };
      if (batch) {
        const requests = [];
        for (let k = 0; k < batch; k++) requests.push({ account_id: `bench-${(i++ * 7919) % nAccounts}` });
        client.BatchCheck({ requests }, opts, done);
      } else {
        client.Check({ account_id: `bench-${(i++ * 7919) % nAccounts}` }, opts, done);
      }
    }).then(() => one(client));
  }
  const workers = Array.from({ length: Number(concurrency) }, (_, k) => one(clients[k % clients.length]));
  await new Promise((r) => setTimeout(r, Number(warmup) * 1000));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  measuring = false;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  stop = true;
  await Promise.all(workers);
  lat.sort((a, b) => a - b);
  const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  process.stdout.write(JSON.stringify({ calls, errors, seconds: elapsed, p50Ms: q(0.5), p99Ms: q(0.99) }) + '\n');
  clients.forEach((c) => c.close());
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
