/**
 * Settings: the only code that reads or writes the `settings` table. It holds the clinician's
 * preferences (the arrival → examination limit, the languages they examine in, the language of the
 * screens) and never case data.
 * Each value is parsed with zod when written and again when read: a damaged or foreign stored value
 * falls back to its default rather than switching a rule off.
 */
import { z } from 'zod';
import { AuthorityRegistry, type Authority } from '../../../shared/domain/authority';
import { DEFAULT_THRESHOLD_HOURS } from '../../../shared/domain/rules/types';
import { ReportingPolicy } from '../../../shared/domain/vocab';
import { LanguageTag } from '../../../shared/domain/text';
import type { UnLanguage } from '../../../shared/i18n/languages';
import type { AttestDatabase } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { UI_LANGUAGE_KEY, UiLanguage } from './uiLanguageSetting';

export { readUiLanguageSetting, UiLanguage } from './uiLanguageSetting';

/** Shortest and longest arrival → examination limit a clinician may set: one hour to one week. */
export const MIN_THRESHOLD_HOURS = 1;
export const MAX_THRESHOLD_HOURS = 168;
export const MAX_EXAMINER_LANGUAGES = 20;
/** Idle minutes before the vault locks itself: from one minute to two hours, ten by default. */
export const MIN_AUTO_LOCK_MINUTES = 1;
export const MAX_AUTO_LOCK_MINUTES = 120;
export const DEFAULT_AUTO_LOCK_MINUTES = 10;
export const AutoLockMinutes = z.number().int().min(MIN_AUTO_LOCK_MINUTES).max(MAX_AUTO_LOCK_MINUTES);

/** Arrival → examination limit in whole hours (rule E1; national rules differ: 2 h, 24 h). */
export const ThresholdHours = z.number().int().min(MIN_THRESHOLD_HOURS).max(MAX_THRESHOLD_HOURS);

/** BCP-47 tags of the languages the examiner can examine in, canonical case, without repeats. */
export const ExaminerLanguages = z
  .array(LanguageTag)
  .max(MAX_EXAMINER_LANGUAGES)
  .transform((tags, ctx) => {
    const canonical: string[] = [];
    for (const [index, tag] of tags.entries()) {
      try {
        // `en-gb` → `en-GB`; throws on a tag the pattern lets through but BCP 47 refuses (`en-a`).
        const [name] = Intl.getCanonicalLocales(tag);
        if (name !== undefined && !canonical.includes(name)) canonical.push(name);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'domain.error.languageTag', path: [index], input: tag });
      }
    }
    return canonical;
  });


export interface AppSettings {
  readonly thresholdHours: number;
  readonly examinerLanguages: readonly string[];
  readonly autoLockMinutes: number;
  /**
   * The competent authorities reports may be referred to (issue #7). Stored in clear like every
   * setting: an authority's name and contact are public, not case data.
   */
  readonly authorities: readonly Authority[];
  /** The jurisdiction's reporting policy (rule E13); consent-based unless the clinician chooses otherwise. */
  readonly reportingPolicy: ReportingPolicy;
  /**
   * The UI language (issue #15). In clear like every setting, and read before unlock
   * (`readUiLanguageSetting`): the unlock screen is drawn in it. A language names no case and no person.
   */
  readonly uiLanguage: UnLanguage | null;
}

export const DEFAULT_SETTINGS: AppSettings = {
  thresholdHours: DEFAULT_THRESHOLD_HOURS,
  examinerLanguages: [],
  autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES,
  authorities: [],
  reportingPolicy: 'consent-based',
  uiLanguage: null,
};

/** A change to some settings. Unknown keys are refused, so nothing else can be stored here. */
export const SettingsPatch = z.strictObject({
  thresholdHours: ThresholdHours.optional(),
  examinerLanguages: ExaminerLanguages.optional(),
  autoLockMinutes: AutoLockMinutes.optional(),
  authorities: AuthorityRegistry.optional(),
  reportingPolicy: ReportingPolicy.optional(),
  uiLanguage: UiLanguage.optional(),
});
export interface SettingsPatch {
  readonly thresholdHours?: number;
  readonly examinerLanguages?: readonly string[];
  readonly autoLockMinutes?: number;
  readonly authorities?: readonly Authority[];
  readonly reportingPolicy?: ReportingPolicy;
  readonly uiLanguage?: UnLanguage | null;
}

export type SettingKey = keyof AppSettings;

const valueSchemas = {
  thresholdHours: ThresholdHours,
  examinerLanguages: ExaminerLanguages,
  autoLockMinutes: AutoLockMinutes,
  authorities: AuthorityRegistry,
  reportingPolicy: ReportingPolicy,
  [UI_LANGUAGE_KEY]: UiLanguage,
} as const;
const SETTING_KEYS = Object.keys(valueSchemas) as SettingKey[];

export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
  constructor(
    /** The settings whose values were refused (or `unknown` for a key that is not a setting). */
    readonly keys: readonly string[],
  ) {
    super('These settings were not saved: a value is not allowed.');
  }
}

export interface SettingsRepository {
  /** Every setting, with the default wherever none (or a damaged one) is stored. */
  get(): Promise<AppSettings>;
  /** Checks every given value, then stores them together; when one is refused, none is stored. */
  update(patch: SettingsPatch): Promise<AppSettings>;
}

function readValue<K extends SettingKey>(key: K, stored: unknown): AppSettings[K] {
  if (stored === undefined) return DEFAULT_SETTINGS[key];
  const parsed = valueSchemas[key].safeParse(stored);
  if (parsed.success) return parsed.data as AppSettings[K];
  // The key only: a settings value is no case data, but a log line needs nothing more.
  console.warn('Attest: a stored setting was not valid; using its default', key);
  return DEFAULT_SETTINGS[key];
}

export function createSettingsRepository({ db, audit, now }: { readonly db: AttestDatabase; readonly audit: AuditRepository; readonly now: () => Date }): SettingsRepository {
  async function get(): Promise<AppSettings> {
    const rows = await db.settings.bulkGet(SETTING_KEYS);
    const stored = new Map(rows.flatMap((row) => (row ? [[row.key, row.value] as const] : [])));
    return {
      thresholdHours: readValue('thresholdHours', stored.get('thresholdHours')),
      examinerLanguages: readValue('examinerLanguages', stored.get('examinerLanguages')),
      autoLockMinutes: readValue('autoLockMinutes', stored.get('autoLockMinutes')),
      authorities: readValue('authorities', stored.get('authorities')),
      reportingPolicy: readValue('reportingPolicy', stored.get('reportingPolicy')),
      uiLanguage: readValue('uiLanguage', stored.get('uiLanguage')),
    };
  }

  return {
    get,
    async update(rawPatch) {
      const parsed = SettingsPatch.safeParse(rawPatch);
      if (!parsed.success) {
        const keys = parsed.error.issues.map((issue) => (issue.code === 'unrecognized_keys' ? 'unknown' : String(issue.path[0] ?? 'unknown')));
        throw new InvalidSettingsError([...new Set(keys)]);
      }
      const rows = SETTING_KEYS.flatMap((key) => {
        const value = parsed.data[key];
        return value === undefined ? [] : [{ key, value }];
      });
      if (rows.length > 0) {
        // Which settings changed, or to what, is not recorded: the event says only that they did.
        const event = { at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'settings', recordId: null } as const;
        await audit.recordWith([db.settings], event, () => db.settings.bulkPut(rows));
      }
      return get();
    },
  };
}
