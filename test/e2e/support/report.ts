/**
 * Report helpers for end-to-end tests: a signing identity set up through Settings, a competent
 * authority registered there, an examination completed through the form with its lesions charted by
 * clicking (the form cannot type a mark), and `pdfsig`'s verdict on a downloaded file.
 */
import { execFileSync } from 'node:child_process';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Examination } from '../../../shared/domain/examination';
import { lesionFields } from '../../../forms/sections/lesion';
import { TEST_PASSPHRASE, fillExamination, fillFields, outline, pasting, waitSaved } from './examForm';
import { clickRegion } from './findings';

/** Sets up the clinician profile and a self-signed signing key in Settings (by default Dr Amira Haddad's; `name` for a colleague). */
export async function setUpIdentity(page: Page, name = 'Dr Amira Haddad'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('identity-section');
  await section.getByLabel('Full name', { exact: true }).fill(name);
  await section.getByLabel('Profession', { exact: true }).selectOption({ label: 'Physician' });
  await section.getByLabel('Qualifications', { exact: true }).fill('MD, forensic medicine');
  await section.getByLabel('Registration body', { exact: true }).fill('General Medical Council');
  await section.getByLabel('Registration number', { exact: true }).fill('GMC-7654321');
  await section.getByLabel('Institution', { exact: true }).fill('Centre for Forensic Medicine');
  await section.getByRole('button', { name: 'Save details' }).click();
  await section.getByRole('button', { name: 'Create my signing key and certificate' }).click();
  await expect(section.getByRole('button', { name: 'Download certificate (PEM)' })).toBeVisible();
}

/** The signing dialog (renderer/report/SignDialog.tsx), once open. */
export function signDialog(page: Page): Locator {
  return page.getByRole('dialog');
}

/**
 * Signs what the open signing dialog shows, as a clinician would: waits until the first page of the
 * preview is drawn, confirms the review of the free text when there is one, types the vault passphrase, confirms, and for an act of two steps (a referral's
 * enclosure, then its cover letter) reads on and confirms the second; waits until the dialog closes.
 */
export async function signInDialog(page: Page, options: { readonly timeout?: number } = {}): Promise<void> {
  const timeout = options.timeout ?? 120_000;
  const dialog = signDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible({ timeout });
  // A referral's anonymised report or summary is signed only once its free-text review is confirmed (issue #19).
  const reviewed = dialog.getByTestId('review-confirm');
  if ((await reviewed.count()) > 0 && !(await reviewed.isChecked())) await reviewed.check();
  await dialog.getByLabel('Your vault passphrase').fill(TEST_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  const next = dialog.getByRole('button', { name: 'Sign the cover letter' });
  await expect(async () => {
    if ((await dialog.count()) === 0) return;
    if (await next.isVisible()) {
      await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible();
      if (await next.isEnabled()) await next.click();
    }
    expect(await dialog.count()).toBe(0);
  }).toPass({ timeout });
}

/** `pdfsig`'s report on a file (also when it exits non-zero, as it does for a bad signature). */
export function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? '';
  }
}

export interface AuthorityFields {
  readonly name: string;
  readonly type: 'medical' | 'administrative' | 'judicial';
  readonly contact: string;
  readonly channel: string;
}

/**
 * Registers a competent authority in Settings › Competent authorities (Settings must be open) and
 * checks it is listed under the default consent-based policy. With `checkNameRequired`, first tries
 * to save it without a name and expects the message at the field.
 */
export async function addAuthority(page: Page, authority: AuthorityFields, options: { readonly checkNameRequired?: boolean } = {}): Promise<void> {
  const section = page.getByTestId('authorities-section');
  await section.getByRole('button', { name: 'Add an authority' }).click();
  if (options.checkNameRequired === true) {
    await section.getByRole('button', { name: 'Save authority' }).click();
    await expect(section.getByText('Enter the authority’s name.')).toBeVisible();
  }
  await section.getByLabel('Name', { exact: true }).fill(authority.name);
  await section.getByLabel('Type', { exact: true }).selectOption(authority.type);
  await section.getByLabel(/^Contact/).fill(authority.contact);
  await section.getByLabel('Preferred channel').selectOption(authority.channel);
  await section.getByRole('button', { name: 'Save authority' }).click();
  await expect(section.getByTestId('authority-list')).toContainText(authority.name);
  await expect(page.getByTestId('policy-section')).toContainText('Consent-based reporting');
}

/** Where the fixture's three lesions are charted (its L1 on the back, L2 on the left arm, L3 on the knee). */
const REGIONS = [
  ['body_male_back', 'upper_back:left'],
  ['body_male_front', 'upper_arm:left'],
  ['body_male_front', 'knee:left'],
] as const;

/**
 * Types `exam` into the open case (photographs aside: they need files), charts its lesions, and waits
 * until nothing blocks finalisation.
 */
export async function completeExamination(page: Page, exam: Examination): Promise<void> {
  const lesions = exam.findings?.lesions ?? [];
  // The record is entered field by field through the form, each text value as one input event.
  await pasting(() => fillExamination(page, { ...exam, findings: { ...exam.findings, lesions: [], photographs: [] } }));
  const workspace = page.getByTestId('findings-workspace');
  for (const [index, lesion] of lesions.entries()) {
    const [chart, key] = REGIONS[index] ?? REGIONS[0];
    await workspace.getByLabel('Chart').selectOption(chart);
    await clickRegion(page, chart, key);
    await expect(page.getByTestId('lesion-editor').getByRole('heading', { name: `Lesion L${String(index + 1)}` })).toBeVisible();
    // Everything but what the chart gives (id, number, mark, region, view, side) is typed in.
    const rest = Object.fromEntries(Object.entries(lesion).filter(([k]) => !['id', 'lesionNo', 'mark', 'region', 'view', 'side'].includes(k)));
    await pasting(() => fillFields(page, lesionFields, { findings: { lesions: Object.assign([], { [index]: rest }) } }, `findings.lesions.${String(index)}`));
  }
  await waitSaved(page);
  const summary = outline(page).getByRole('status');
  if ((await summary.textContent()) !== 'Nothing blocks finalisation.') console.log(await outline(page).innerText());
  await expect(summary).toHaveText('Nothing blocks finalisation.');
}
