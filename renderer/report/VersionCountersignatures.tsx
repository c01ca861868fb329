/**
 * In a case's version history: the countersignatures kept beside one version (issue #17 item 4),
 * each with who countersigned, in what role and when (attested by a timestamp authority, or claimed
 * by the countersigner), the comment, and the countersigned file to download. A countersignature
 * found in several kept files (the first countersigner's, in the file a second one signed after) is
 * listed once, with the latest file that holds it.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/context';
import type { KeptCountersignature, KeptCountersigner } from '../db/repos';
import { CountersignerLine } from './ReceivedReport';

export interface VersionCountersignaturesProps {
  readonly caseId: string;
  /** The version's document id. */
  readonly versionId: string;
  readonly version: number;
  /** Changes when the history is read again. */
  readonly refresh: number;
}

export function VersionCountersignatures({ caseId, versionId, version, refresh }: VersionCountersignaturesProps) {
  const { t } = useTranslation();
  const { repos, platform } = useServices();
  const titleId = useId();
  const [kept, setKept] = useState<readonly KeptCountersignature[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    repos.countersignatures.list(caseId).then(
      (list) => { if (live) setKept(list.filter((k) => k.versionId === versionId)); },
      () => { if (live) setKept([]); },
    );
    return () => { live = false; };
  }, [repos, caseId, versionId, refresh]);

  if (kept.length === 0) return null;
  const shown = new Map<string, { readonly countersigner: KeptCountersigner; readonly fileId: string }>();
  for (const file of kept) for (const c of file.countersigners) shown.set(`${c.fingerprint ?? ''}|${c.role}|${c.signingTime ?? ''}`, { countersigner: c, fileId: file.id });
  const latest = kept.at(-1);

  async function download(id: string) {
    setFailed(false);
    try {
      const bytes = await repos.countersignatures.pdf(id);
      // No case data in the file name: the version and the start of the kept record's id.
      await platform.saveFile({ suggestedName: `attest-report-v${String(version)}-countersigned-${id.slice(0, 8)}.pdf`, kind: 'pdf', bytes: new Uint8Array(bytes) });
    } catch {
      setFailed(true);
    }
  }

  return (
    <div className="version-countersignatures" aria-labelledby={titleId} role="group" data-testid="version-countersignatures">
      <strong id={titleId} className="small-text">{t('signing:countersign.history')}</strong>
      <ul className="countersigners">
        {[...shown.values()].map(({ countersigner }, index) => (
          <CountersignerLine key={index} countersigner={countersigner} />
        ))}
      </ul>
      {latest && (
        <button type="button" className="small" onClick={() => { void download(latest.id); }}>
          {t('signing:countersign.download')}
        </button>
      )}
      {failed && <p className="banner" role="alert">{t('signing:error.download')}</p>}
    </div>
  );
}
