/** The shapes of trusted certificates' facts, without the parsers (no PKI.js): cheap to import. */
import { z } from 'zod';

export const TRUST_KINDS = ['signer', 'ca'] as const;
export type TrustKind = (typeof TRUST_KINDS)[number];

/** `AB:CD:…`: 32 bytes in upper-case hex, colon-separated, as `certificateFingerprint` writes it. */
export const Fingerprint = z.string().regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/u);

/** What a screen shows about a trusted certificate. */
export const CertificateFacts = z.strictObject({
  fingerprint: Fingerprint,
  commonName: z.string().max(1024).nullable(),
  organisation: z.string().max(1024).nullable(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;
