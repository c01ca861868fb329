import { expect, test } from '@playwright/test';
import { ARRIVAL, buildAdmissionExam, buildMinorExam } from '../unit/domain/fixtures';
import { TEST_TIME_ZONE, createCase, enter, field, fillExamination, outline, waitSaved, wallClock, setUpVault, unlockWheneverLocked } from './support/examForm';
import { admissionExaminationV1 } from '../../forms';
import { allFields } from '../../forms/model';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

function def(path: string) {
  const found = allFields(admissionExaminationV1).find((f) => f.pattern === path.replace(/\.\d+(?=\.|$)/g, '.*'));
  if (!found) throw new Error(`no field ${path}`);
  return found.field;
}

test('a complete intake examination is typed by keyboard, autosaved, and survives a reload', async ({ page }, testInfo) => {
  await setUpVault(page);
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });

  await createCase(page);
  await expect(outline(page)).toContainText(/items? blocks? finalisation/);
  // Lesions are charted on body charts (a later issue); here the examiner records that none were seen.
  const exam = buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [] } });
  const entered = await fillExamination(page, exam);
  expect(entered).toBeGreaterThan(120);
  await waitSaved(page);

  const summary = outline(page).getByRole('status');
  if ((await summary.textContent()) !== 'Nothing blocks finalisation.') {
    // Show what is left, so a failure says which answer the form could not take.
    console.log(await outline(page).innerText());
  }
  await expect(summary).toHaveText('Nothing blocks finalisation.');
  await expect(page.getByTestId('exam-clock')).toHaveText('Examined 6 h 0 min after arrival');
  await page.screenshot({ path: testInfo.outputPath('exam-complete-top.png') });
  await expectNoAxeViolations(page, 'exam-complete-top');
  for (const section of ['encounter', 'setting', 'consent', 'account', 'screening']) {
    await page.locator(`section[data-section="${section}"]`).screenshot({ path: testInfo.outputPath(`exam-section-${section}.png`) });
  }

  await page.reload();
  await expect(outline(page).getByRole('status')).toHaveText('Nothing blocks finalisation.');
  await expect(field(page, 'identity.familyName').locator('input')).toHaveValue('Benali');
  await expect(field(page, 'encounter.timing.arrivalAt').locator('input')).toHaveValue(wallClock(ARRIVAL));
  await expect(field(page, 'provenance.arrivedFromType').getByRole('combobox')).toHaveValue('Police station');
  await expect(field(page, 'account.ownWords').locator('textarea')).toHaveValue(exam.account?.ownWords ?? '');
  expect(problems).toEqual([]);
});

test('a reload half way through the examination loses nothing', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await enter(page, def('identity.givenName'), 'identity.givenName', 'Αλέξανδρος');
  await enter(page, def('identity.familyName'), 'identity.familyName', 'Иванов-García');
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', '2026-01-05T07:30:00+01:00');
  await enter(page, def('identity.sex'), 'identity.sex', 'male');
  await enter(page, def('setting.chaperoneOffered'), 'setting.chaperoneOffered', true);
  // The last keystrokes, then at most about a second for autosave.
  await field(page, 'identity.birthplace').locator('input').focus();
  await page.keyboard.type('Sfax');
  await waitSaved(page);
  await page.reload();

  await expect(field(page, 'identity.givenName').locator('input')).toHaveValue('Αλέξανδρος');
  await expect(field(page, 'identity.familyName').locator('input')).toHaveValue('Иванов-García');
  await expect(field(page, 'encounter.timing.arrivalAt').locator('input')).toHaveValue('2026-01-05 07:30');
  await expect(field(page, 'identity.sex').getByRole('combobox')).toHaveValue('Male');
  await expect(field(page, 'setting.chaperoneOffered').getByRole('radio', { name: 'Yes' })).toBeChecked();
  await expect(field(page, 'identity.birthplace').locator('input')).toHaveValue('Sfax');
});

test('refusing physical-examination consent locks the examination sections and demands a reason', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await enter(page, def('consent.physicalExam.decision'), 'consent.physicalExam.decision', 'refused');
  await waitSaved(page);

  const findings = page.locator('section[data-section="findings"]');
  await expect(findings.getByRole('note')).toContainText('Locked until consent is recorded.');
  await expect(findings.getByRole('radio', { name: 'Yes' })).toBeDisabled();
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Physical findings' }).first()).toContainText('Locked');

  const reason = field(page, 'consent.physicalExam.reason');
  await expect(reason).toBeVisible();
  await expect(reason).toContainText(/reason/i);
  await expect(reason.locator('.msg-blocking')).toBeVisible();
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Consent' }).first()).toContainText('Blocked');

  await reason.locator('textarea, input').first().focus();
  await page.keyboard.type('Does not wish to be examined today.');
  await waitSaved(page);
  await expect(reason.locator('.msg-blocking')).toHaveCount(0);
  await expect(findings.getByRole('radio', { name: 'Yes' })).toBeDisabled();
});

test('a minor switches on the juvenile module', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await expect(page.locator('section[data-section="juvenile"]')).toHaveCount(0);
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Minors' }).first()).toContainText('Not applicable');
  const minor = buildMinorExam();
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', minor.encounter?.timing?.arrivalAt);
  await enter(page, def('identity.dateOfBirth'), 'identity.dateOfBirth', minor.identity?.dateOfBirth);
  await waitSaved(page);
  const juvenile = page.locator('section[data-section="juvenile"]');
  await expect(juvenile).toBeVisible();
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Minors' }).first()).not.toContainText('Not applicable');
  await expect(juvenile.locator('[data-path="juvenile.guardianNotifiedAt"]')).toBeVisible();
});

test('an examination 30 hours after arrival demands a delay reason', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', '2026-02-02T08:00:00+01:00');
  await enter(page, def('encounter.timing.examStartAt'), 'encounter.timing.examStartAt', '2026-02-03T14:00:00+01:00');
  await waitSaved(page);
  await expect(page.getByTestId('exam-clock')).toHaveText('Examined 30 h 0 min after arrival: past the 24 h limit');
  const delay = field(page, 'encounter.timing.delayReason');
  await expect(delay.locator('.msg-blocking')).toContainText(/30 h/);
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Encounter' }).first()).toContainText('Blocked');

  await delay.locator('textarea').focus();
  await page.keyboard.type('The person arrived at night; no clinician on site until the next afternoon.');
  await waitSaved(page);
  await expect(delay.locator('.msg-blocking')).toHaveCount(0);
  await expect(outline(page).getByRole('listitem').filter({ hasText: 'Encounter' }).first()).not.toContainText('Blocked');
});

test('an impossible value gets a clear message at the field, and the draft keeps it', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await enter(page, def('screening.vitals.pulse'), 'screening.vitals.pulse', 400);
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', '2026-02-02T08:00:00+01:00');
  await enter(page, def('encounter.timing.examStartAt'), 'encounter.timing.examStartAt', '2026-02-01T08:00:00+01:00');
  const future = field(page, 'identity.dateOfBirth').locator('input');
  await future.focus();
  await page.keyboard.type('2999-01-01');
  await page.keyboard.press('Tab');
  await waitSaved(page);
  await expect(field(page, 'screening.vitals.pulse').locator('.msg-error')).toBeVisible();
  await expect(field(page, 'encounter.timing.examStartAt').locator('.msg-error')).toContainText(/before/i);
  await expect(field(page, 'identity.dateOfBirth').locator('.field-messages')).toContainText(/future/i);
  await page.reload();
  await expect(field(page, 'screening.vitals.pulse').locator('input')).toHaveValue('400');
  await expect(field(page, 'screening.vitals.pulse').locator('.msg-error')).toBeVisible();
});

test('two windows editing one case do not silently overwrite each other', async ({ page, context }) => {
  await setUpVault(page);
  await createCase(page);
  const url = page.url();
  const other = await context.newPage();
  // The second window opens on the unlock screen: the vault is unlocked per window.
  await unlockWheneverLocked(other);
  await other.goto(url);
  // The case itself, not the unlock screen's heading: the second window must have read the case first.
  await expect(other.getByRole('heading', { level: 1, name: /^Case A-\d{4}-\d{5}$/ })).toBeVisible();
  await expect(field(other, 'identity.givenName').locator('input')).toHaveValue('');

  await enter(page, def('identity.givenName'), 'identity.givenName', 'First window');
  await waitSaved(page);
  await enter(other, def('identity.givenName'), 'identity.givenName', 'Second window');
  await expect(other.getByRole('alert')).toContainText('changed in another window');
  await expect(other.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'conflict');

  await other.getByRole('button', { name: 'Load the newest version' }).click();
  await expect(field(other, 'identity.givenName').locator('input')).toHaveValue('First window');
});
