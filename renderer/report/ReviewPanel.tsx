/**
 * The review of free text before a referral's anonymised report or summary is signed (issue #19),
 * shown in the signing dialog beside the pages. Every free-text passage the document prints, as
 * recorded, with what was replaced by the withheld mark struck through and what may identify the
 * person highlighted, each highlight with its reason and a button to withhold it there. The
 * clinician can withhold a selected word or phrase (or one typed) everywhere, or a whole passage;
 * each decision re-renders the pages. Signing waits for the confirmation at the end.
 *
 * Accessible: every passage is a labelled group, every highlight says why in words (title and
 * hidden text), every action is a button reachable from the keyboard; the phrase field is the
 * keyboard's way to select text.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { allFields, admissionExaminationV1, lesionFields } from '../../forms';
import type { DocumentReview, ReviewDecisions, ReviewPassage } from '../../shared/report';

export interface ReviewPanelProps {
  readonly review: DocumentReview;
  readonly kind: 'anonymised_report' | 'summary_report';
  readonly decisions: ReviewDecisions;
  readonly onChange: (decisions: ReviewDecisions) => void;
  readonly confirmed: boolean;
  readonly onConfirm: (confirmed: boolean) => void;
  /** The pages are being made again: decisions wait. */
  readonly busy: boolean;
}

let labelPatterns: ReadonlyMap<string, string> | null = null;
/** The form label key of a record path (`opinion.conclusions`, `findings.lesions.0.landmarks`), or null. */
function labelKey(path: string): string | null {
  const pattern = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const lesion = /^findings\.lesions\.\*\.(.+)$/.exec(pattern);
  if (lesion) return lesionFields.find((f) => f.path === lesion[1])?.label ?? null;
  labelPatterns ??= new Map(allFields(admissionExaminationV1).map((f) => [f.pattern, f.field.label]));
  return labelPatterns.get(pattern) ?? null;
}

export function ReviewPanel({ review, kind, decisions, onChange, confirmed, onConfirm, busy }: ReviewPanelProps) {
  const { t, i18n } = useTranslation('signing');
  const id = useId();
  const [term, setTerm] = useState('');
  const terms = decisions.terms ?? [];
  const withheld = new Set(decisions.withheld ?? []);

  const label = (passage: ReviewPassage): string => {
    const key = labelKey(passage.path);
    const text = key !== null && i18n.exists(`forms:${key}`) ? t(`forms:${key}`) : passage.path;
    const lesion = /^findings\.lesions\.(\d+)\./.exec(passage.path);
    return lesion ? t('dialog.review.lesion', { number: Number(lesion[1]) + 1, label: text }) : text;
  };
  // Passages with something replaced or to check come first, each group in the record's order.
  const ordered = [...review.passages.filter((p) => p.matches.length > 0 || withheld.has(p.path)), ...review.passages.filter((p) => p.matches.length === 0 && !withheld.has(p.path))];
  const addTerm = (value: string) => {
    const clean = value.replace(/\s+/gu, ' ').trim();
    if (clean === '' || terms.includes(clean)) return;
    onChange({ ...decisions, terms: [...terms, clean] });
  };
  const withholdSelection = () => {
    const selection = window.getSelection();
    const inside = selection?.anchorNode ? document.getElementById(`${id}-passages`)?.contains(selection.anchorNode) === true : false;
    if (inside) addTerm(selection?.toString() ?? '');
  };

  return (
    <section className="review-panel" aria-labelledby={`${id}-title`} data-testid="review-panel">
      <h3 id={`${id}-title`}>{t('dialog.review.title')}</h3>
      <p className="help">{kind === 'anonymised_report' ? t('dialog.review.introAnonymised') : t('dialog.review.introSummary')}</p>
      <p className="review-counts" data-testid="review-counts">
        {t('dialog.review.counts', { replaced: review.replaced, flagged: review.flagged, passages: review.passages.length })}
      </p>
      {review.passages.length === 0 ? (
        <p>{t('dialog.review.none')}</p>
      ) : (
        <div id={`${id}-passages`} className="review-passages">
          {ordered.map((passage) => (
            <div key={passage.path} className={`review-passage${withheld.has(passage.path) ? ' withheld' : ''}`} role="group" aria-label={label(passage)} data-testid="review-passage" data-path={passage.path}>
              <div className="review-passage-head">
                <h4>{label(passage)}</h4>
                <button
                  type="button"
                  className="small"
                  disabled={busy}
                  aria-label={`${withheld.has(passage.path) ? t('dialog.review.restorePassage') : t('dialog.review.withholdPassage')}: ${label(passage)}`}
                  onClick={() => {
                    const next = withheld.has(passage.path) ? [...withheld].filter((p) => p !== passage.path) : [...withheld, passage.path];
                    onChange({ ...decisions, withheld: next });
                  }}
                >
                  {withheld.has(passage.path) ? t('dialog.review.restorePassage') : t('dialog.review.withholdPassage')}
                </button>
              </div>
              {withheld.has(passage.path) ? (
                <p className="review-text">{t('dialog.review.passageWithheld', { mark: passage.printed })}</p>
              ) : (
                <p className="review-text">
                  <Highlighted passage={passage} disabled={busy} onWithhold={(start, end) => { onChange({ ...decisions, spans: [...(decisions.spans ?? []), { path: passage.path, start, end }] }); }} />
                </p>
              )}
            </div>
          ))}
        </div>
      )}
      <div className="review-tools">
        <button type="button" className="small" disabled={busy} onMouseDown={(e) => { e.preventDefault(); }} onClick={withholdSelection} aria-describedby={`${id}-selection-help`}>
          {t('dialog.review.selection')}
        </button>
        <p id={`${id}-selection-help`} className="help">{t('dialog.review.selectionHelp')}</p>
        {/* Not a form of its own: the panel sits inside the signing form, and Enter here must not sign. */}
        <div className="review-term">
          <label htmlFor={`${id}-term`}>{t('dialog.review.term')}</label>
          <div className="review-term-row">
            <input autoComplete="off"
              id={`${id}-term`}
              value={term}
              maxLength={200}
              disabled={busy}
              onChange={(e) => { setTerm(e.currentTarget.value); }}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                addTerm(term);
                setTerm('');
              }}
            />
            <button type="button" className="small" disabled={busy || term.trim() === ''} onClick={() => { addTerm(term); setTerm(''); }}>{t('dialog.review.termAdd')}</button>
          </div>
        </div>
        {terms.length > 0 && (
          <>
            <p className="review-terms-title">{t('dialog.review.terms')}</p>
            <ul className="review-terms" data-testid="review-terms">
              {terms.map((x) => (
                <li key={x}>
                  <span>{x}</span>{' '}
                  <button type="button" className="small" disabled={busy} aria-label={t('dialog.review.termRemove', { term: x })} onClick={() => { onChange({ ...decisions, terms: terms.filter((y) => y !== x) }); }}>×</button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <label className="choice review-confirm">
        <input autoComplete="off" type="checkbox" checked={confirmed} disabled={busy} onChange={(e) => { onConfirm(e.currentTarget.checked); }} data-testid="review-confirm" /> {t('dialog.review.confirm')}
      </label>
    </section>
  );
}

/** A passage as recorded, with its replacements struck through and its flags highlighted. */
function Highlighted({ passage, disabled, onWithhold }: { readonly passage: ReviewPassage; readonly disabled: boolean; readonly onWithhold: (start: number, end: number) => void }) {
  const { t } = useTranslation('signing');
  const out: ReactNode[] = [];
  let at = 0;
  for (const m of passage.matches) {
    if (m.start < at) continue;
    if (m.start > at) out.push(passage.text.slice(at, m.start));
    const text = passage.text.slice(m.start, m.end);
    const reason = t(`dialog.review.reason.${m.reason}`);
    if (m.action === 'replace') {
      out.push(
        <del key={m.start} className="review-replaced" title={t('dialog.review.replaced', { reason })} data-reason={m.reason}>
          {text}
          <span className="visually-hidden"> ({t('dialog.review.replaced', { reason })})</span>
        </del>,
      );
    } else {
      out.push(
        <span key={m.start} className="review-flag-wrap">
          <mark className="review-flag" title={t('dialog.review.flagged', { reason })} data-reason={m.reason}>
            {text}
            <span className="visually-hidden"> ({t('dialog.review.flagged', { reason })})</span>
          </mark>
          <button type="button" className="review-withhold" disabled={disabled} aria-label={t('dialog.review.withholdHere', { text })} title={t('dialog.review.withholdHere', { text })} onClick={() => { onWithhold(m.start, m.end); }}>
            ✕
          </button>
        </span>,
      );
    }
    at = m.end;
  }
  if (at < passage.text.length) out.push(passage.text.slice(at));
  return <>{out}</>;
}
