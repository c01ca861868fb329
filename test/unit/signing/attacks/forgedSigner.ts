/**
 * A forged second signature: the forger signs the genuine report with her own key under a
 * self-signed certificate bearing Alice's exact name, changing nothing else. CCS 2019 (Mladenov et
 * al.) and the certification paper (Rohlmann et al., S&P 2021) both note that viewers show the
 * certificate's common name in large type and the trust status in small type; a court reading
 * "signed by Dr Alice Examiner" twice learns nothing. The document is intact (an approval signature is
 * allowed after a P=2 certification), so the verdict is about trust alone: SIGNER NOT TRUSTED (exit 3),
 * with the forger's certificate fingerprint, which differs from Alice's; VALID only where the forger's
 * certificate is trusted.
 */
import type { Genuine } from './genuine';
import { malloryResigns } from './isa';

export function forgedCountersignature(g: Genuine): Promise<Uint8Array> {
  return malloryResigns(g, g.certified);
}
