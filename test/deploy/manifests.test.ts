// deploy/ checked against the code it deploys: Kubernetes objects are well formed and wired to each
// other, each Deployment's env configures its service the way its ports, probes and Services
// assume, every alert and dashboard query reads metrics the running services really export, and
// every alert has a runbook entry.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Command, Option } from 'commander';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '@lockstep/config';
import { DEFAULT_TOPICS } from '@lockstep/contracts';
import { lockstepTopicSpecs } from '@lockstep/kafka';
import * as featurizer from '@lockstep/featurizer';
import * as detector from '@lockstep/detector';
import { POLICY_SERVICE_NAME, policyServiceConfigSchema, resolvePolicyRules } from '@lockstep/policy-service';
import {
  DEPLOY,
  K8S,
  byKind,
  containerEnv,
  containerPort,
  dashboardExprs,
  dashboardPanels,
  headingAnchors,
  loadAlertRules,
  loadDashboard,
  loadKustomization,
  one,
  readYaml,
  selects,
  yamlFilesUnder,
  type K8sObject,
} from './deploy-files';
import { familiesIn, metricNamesIn, sampleLabelsIn, selectorsIn, seriesNames } from './promql';
import { httpGet, startFromManifests, type RunningServices } from './running-services';
import { kubectlReferences, lockstepInvocations, policyEnvValues, selectorNames } from './runbook';

type ServiceName = 'featurizer' | 'detector' | 'policy';
const SCHEMAS = {
  featurizer: featurizer.configSchema,
  detector: detector.configSchema,
  policy: policyServiceConfigSchema,
} satisfies Record<ServiceName, z.ZodTypeAny>;
/** Files in deploy/k8s that `kubectl apply -k` deliberately leaves out (each says why at its top). */
const OPTIONAL_K8S_FILES = ['secret-tokens.template.yaml', 'servicemonitor.yaml'];
/** Series Prometheus itself records for each target (not exported by a service). */
const PROMETHEUS_SERIES = new Set(['up']);
/** Labels Prometheus attaches to every scraped series (scrape config / ServiceMonitor). */
const TARGET_LABELS = new Set(['job', 'instance', 'namespace', 'pod', 'container', 'endpoint']);

const { kustomization, objects } = loadKustomization();
const secrets = readYaml(path.join(K8S, 'secret-tokens.template.yaml')).map((d) => d.value as K8sObject);
const deployments = byKind(objects, 'Deployment');

function serviceOf(d: K8sObject): ServiceName {
  const args: string[] = d.spec.template.spec.containers[0].args;
  expect(args[0]).toBe('serve');
  expect(Object.keys(SCHEMAS)).toContain(args[1]);
  return args[1] as ServiceName;
}
const deploymentFor = (s: ServiceName) => deployments.find((d) => serviceOf(d) === s)!;
const envOf = (s: ServiceName) => containerEnv(deploymentFor(s), objects, secrets);
const configOf = <S extends ServiceName>(s: S, extra: Record<string, string> = {}): z.infer<(typeof SCHEMAS)[S]> =>
  loadConfig(SCHEMAS[s] as z.ZodTypeAny, { env: { ...envOf(s), ...extra } }) as z.infer<(typeof SCHEMAS)[S]>;

/** A value different from `v` that the same key would still parse (or reject, naming the key). */
function changed(v: string): string {
  if (/^-?\d+$/.test(v)) return String(Number(v) + 1);
  if (v === 'true' || v === 'false') return v === 'true' ? 'false' : 'true';
  return `${v}x`;
}

/** Whether a LOCKSTEP_* variable reaches a config key of the schema (unknown names are silently ignored). */
function understood(schema: z.ZodTypeAny, env: Record<string, string>, name: string): boolean {
  const before = loadConfig(schema, { env });
  try {
    return !isDeepStrictEqual(before, loadConfig(schema, { env: { ...env, [name]: changed(env[name]!) } }));
  } catch (err) {
    if (err instanceof ConfigError) return true;
    throw err;
  }
}

describe('deploy/ YAML', () => {
  it('parses every YAML file under deploy/k8s and deploy/prometheus', () => {
    const files = [...yamlFilesUnder(K8S), ...yamlFilesUnder(path.join(DEPLOY, 'prometheus'))];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readYaml(f).length).toBeGreaterThan(0);
  });

  it('lists every manifest in kustomization.yaml, except the documented optional ones', () => {
    const yamls = readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    for (const r of kustomization.resources) expect(yamls).toContain(r);
    expect(yamls.filter((f) => !kustomization.resources.includes(f)).sort()).toEqual([...OPTIONAL_K8S_FILES].sort());
  });

  it('gives every object an apiVersion, a kind and a DNS-1123 name, in the lockstep namespace', () => {
    for (const o of [...objects, ...secrets, ...readYaml(path.join(K8S, 'servicemonitor.yaml')).map((d) => d.value as K8sObject)]) {
      expect(typeof o.apiVersion).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (o.kind !== 'Namespace' && o.metadata.namespace) expect(o.metadata.namespace).toBe(kustomization.namespace);
    }
    expect(one(objects, 'Namespace', kustomization.namespace!)).toBeDefined();
    expect(deployments.map(serviceOf).sort()).toEqual(['detector', 'featurizer', 'policy']);
  });
});

describe('Deployments', () => {
  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: selector, image, resources and probes', (_name, d) => {
    expect(selects(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    for (const c of d.spec.template.spec.containers) {
      expect(c.image).toBeTruthy();
      expect(c.resources?.requests?.cpu).toBeTruthy();
      expect(c.resources?.requests?.memory).toBeTruthy();
      expect(c.resources?.limits?.memory).toBeTruthy();
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe].filter(Boolean)) {
        if (probe.httpGet) {
          expect(['/healthz', '/readyz']).toContain(probe.httpGet.path);
          expect(containerPort(d, probe.httpGet.port)).toBeDefined();
        } else {
          expect(probe.grpc).toBeDefined();
          expect(containerPort(d, probe.grpc.port)).toBeDefined();
        }
      }
    }
    const ann = d.spec.template.metadata.annotations ?? {};
    expect(ann['prometheus.io/scrape']).toBe('true');
    expect(ann['prometheus.io/path']).toBe('/metrics');
    expect(containerPort(d, Number(ann['prometheus.io/port']))).toBeDefined();
  });

  it('probe the ops server: /readyz for readiness (gRPC health for policy), /healthz for liveness', () => {
    for (const s of ['featurizer', 'detector'] as const) {
      const c = deploymentFor(s).spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    }
    const c = deploymentFor('policy').spec.template.spec.containers[0];
    expect(c.readinessProbe.grpc.service).toBe(POLICY_SERVICE_NAME);
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('runs the policy pod as a singleton that never overlaps, and the detector active/standby (see their manifests)', () => {
    expect(deploymentFor('policy').spec.replicas).toBe(1);
    expect(deploymentFor('policy').spec.strategy.type).toBe('Recreate');
    // Two members on a one-partition topic: one active, one standby; never a third during a rollout.
    expect(deploymentFor('detector').spec.replicas).toBe(2);
    expect(deploymentFor('detector').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(lockstepTopicSpecs(DEFAULT_TOPICS).find((t) => t.topic === DEFAULT_TOPICS.features)!.numPartitions).toBe(1);
  });
});

describe('service config from the manifests', () => {
  it.each(['featurizer', 'detector', 'policy'] as const)('%s: every LOCKSTEP_* variable set in its Deployment is a config key it reads', (s) => {
    const env = envOf(s);
    const own = (deploymentFor(s).spec.template.spec.containers[0].env ?? []).map((e: { name: string }) => e.name).filter((n: string) => n.startsWith('LOCKSTEP_'));
    expect(own.length).toBeGreaterThan(0);
    for (const name of own) expect([name, understood(SCHEMAS[s], env, name)]).toEqual([name, true]);
  });

  it('every key of the common ConfigMap is read by some service', () => {
    for (const name of Object.keys(one(objects, 'ConfigMap', 'lockstep-common').data!)) {
      const readers = (Object.keys(SCHEMAS) as ServiceName[]).filter((s) => understood(SCHEMAS[s], envOf(s), name));
      expect([name, readers.length > 0]).toEqual([name, true]);
    }
  });

  it('binds the ops servers (and policy gRPC) on all interfaces at the container ports the probes use', () => {
    const f = configOf('featurizer');
    const d = configOf('detector');
    const p = configOf('policy');
    expect([f.host, d.host, p.host, p.ops.host]).toEqual(['0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0']);
    expect(f.port).toBe(containerPort(deploymentFor('featurizer'), 'ops'));
    expect(d.port).toBe(containerPort(deploymentFor('detector'), 'ops'));
    expect(p.port).toBe(containerPort(deploymentFor('policy'), 'grpc'));
    expect(p.ops.port).toBe(containerPort(deploymentFor('policy'), 'ops'));
    expect(containerPort(deploymentFor('policy'), deploymentFor('policy').spec.template.spec.containers[0].readinessProbe.grpc.port)).toBe(p.port);
  });

  it('points the detector at the policy Service with the same report token, and all services at the same topics', () => {
    const d = configOf('detector');
    const p = configOf('policy');
    const svc = one(objects, 'Service', 'lockstep-policy');
    const grpcPort = svc.spec.ports.find((x: { name: string }) => x.name === 'grpc');
    expect(d.policyServer).toBe(`${svc.metadata.name}:${grpcPort.port}`);
    expect(containerPort(deploymentFor('policy'), grpcPort.targetPort)).toBe(p.port);
    expect(d.reportToken).toBeTruthy();
    expect(d.reportToken).toBe(p.reportToken);
    expect(p.adminToken).toBeTruthy();
    expect(configOf('featurizer').kafka).toEqual(d.kafka);
    expect(p.kafka).toEqual(d.kafka);
  });

  it('mounts the policy rules file from its ConfigMap, and the rules parse (shadow mode off)', () => {
    const p = configOf('policy');
    const dep = deploymentFor('policy');
    const mount = dep.spec.template.spec.containers[0].volumeMounts.find((m: { mountPath: string }) => path.dirname(p.policyFile!) === m.mountPath);
    expect(mount).toBeDefined();
    const volume = dep.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
    const rules = one(objects, 'ConfigMap', volume.configMap.name).data![path.basename(p.policyFile!)];
    expect(rules).toBeDefined();
    const parsed = resolvePolicyRules({ ...p, policyFile: undefined, policy: JSON.parse(rules!) });
    expect(parsed.shadow.global).toBe(false);
  });
});

describe('Services, PodDisruptionBudgets, HPA', () => {
  it('each Service selects exactly one Deployment and targets its container ports', () => {
    for (const svc of byKind(objects, 'Service')) {
      const targets = deployments.filter((d) => selects(svc.spec.selector, d.spec.template.metadata.labels));
      expect([svc.metadata.name, targets.length]).toEqual([svc.metadata.name, 1]);
      for (const p of svc.spec.ports) expect([svc.metadata.name, p.name, containerPort(targets[0]!, p.targetPort ?? p.port) !== undefined]).toEqual([svc.metadata.name, p.name, true]);
    }
    expect(byKind(objects, 'Service')).toHaveLength(deployments.length);
  });

  it('each PodDisruptionBudget selects exactly one Deployment, and every Deployment has one', () => {
    const pdbs = byKind(objects, 'PodDisruptionBudget');
    for (const pdb of pdbs) {
      expect(deployments.filter((d) => selects(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels))).toHaveLength(1);
      expect(pdb.spec.minAvailable !== undefined || pdb.spec.maxUnavailable !== undefined).toBe(true);
    }
    for (const d of deployments) expect(pdbs.some((p) => selects(p.spec.selector.matchLabels, d.spec.template.metadata.labels))).toBe(true);
  });

  it('the HPA scales the featurizer Deployment on its consumer group lag, up to the partition count', () => {
    const [hpa, ...more] = byKind(objects, 'HorizontalPodAutoscaler');
    expect(more).toHaveLength(0);
    const target = one(objects, hpa!.spec.scaleTargetRef.kind, hpa!.spec.scaleTargetRef.name);
    expect(target).toBe(deploymentFor('featurizer'));
    expect(hpa!.spec.minReplicas).toBeLessThanOrEqual(hpa!.spec.maxReplicas);
    const f = configOf('featurizer');
    expect(hpa!.spec.maxReplicas).toBe(f.partitions);
    const [metric] = hpa!.spec.metrics;
    expect(metric.type).toBe('External');
    expect(metric.external.metric.selector.matchLabels).toEqual({ group: f.groupId });
    // prometheus-adapter serves that external metric from the lag gauge.
    const [adapter] = readYaml(path.join(DEPLOY, 'prometheus', 'adapter-rules.yml'));
    const rule = adapter!.value.externalRules.find((r: any) => r.name.as === metric.external.metric.name);
    expect(rule).toBeDefined();
    expect(metricNamesIn(rule.seriesQuery)).toEqual(['lockstep_consumer_lag']);
  });

  it('the ServiceMonitor scrapes the ops port of every Service', () => {
    const [sm] = readYaml(path.join(K8S, 'servicemonitor.yaml')).map((d) => d.value);
    const names: string[] = sm.spec.selector.matchExpressions[0].values;
    for (const svc of byKind(objects, 'Service')) {
      expect(names).toContain(svc.metadata.labels!['app.kubernetes.io/name']);
      expect(svc.spec.ports.map((p: { name: string }) => p.name)).toContain(sm.spec.endpoints[0].port);
    }
  });
});

describe('alert rules and runbook', () => {
  const rules = loadAlertRules();
  const runbook = readFileSync(path.join(DEPLOY, 'RUNBOOK.md'), 'utf8');
  const anchors = headingAnchors(runbook);

  it('are well formed, uniquely named, with a severity, a summary and a runbook link', () => {
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.alert).toMatch(/^Lockstep[A-Z]\w+$/);
      expect(r.expr.trim()).not.toBe('');
      expect(['critical', 'warning', 'info']).toContain(r.labels?.severity);
      expect(r.annotations?.summary).toBeTruthy();
      expect(r.annotations?.description).toBeTruthy();
      expect(r.annotations?.runbook_url).toBe(`deploy/RUNBOOK.md#${r.alert.toLowerCase()}`);
    }
  });

  it('every alert has a RUNBOOK.md section whose anchor its runbook_url names', () => {
    for (const r of rules) expect([r.alert, anchors.has(r.alert.toLowerCase())]).toEqual([r.alert, true]);
  });

  it("RUNBOOK.md's links within itself, and the manifests' links into it, lead to a section", () => {
    const links = [...runbook.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    for (const f of yamlFilesUnder(K8S)) links.push(...[...readFileSync(f, 'utf8').matchAll(/RUNBOOK\.md#([\w-]+)/g)].map((m) => m[1]!));
    expect(links.length).toBeGreaterThan(20);
    for (const l of links) expect([l, anchors.has(l)]).toEqual([l, true]);
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  (promtool ? it : it.skip)('pass `promtool check rules` and the promtool unit tests (when promtool is installed)', () => {
    execFileSync('promtool', ['check', 'rules', path.join(DEPLOY, 'prometheus', 'alerts.yml')], { stdio: 'pipe' });
    execFileSync('promtool', ['test', 'rules', path.join(DEPLOY, 'prometheus', 'alerts.test.yml')], { stdio: 'pipe' });
  });
});

describe('runbook commands', () => {
  const runbook = readFileSync(path.join(DEPLOY, 'RUNBOOK.md'), 'utf8');

  /** Whether some value of `name` changes what the schema loads (or is rejected naming it). */
  function readsEnv(schema: z.ZodTypeAny, name: string): boolean {
    const before = loadConfig(schema, { env: {} });
    return ['1', 'true', 'x', 'h:1', '{"a":1}'].some((v) => {
      try {
        return !isDeepStrictEqual(before, loadConfig(schema, { env: { [name]: v } }));
      } catch (err) {
        if (err instanceof ConfigError) return true;
        throw err;
      }
    });
  }

  it('uses only real `lockstep` subcommands and flags, with their required options', () => {
    // The built CLI (npm test builds first): the same program `npx lockstep` runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildProgram } = require('@lockstep/cli') as { buildProgram: () => Command };
    const program = buildProgram();
    const invocations = lockstepInvocations(runbook);
    expect(invocations.length).toBeGreaterThan(15);
    const used = new Set<string>();
    for (const argv of invocations) {
      let cmd = program;
      let i = 0;
      for (let sub = cmd.commands.find((c) => c.name() === argv[i]); sub; sub = cmd.commands.find((c) => c.name() === argv[i])) {
        cmd = sub;
        i++;
      }
      const where = `npx lockstep ${argv.join(' ')}`;
      expect([where, cmd === program]).toEqual([where, false]);
      used.add(cmd.name());
      // A bare `npx lockstep replay` in prose names the command; it is not an invocation.
      if (i === argv.length) continue;
      const options = cmd.options as readonly Option[];
      const given = new Set<string>();
      let positional = 0;
      for (; i < argv.length; i++) {
        const w = argv[i]!;
        if (!w.startsWith('-')) {
          positional++;
          continue;
        }
        const flag = w.split('=')[0]!;
        const opt = options.find((o) => o.long === flag || o.short === flag);
        expect([where, flag, opt !== undefined || flag === '--help']).toEqual([where, flag, true]);
        if (!opt) continue;
        given.add(opt.long!);
        if ((opt.required || opt.optional) && !w.includes('=')) i++;
      }
      for (const o of options.filter((x) => x.mandatory)) expect([where, o.long, given.has(o.long!)]).toEqual([where, o.long, true]);
      const requiredArgs = cmd.registeredArguments.filter((a) => a.required).length;
      expect([where, positional >= requiredArgs]).toEqual([where, true]);
    }
    // The three mitigations the runbook must give exact commands for, plus the look-ups.
    for (const name of ['status', 'account', 'campaigns', 'campaign', 'set', 'clear', 'replay', 'watch']) expect(used).toContain(name);
  });

  it('switches shadow mode with a LOCKSTEP_POLICY value the policy service accepts', () => {
    const values = policyEnvValues(runbook);
    expect(values.length).toBeGreaterThanOrEqual(2);
    for (const v of values) {
      const cfg = configOf('policy', { LOCKSTEP_POLICY: v });
      const rules = resolvePolicyRules({ ...cfg, policyFile: undefined });
      expect([v, rules.shadow.global || rules.shadow.tiers.length > 0]).toEqual([v, true]);
    }
  });

  it('names only Kubernetes objects and labels that deploy/k8s defines', () => {
    const kinds: Record<string, string> = { deployment: 'Deployment', deploy: 'Deployment', svc: 'Service', service: 'Service', hpa: 'HorizontalPodAutoscaler', secret: 'Secret', endpoints: 'Service' };
    const all = [...objects, ...secrets];
    const refs = kubectlReferences(runbook);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect([r, all.some((o) => o.kind === kinds[r.kind] && o.metadata.name === r.name)]).toEqual([r, true]);
    const labels = new Set(deployments.map((d) => d.spec.template.metadata.labels['app.kubernetes.io/name']));
    for (const n of selectorNames(runbook)) expect([n, labels.has(n)]).toEqual([n, true]);
    // `-l app.kubernetes.io/part-of=lockstep` must find every pod.
    if (runbook.includes('app.kubernetes.io/part-of=lockstep')) {
      for (const d of deployments) expect([d.metadata.name, d.spec.template.metadata.labels['app.kubernetes.io/part-of']]).toEqual([d.metadata.name, 'lockstep']);
    }
  });

  it('mentions only LOCKSTEP_* variables that a service or the CLI reads', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildProgram } = require('@lockstep/cli') as { buildProgram: () => Command };
    const cliHelp: string[] = [];
    const walk = (c: Command) => {
      for (const o of c.options as readonly Option[]) cliHelp.push(o.description);
      c.commands.forEach(walk);
    };
    walk(buildProgram());
    const names = [...new Set(runbook.match(/\bLOCKSTEP_[A-Z0-9_]+/g) ?? [])];
    for (const name of names) {
      const read = Object.values(SCHEMAS).some((schema) => readsEnv(schema, name)) || cliHelp.some((d) => d.includes(name));
      expect([name, read]).toEqual([name, true]);
    }
  });
});

describe('dashboard', () => {
  const dashboard = loadDashboard();
  const panels = dashboardPanels(dashboard);

  it('is a Grafana dashboard with unique panel ids and a Prometheus query on every graph', () => {
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.uid).toBeTruthy();
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridPos).toBeDefined();
      if (p.type === 'row') continue;
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) expect(metricNamesIn(t.expr).length).toBeGreaterThan(0);
    }
  });

  it('charts every metric the alerts use', () => {
    const charted = new Set(dashboardExprs(dashboard).flatMap((e) => metricNamesIn(e.expr)));
    for (const r of loadAlertRules()) for (const m of metricNamesIn(r.expr)) expect([r.alert, m, charted.has(m)]).toEqual([r.alert, m, true]);
  });
});

describe('PromQL metric extraction', () => {
  it('finds metrics and their matcher labels, skipping functions, keywords, label lists and durations', () => {
    const expr = `sum by (service, le) (rate(lockstep_a_bucket{service="x",code=~"A|B}"}[5m] offset 1h)) / on (job) group_left(pod)
      sum without (x) (lockstep_b) > bool 1e3 unless (histogram_quantile(0.99, c_total[$__rate_interval]) or vector(0))`;
    expect(selectorsIn(expr)).toEqual([
      { metric: 'lockstep_a_bucket', labels: ['service', 'code'] },
      { metric: 'lockstep_b', labels: [] },
      { metric: 'c_total', labels: [] },
    ]);
  });
});

describe('every metric in deploy/ is exported by a running service', () => {
  let services: RunningServices;
  let expositions: Record<ServiceName, string>;
  /** Series name -> label names seen on its samples (empty set: exported, no sample yet). */
  const exported = new Map<string, Set<string>>();

  beforeAll(async () => {
    const rulesConfigMap = one(objects, 'ConfigMap', 'lockstep-policy-rules').data!['policy.json']!;
    services = await startFromManifests({ featurizer: envOf('featurizer'), detector: envOf('detector'), policy: envOf('policy') }, rulesConfigMap);
    expositions = await services.scrape();
    for (const text of Object.values(expositions)) {
      const samples = sampleLabelsIn(text);
      for (const [family, type] of familiesIn(text)) {
        for (const series of seriesNames(family, type)) {
          const set = exported.get(series) ?? new Set<string>();
          for (const l of samples.get(series) ?? []) set.add(l);
          exported.set(series, set);
        }
      }
    }
  }, 180_000);
  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  it('serves /healthz, /readyz and lockstep_ready=1 on every ops port', async () => {
    for (const o of services.ops) {
      expect([o.service, (await httpGet(o.port, '/healthz')).status]).toEqual([o.service, 200]);
      expect([o.service, (await httpGet(o.port, '/readyz')).status]).toEqual([o.service, 200]);
      // One series per process (the policy pod runs a writer and read replicas, labelled `process`).
      const ready = [...expositions[o.service]!.matchAll(new RegExp(`^lockstep_ready\\{([^}]*)\\} (\\S+)$`, 'gm'))];
      expect([o.service, ready.length > 0, ready.every((m) => m[1]!.includes(`service="${o.service}"`) && m[2] === '1')]).toEqual([o.service, true, true]);
    }
    expect(expositions.policy).toMatch(/^lockstep_policy_enforcement_writes_total\{[^}]*outcome="ok"[^}]*\} [1-9]/m);
  });

  it('exports what the issue asks to observe', () => {
    const required: Record<string, string> = {
      'consumer lag per partition': 'lockstep_consumer_lag',
      'events processed': 'lockstep_events_processed_total',
      'events rejected': 'lockstep_events_rejected_total',
      'processing-latency histogram': 'lockstep_consumer_batch_seconds_bucket',
      'state size': 'lockstep_feature_state_accounts',
      evictions: 'lockstep_feature_state_evictions_total',
      'clustering duration': 'lockstep_clustering_duration_seconds_bucket',
      'decisions by action': 'lockstep_decisions_total',
      'gRPC latency': 'lockstep_grpc_server_handling_seconds_bucket',
    };
    for (const [what, series] of Object.entries(required)) expect([what, series, exported.has(series)]).toEqual([what, series, true]);
    expect([...exported.get('lockstep_consumer_lag')!]).toEqual(expect.arrayContaining(['group', 'topic', 'partition']));
  });

  const sources = (): { where: string; expr: string }[] => [
    ...loadAlertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ...dashboardExprs(loadDashboard()).map((e) => ({ where: `dashboard panel '${e.panel}'`, expr: e.expr })),
  ];

  it('every metric an alert or dashboard query reads is exported', () => {
    const missing: string[] = [];
    for (const { where, expr } of sources()) {
      for (const m of metricNamesIn(expr)) if (!exported.has(m) && !PROMETHEUS_SERIES.has(m)) missing.push(`${where}: ${m}`);
    }
    expect(missing).toEqual([]);
  });

  it('every label an alert or dashboard selector matches on is carried by that metric', () => {
    const wrong: string[] = [];
    for (const { where, expr } of sources()) {
      for (const sel of selectorsIn(expr)) {
        const seen = exported.get(sel.metric);
        // Only where the scrape had samples to learn the metric's labels from.
        if (!seen || seen.size === 0) continue;
        for (const l of sel.labels) if (!seen.has(l) && !TARGET_LABELS.has(l)) wrong.push(`${where}: ${sel.metric}{${l}}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reports a metric nothing exports (the check can fail)', () => {
    const names = metricNamesIn('rate(lockstep_no_such_metric_total[5m]) > 0 and lockstep_consumer_lag > 0');
    expect(names.filter((m) => !exported.has(m))).toEqual(['lockstep_no_such_metric_total']);
  });
});
