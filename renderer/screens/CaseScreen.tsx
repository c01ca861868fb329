/**
 * One case: the admission examination form, autosaved as the clinician types, with the arrival →
 * examination clock and the outline of what blocks finalisation.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formDefinition, latestForm } from '../../forms';
import type { FormDefinition } from '../../forms/model';
import type { CaseSummary } from '../../shared/domain/case';
import type { ClinicianProfile } from '../../shared/identity/profile';
import { EXAMINATION_SCHEMA_VERSION } from '../../shared/domain/examination';
import { examClock } from '../../shared/domain/rules/timeliness';
import { VaultError } from '../../shared/vault/errors';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { hrefFor } from '../app/router';
import { useSettings } from '../app/settings';
import { assessDraft } from '../forms/assessment';
import { ConsentQuick, InterpreterQuick, ScreeningQuick } from '../forms/QuickAnswers';
import { lastInterpreter, interpreterOpen, type CarriedInterpreter } from '../forms/lastInterpreter';
import { languageOption } from '../forms/languageOptions';
import { localeOf } from '../app/format';
import { FormView } from '../forms/FormView';
import { displayedMessages } from '../forms/placement';
import { addExaminationStrings } from '../forms/strings';
import { useDraftAutosave } from '../forms/useDraftAutosave';
import { FindingsWorkspace } from '../findings/FindingsWorkspace';
import { ReportPanel } from '../report/ReportPanel';
import { CaseFilePanel } from '../interop/CaseFilePanel';
import { printableDraft } from '../report/printable';

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'failed' }
  /** The stored body is older than the last one the audit chain records: put back, not shown. */
  | { readonly state: 'rolledBack' }
  | { readonly state: 'ready'; readonly summary: CaseSummary; readonly draft: unknown; readonly form: FormDefinition; readonly unsaved: boolean };

const ADMISSION_FORM = 'admission-examination';
const CLOCK_TICK_MS = 30_000;

/** The form a stored draft was filled with, so an old record renders as it was. */
function formOf(draft: unknown): FormDefinition | null {
  if (draft === null || typeof draft !== 'object') return null;
  const { formId, formVersion } = draft as { formId?: unknown; formVersion?: unknown };
  return typeof formId === 'string' && typeof formVersion === 'number' ? (formDefinition(formId, formVersion) ?? null) : null;
}

/** What is already known when a case is first opened, so that it is not asked again. */
interface Known {
  /** The clinician profile (Settings › Your identity), when saved. */
  readonly profile: ClinicianProfile | null;
  /** The languages the examiner speaks (Settings). */
  readonly examinerLanguages: readonly string[];
}

/**
 * A new case's first draft: the encounter type and facility code given at "New case", and the
 * examiner as the profile and settings give them, each still changeable in the form.
 */
export function newDraft(form: FormDefinition, summary: CaseSummary, known: Known): unknown {
  const { profile } = known;
  const examiner = {
    ...(profile === null ? {} : { name: profile.name, profession: profile.profession }),
    ...(profile !== null && profile.registrationNumber.trim() !== '' ? { registrationNo: profile.registrationNumber } : {}),
    ...(known.examinerLanguages.length > 0 ? { languages: [...known.examinerLanguages] } : {}),
  };
  return {
    schemaVersion: EXAMINATION_SCHEMA_VERSION,
    formId: form.id,
    formVersion: form.version,
    encounter: {
      type: summary.encounterType,
      ...(summary.facilityCode === '' ? {} : { facilityCode: summary.facilityCode }),
      // An admission examination is the routine intake unless someone asked for it (changeable).
      ...(summary.encounterType === 'admission' ? { requester: { type: 'routine_intake' } } : {}),
      ...(Object.keys(examiner).length > 0 ? { examiner } : {}),
    },
  };
}

export function CaseScreen({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  // Before the first render of this screen: its strings come with its code (see forms/strings.ts).
  useState(() => {
    addExaminationStrings(i18n);
    return true;
  });
  const { repos } = useServices();
  const settings = useSettings();
  const examinerLanguages = settings.examinerLanguages;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  // Raised after a report version is signed: the case is read again (it is now locked).
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    performance.mark('attest:case-open');
    // A pending edit (typed, kept, not yet saved when the page last went away) is applied on top.
    const opened = repos.cases.get(id).then(async (record) => {
      if (!record || record.summary.status !== 'draft') return { record, pending: null, profile: null };
      const pending = await repos.pendingEdits.take(id, record.summary.revision).catch(() => null);
      // A new case is started from the profile: read only when the draft is still empty.
      const profile = record.body.examination || pending ? null : ((await repos.identity.get().catch(() => null))?.profile ?? null);
      return { record, pending, profile };
    });
    opened.then(
      ({ record, pending, profile }) => {
        if (!live) return;
        if (!record) {
          setLoad({ state: 'missing' });
          return;
        }
        const stored = pending ?? record.body.examination;
        const form = stored ? formOf(stored) : latestForm(ADMISSION_FORM);
        if (!form) {
          setLoad({ state: 'failed' });
          return;
        }
        setLoad({ state: 'ready', summary: record.summary, form, draft: stored ?? newDraft(form, record.summary, { profile, examinerLanguages }), unsaved: pending !== null });
      },
      (error: unknown) => {
        if (live) setLoad({ state: error instanceof VaultError && error.code === 'rolled-back-record' ? 'rolledBack' : 'failed' });
      },
    );
    return () => { live = false; };
    // The settings are read when the case opens, not followed while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [repos, id, generation]);


  if (load.state === 'loading') return <main className="page" aria-busy="true">{t('app:loading')}</main>;
  if (load.state !== 'ready') {
    return (
      <main className="page" role="alert">
        <p>{load.state === 'missing' ? t('form:notFound') : load.state === 'rolledBack' ? t('vault:error.rolledBackRecord') : t('app:error.storage')}</p>
        <a href={hrefFor({ name: 'cases' })}>{t('form:backToCases')}</a>
      </main>
    );
  }
  return (
    <Examination
      key={`${load.summary.id}:${String(load.summary.revision)}`}
      summary={load.summary}
      draft={load.draft}
      unsaved={load.unsaved}
      form={load.form}
      onSigned={() => { setGeneration((n) => n + 1); }}
    />
  );
}

function Examination({ summary: initialSummary, draft: initialDraft, unsaved, form, onSigned }: {
  readonly summary: CaseSummary;
  readonly draft: unknown;
  readonly unsaved: boolean;
  readonly form: FormDefinition;
  readonly onSigned: () => void;
}) {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  const { repos } = useServices();
  const settings = useSettings();
  const [carriedInterpreter, setCarriedInterpreter] = useState<CarriedInterpreter | null>(null);
  const { draft, saveState, summary, update, read } = useDraftAutosave(repos.cases, { summary: initialSummary, draft: initialDraft }, { pending: repos.pendingEdits, unsaved });
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const timer = setInterval(() => { setNow(new Date()); }, CLOCK_TICK_MS);
    return () => { clearInterval(timer); };
  }, []);

  // The last cases' interpreter service, looked up once when a draft opens with no interpreter chosen.
  useEffect(() => {
    if (initialSummary.status !== 'draft' || !interpreterOpen(initialDraft)) return undefined;
    let live = true;
    lastInterpreter(repos.cases, initialSummary.id).then(
      (found) => { if (live) setCarriedInterpreter(found); },
      () => undefined,
    );
    return () => { live = false; };
  }, [repos, initialSummary, initialDraft]);
  const languageName = useCallback((tag: string) => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([localeOf(i18n.language)], { type: 'language', fallback: 'none' });
    } catch {
      names = null;
    }
    return languageOption(tag, names).label;
  }, [i18n.language]);

  const ctx = useMemo(
    () => ({ now, thresholdHours: settings.thresholdHours, examinerLanguages: settings.examinerLanguages }),
    [now, settings.thresholdHours, settings.examinerLanguages],
  );
  const assessment = useMemo(() => assessDraft(draft, ctx), [draft, ctx]);
  const messages = useMemo(() => displayedMessages(form, assessment.messages), [form, assessment.messages]);
  const clock = examClock(assessment.exam, ctx);
  const printable = useMemo(() => printableDraft(draft, assessment, form, (key) => t(`forms:${key}`)), [draft, assessment, form, t]);
  const readOnly = summary.status !== 'draft';
  const messagesAt = useCallback((path: string) => assessment.messages.get(path) ?? [], [assessment.messages]);
  const messagePaths = useCallback(() => assessment.messages.entries(), [assessment.messages]);

  let clockText: string;
  if (clock.elapsedMs === null) clockText = t('form:clock.noArrival');
  else {
    const params = { ...formats.durationParts(clock.elapsedMs), threshold: formats.hours(clock.thresholdMs / 3_600_000) };
    const key = clock.running ? (clock.overdue ? 'runningOverdue' : 'running') : clock.overdue ? 'examinedLate' : 'examined';
    clockText = t(`form:clock.${key}`, params);
  }

  return (
    <main className="page page-wide" aria-labelledby="case-title">
      <header className="case-header">
        <h1 id="case-title">{t('form:caseTitle', { caseNumber: summary.caseNumber })}</h1>
        <span className="case-meta">{t(`app:encounterType.${summary.encounterType}`)}</span>
        <span className={`clock${clock.overdue ? ' overdue' : ''}`} data-testid="exam-clock">
          {clockText}
        </span>
        <span className={`save-state ${saveState}`} role="status" aria-live="polite" data-save-state={saveState}>
          {t(`form:save.${saveState}`)}
        </span>
      </header>
      {saveState === 'conflict' && (
        <div className="banner" role="alert">
          <span>{t('form:save.conflict')}</span>
          <button type="button" onClick={() => { window.location.reload(); }}>
            {t('form:save.reload')}
          </button>
        </div>
      )}
      <FormView
        form={form}
        draft={draft}
        assessment={assessment}
        messagesFor={messages}
        onChange={update}
        readOnly={readOnly}
        sectionLeads={{
          consent: <ConsentQuick draft={draft} onChange={update} disabled={readOnly} />,
          screening: <ScreeningQuick draft={draft} onChange={update} disabled={readOnly} />,
          interpreter: <InterpreterQuick draft={draft} onChange={update} disabled={readOnly} carried={carriedInterpreter} languageName={languageName} />,
        }}
        sectionExtras={{
          findings: (
            <FindingsWorkspace
              caseId={summary.id}
              draft={draft}
              read={read}
              exam={assessment.exam}
              update={update}
              messagesAt={messagesAt}
              messagePaths={messagePaths}
              readOnly={readOnly}
            />
          ),
        }}
      />
      <ReportPanel
        caseId={summary.id}
        caseNumber={summary.caseNumber}
        exam={assessment.exam}
        printable={printable}
        ctx={ctx}
        saved={saveState === 'saved'}
        signed={summary.status === 'signed'}
        onSigned={onSigned}
        form={form}
      />
      <CaseFilePanel caseId={summary.id} saved={saveState === 'saved'} />
    </main>
  );
}
