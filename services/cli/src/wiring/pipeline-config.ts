import { z } from 'zod';
import { policyConfigSchema } from '@lockstep/policy';

const positiveInt = z.number().int().positive();

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
      thresholds: z.record(z.string(), z.number()).optional(),
      clustering: z.record(z.string(), z.unknown()).optional(),
    })
    .prefault({}),
  policy: policyConfigSchema.prefault({}),
});

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
