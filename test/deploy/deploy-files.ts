// Reads what deploy/ holds: every YAML document, the Kubernetes objects, the alert rules and the
// dashboard's queries, plus the environment each Deployment hands its container.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DEPLOY = path.join(REPO_ROOT, 'deploy');
export const K8S = path.join(DEPLOY, 'k8s');

export interface YamlDoc {
  file: string;
  index: number;
  value: any;
}

export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** Every document of a YAML file; throws naming the file on a syntax error or a duplicate key. */
export function readYaml(file: string): YamlDoc[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true });
  return docs
    .map((d, index) => {
      if (d.errors.length > 0) throw new Error(`${path.relative(REPO_ROOT, file)} (document ${index + 1}): ${d.errors[0]!.message}`);
      return { file: path.relative(REPO_ROOT, file), index, value: d.toJS() };
    })
    .filter((d) => d.value !== null && d.value !== undefined);
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: any;
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
}

/** The kustomization and the objects of the files it lists (what `kubectl apply -k` applies). */
export function loadKustomization(): { kustomization: Kustomization; objects: K8sObject[] } {
  const [k] = readYaml(path.join(K8S, 'kustomization.yaml'));
  const kustomization = k!.value as Kustomization;
  const objects = kustomization.resources.flatMap((r) => readYaml(path.join(K8S, r)).map((d) => d.value as K8sObject));
  return { kustomization, objects };
}

export function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function one(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

/** Whether every selector label is carried, with the same value, by `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * The environment a Deployment's first container sees: envFrom ConfigMaps, then env entries
 * (plain values, ConfigMap keys, Secret keys). Secrets come from the template's placeholders.
 */
export function containerEnv(deployment: K8sObject, objects: K8sObject[], secrets: K8sObject[]): Record<string, string> {
  const c = deployment.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  const configMap = (name: string) => one(objects, 'ConfigMap', name).data ?? {};
  const secret = (name: string) => {
    const s = secrets.find((x) => x.metadata.name === name);
    if (!s) throw new Error(`${deployment.metadata.name} refers to Secret ${name}, which no template defines`);
    return s.stringData ?? {};
  };
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, configMap(from.configMapRef.name));
    if (from.secretRef) Object.assign(env, secret(from.secretRef.name));
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) {
      const v = secret(e.valueFrom.secretKeyRef.name)[e.valueFrom.secretKeyRef.key];
      if (v === undefined) throw new Error(`${deployment.metadata.name}: Secret ${e.valueFrom.secretKeyRef.name} has no key ${e.valueFrom.secretKeyRef.key}`);
      env[e.name] = v;
    } else if (e.valueFrom?.configMapKeyRef) {
      const v = configMap(e.valueFrom.configMapKeyRef.name)[e.valueFrom.configMapKeyRef.key];
      if (v === undefined) throw new Error(`${deployment.metadata.name}: ConfigMap ${e.valueFrom.configMapKeyRef.name} has no key ${e.valueFrom.configMapKeyRef.key}`);
      env[e.name] = v;
    }
  }
  return env;
}

/** A container port by name or number, as probes and Services refer to it. */
export function containerPort(deployment: K8sObject, ref: string | number): number | undefined {
  const ports: { name?: string; containerPort: number }[] = deployment.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
  const p = typeof ref === 'number' ? ports.find((x) => x.containerPort === ref) : ports.find((x) => x.name === ref);
  return p?.containerPort;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function loadAlertRules(): AlertRule[] {
  const [doc] = readYaml(path.join(DEPLOY, 'prometheus', 'alerts.yml'));
  return (doc!.value.groups as { rules: AlertRule[] }[]).flatMap((g) => g.rules);
}

export function loadDashboard(): any {
  return JSON.parse(readFileSync(path.join(DEPLOY, 'grafana', 'lockstep-dashboard.json'), 'utf8'));
}

/** Panels at any depth (rows may nest panels when collapsed). */
export function dashboardPanels(dashboard: any): any[] {
  const out: any[] = [];
  const walk = (panels: any[] | undefined) => {
    for (const p of panels ?? []) {
      out.push(p);
      walk(p.panels);
    }
  };
  walk(dashboard.panels);
  return out;
}

export function dashboardExprs(dashboard: any): { panel: string; expr: string }[] {
  return dashboardPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t: any) => ({ panel: p.title, expr: t.expr as string })));
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    out.add(m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return out;
}
