import { z } from 'zod';
import { ACTIONS } from '@lockstep/contracts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const actionName = z.enum(ACTIONS);

/**
 * Policy rules. Every key has a default, so `policyConfigSchema.parse({})` is the documented
 * baseline; a config file only lists what it changes.
 */
export const policyConfigSchema = z
  .object({
    /**
     * Minimum detector score for each action. An action also needs its evidence count (below);
     * the graded action is the strongest one whose score and evidence bars are both met.
     */
    scoreThresholds: z
      .object({
        monitor: z.number().min(0).max(1).default(0.3),
        throttle: z.number().min(0).max(1).default(0.5),
        challenge: z.number().min(0).max(1).default(0.7),
        suspend: z.number().min(0).max(1).default(0.85),
      })
      .prefault({}),
    /** Minimum number of distinct evidence signals (weight > 0) for each action. */
    minEvidence: z
      .object({
        monitor: z.number().int().min(0).default(0),
        throttle: z.number().int().min(0).default(1),
        challenge: z.number().int().min(0).default(2),
        suspend: z.number().int().min(0).default(3),
      })
      .prefault({}),
    /**
     * When true (default) the detector's proposed action is an upper bound: the policy can soften
     * it when score or evidence is too weak, never escalate it. When false, the grade alone decides.
     */
    capAtProposedAction: z.boolean().default(true),
    /** How long each automatic action lasts unless a new decision renews it. */
    ttlMs: z
      .object({
        monitor: z.number().int().positive().default(1 * DAY),
        throttle: z.number().int().positive().default(6 * HOUR),
        challenge: z.number().int().positive().default(1 * DAY),
        suspend: z.number().int().positive().default(7 * DAY),
      })
      .prefault({}),
    /**
     * Verified accounts on these tiers are never suspended automatically: their automatic action is
     * capped at `maxAction` and any action at throttle or above is flagged needs_review.
     */
    protection: z
      .object({
        tiers: z.array(z.string()).default(['enterprise']),
        requireVerified: z.boolean().default(true),
        maxAction: actionName.default('challenge'),
      })
      .prefault({}),
    /** Accounts, campaigns or tiers that always get ALLOW from automatic decisions (overrides still win). */
    allowlist: z
      .object({
        accounts: z.array(z.string()).default([]),
        campaigns: z.array(z.string()).default([]),
        tiers: z.array(z.string()).default([]),
      })
      .prefault({}),
    /** Shadow mode: decisions are recorded and visible, but Check answers ALLOW (reason 'shadow'). */
    shadow: z
      .object({
        global: z.boolean().default(false),
        tiers: z.array(z.string()).default([]),
      })
      .prefault({}),
    overrides: z
      .object({
        /** TTL of an override set with ttl_ms = 0. */
        defaultTtlMs: z.number().int().positive().default(7 * DAY),
        maxTtlMs: z.number().int().positive().default(90 * DAY),
      })
      .prefault({}),
    /** Decisions kept per account for GetAccount (older ones drop off). */
    historyLimit: z.number().int().positive().default(20),
    /** Audit entries kept per override target. */
    auditLimit: z.number().int().positive().default(50),
    /** Enforcement changes held in memory for WatchDecisions resumption; older resumes get a snapshot. */
    changeLogLimit: z.number().int().positive().default(100_000),
  })
  .superRefine((c, ctx) => {
    const t = c.scoreThresholds;
    const order: (keyof typeof t)[] = ['monitor', 'throttle', 'challenge', 'suspend'];
    for (let i = 1; i < order.length; i++) {
      if (t[order[i]] < t[order[i - 1]]) {
        ctx.addIssue({
          code: 'custom',
          path: ['scoreThresholds', order[i]],
          message: `must be >= scoreThresholds.${order[i - 1]} (${t[order[i - 1]]})`,
        });
      }
    }
    if (c.overrides.defaultTtlMs > c.overrides.maxTtlMs) {
      ctx.addIssue({ code: 'custom', path: ['overrides', 'defaultTtlMs'], message: 'must be <= overrides.maxTtlMs' });
    }
  });

export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;

/** The documented defaults (what an empty config file means). */
export const DEFAULT_POLICY_CONFIG: PolicyConfig = policyConfigSchema.parse({});

/** Parses a policy config object, throwing an Error whose message names the bad key. */
export function parsePolicyConfig(input: unknown): PolicyConfig {
  const r = policyConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = issue.path.join('.') || '(root)';
  throw new Error(`policy config key '${key}': ${issue.message}`);
}
