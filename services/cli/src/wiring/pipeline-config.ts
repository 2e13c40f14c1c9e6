import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type ActionThresholds, type ClusteringOptions } from '@lockstep/detection';
import { policyConfigSchema } from '@lockstep/policy';

const positiveInt = z.number().int().positive();
const share = z.number().min(0).max(1);
const ORDER = ['monitor', 'throttle', 'challenge', 'suspend'] as const;

/** Score cut-offs of the detector's actions; unset ones keep their defaults, and together they must not decrease. */
const thresholdsSchema = z
  .object({ monitor: share.optional(), throttle: share.optional(), challenge: share.optional(), suspend: share.optional() })
  .superRefine((t, ctx) => {
    const merged: ActionThresholds = { ...DEFAULT_THRESHOLDS, ...t };
    for (let i = 1; i < ORDER.length; i++) {
      const lo = ORDER[i - 1]!;
      const hi = ORDER[i]!;
      if (merged[hi] < merged[lo]) {
        ctx.addIssue({ code: 'custom', path: [hi], message: `must be at least ${lo} (${merged[lo]}), got ${merged[hi]}` });
        return;
      }
    }
  });

/** Clustering tuning (see DETECTION.md); unset keys keep @lockstep/detection's CLUSTERING_DEFAULTS. */
const clusteringSchema = z.object({
  maxK: positiveInt.optional(),
  sampleSize: positiveInt.optional(),
  maxIterations: positiveInt.optional(),
  warmIterations: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
  minTokenCarriers: z.number().int().min(2).optional(),
  maxTokenCarriers: positiveInt.optional(),
  tokenThreshold: share.optional(),
  memberThreshold: z.number().min(0).optional(),
  attachThreshold: z.number().min(0).optional(),
  minPurity: share.optional(),
  minCampaignSize: z.number().int().min(2).optional(),
  campaignThreshold: share.optional(),
  rescoreFraction: share.optional(),
} satisfies Record<keyof ClusteringOptions, z.ZodTypeAny>);

/**
 * The in-process pipeline's settings (replay, run): the keys of @lockstep/pipeline's
 * PipelineOptions, validated so that a typo'd value names its key. Env: LOCKSTEP_DETECTOR__RECLUSTER_EVERY_MS etc.
 */
export const pipelineConfigSchema = z.object({
  features: z
    .object({
      maxAccounts: positiveInt.optional(),
      idleTtlMs: positiveInt.optional(),
      minEmitIntervalMs: z.number().int().min(0).optional(),
      eagerEvents: z.number().int().min(0).optional(),
      sweepEvery: positiveInt.optional(),
    })
    .prefault({}),
  detector: z
    .object({
      reclusterEveryMs: positiveInt.optional(),
      refitEveryMs: positiveInt.optional(),
      activeWindowMs: positiveInt.optional(),
      renewEveryMs: positiveInt.optional(),
      maxAccounts: positiveInt.optional(),
      thresholds: thresholdsSchema.optional(),
      clustering: clusteringSchema.optional(),
    })
    .prefault({}),
  policy: policyConfigSchema.prefault({}),
});

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
