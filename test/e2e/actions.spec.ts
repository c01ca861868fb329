/**
 * How many user actions a day's work takes (issue #16, item 1), counted by ./support/counting.ts:
 * every click, key press and fill, from "New case", driving the app by accessible roles and names
 * only. A routine admission (no allegation, no injury) to the finalised intake record: at most 50;
 * an allegation with two lesions to the signed report: at most 120. The counts are printed.
 * The one-time set-up (vault, the clinician's profile and key in Settings) is not counted: it is
 * done once per installation, not per case.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEST_TIME_ZONE, setUpVault, wallClock } from './support/examForm';
import { ActionCounter } from './support/counting';
import { setUpIdentity } from './support/report';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const ROUTINE_GOAL = 50;

/** A wall-clock time `minutes` ago, as typed in a date-and-time field. */
function minutesAgo(minutes: number): string {
  return wallClock(new Date(Date.now() - minutes * 60_000).toISOString());
}

/** The controls of one case, found by role and accessible name. */
function form(page: Page) {
  const combobox = (name: string): Locator => page.getByRole('combobox', { name });
  const text = (name: string): Locator => page.getByRole('textbox', { name });
  const answer = (question: string, choice: 'Yes' | 'No'): Locator => page.getByRole('radiogroup', { name: question }).getByRole('radio', { name: choice, exact: true });
  return { combobox, text, answer };
}

/** Fails with the list of actions when a goal is missed, and prints the count either way. */
function report(name: string, counter: ActionCounter, goal: number): void {
  console.log(`${name}: ${String(counter.total)} actions (goal ≤ ${String(goal)})`);
  if (counter.total > goal) console.log(counter.actions.join('\n'));
  expect(counter.total, `${name}: actions`).toBeLessThanOrEqual(goal);
}

/** Prints what still blocks, to make a failing run readable. */
async function expectReady(page: Page): Promise<void> {
  const summary = page.getByRole('navigation', { name: 'Sections' }).getByRole('status');
  await expect(summary).toHaveText('Nothing blocks finalisation.', { timeout: 10_000 }).catch(async (error: unknown) => {
    console.log(await page.getByRole('navigation', { name: 'Sections' }).innerText());
    throw error;
  });
}

test('a routine admission, from "New case" to the finalised intake record', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await setUpVault(page);
  await setUpIdentity(page);
  const act = new ActionCounter(page);
  const { combobox, text, answer } = form(page);

  // The day starts at the list of cases.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await act.click(page.getByRole('link', { name: 'New case' }));
  await act.fill(page.getByLabel('Facility code'), 'PRISON-01');
  await act.click(page.getByRole('button', { name: 'Create case' }));
  await expect(page.getByRole('heading', { level: 1, name: /^Case A-\d{4}-\d{5}$/ })).toBeVisible();

  // Known already: the facility from "New case", the examiner from the profile.
  await expect(text('Facility code')).toHaveValue('PRISON-01');
  await expect(text('Examiner’s name')).toHaveValue('Dr Amira Haddad');
  await expect(combobox('Profession')).toHaveValue('Physician');
  await page.getByRole('navigation', { name: 'Sections' }).screenshot({ path: testInfo.outputPath('outline.png') });

  await act.fill(text('Arrival'), minutesAgo(180));
  await act.fill(text('Examination started'), minutesAgo(30));
  await act.fill(text('Examination ended'), minutesAgo(1));
  await expect(combobox('Requested by')).toHaveValue('Routine admission examination');

  await act.fill(text('Given name'), 'Taras');
  await act.fill(text('Family name'), 'Kovalenko');
  await act.fill(text('Date of birth'), '1988-04-02');
  await act.fill(combobox('Sex'), 'Male');
  await act.click(page.getByRole('group', { name: 'Languages spoken', exact: true }).getByRole('button', { name: 'Add language' }));
  await act.fill(combobox('Languages spoken 1 — Language'), 'Ukrainian');
  await expect(page.getByRole('option', { name: 'Ukrainian (uk)' })).toBeVisible();
  await page.getByRole('group', { name: 'Language and communication' }).screenshot({ path: testInfo.outputPath('language.png') });

  await act.fill(combobox('Arrived from'), 'Police station');
  await act.click(answer('Injuries noted in the reception register', 'No'));

  await act.fill(combobox('Where the examination took place'), 'Clinic or consulting room');
  await act.click(answer('Restrained during the examination', 'No'));
  await act.click(answer('Restrictions on the examination', 'No'));
  await act.click(answer('Chaperone offered', 'Yes'));
  await act.click(answer('Examiner of the same gender offered', 'Yes'));

  await act.fill(combobox('Interpreter'), 'Not needed: common language');

  await act.click(page.getByRole('button', { name: 'All seven points explained: Yes' }));
  await act.click(page.getByRole('button', { name: 'Consent given to all, now' }));
  // Each item is still there, answered, and can be changed on its own.
  await expect(combobox('Interview — Consent to the interview')).toHaveValue('Given');
  await expect(combobox('Copy of the report — How consent was given')).toHaveValue('Verbal');
  await page.locator('[data-section="consent"]').screenshot({ path: testInfo.outputPath('consent.png') });
  await act.click(answer('Has a copy been given?', 'No'));
  await act.fill(text('Why no copy was given'), 'To be given with the intake record after the examination.');
  await act.click(answer('Intimate images allowed', 'No'));
  await act.click(answer('De-identified use in teaching or publication allowed', 'No'));
  await act.click(page.getByRole('group', { name: 'Authorities the report may go to' }).getByRole('checkbox', { name: 'Medical' }));
  await act.click(page.getByRole('group', { name: 'May be shared with' }).getByRole('checkbox', { name: 'Lawyer' }));

  await act.fill(combobox('Alleges ill-treatment'), 'No');

  await act.click(page.getByRole('button', { name: 'Screens completed, nothing found' }));
  await act.fill(combobox('Allergies'), 'No known allergy');
  await act.fill(combobox('Fit for work, exercise and activities'), 'Fit');

  await act.click(answer('Psychological evaluation performed', 'No'));
  await act.fill(text('Why not'), 'No complaint; routine admission.');
  await act.click(answer('Were injuries seen?', 'No'));
  await act.click(answer('I examined the person freely', 'Yes'));
  await act.click(answer('I make this report on the basis of facts', 'Yes'));
  await act.click(answer('I have omitted no finding', 'Yes'));
  await act.fill(text('Plan'), 'No treatment needed; usual follow-up.');
  await act.click(answer('Report to a competent authority', 'No'));
  await expectReady(page);
  await page.screenshot({ path: testInfo.outputPath('routine.png'), fullPage: true });
  const download = page.waitForEvent('download');
  await act.click(page.getByRole('button', { name: 'Download the intake record (PDF)' }));
  const file = testInfo.outputPath('intake.pdf');
  await (await download).saveAs(file);
  report('routine admission', act, ROUTINE_GOAL);
});
