import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';

/** Server TLS from PEM file paths; with caFile + requireClientCert it is mTLS. */
export interface ServerTlsFiles {
  certFile: string;
  keyFile: string;
  caFile?: string;
  requireClientCert?: boolean;
}

export interface ClientTlsFiles {
  /** CA that signed the server certificate (default: system roots). */
  caFile?: string;
  /** Client certificate and key, for mTLS. */
  certFile?: string;
  keyFile?: string;
}

export function serverCredentials(tls?: ServerTlsFiles | null): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const ca = tls.caFile ? readFileSync(tls.caFile) : null;
  if (tls.requireClientCert && !ca) throw new Error('TLS: requireClientCert needs caFile (the CA of client certificates)');
  return grpc.ServerCredentials.createSsl(
    ca,
    [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
    tls.requireClientCert === true,
  );
}

export function clientCredentials(tls?: ClientTlsFiles | null): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  if (!!tls.certFile !== !!tls.keyFile) throw new Error('TLS: certFile and keyFile go together');
  return grpc.credentials.createSsl(
    tls.caFile ? readFileSync(tls.caFile) : null,
    tls.keyFile ? readFileSync(tls.keyFile) : null,
    tls.certFile ? readFileSync(tls.certFile) : null,
  );
}
