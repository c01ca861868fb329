/**
 * A number with its unit word, agreeing with the number in the language (Arabic 1 ساعة, 2 ساعتان,
 * 3 ساعات, 11 ساعة; Russian 1 час, 2 часа, 5 часов), by `Intl.NumberFormat`'s unit style and CLDR.
 * A catalog string asks for it with an i18next format: `{{hours, hours}}`, `{{years, years}}`. The
 * same formats work in i18next (the renderer adds them, renderer/app/i18n.ts), in the report's
 * `fmt` and in `resolveMessage` (`interpolate` here), so a string means the same wherever it is shown.
 */
import { languageFrames, isUnLanguage, type UnLanguage } from './languages';

/** The unit formats a catalog may use, and the CLDR unit each names. */
export const UNIT_FORMATS = { hours: 'hour', minutes: 'minute', years: 'year', days: 'day' } as const;
export type UnitFormat = keyof typeof UNIT_FORMATS;

export function isUnitFormat(name: string): name is UnitFormat {
  return Object.hasOwn(UNIT_FORMATS, name);
}

const formats = new Map<string, Intl.NumberFormat>();

/** `3` hours in Arabic: `3 ساعات`; in Russian `3 часа`; long unit names, no grouping. */
export function formatUnitIn(language: UnLanguage, value: number, format: UnitFormat): string {
  const tag = languageFrames[language].tag;
  const key = `${tag}:${format}`;
  let nf = formats.get(key);
  if (nf === undefined) {
    nf = new Intl.NumberFormat(tag, { style: 'unit', unit: UNIT_FORMATS[format], unitDisplay: 'long', maximumFractionDigits: 2, useGrouping: false });
    formats.set(key, nf);
  }
  return nf.format(value);
}

/**
 * Fills `{{name}}` and `{{name, format}}` placeholders: a unit format (above) formats a number in
 * `language`; `number` prints the number as it is; any other format, or a value that is not a
 * number for a unit, prints the value as it is. An unknown placeholder stays visible.
 */
export function interpolate(template: string, params: Readonly<Record<string, unknown>>, language: string): string {
  return template.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (whole, name: string, format: string | undefined) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    if (format !== undefined && isUnitFormat(format) && typeof value === 'number' && isUnLanguage(language)) return formatUnitIn(language, value, format);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
