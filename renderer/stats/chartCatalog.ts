/**
 * Strings of the statistics charts, as their own i18n namespace (`statsCharts`), registered by the
 * statistics screen with the other catalogs it needs. English first; other languages follow this shape.
 */
export const statsChartsCatalog = {
  en: {
    admissionsTitle: 'Admissions by month, and the share examined within the limit',
    lesionsTitle: 'Lesions by type and consistency level',
    admissions: 'Admissions',
    shareWithin: '% examined within the limit',
    hidden: 'Hidden ([c])',
    hiddenTooltip: 'Hidden: under 5 persons, or would reveal such a figure',
    hiddenNote: 'Hatched bars mark hidden figures: their height is the same for every hidden bar and says nothing about the value. Hidden shares leave a gap in the line.',
    lesionsHiddenNote: 'Types marked [c] have hidden cells, which are not drawn.',
    admissionsAlt: 'Bar chart of admissions per month from {{from}} to {{to}}, with a line for the share examined within the limit. The same figures are in the table "By month" below.',
    lesionsAlt: 'Stacked bar chart of lesions per type, stacked by consistency level. The same figures are in the table "Lesions by type and consistency level" below.',
    percentAxis: '% within the limit',
    countAxis: 'Admissions',
  },
} as const;
