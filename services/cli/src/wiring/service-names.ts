export const SERVICE_NAMES = ['featurizer', 'detector', 'policy'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(v: string): v is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(v);
}
