/**
 * An object URL for one stored photograph variant, opened from the vault when the component needs
 * it and revoked when it goes away (or the vault locks and the screen unmounts), so decrypted images
 * live no longer than they are shown.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { AttachmentVariant } from '../db/repos/attachmentRepository';

export type AttachmentUrl = { readonly state: 'loading' } | { readonly state: 'ready'; readonly url: string } | { readonly state: 'failed' };

export function useAttachmentUrl(caseId: string, attachmentId: string | null, variant: AttachmentVariant): AttachmentUrl {
  const { repos } = useServices();
  const key = attachmentId === null ? null : `${caseId}/${attachmentId}/${variant}`;
  // The result names the request it answers: a new request reads as loading until its answer comes.
  const [result, setResult] = useState<{ readonly key: string; readonly value: AttachmentUrl } | null>(null);

  useEffect(() => {
    if (attachmentId === null || key === null) return undefined;
    let live = true;
    let url: string | null = null;
    repos.attachments.get(caseId, attachmentId, variant).then(
      (stored) => {
        if (!live) return;
        if (stored === null) {
          setResult({ key, value: { state: 'failed' } });
          return;
        }
        url = URL.createObjectURL(new Blob([stored.bytes as Uint8Array<ArrayBuffer>], { type: stored.mime }));
        setResult({ key, value: { state: 'ready', url } });
      },
      () => {
        if (live) setResult({ key, value: { state: 'failed' } });
      },
    );
    return () => {
      live = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [repos, caseId, attachmentId, variant, key]);

  return result !== null && result.key === key ? result.value : { state: 'loading' };
}
