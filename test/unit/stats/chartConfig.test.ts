/**
 * The words on the statistics charts, in the UI language (issue #15): months as month and year by
 * `Intl` (never the stored `2025-01`), legends, axis titles and text alternatives from the
 * `signing:stats.charts` catalog through i18next, as the statistics screen registers it.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { catalogs, supportedLanguages, type Language } from '../../../shared/i18n';
import { computeStatistics, suppressStatistics } from '../../../shared/stats';
import { formatsFor } from '../../../renderer/app/format';
import { chartConfigs } from '../../../renderer/stats/chartConfig';
import { many } from './helpers';

const period = { from: '2025-01-01', to: '2025-03-31' };
// January 20, February 3 (hidden), March 12; ten contusions graded "consistent".
const facts = [
  ...many(20, { date: '2025-01-15', month: '2025-01', injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] }),
  ...many(3, { date: '2025-02-10', month: '2025-02' }),
  ...many(12, { date: '2025-03-05', month: '2025-03' }),
];
const stats = suppressStatistics(computeStatistics(facts, period));

/** The charts as a user of `language` sees them, through the same catalogs and i18next as the screen. */
async function chartsIn(language: Language) {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(supportedLanguages.map((code) => [code, { signing: catalogs[code].signing, domain: catalogs[code].domain }]));
  await instance.init({ resources, lng: language, fallbackLng: 'en', ns: ['signing', 'domain'], defaultNS: 'signing', interpolation: { escapeValue: false } });
  return chartConfigs(stats, instance.t, formatsFor(language), '#c8c8c8');
}

function datasetLabels(config: Awaited<ReturnType<typeof chartsIn>>['admissionsConfig']): (string | undefined)[] {
  return config.data.datasets.map((dataset) => dataset.label);
}

describe('statistics chart labels', () => {
  it('in Russian: months as month and year, legends, axes and text alternative from the Russian catalog', async () => {
    const charts = await chartsIn('ru');
    expect(charts.admissionsConfig.data.labels).toEqual(['янв. 2025 г.', 'февр. 2025 г.', 'март 2025 г.']);
    expect(datasetLabels(charts.admissionsConfig)).toEqual(['Поступления', 'Скрыто ([c])', '% осмотренных в пределах срока']);
    expect(charts.admissionsConfig.options?.scales?.share?.title?.text).toBe('% в пределах срока');
    expect(charts.admissionsConfig.options?.locale).toBe('ru');
    expect(charts.admissionsLabel).toMatch(/^Столбчатая диаграмма поступлений по месяцам с 1 янв\. 2025 г\. по 31 мар\. 2025 г\./u);
    expect(charts.lesionsConfig.data.labels).toEqual(['Кровоподтёк (ушиб)']);
    expect(datasetLabels(charts.lesionsConfig)).toContain('Соответствует');
  });

  it('in Arabic: months named in Arabic with the locale’s digits, strings from the Arabic catalog', async () => {
    const charts = await chartsIn('ar');
    const year = new Intl.NumberFormat('ar', { useGrouping: false }).format(2025);
    const labels = charts.admissionsConfig.data.labels as string[];
    expect(labels).toHaveLength(3);
    for (const [i, month] of ['يناير', 'فبراير', 'مارس'].entries()) {
      expect(labels[i]).toContain(month);
      expect(labels[i]).toContain(year);
    }
    expect(datasetLabels(charts.admissionsConfig)).toEqual(['حالات الإيداع', 'محجوب ([c])', '% ممن فُحصوا ضمن المهلة']);
    expect(charts.admissionsLabel).toContain('مخطط أعمدة لحالات الإيداع شهريًا من');
    expect(charts.lesionsLabel).toContain('مخطط أعمدة مكدَّسة للآفات');
  });

  it('shows no stored month, raw key or English word in another language', async () => {
    for (const language of supportedLanguages.filter((code) => code !== 'en')) {
      const charts = await chartsIn(language);
      const words = [
        ...(charts.admissionsConfig.data.labels as string[]),
        ...datasetLabels(charts.admissionsConfig),
        charts.admissionsConfig.options?.scales?.y?.title?.text,
        charts.admissionsConfig.options?.scales?.share?.title?.text,
        charts.admissionsLabel,
        charts.lesionsLabel,
      ].join('\n');
      expect(words, language).not.toMatch(/\d{4}-\d{2}|signing:|stats\.charts|examined within|Hidden|Bar chart/u);
    }
  });

  it('in English, the source catalog', async () => {
    const charts = await chartsIn('en');
    expect(charts.admissionsConfig.data.labels).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(charts.admissionsLabel).toMatch(/^Bar chart of admissions per month from Jan 1, 2025 to Mar 31, 2025,/u);
  });
});
