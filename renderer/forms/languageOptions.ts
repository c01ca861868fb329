/**
 * The languages a language field offers: every ISO 639-1 language and the ISO 639-3 languages
 * often met in detention without a two-letter code (Dari, Central Kurdish, …), each named in the UI
 * language by `Intl.DisplayNames` and followed by its code ("Ukrainian (uk)"), so that it is found
 * by its name or by its code. The languages already recorded in the case come first.
 */
import { localeOf } from '../app/format';
import type { ComboboxOption } from './Combobox';

const ISO_639_1 =
  'aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu';
/** Languages without a two-letter code, often needed at intake. */
const ISO_639_3 = 'prs ckb kmr sdh hzg fil yue hak nan rom rmy aii syr tzm kab shi rif zgh ber apc arz ary acm ajp hsb ast crh tet bho mai awa';

export const LANGUAGE_CODES: readonly string[] = [...ISO_639_1.split(' '), ...ISO_639_3.split(' ')];

function displayNames(uiLanguage: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([localeOf(uiLanguage)], { type: 'language', fallback: 'none' });
  } catch {
    return null;
  }
}

/** The canonical form of a typed language tag (`fr-ca` → `fr-CA`), or null if it is not one. */
export function canonicalTag(text: string): string | null {
  const typed = text.trim();
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(typed)) return null;
  try {
    return Intl.getCanonicalLocales(typed)[0] ?? null;
  } catch {
    return null;
  }
}

/** "Ukrainian (uk)": the language's name in the UI language and its code; the code alone if unnamed. */
export function languageOption(code: string, names: Intl.DisplayNames | null): ComboboxOption {
  let name: string | undefined;
  try {
    name = names?.of(code);
  } catch {
    name = undefined;
  }
  return { value: code, label: name === undefined || name === code ? code : `${name} (${code})` };
}

/** Every offered language, those in `recorded` first (in their order), then the rest by name. */
export function languageOptions(uiLanguage: string, recorded: readonly string[]): { options: ComboboxOption[]; names: Intl.DisplayNames | null } {
  const names = displayNames(uiLanguage);
  const first = [...new Set(recorded.map((tag) => canonicalTag(tag)).filter((tag): tag is string => tag !== null))];
  const rest = LANGUAGE_CODES.filter((code) => !first.includes(code))
    .map((code) => languageOption(code, names))
    // Languages the platform cannot name are left out (the code still works when typed).
    .filter((option) => option.label !== option.value)
    .sort((a, b) => a.label.localeCompare(b.label, localeOf(uiLanguage)));
  return { options: [...first.map((code) => languageOption(code, names)), ...rest], names };
}
