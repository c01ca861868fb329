/**
 * Signing as a deliberate act: a modal dialog that shows, page by page, the exact unsigned PDF bytes
 * that will be signed (drawn with pdf.js), says what signing does and locks, and asks for the vault
 * passphrase again (checked against the stored keyring, paced like the unlock screen) before the
 * private key is used. Only then are those bytes signed. Cancel, Escape or a wrong passphrase sign
 * nothing. An act may have a second step (a referral's cover letter cites the signed enclosure's
 * SHA-256, so it is drawn once that is signed, and signed after the clinician has read it too).
 *
 * Accessible: a native modal <dialog> (the page behind is inert), labelled by its title and
 * described by its introduction, focus kept inside (Tab cycles), Escape cancels while nothing is
 * being signed, focus returned to the button that opened it.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { secondsUntil } from '../vault/lockPolicy';
import { useVaultControls, type SigningConsent } from '../vault/context';
import { isLanguage, languageFrames, type Language } from '../../shared/i18n';
import { languageChoices } from '../app/languages';
import { MakeReportError, personsCopyState, type PreparedDocument, type PreparedSigner } from './makeReport';
import { drawPage, openPdfPreviewSession, type PdfPreviewSession } from './pdfPreview';
import { ReviewPanel } from './ReviewPanel';
import type { ReviewDecisions } from '../../shared/report';
import './signDialog.css';

/** What signing does, each a line in the dialog (keys of `signing:dialog.what`). */
export type SigningEffect = 'lock' | 'addenda' | 'stored' | 'referral' | 'names' | 'countersign' | 'countersignBox' | 'countersignSaved';

/** One step of an act of signing: documents to read, then sign. */
export interface SigningStep {
  readonly documents: readonly PreparedDocument[];
  /** Signs exactly `documents` (and stores them); resolves to the next step, or null when done. */
  sign(consent: SigningConsent): Promise<SigningStep | null>;
  /**
   * For a document with a free-text review (a referral's anonymised report or summary, issue #19):
   * the same step with the documents made again under the clinician's decisions.
   */
  revise?(decisions: ReviewDecisions): Promise<SigningStep>;
}

export interface PreparedAct {
  readonly signer: PreparedSigner;
  readonly steps: number;
  readonly first: SigningStep;
}

export interface SignDialogProps {
  readonly title: string;
  /** The introduction above the pages, when not the report's (a countersignature fills a box, not the signature block). */
  readonly intro?: string;
  /** What the language chooser changes, when not the whole document (a countersignature: its box's words). */
  readonly languageHelp?: string;
  readonly effects: readonly SigningEffect[];
  /** Renders what will be signed (no key used), in `language` (headings, labels, structured values). */
  readonly prepare: (language: Language) => Promise<PreparedAct>;
  /** The document language offered first: the UI language, or a language the person speaks for their copy. */
  readonly initialLanguage: Language;
  /** A language the person speaks (from the languages recorded), for their copy: offered in one click. */
  readonly personsLanguage?: Language | undefined;
  /** Called once everything is signed and stored. */
  readonly onSigned: () => void;
  /** Called on Cancel, Escape or Close; `signedSome` when a first step was signed before. */
  readonly onClose: (signedSome: boolean) => void;
}

/** A language's name in the UI language (`arabe` in a French UI), for a sentence. */
function languageNameIn(ui: string, language: Language): string {
  const tag = languageFrames[language].tag;
  try {
    return new Intl.DisplayNames([ui], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Consent is asked again when older than this (signing itself refuses one older than 10 minutes). */
const CONSENT_REUSE_MS = 5 * 60_000;
/** Width, in CSS pixels, pages are drawn at (the preview column's width). */
const PAGE_CSS_WIDTH = 680;

type Phase =
  | { readonly name: 'preparing' }
  | { readonly name: 'failed'; readonly key: string }
  | { readonly name: 'ready'; readonly act: PreparedAct; readonly step: SigningStep; readonly index: number };

type Work = 'idle' | 'checking' | 'signing';

function errorKey(error: unknown): string {
  return error instanceof MakeReportError ? `signing:error.${error.code}` : 'signing:error.sign-failed';
}

/** Every page of the documents, drawn when it comes near the visible part of the preview. */
function Preview({ documents, session, onDrawn, onFailed, labelId }: {
  readonly documents: readonly PreparedDocument[];
  readonly session: PdfPreviewSession;
  readonly onDrawn: () => void;
  readonly onFailed: () => void;
  readonly labelId: string;
}) {
  const { t } = useTranslation('signing');
  const [opened, setOpened] = useState<readonly { readonly document: PreparedDocument; readonly pdf: PDFDocumentProxy; readonly pages: readonly PDFPageProxy[] }[] | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const result = [];
      for (const document of documents) {
        const pdf = await session.open(document.pdf);
        const pages = [];
        for (let number = 1; number <= pdf.numPages; number += 1) pages.push(await pdf.getPage(number));
        result.push({ document, pdf, pages });
      }
      return result;
    })().then(
      (result) => { if (live) setOpened(result); },
      () => { if (live) onFailed(); },
    );
    return () => { live = false; };
  }, [documents, session, onFailed]);

  if (opened === null) return <p className="sign-preview-status" role="status">{t('dialog.drawing')}</p>;
  return (
    <div ref={scroller} className="sign-preview" tabIndex={0} aria-labelledby={labelId} data-testid="sign-preview">
      {opened.map(({ document, pages }, documentIndex) => (
        <section key={document.documentId} className="sign-document" data-kind={document.kind} data-pages={pages.length}>
          <h3>{t('dialog.pages', { count: pages.length, title: t(`dialog.documents.${document.kind}`) })}</h3>
          {pages.map((page, index) => (
            <PreviewPage key={index} page={page} number={index + 1} count={pages.length} root={scroller} onDrawn={documentIndex === 0 && index === 0 ? onDrawn : undefined} onFailed={onFailed} />
          ))}
        </section>
      ))}
    </div>
  );
}

function PreviewPage({ page, number, count, root, onDrawn, onFailed }: {
  readonly page: PDFPageProxy;
  readonly number: number;
  readonly count: number;
  readonly root: RefObject<HTMLDivElement | null>;
  readonly onDrawn: (() => void) | undefined;
  readonly onFailed: () => void;
}) {
  const { t } = useTranslation('signing');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  const base = page.getViewport({ scale: 1 });

  useEffect(() => {
    const target = canvas.current;
    if (target === null || drawn) return;
    let live = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        drawPage(page, target, PAGE_CSS_WIDTH).then(
          () => {
            if (!live) return;
            setDrawn(true);
            onDrawn?.();
          },
          () => { if (live) onFailed(); },
        );
      },
      // Pages just out of sight are drawn too, so scrolling finds them ready.
      { root: root.current, rootMargin: '600px 0px' },
    );
    observer.observe(target);
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [page, root, drawn, onDrawn, onFailed]);

  const label = t('dialog.page', { number, count });
  return (
    <figure className="sign-page">
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        data-drawn={drawn ? 'true' : 'false'}
        width={Math.round(PAGE_CSS_WIDTH)}
        height={Math.round((PAGE_CSS_WIDTH * base.height) / base.width)}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function SignDialog({ title, intro, languageHelp, effects, prepare, initialLanguage, personsLanguage, onSigned, onClose }: SignDialogProps) {
  const { t, i18n } = useTranslation('signing');
  const vault = useVaultControls();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const passphraseInput = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'preparing' });
  const [session, setSession] = useState<PdfPreviewSession | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [work, setWork] = useState<Work>('idle');
  const [consent, setConsent] = useState<SigningConsent | null>(null);
  const [signedSome, setSignedSome] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [decisions, setDecisions] = useState<ReviewDecisions>({});
  const [reviewConfirmed, setReviewConfirmed] = useState(false);
  const [revising, setRevising] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [language, setLanguage] = useState<Language>(initialLanguage);

  // Open as a modal at once (the page behind becomes inert); give focus back on close.
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    performance.mark('attest:sign-dialog-open');
    if (element && !element.open) element.showModal();
    return () => {
      if (element?.open) element.close();
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    let live = true;
    let opened: PdfPreviewSession | null = null;
    Promise.all([prepare(language), openPdfPreviewSession()]).then(
      ([act, preview]) => {
        opened = preview;
        if (!live) {
          preview.close();
          return;
        }
        setSession(preview);
        setPhase({ name: 'ready', act, step: act.first, index: 1 });
      },
      (error: unknown) => { if (live) setPhase({ name: 'failed', key: error instanceof MakeReportError ? errorKey(error) : 'signing:dialog.previewFailed' }); },
    );
    return () => {
      live = false;
      opened?.close();
    };
  }, [prepare, language]);

  useEffect(() => {
    let live = true;
    vault?.nextPassphraseAttemptAt().then(
      (at) => { if (live) { setWaitUntil(at); setNow(Date.now()); } },
      () => undefined,
    );
    return () => { live = false; };
  }, [vault]);

  const waiting = secondsUntil(waitUntil, now);
  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => { setNow(Date.now()); }, 250);
    return () => { clearInterval(timer); };
  }, [waitUntil]);

  const onDrawn = useCallback(() => {
    performance.mark('attest:sign-preview-drawn');
    setDrawn(true);
  }, []);
  const onPreviewFailed = useCallback(() => { setPhase({ name: 'failed', key: 'signing:dialog.previewFailed' }); }, []);

  const busy = work !== 'idle';
  const reviewed = phase.name === 'ready' ? phase.step.documents.find((d) => d.review !== undefined) : undefined;

  /** A decision of the review: the pages are made again with it, and drawn again before signing. */
  function revise(next: ReviewDecisions) {
    if (phase.name !== 'ready' || busy || revising) return;
    const { act, index, step } = phase;
    const makeAgain = step.revise?.bind(step);
    if (makeAgain === undefined) return;
    setDecisions(next);
    setRevising(true);
    setProblem(null);
    makeAgain(next).then(
      (revised) => {
        setDrawn(false);
        setPhase({ name: 'ready', act, step: revised, index });
        setRevising(false);
      },
      (error: unknown) => {
        setProblem(t(errorKey(error)));
        setRevising(false);
      },
    );
  }
  /** Another document language: the pages are made again in it, and drawn again before signing. */
  function chooseLanguage(next: Language) {
    if (busy || revising || signedSome) return;
    setLanguage(next);
    setPhase({ name: 'preparing' });
    setDrawn(false);
    setSession(null);
    setDecisions({});
    setReviewConfirmed(false);
    setProblem(null);
  }
  const close = () => {
    if (!busy) onClose(signedSome);
  };

  // `now` moves with each attempt and step, which is when this matters.
  const needsPassphrase = consent === null || now - consent.at >= CONSENT_REUSE_MS;

  async function sign(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (phase.name !== 'ready' || busy || revising || !drawn || waiting > 0) return;
    if (reviewed !== undefined && !reviewConfirmed) {
      setProblem(t('dialog.review.confirmRequired'));
      return;
    }
    let granted = consent !== null && Date.now() - consent.at < CONSENT_REUSE_MS ? consent : null;
    if (granted === null) {
      if (vault === null) {
        setProblem(t('dialog.locked'));
        return;
      }
      if (passphrase === '') {
        setProblem(t('dialog.required'));
        passphraseInput.current?.focus();
        return;
      }
      setWork('checking');
      setProblem(null);
      try {
        const check = await vault.confirmPassphrase(passphrase);
        setNow(Date.now());
        if (!check.ok) {
          setWaitUntil(check.retryAt);
          setProblem(check.reason === 'wrong' ? t('dialog.wrong') : null);
          setPassphrase('');
          setWork('idle');
          passphraseInput.current?.focus();
          return;
        }
        granted = check.consent;
      } catch {
        setProblem(t('dialog.locked'));
        setWork('idle');
        return;
      }
    }
    setPassphrase('');
    setConsent(granted);
    setWork('signing');
    try {
      const next = await phase.step.sign(granted);
      if (next === null) {
        onSigned();
        return;
      }
      setSignedSome(true);
      setDrawn(false);
      setNow(Date.now());
      setPhase({ name: 'ready', act: phase.act, step: next, index: phase.index + 1 });
      setWork('idle');
    } catch (error) {
      // A failed signature is not retried on the strength of the earlier passphrase: ask again.
      setConsent(null);
      setProblem(t(errorKey(error)));
      setWork('idle');
    }
  }

  // Focus stays in the dialog: Tab from the last control goes to the first, Shift+Tab the other way.
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || dialog.current === null) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, input, [tabindex="0"], a[href]')].filter((el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0);
    const firstEl = focusable[0];
    const lastEl = focusable.at(-1);
    if (firstEl === undefined || lastEl === undefined) return;
    if (event.shiftKey && document.activeElement === firstEl) {
      event.preventDefault();
      lastEl.focus();
    } else if (!event.shiftKey && document.activeElement === lastEl) {
      event.preventDefault();
      firstEl.focus();
    }
  };

  const ready = phase.name === 'ready' ? phase : null;
  const steps = ready?.act.steps ?? 1;
  const missing = ready?.step.documents.flatMap((d) => d.missing) ?? [];
  // The language is chosen before the first signature: later steps cite what was signed in it.
  const languageLocked = busy || revising || signedSome || (ready !== null && ready.index > 1);
  return (
    <dialog
      ref={dialog}
      className={`sign-dialog${reviewed ? ' has-review' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      data-testid="sign-dialog"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Escape: cancels, unless the key is being used this very moment.
        event.preventDefault();
        close();
      }}
      onClose={() => {
        // The browser closes a modal itself after repeated Escapes: keep it open while signing.
        if (busy) dialog.current?.showModal();
        else onClose(signedSome);
      }}
    >
      <header className="sign-dialog-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {steps > 1 && ready && <p className="sign-step">{t('dialog.stepOf', { step: ready.index, count: steps })}</p>}
      </header>
      <div className="sign-dialog-body">
        <div className="sign-dialog-pages">
          <p id={`${id}-intro`} className="help">{ready && ready.index > 1 ? t('dialog.nextStep') : (intro ?? t('dialog.intro'))}</p>
          <p id={`${id}-pages`} className="visually-hidden">{t('dialog.pagesLabel')}</p>
          {phase.name === 'preparing' && <p className="sign-preview-status" role="status">{t('dialog.preparing')}</p>}
          {phase.name === 'failed' && <p className="error" role="alert" data-testid="sign-dialog-failed">{t(phase.key)}</p>}
          {ready && session && <Preview key={`${String(ready.index)}:${ready.step.documents.map((d) => d.sha256).join(',')}`} documents={ready.step.documents} session={session} onDrawn={onDrawn} onFailed={onPreviewFailed} labelId={`${id}-pages`} />}
        </div>
        <form autoComplete="off" className="sign-dialog-side" onSubmit={(e) => { void sign(e); }} noValidate>
          {ready && reviewed?.review && (reviewed.kind === 'anonymised_report' || reviewed.kind === 'summary_report') && (
            <ReviewPanel review={reviewed.review} kind={reviewed.kind} decisions={decisions} onChange={revise} confirmed={reviewConfirmed} onConfirm={(value) => { setReviewConfirmed(value); setProblem(null); }} busy={busy || revising} />
          )}
          <div className="field">
            <label htmlFor={`${id}-language`}>{t('dialog.language')}</label>
            <select autoComplete="off" id={`${id}-language`} data-testid="sign-language" value={language} disabled={languageLocked || phase.name === 'preparing'} aria-describedby={`${id}-language-help`} onChange={(e) => { if (isLanguage(e.target.value)) chooseLanguage(e.target.value); }}>
              {languageChoices().filter((choice) => isLanguage(choice.code)).map((choice) => (
                <option key={choice.code} value={choice.code} lang={choice.tag} dir={choice.direction}>{choice.autonym}</option>
              ))}
            </select>
            <p id={`${id}-language-help`} className="help">{languageHelp ?? t('dialog.languageHelp')}</p>
            {personsLanguage !== undefined && personsCopyState(personsLanguage, language) !== 'none' && (
              <p className="help" data-testid="sign-person-language">
                {personsCopyState(personsLanguage, language) === 'chosen' ? (
                  t('dialog.person.chosen', { language: languageNameIn(i18n.resolvedLanguage ?? i18n.language, personsLanguage) })
                ) : (
                  <>
                    {t('dialog.person.speaks', { language: languageNameIn(i18n.resolvedLanguage ?? i18n.language, personsLanguage) })}{' '}
                    <button type="button" disabled={languageLocked || phase.name === 'preparing'} onClick={() => { chooseLanguage(personsLanguage); }}>
                      {t('dialog.person.choose', { language: languageNameIn(i18n.resolvedLanguage ?? i18n.language, personsLanguage) })}
                    </button>
                  </>
                )}
              </p>
            )}
          </div>
          {missing.length > 0 && (
            <div className="sign-missing" role="alert" data-testid="sign-missing">
              <p>{t('dialog.missing.intro')}</p>
              <ul>
                {missing.map((m) => (
                  <li key={`${m.codePoint}:${m.where}`}>{t('dialog.missing.item', { character: m.character, codePoint: m.codePoint, where: m.where })}</li>
                ))}
              </ul>
            </div>
          )}
          {ready && (
            <>
              <h3>{t('dialog.whatTitle')}</h3>
              <ul className="sign-effects" data-testid="sign-effects">
                {effects.map((effect) => (
                  <li key={effect}>
                    {effect === 'names' ? (
                      <>
                        {t('dialog.what.names', { name: ready.act.signer.name })}
                        <code className="sign-fingerprint" data-testid="sign-fingerprint">
                          {/* Breaks only between bytes: a fingerprint is compared pair by pair. */}
                          {ready.act.signer.fingerprint.split(':').map((pair, index) => (
                            <span key={index}>{index > 0 && ':'}{index > 0 && <wbr />}{pair}</span>
                          ))}
                        </code>
                      </>
                    ) : (
                      t(`dialog.what.${effect}`)
                    )}
                  </li>
                ))}
              </ul>
              {needsPassphrase && (
                <div className="field">
                  <label htmlFor={`${id}-passphrase`}>{t('dialog.passphrase')}</label>
                  <input
                    ref={passphraseInput}
                    id={`${id}-passphrase`}
                    type="password"
                    autoComplete="current-password"
                    spellCheck={false}
                    value={passphrase}
                    disabled={busy}
                    aria-invalid={problem !== null}
                    aria-describedby={`${id}-passphrase-help${problem ? ` ${id}-problem` : ''}`}
                    onChange={(e) => { setPassphrase(e.target.value); setProblem(null); }}
                  />
                  <p id={`${id}-passphrase-help`} className="help">{t('dialog.passphraseHelp')}</p>
                </div>
              )}
            </>
          )}
          <p id={`${id}-problem`} className="error" role="alert" data-testid="sign-dialog-problem">{problem ?? ''}</p>
          <p className="sign-wait" role="status" data-testid="sign-dialog-status">
            {waiting > 0 ? t('dialog.wait', { count: waiting }) : work === 'checking' ? t('dialog.checking') : work === 'signing' ? t('dialog.signingNow') : revising ? t('dialog.review.updating') : ''}
          </p>
          <div className="actions">
            <button type="button" onClick={close} disabled={busy}>{t('dialog.cancel')}</button>
            {ready && (
              <button type="submit" className="primary" disabled={busy || revising || !drawn || waiting > 0}>
                {ready.index > 1 ? t('dialog.confirmNext') : t('dialog.confirm')}
              </button>
            )}
          </div>
        </form>
      </div>
    </dialog>
  );
}
