// The Check baseline of policy.bench.ts: a grpc-js PolicyService whose Check returns a constant,
// in PROCESSES processes shaped like the real service (1 = one plain process; N > 1 = N
// node:cluster workers sharing the port, as `processes: N` runs the policy service). Same
// server options and proto codecs as the service. Prints "PORT <n>" once every process listens.
// usage: node policy-noop.cjs PROCESSES
const cluster = require('node:cluster');
const grpc = require('@grpc/grpc-js');
const { bindServer, createServer, loadPolicyProto } = require('@lockstep/grpc');

const processes = Number(process.argv[2] || 1);

function serve() {
  const server = createServer();
  const answer = { action: 'ALLOW', reason_code: 'unknown_account', campaign_id: '', decision_id: '', expires_at_ms: 0 };
  server.addService(loadPolicyProto().grpc.lockstep.policy.v1.PolicyService.service, {
    Check: (_call, cb) => cb(null, answer),
    BatchCheck: (call, cb) => cb(null, { responses: call.request.requests.map(() => answer) }),
  });
  return bindServer(server, '127.0.0.1:0', grpc.ServerCredentials.createInsecure());
}

if (processes <= 1) {
  serve().then((port) => process.stdout.write(`PORT ${port}\n`));
} else if (cluster.isPrimary) {
  let bound = 0;
  for (let i = 0; i < processes; i++) {
    cluster.fork().on('message', (m) => {
      if (++bound === processes) process.stdout.write(`PORT ${m.port}\n`);
    });
  }
  process.on('SIGTERM', () => process.exit(0));
} else {
  serve().then((port) => process.send({ port }));
}
