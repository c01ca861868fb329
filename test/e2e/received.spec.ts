/**
 * Received reports in Chromium (issue #18 item 2): a colleague's signed report, made in Node with
 * the app's own renderer and signer from the example case (its case file attached, as their Attest
 * attaches it), is opened on this profile after their certificate is trusted: VALID, imported as a
 * received case whose every field, shown read-only in the examination form, equals the original's,
 * with its provenance. It is listed apart from own cases and found by exact name; importing the
 * same file again adds nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { EXAMPLE_PERSON, exampleCaseFile } from '../../cli/example';
import { admissionExaminationV1 } from '../../forms';
import { getAt, joinPath, type FieldDefinition } from '../../forms/model';
import { createSelfSignedIdentity, toPem, type ClinicianProfile } from '../../shared/identity';
import { buildReportModel, renderPdf, reportAttachment } from '../../shared/report';
import { reportInputFromCaseFile } from '../../shared/report/caseFile';
import { certificateFingerprint, signPdf } from '../../shared/signing';
import { loadFonts } from '../unit/report/helpers';
import { TEST_TIME_ZONE, setUpVault, vocabLabel, wallClock } from './support/examForm';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1300, height: 1100 } });

/** What a field shows, read-only, for `value` (as support/examForm.ts `enter` types it). */
function shown(def: FieldDefinition, value: unknown): string | null {
  switch (def.kind) {
    case 'text':
      // A language is shown by its name in the UI language, its tag beside it: "Greek (el)".
      return def.input === 'language' ? `${new Intl.DisplayNames(['en'], { type: 'language' }).of(String(value)) ?? ''} (${String(value)})` : String(value);
    case 'textarea':
    case 'date':
    case 'number':
      return String(value);
    case 'datetime':
      return wallClock(String(value));
    case 'select':
      return vocabLabel(def.vocabulary ?? '', String(value));
    case 'yesno':
      return (def.asksNegation === true ? value === false : value === true) ? 'Yes' : 'No';
    case 'multiselect':
      return (value as string[]).map((code) => vocabLabel(def.vocabulary ?? '', code)).sort().join('|');
    case 'list':
      return null;
  }
}

/** Every non-empty answer of `record` under `fields`, by path, as the form should show it. */
function expectedFields(fields: readonly FieldDefinition[], record: unknown, scope = '', out = new Map<string, string>()): Map<string, string> {
  for (const def of fields) {
    const path = joinPath(scope, def.path);
    const value = getAt(record, path);
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (def.kind === 'list') {
      (value as unknown[]).forEach((_, index) => expectedFields(def.item ?? [], record, `${path}.${String(index)}`, out));
      continue;
    }
    const text = shown(def, value);
    if (text !== null) out.set(path, text);
  }
  return out;
}

/** What the page's form shows at each of `paths`: an input's value, the checked radio's or boxes' labels. */
function shownFields(page: Page, paths: readonly string[]): Promise<Record<string, string | null>> {
  return page.evaluate((wanted) => {
    const out: Record<string, string | null> = {};
    for (const path of wanted) {
      const container = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (!container) {
        out[path] = null;
        continue;
      }
      const checked = [...container.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]')].filter((i) => i.checked);
      const labelOf = (input: HTMLInputElement) => (input.closest('label')?.textContent ?? '').trim();
      const radios = container.querySelectorAll('input[type="radio"]').length;
      const boxes = container.querySelectorAll('input[type="checkbox"]').length;
      const text = container.querySelector<HTMLInputElement | HTMLTextAreaElement>('input:not([type="radio"]):not([type="checkbox"]), textarea');
      if (radios > 0) out[path] = checked.map(labelOf).join('|');
      else if (boxes > 0) out[path] = checked.map(labelOf).sort().join('|');
      else out[path] = text ? text.value : null;
    }
    return out;
  }, paths);
}

const COLLEAGUE: ClinicianProfile = {
  name: 'Dr Jonas Lindqvist',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'National Board of Health',
  registrationNumber: 'NBH-112233',
  institution: 'Forensic Medicine Unit, Uppsala',
  role: 'forensic',
};

test('received report: a colleague’s VALID report imported as a read-only received case equal to the original, listed, searchable, never twice', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  // The colleague's profile: their own identity signs their report, made from the example case.
  const colleague = await createSelfSignedIdentity(COLLEAGUE, { now: new Date() });
  const original = { ...exampleCaseFile(), clinician: COLLEAGUE };
  const attached = await reportAttachment(original);
  const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(original, { certificateFingerprint: await certificateFingerprint(colleague.certificate) }), caseFile: attached.printed }), loadFonts(), {
    prepareSignatures: { authorName: COLLEAGUE.name, authorCertificate: colleague.certificate },
    attachment: attached.attachment,
  });
  const report = await signPdf(rendered.bytes, colleague, { signingTime: new Date(), name: COLLEAGUE.name, certify: { permission: 2 }, field: rendered.fields.author ?? 'Signature1' });
  const attachedCase = JSON.parse(new TextDecoder().decode(attached.attachment.bytes)) as typeof original;

  // This profile: a fresh vault. Before the colleague is trusted, the report is SIGNER NOT TRUSTED:
  // the import says so and waits for an explicit confirmation.
  await setUpVault(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const action = page.getByTestId('received-import');
  await nav.getByRole('link', { name: 'Verify a report' }).click();
  await page.getByLabel('PDF file to verify').setInputFiles({ name: 'received.pdf', mimeType: 'application/pdf', buffer: Buffer.from(report) });
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verdict', 'signer-not-trusted');
  await expect(action.getByTestId('received-not-valid')).toHaveText('The verdict is SIGNER NOT TRUSTED, not VALID. This report is imported only if you confirm it; the verdict is then kept beside the case and shown with it.');
  await expect(action.getByRole('button', { name: 'Import with this verdict' })).toBeDisabled();
  await action.getByLabel('I import this report knowing that its verdict is SIGNER NOT TRUSTED').check();
  await expect(action.getByRole('button', { name: 'Import with this verdict' })).toBeEnabled();
  await action.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('verify-not-trusted.png') });

  // Trusting the colleague's certificate makes it VALID.
  await nav.getByRole('link', { name: 'Settings' }).click();
  const trust = page.getByTestId('trust-section');
  await trust.getByTestId('trust-file').setInputFiles({ name: 'colleague.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(toPem(colleague.certificate)) });
  await expect(trust.getByTestId('trust-status')).toHaveText('One certificate added.');

  const openReport = async () => {
    await nav.getByRole('link', { name: 'Verify a report' }).click();
    await page.getByLabel('PDF file to verify').setInputFiles({ name: 'received.pdf', mimeType: 'application/pdf', buffer: Buffer.from(report) });
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verdict', 'valid');
  };
  await openReport();
  await expect(page.getByTestId('verify-verdict-word')).toHaveText('VALID');
  await expect(action.getByRole('heading', { name: 'Import as a received case' })).toBeVisible();
  await action.getByRole('button', { name: 'Import as received case' }).click();
  await expect(action.getByTestId('received-imported')).toContainText('Imported as a received case.');
  await action.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('verify-imported.png'), fullPage: true });

  await action.getByRole('link', { name: 'Open the received case' }).click();
  const view = page.getByTestId('received-case');
  await expect(view.getByTestId('received-case-number')).toHaveText(original.caseNumber);
  await expect(view).toContainText('Read-only: this case was received from another clinician.');
  const provenance = view.getByTestId('received-provenance');
  await expect(provenance.getByTestId('received-verdict')).toHaveText('VALID');
  await expect(provenance.getByTestId('received-signer')).toContainText(`${COLLEAGUE.name}: Certification signature (the author's), trusted here`);
  await expect(provenance.getByTestId('received-casefile-sha256')).toHaveText(attached.printed.sha256);
  await expect(view.getByTestId('received-clinician')).toHaveText(`${COLLEAGUE.name}, ${COLLEAGUE.institution}`);
  await expect(view.getByTestId('received-lesions').locator('tbody tr')).toHaveCount(original.examination.findings?.lesions.length ?? 0);

  // Every field of the original, as the examination form shows it read-only.
  const expected = new Map<string, string>();
  for (const section of admissionExaminationV1.sections) expectedFields(section.fields, attachedCase.examination, '', expected);
  expect(expected.size).toBeGreaterThan(40);
  const onPage = await shownFields(page, [...expected.keys()]);
  expect(onPage).toEqual(Object.fromEntries(expected));
  // Read-only: no field of the received record takes input.
  expect(await view.locator('.form-sections input:not([disabled]), .form-sections textarea:not([disabled]), .form-sections select:not([disabled])').count()).toBe(0);
  await page.screenshot({ path: testInfo.outputPath('received-case.png') });
  await expectNoAxeViolations(page, 'received-case');

  // Listed apart from own cases, found by exact name only.
  await nav.getByRole('link', { name: 'Received reports' }).click();
  const rows = page.getByTestId('received-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(original.caseNumber);
  await expect(rows.first()).toContainText(COLLEAGUE.name);
  const search = page.getByLabel('Exact name, ID number or case number');
  await search.fill(EXAMPLE_PERSON.familyName.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('received-list.png') });
  await expectNoAxeViolations(page, 'received-list');
  await search.fill('Someone Else');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('received-empty')).toHaveText('No received report matches this search.');
  await nav.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByText(original.caseNumber)).toHaveCount(0);

  // The same file again: found, not added.
  await openReport();
  await action.getByRole('button', { name: 'Import as received case' }).click();
  await expect(action.getByTestId('received-imported')).toContainText('This file was imported before: nothing was added.');
  await nav.getByRole('link', { name: 'Received reports' }).click();
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(rows).toHaveCount(1);
  expect(problems).toEqual([]);
});
