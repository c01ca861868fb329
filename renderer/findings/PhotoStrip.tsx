/**
 * The photographs of a case: import from files, one card per photograph with its thumbnail, number,
 * details (caption, when and by whom taken, scale in frame) and the lesions it shows. Intimate
 * images are restricted: their card shows no image until the clinician asks for it.
 *
 * Import order for each file: check and derive (processPhoto, off the main thread), refuse a
 * duplicate by the SHA-256 of the original, seal and store every variant in one transaction, and only
 * then add the photograph to the draft. A file refused at any step leaves nothing stored; a crash
 * between storing and the draft's save leaves an orphan that the next opening of the case sweeps.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getAt } from '../../forms/model';
import { photographFields } from '../../forms/sections/photograph';
import { PhotoError } from '../../shared/photos';
import { useServices } from '../app/context';
import type { FieldMessage } from '../forms/assessment';
import { FieldGroup } from '../forms/FormView';
import { toLocalIso } from '../forms/format';
import { messageKeyFor, processPhoto } from '../photos/processPhoto';
import { photosOf, type LesionView, type PhotoView } from './model';
import { useAttachmentUrl } from './useAttachmentUrl';
import { CameraCapture, cameraAvailable } from './CameraCapture';

export interface PhotoPermission {
  readonly allowed: boolean;
  readonly intimateAllowed: boolean;
  readonly reasonKey: string | null;
}

export interface PhotoStripProps {
  readonly caseId: string;
  readonly draft: unknown;
  readonly read: () => unknown;
  readonly photos: readonly PhotoView[];
  readonly lesions: readonly LesionView[];
  readonly permission: PhotoPermission;
  readonly selectedId: string | null;
  readonly highlighted: ReadonlySet<string>;
  /** Lesion to link new photographs to (the selected lesion), or null. */
  readonly linkTo: string | null;
  readonly readOnly: boolean;
  readonly messagesFor: (path: string) => readonly FieldMessage[];
  readonly update: (path: string, value: unknown) => void;
  readonly onSelect: (id: string) => void;
  readonly onDelete: (photo: PhotoView) => void;
}

const LOCAL_EXIF_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/**
 * A camera's date and time as stored: with its offset when the camera recorded one; otherwise read as
 * this computer's local time on that date (cameras keep local time). The clinician can correct it.
 */
function withOffset(takenAt: string | null): string | null {
  if (takenAt === null) return null;
  const m = LOCAL_EXIF_TIME.exec(takenAt);
  if (!m) return takenAt;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return toLocalIso(new Date(year, month - 1, day, hour, minute, second));
}

type Notice = { readonly key: string; readonly params: Record<string, string | number> };

function Thumbnail({ caseId, photo, onOpen }: { readonly caseId: string; readonly photo: PhotoView; readonly onOpen: () => void }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState(false);
  const hidden = photo.intimate && !revealed;
  const thumb = useAttachmentUrl(caseId, hidden ? null : photo.attachmentId, 'thumb');
  if (hidden) {
    return (
      <div className="photo-thumb restricted">
        <span className="badge">{t('findings:restricted')}</span>
        <button type="button" className="small" onClick={() => { setRevealed(true); }}>
          {t('findings:showRestricted')}
        </button>
      </div>
    );
  }
  return (
    <button type="button" className="photo-thumb" onClick={onOpen} aria-label={t('findings:openPhoto', { number: photo.number })}>
      {thumb.state === 'ready' ? <img src={thumb.url} alt="" data-testid="photo-thumb-img" /> : <span className="muted">{thumb.state === 'failed' ? t('findings:thumbUnavailable') : '…'}</span>}
    </button>
  );
}

function Viewer({ caseId, photo, onClose }: { readonly caseId: string; readonly photo: PhotoView; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const display = useAttachmentUrl(caseId, photo.attachmentId, 'display');
  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={t('findings:photoNumber', { number: photo.number })}>
      <div className="photo-viewer-inner">
        <header>
          <strong>{t('findings:photoNumber', { number: photo.number })}</strong>
          <button type="button" onClick={onClose} autoFocus>
            {t('findings:closePhoto')}
          </button>
        </header>
        {display.state === 'ready' ? <img src={display.url} alt="" /> : <p className="muted">{display.state === 'failed' ? t('findings:thumbUnavailable') : '…'}</p>}
      </div>
    </div>
  );
}

export function PhotoStrip(props: PhotoStripProps) {
  const { caseId, draft, read, photos, lesions, permission, selectedId, highlighted, linkTo, readOnly, messagesFor, update, onSelect, onDelete } = props;
  const { t } = useTranslation();
  const { repos } = useServices();
  const input = useRef<HTMLInputElement>(null);
  const [intimate, setIntimate] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const [added, setAdded] = useState<number | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);

  async function importFiles(files: readonly File[]) {
    // Marks for `npm run bench` (photograph import time); they carry no case data.
    performance.mark('attest:photo-import-start');
    const problems: Notice[] = [];
    let count = 0;
    setNotices([]);
    setAdded(null);
    setProgress({ done: 0, total: files.length });
    const asIntimate = intimate;
    for (const [i, file] of files.entries()) {
      // The file's own name is shown in a message only, never stored: it may name the person.
      const name = file.name;
      try {
        if (asIntimate && !permission.intimateAllowed) {
          problems.push({ key: 'findings:photo.error.intimateNotAllowed', params: { name } });
          continue;
        }
        const processed = await processPhoto(file);
        const duplicate = photosOf(read()).find((p) => p.sha256 === processed.sha256);
        if (duplicate !== undefined) {
          problems.push({ key: 'findings:photo.error.duplicate', params: { name, number: duplicate.number } });
          continue;
        }
        const attachmentId = crypto.randomUUID();
        try {
          await repos.attachments.put({
            caseId,
            attachmentId,
            sha256: processed.sha256,
            variants: {
              original: { mime: processed.mime, bytes: processed.original },
              display: { mime: 'image/jpeg', bytes: processed.display },
              thumb: { mime: 'image/jpeg', bytes: processed.thumb },
            },
          });
        } catch {
          problems.push({ key: 'findings:photo.error.storage', params: { name } });
          continue;
        }
        // Appended at the end of the list as it is now, not as it was when the import began.
        const stored = getAt(read(), 'findings.photographs');
        update(`findings.photographs.${String(Array.isArray(stored) ? stored.length : 0)}`, {
          id: crypto.randomUUID(),
          attachmentId,
          sha256: processed.sha256,
          mime: processed.mime,
          width: processed.width,
          height: processed.height,
          importedAt: new Date().toISOString(),
          takenAt: withOffset(processed.takenAt),
          takenAtSource: processed.takenAt === null ? null : 'exif',
          takenBy: null,
          caption: null,
          scaleInFrame: null,
          intimate: asIntimate,
          lesionIds: linkTo === null ? [] : [linkTo],
        });
        count += 1;
      } catch (error) {
        problems.push({ key: error instanceof PhotoError ? messageKeyFor(error) : 'findings:photo.error.decodeFailed', params: { name } });
      } finally {
        setProgress({ done: i + 1, total: files.length });
      }
    }
    performance.mark('attest:photo-import-done');
    setProgress(null);
    setNotices(problems);
    setAdded(count);
    if (input.current) input.current.value = '';
  }

  function toggleLink(photo: PhotoView, lesionId: string, on: boolean) {
    const next = on ? [...new Set([...photo.lesionIds, lesionId])] : photo.lesionIds.filter((id) => id !== lesionId);
    update(`findings.photographs.${String(photo.index)}.lesionIds`, next);
  }

  const viewed = photos.find((p) => p.id === viewing) ?? null;
  const busy = progress !== null;

  return (
    <section className="photo-strip" aria-labelledby="photos-heading">
      <h3 id="photos-heading">{t('findings:photos')}</h3>
      {!permission.allowed ? (
        <p className="lock-notice" role="note" data-testid="photos-blocked">
          {t('findings:photoBlocked', { reason: permission.reasonKey === null ? '' : t(permission.reasonKey.replace(/^domain\./, 'domain:')) })}
        </p>
      ) : (
        !readOnly && (
          <div className="photo-import">
            <input autoComplete="off"
              ref={input}
              type="file"
              accept="image/jpeg,image/png"
              multiple
              hidden
              data-testid="photo-input"
              onChange={(event) => {
                const files = [...(event.currentTarget.files ?? [])];
                if (files.length > 0) void importFiles(files);
              }}
            />
            <button type="button" disabled={busy} onClick={() => input.current?.click()}>
              {t('findings:importPhotos')}
            </button>
            {cameraAvailable() && (
              <button type="button" disabled={busy} onClick={() => { setCamera(true); }}>
                {t('findings:camera.open')}
              </button>
            )}
            <label className={permission.intimateAllowed ? '' : 'disabled'}>
              <input autoComplete="off" type="checkbox" checked={intimate} disabled={!permission.intimateAllowed || busy} onChange={(e) => { setIntimate(e.currentTarget.checked); }} />{' '}
              {t('findings:importIntimate')}
            </label>
            {linkTo !== null && <span className="muted">{t('findings:linkNewTo', { label: lesions.find((l) => l.id === linkTo)?.label ?? '' })}</span>}
            <span role="status" aria-live="polite" className="muted" data-testid="photo-import-status">
              {progress !== null ? t('findings:importing', progress) : added !== null && added > 0 ? t('findings:imported', { count: added }) : ''}
            </span>
          </div>
        )
      )}
      {notices.length > 0 && (
        <ul className="photo-errors" role="alert" data-testid="photo-errors">
          {notices.map((n, i) => (
            <li key={i}>{t(n.key, n.params)}</li>
          ))}
        </ul>
      )}
      {photos.length === 0 ? (
        <p className="muted">{t('findings:noPhotos')}</p>
      ) : (
        <ol className="photo-cards">
          {photos.map((photo) => {
            const selected = photo.id === selectedId;
            const classes = ['photo-card', selected ? 'selected' : '', highlighted.has(photo.id) ? 'highlighted' : ''].filter(Boolean).join(' ');
            return (
              <li key={photo.id} className={classes} data-photo-id={photo.id} aria-current={selected}>
                <div className="photo-card-head">
                  <button type="button" className="link-button" onClick={() => { onSelect(photo.id); }}>
                    {t('findings:photoNumber', { number: photo.number })}
                  </button>
                  {photo.intimate && <span className="badge">{t('findings:restricted')}</span>}
                  {!readOnly && (
                    <button type="button" className="small danger" onClick={() => { onDelete(photo); }} aria-label={t('findings:deletePhoto', { number: photo.number })}>
                      ×
                    </button>
                  )}
                </div>
                <Thumbnail caseId={caseId} photo={photo} onOpen={() => { onSelect(photo.id); setViewing(photo.id); }} />
                <p className="photo-hash" title={t('findings:sha256')}>
                  <span className="muted">SHA-256 </span>
                  <code data-testid="photo-sha256">{photo.sha256}</code>
                </p>
                {photo.raw.takenAtSource === 'exif' && <p className="muted small-text">{t('findings:fromExif')}</p>}
                <FieldGroup fields={photographFields} scope={`findings.photographs.${String(photo.index)}`} draft={draft} messagesFor={messagesFor} onChange={update} disabled={readOnly} />
                <fieldset className="photo-links">
                  <legend>{t('findings:linkedTo')}</legend>
                  {lesions.length === 0 ? (
                    <span className="muted">{t('findings:noLesionToLink')}</span>
                  ) : (
                    lesions.map((lesion) => (
                      <label key={lesion.id} className="chip">
                        <input autoComplete="off"
                          type="checkbox"
                          checked={photo.lesionIds.includes(lesion.id)}
                          disabled={readOnly}
                          onChange={(e) => { toggleLink(photo, lesion.id, e.currentTarget.checked); }}
                        />
                        {lesion.label}
                      </label>
                    ))
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      {camera && (
        <CameraCapture
          onClose={() => { setCamera(false); }}
          onCapture={(file) => {
            setCamera(false);
            void importFiles([file]);
          }}
        />
      )}
      {viewed && <Viewer caseId={caseId} photo={viewed} onClose={() => { setViewing(null); }} />}
    </section>
  );
}

