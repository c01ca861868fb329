/**
 * Injury findings end to end, in Chromium with real IndexedDB and WebCrypto: marks placed by clicking
 * on body charts, lesions described through the lesion form, photographs attached through the file
 * chooser and linked, all of it surviving a reload; the stored SHA-256 equals `sha256sum` of the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { lesionFields } from '../../forms/sections/lesion';
import type { ChartId } from '../../shared/domain/vocab';
import { TEST_TIME_ZONE, createCase, enter, field, fillFields, setUpVault, waitSaved } from './support/examForm';
import { clickRegion, consentToExaminationAndPhotographs, def } from './support/findings';
import { makePng } from './support/images';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const LESIONS = [
  {
    chart: 'body_male_front' as ChartId,
    key: 'forearm:left',
    values: { type: 'abrasion', status: 'acute', lengthCm: 3, widthCm: 0.5, shape: 'linear', colours: ['red'], surface: 'crusted', borders: 'irregular', level: 'flat', ageEstimate: 'under_24h' },
  },
  {
    chart: 'body_male_front' as ChartId,
    key: 'upper_arm:right',
    values: {
      type: 'contusion',
      status: 'acute',
      lengthCm: 4,
      widthCm: 3,
      shape: 'oval',
      colours: ['purple', 'blue'],
      surface: 'intact',
      borders: 'diffuse',
      level: 'flat',
      attribution: 'beating_blunt',
      consistency: 'consistent',
      rationale: 'A bruise of this kind has many possible causes, a blow among them.',
    },
  },
  {
    chart: 'body_male_back' as ChartId,
    key: 'wrist:left',
    values: {
      type: 'ligature_restraint_mark',
      status: 'acute',
      lengthCm: 6,
      widthCm: 1,
      shape: 'linear',
      colours: ['red', 'brown'],
      surface: 'intact',
      borders: 'sharp',
      level: 'flat',
      attribution: 'restraint',
      consistency: 'highly_consistent',
      rationale: 'Circumferential band on both wrists, as tight handcuffs leave; few other causes.',
    },
  },
] as const;

test('three marks placed on the charts, described, two photographs attached and linked, all there after a reload', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'attest-photos-'));
  try {
    const photoA = path.join(dir, 'forearm.png');
    const photoB = path.join(dir, 'wrists.png');
    await writeFile(photoA, makePng({ width: 640, height: 480, seed: 3 }));
    await writeFile(photoB, makePng({ width: 480, height: 640, seed: 5 }));

    await setUpVault(page);
    await createCase(page);
    await consentToExaminationAndPhotographs(page);
    const workspace = page.getByTestId('findings-workspace');
    await workspace.scrollIntoViewIfNeeded();

    const placed = [
      { region: 'Forearm', side: 'Left', view: 'Front (anterior)' },
      { region: 'Upper arm', side: 'Right', view: 'Front (anterior)' },
      { region: 'Wrist', side: 'Left', view: 'Back (posterior)' },
    ];
    for (const [index, lesion] of LESIONS.entries()) {
      await workspace.getByLabel('Chart').selectOption(lesion.chart);
      await clickRegion(page, lesion.chart, lesion.key);
      const editor = page.getByTestId('lesion-editor');
      await expect(editor.getByRole('heading', { name: `Lesion L${String(index + 1)}` })).toBeVisible();
      const scope = `findings.lesions.${String(index)}`;
      // Region, view and side come from the chart.
      await expect(field(page, `${scope}.region`).getByRole('combobox')).toHaveValue(placed[index]?.region ?? '');
      await expect(field(page, `${scope}.side`).getByRole('combobox')).toHaveValue(placed[index]?.side ?? '');
      await expect(field(page, `${scope}.view`).getByRole('combobox')).toHaveValue(placed[index]?.view ?? '');
      const record = { findings: { lesions: Object.assign([], { [index]: lesion.values }) } };
      await fillFields(page, lesionFields, record, scope);
      await waitSaved(page);
    }

    const table = page.getByTestId('lesion-table');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table.locator('tbody tr').filter({ hasText: 'Incomplete' })).toHaveCount(0);
    await expect(table.locator('tbody tr').nth(0)).toContainText('Complete');
    await expect(table.locator('tbody tr').nth(2)).toContainText('Highly consistent with');

    // Two photographs through the file chooser. L3 is selected, so both come linked to it; the
    // clinician then links the first to L1 instead.
    await expect(page.getByText('New photographs will be linked to L3.')).toBeVisible();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add photographs…' }).click();
    await (await chooser).setFiles([photoA, photoB]);
    await expect(page.getByTestId('photo-import-status')).toHaveText('2 photographs added.');
    const cards = page.locator('.photo-card');
    await expect(cards).toHaveCount(2);
    await expect(cards.nth(0).getByRole('checkbox', { name: 'L3' })).toBeChecked();
    await expect(cards.nth(1).getByRole('checkbox', { name: 'L3' })).toBeChecked();
    await cards.nth(0).getByRole('checkbox', { name: 'L3' }).uncheck();
    await cards.nth(0).getByRole('checkbox', { name: 'L1' }).check();
    await field(page, 'findings.photographs.0.caption').locator('input').fill('Left forearm, close-up with ruler');
    await waitSaved(page);

    // Selecting a lesion highlights its photograph; selecting a photograph highlights its lesion.
    await table.getByRole('button', { name: 'L3' }).click();
    await expect(cards.nth(1)).toHaveClass(/highlighted/);
    await expect(cards.nth(0)).not.toHaveClass(/highlighted/);
    await cards.nth(0).getByRole('button', { name: 'Photo 1', exact: true }).click();
    await expect(table.locator('tbody tr').nth(0)).toHaveClass(/highlighted/);
    await expect(page.locator('svg [data-mark-id]').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('findings-overview.png'), fullPage: false });
    await expectNoAxeViolations(page, 'findings-overview');
    await workspace.screenshot({ path: testInfo.outputPath('findings-workspace.png') });

    // A duplicate of a photograph already in the case is refused, and nothing is added.
    const again = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add photographs…' }).click();
    await (await again).setFiles([photoA]);
    await expect(page.getByTestId('photo-errors')).toContainText('already in the case (photo 1)');
    await expect(cards).toHaveCount(2);

    await waitSaved(page);
    await page.reload();
    await page.getByTestId('findings-workspace').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('lesion-table').locator('tbody tr')).toHaveCount(3);
    await expect(page.locator('svg[data-chart] [data-mark-id]')).toHaveCount(3);
    await expect(page.locator('.photo-card')).toHaveCount(2);
    await expect(page.locator('.photo-card').nth(0).getByRole('checkbox', { name: 'L1' })).toBeChecked();
    await expect(page.locator('.photo-card').nth(1).getByRole('checkbox', { name: 'L3' })).toBeChecked();
    await expect(field(page, 'findings.photographs.0.caption').locator('input')).toHaveValue('Left forearm, close-up with ruler');
    await expect(page.getByTestId('photo-thumb-img')).toHaveCount(2);
    await page.getByTestId('lesion-table').getByRole('button', { name: 'L2' }).click();
    await expect(field(page, 'findings.lesions.1.rationale').locator('textarea')).toHaveValue(LESIONS[1].values.rationale);

    // The stored SHA-256 is the file's, as `sha256sum` computes it.
    const hashes = await page.getByTestId('photo-sha256').allTextContents();
    const expected = [photoA, photoB].map((file) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]);
    expect(hashes).toEqual(expected);
    expect(problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad photograph files get a clear message each and leave nothing stored', async ({ page }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'attest-badphotos-'));
  try {
    const files = {
      'notes.jpg': Buffer.from('This is a text file, not a photograph.\n'),
      'empty.jpg': Buffer.alloc(0),
      'cut.png': makePng({ width: 200, height: 200, seed: 2 }).subarray(0, 300),
      // A few hundred bytes whose valid header claims 100,000 × 100,000 pixels.
      'bomb.png': makePng({ width: 8, height: 8, declared: { width: 100_000, height: 100_000 } }),
    };
    const paths: string[] = [];
    for (const [name, bytes] of Object.entries(files)) {
      const p = path.join(dir, name);
      await writeFile(p, bytes);
      paths.push(p);
    }
    await setUpVault(page);
    await createCase(page);
    await consentToExaminationAndPhotographs(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add photographs…' }).click();
    await (await chooser).setFiles(paths);
    const errors = page.getByTestId('photo-errors');
    await expect(errors.locator('li')).toHaveCount(4);
    await expect(errors).toContainText('notes.jpg: this file is not a JPEG or PNG image.');
    await expect(errors).toContainText('empty.jpg: the file is empty.');
    await expect(errors).toContainText('cut.png: this image file is incomplete');
    await expect(errors).toContainText('bomb.png: this image is larger than 50 megapixels');
    await expect(page.locator('.photo-card')).toHaveCount(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('photographs are blocked until consent to photography is recorded', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await enter(page, def('consent.physicalExam.decision'), 'consent.physicalExam.decision', 'given');
  await expect(page.getByTestId('photos-blocked')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add photographs…' })).toHaveCount(0);
  await enter(page, def('consent.photography.decision'), 'consent.photography.decision', 'given');
  await expect(page.getByRole('button', { name: 'Add photographs…' })).toBeVisible();
});

test('a mark dragged to another region moves the lesion there; a deleted lesion keeps its number taken', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await consentToExaminationAndPhotographs(page);
  const workspace = page.getByTestId('findings-workspace');
  await workspace.getByLabel('Chart').selectOption('body_male_front');
  await clickRegion(page, 'body_male_front', 'forearm:left');
  await expect(field(page, 'findings.lesions.0.region').getByRole('combobox')).toHaveValue('Forearm');

  // Drag L1 onto the left thigh.
  const mark = page.locator('svg[data-chart="body_male_front"] [data-mark-id]').first();
  const from = await mark.boundingBox();
  const thigh = page.locator('svg[data-chart="body_male_front"] [data-region-key="thigh:left"]');
  const to = await thigh.boundingBox();
  if (!from || !to) throw new Error('mark or region not shown');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 3, { steps: 8 });
  await page.mouse.up();
  await expect(field(page, 'findings.lesions.0.region').getByRole('combobox')).toHaveValue('Thigh');
  await expect(field(page, 'findings.lesions.0.side').getByRole('combobox')).toHaveValue('Left');

  // By keyboard: the mark, named with where it is, moves with the arrow keys and says where to.
  const named = page.getByRole('button', { name: /^Lesion L1: Thigh, Left, Front/u });
  await named.focus();
  const before = await named.getAttribute('transform');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(named).toBeFocused();
  await expect(named).not.toHaveAttribute('transform', before ?? '');
  await expect(page.getByTestId('mark-moved')).toHaveText(/^Lesion L1 moved: Thigh, Left, Front/u);
  // The pick-list's clear button is named after its field and reached by Tab from it.
  await field(page, 'findings.lesions.0.region').getByRole('combobox').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Clear Body region' })).toBeFocused();

  // Delete L1 (confirmed); the next lesion is L2, never L1 again.
  page.once('dialog', (dialog) => { void dialog.accept(); });
  await page.getByRole('button', { name: 'Delete L1' }).click();
  await expect(page.getByTestId('no-lesions')).toBeVisible();
  await clickRegion(page, 'body_male_front', 'chest:left');
  await expect(page.getByTestId('lesion-editor').getByRole('heading', { name: 'Lesion L2' })).toBeVisible();
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('lesion-table').getByRole('button', { name: 'L2' })).toBeVisible();
  await expect(page.getByTestId('lesion-table').locator('tbody tr')).toHaveCount(1);
});

