// Temporary: FeatureStore bytes per tracked account (same synthetic events as the replay bench).
import { FeatureStore } from '@lockstep/features';
import type { UsageEvent } from '@lockstep/contracts';
const T0 = Date.UTC(2026, 5, 1);
function syntheticEvent(i: number, account: number, ts: number): UsageEvent {
  const farm = account % 50 === 0;
  return {
    event_id: `b${i}`, ts, account_id: `acct_${account.toString(36)}`, tier: farm ? 'free' : 'pro', verified: false,
    account_created_ts: farm ? ts - 86_400_000 : T0 - (account % 900) * 86_400_000,
    ip: farm ? `${(i * 7) % 223}.${(i * 13) % 255}.${(i * 17) % 255}.1` : `${(account >> 16) & 255}.${(account >> 8) & 255}.${account & 255}.9`,
    asn: farm ? 64600 + (i % 50) : 64000 + (account % 500), model: 'm', input_tokens: 300 + (i % 500), output_tokens: 200 + (i % 900),
    category: (['chat', 'coding', 'reasoning', 'math'] as const)[i % 4], ip_class: 'residential',
    prompt_simhash: ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + ((account * 40503) >>> 0).toString(16).padStart(8, '0'),
    payment_fp: farm ? `card${account % 7}` : `own${account}`, system_hash: farm ? 'farm_sys' : null,
    template_hash: farm ? `pool${i % 60}` : `t${account}_${i % 3}`, cot_request: farm, max_tokens: farm ? 8192 : 2048,
  } as UsageEvent;
}
const mem = () => { global.gc?.(); global.gc?.(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const accounts = Number(process.argv[2] ?? 300000);
const before = mem();
const store = new FeatureStore({ maxAccounts: accounts });
let i = 0;
for (let a = 0; a < accounts; a++) for (let k = 0; k < 3; k++) { store.ingestView(syntheticEvent(i, a, T0 + i * 10)); i++; }
const t0 = performance.now();
const after = mem();
console.log('KiB/account', ((after - before) / accounts / 1024).toFixed(3), 'store', store.size, 'ingest ms', (t0).toFixed(0));
