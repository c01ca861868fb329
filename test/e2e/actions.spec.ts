/**
 * How many user actions a day's work takes (issue #16, item 1), counted by ./support/counting.ts:
 * every click, key press and fill, from "New case", driving the app by accessible roles and names
 * only. A routine admission (no allegation, no injury) to the finalised intake record: at most 50;
 * an allegation with two lesions to the signed report: at most 120. The counts are printed.
 * The one-time set-up (vault, the clinician's profile and key in Settings) is not counted: it is
 * done once per installation, not per case.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEST_PASSPHRASE, TEST_TIME_ZONE, setUpVault, wallClock } from './support/examForm';
import { ActionCounter } from './support/counting';
import { setUpIdentity } from './support/report';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const ROUTINE_GOAL = 50;
const ALLEGATION_GOAL = 120;

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

/**
 * From "New case" to a record complete but for the account, the findings and the opinion: the
 * answers of every admission, counted. Screenshots of the changed screens go to the test's output.
 */
async function admission(page: Page, act: ActionCounter, shots: ((name: string) => string) | null, interpreter: 'first' | 'carried'): Promise<void> {
  const { combobox, text, answer } = form(page);
  // The day starts at the list of cases.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await act.click(page.getByRole('link', { name: 'New case' }));
  await act.fill(page.getByLabel('Facility code'), 'PRISON-01');
  await act.click(page.getByRole('button', { name: 'Create case' }));
  await expect(page.getByRole('heading', { level: 1, name: /^Case A-\d{4}-\d{5}$/ })).toBeVisible({ timeout: 20_000 });

  // Known already: the facility from "New case", the examiner from the profile, the routine request.
  await expect(text('Facility code')).toHaveValue('PRISON-01');
  await expect(text('Examiner’s name')).toHaveValue('Dr Amira Haddad');
  await expect(combobox('Profession')).toHaveValue('Physician');
  await expect(combobox('Requested by')).toHaveValue('Routine admission examination');
  if (shots) await page.getByRole('navigation', { name: 'Sections' }).screenshot({ path: shots('outline.png') });

  await act.fill(text('Arrival'), minutesAgo(180));
  await act.fill(text('Examination started'), minutesAgo(30));
  await act.fill(text('Examination ended'), minutesAgo(1));

  await act.fill(text('Given name'), 'Taras');
  await act.fill(text('Family name'), 'Kovalenko');
  await act.fill(text('Date of birth'), '1988-04-02');
  await act.fill(combobox('Sex'), 'Male');
  await act.click(page.getByRole('group', { name: 'Languages spoken', exact: true }).getByRole('button', { name: 'Add language' }));
  // Found by its name in the UI language, not its code.
  await act.fill(combobox('Languages spoken 1 — Language'), 'Ukrainian');
  await expect(page.getByRole('option', { name: 'Ukrainian (uk)' })).toBeVisible();
  if (shots) await page.getByRole('group', { name: 'Language and communication' }).screenshot({ path: shots('language.png') });

  await act.fill(combobox('Arrived from'), 'Police station');
  // The language chosen on leaving the field; its clear button is named after the field.
  await expect(page.getByRole('button', { name: 'Clear Language', exact: true })).toBeVisible();
  await act.click(answer('Injuries noted in the reception register', 'No'));

  await act.fill(combobox('Where the examination took place'), 'Clinic or consulting room');
  await act.click(answer('Restrained during the examination', 'No'));
  await act.click(answer('Restrictions on the examination', 'No'));
  await act.click(answer('Chaperone offered', 'Yes'));
  await act.click(answer('Examiner of the same gender offered', 'Yes'));

  if (interpreter === 'first') {
    // The person speaks only Ukrainian: a telephone interpreter, typed in full the first time.
    await act.fill(combobox('Interpreter'), 'Interpreter used');
    // The answer reveals the interpreter's questions once chosen: Enter chooses it.
    await act.press('Enter');
    await act.fill(combobox('Type of interpreter'), 'Telephone interpreter');
    await act.fill(combobox('Language interpreted'), 'Ukrainian');
    await act.fill(text('Interpreter’s name'), 'Ukrainian line, operator 14');
  } else {
    // The next case: the last cases' interpreter service in one action, named on the button.
    await act.click(page.getByRole('button', { name: 'Same interpreter as last time: Telephone interpreter · Ukrainian (uk) · Ukrainian line, operator 14' }));
    await expect(combobox('Type of interpreter')).toHaveValue('Telephone interpreter');
    await expect(text('Interpreter’s name')).toHaveValue('Ukrainian line, operator 14');
  }
  await act.click(answer('Undertook to keep the examination confidential', 'Yes'));

  await act.click(page.getByRole('button', { name: 'All seven points explained: Yes' }));
  await act.click(page.getByRole('button', { name: 'Consent given to all, now' }));
  // Each item is still there, answered, and can be changed on its own.
  await expect(combobox('Interview — Consent to the interview')).toHaveValue('Given');
  await expect(combobox('Copy of the report — How consent was given')).toHaveValue('Verbal');
  if (shots) await page.locator('[data-section="consent"]').screenshot({ path: shots('consent.png') });
  await act.click(answer('Has a copy been given?', 'No'));
  await act.fill(text('Why no copy was given'), 'To be given with the record after the examination.');
  await act.click(answer('Intimate images allowed', 'No'));
  await act.click(answer('De-identified use in teaching or publication allowed', 'No'));
  await act.click(page.getByRole('group', { name: 'Authorities the report may go to' }).getByRole('checkbox', { name: 'Medical' }));
  await act.click(page.getByRole('group', { name: 'May be shared with' }).getByRole('checkbox', { name: 'Lawyer' }));

  await act.click(page.getByRole('button', { name: 'Screens completed, nothing found' }));
  await act.fill(combobox('Allergies'), 'No known allergy');
  await act.fill(combobox('Fit for work, exercise and activities'), 'Fit');

  await act.click(answer('Psychological evaluation performed', 'No'));
  await act.fill(text('Why not'), 'No psychological complaint at admission.');
  await act.click(answer('I examined the person freely', 'Yes'));
  await act.click(answer('I make this report on the basis of facts', 'Yes'));
  await act.click(answer('I have omitted no finding', 'Yes'));
  await act.fill(text('Plan'), 'Usual follow-up.');
  await act.click(answer('Report to a competent authority', 'No'));
}

// One set-up (vault, profile, signing key) for both counts, to keep the suite short.
test('a routine admission in ≤ 50 actions, an allegation with two lesions to the signed report in ≤ 120', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await setUpVault(page);
  await setUpIdentity(page);
  await test.step('a routine admission, from "New case" to the finalised intake record', async () => {
    await routineAdmission(page, (name) => testInfo.outputPath(name));
  });
  await test.step('an allegation with two lesions, from "New case" to the signed report', async () => {
    await allegationCase(page, (name) => testInfo.outputPath(name));
  });
});

async function routineAdmission(page: Page, outputPath: (name: string) => string): Promise<void> {
  const act = new ActionCounter(page);
  const { combobox, answer } = form(page);
  await admission(page, act, outputPath, 'first');
  await act.fill(combobox('Alleges ill-treatment'), 'No');
  await act.click(answer('Were injuries seen?', 'No'));
  await expectReady(page);
  const download = page.waitForEvent('download');
  await act.click(page.getByRole('button', { name: 'Download the intake record (PDF)' }));
  await (await download).saveAs(outputPath('intake.pdf'));
  report('routine admission', act, ROUTINE_GOAL);
}

async function allegationCase(page: Page, outputPath: (name: string) => string): Promise<void> {
  const act = new ActionCounter(page);
  const { combobox, text, answer } = form(page);
  await admission(page, act, null, 'carried');
  await page.locator('[data-section="interpreter"]').screenshot({ path: outputPath('interpreter-carried.png') });

  await act.fill(combobox('Alleges ill-treatment'), 'Yes');
  // The answer reveals the account's questions once chosen: Enter chooses it.
  await act.press('Enter');
  await act.fill(text('Account in the person’s own words'), '"They hit my arm with a baton and kicked my knee in the van."');
  await act.fill(combobox('Fear of reprisal'), 'Some');
  await act.press('Enter');
  await act.fill(text('From whom'), 'The escorting officers');

  await act.click(answer('Were injuries seen?', 'Yes'));
  const workspace = page.getByTestId('findings-workspace');
  await act.click(workspace.getByText('Add a lesion by choosing a region from a list'));
  const lesions = [
    { region: /^Upper arm, Left, Front/, type: 'Contusion (bruise)', length: '6', width: '2', shape: 'Linear', colour: 'Purple', borders: 'Sharp (well defined)' },
    { region: /^Knee, Left, Front/, type: 'Abrasion', length: '3', width: '2', shape: 'Oval', colour: 'Red', borders: 'Diffuse (indistinct)' },
  ];
  for (const [index, lesion] of lesions.entries()) {
    await act.click(workspace.getByRole('button', { name: lesion.region }).first());
    const editor = page.getByTestId('lesion-editor');
    await expect(editor.getByRole('heading', { name: `Lesion L${String(index + 1)}` })).toBeVisible();
    await act.fill(editor.getByRole('combobox', { name: 'Type of lesion' }), lesion.type);
    await act.fill(editor.getByRole('combobox', { name: 'Status' }), 'Acute (fresh)');
    await act.fill(editor.getByRole('textbox', { name: 'Length' }), lesion.length);
    await act.fill(editor.getByRole('textbox', { name: 'Width' }), lesion.width);
    await act.fill(editor.getByRole('combobox', { name: 'Shape' }), lesion.shape);
    await act.fill(editor.getByRole('combobox', { name: 'Borders' }), lesion.borders);
    await act.click(editor.getByRole('group', { name: 'Colours' }).getByRole('checkbox', { name: lesion.colour }));
  }

  await act.fill(text('Interpretation of the physical evidence'), 'A linear bruise of the arm and an abrasion of the knee, as described.');
  await act.fill(combobox('Overall consistency with the allegation'), 'Consistent with');
  await act.fill(text('Reasons for the overall opinion'), 'Both injuries are where and as the person describes.');
  await act.fill(text('Opinion, conclusions and recommendations — Conclusions'), 'The findings are consistent with the alleged beating.');
  await act.fill(text('Limitations of the examination'), 'None.');
  await act.click(answer('Should the person be kept away from the place of alleged abuse?', 'Yes'));
  await expectReady(page);

  const panel = page.getByTestId('report-panel');
  await act.fill(panel.getByRole('textbox', { name: 'Place of signing' }), 'Lyon');
  await act.click(panel.getByRole('button', { name: 'Sign the report…' }));
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible({ timeout: 120_000 });
  await act.fill(dialog.getByRole('textbox', { name: 'Your vault passphrase' }), TEST_PASSPHRASE);
  await act.click(dialog.getByRole('button', { name: 'Sign', exact: true }));
  await expect(page.getByTestId('report-versions').getByRole('listitem')).toHaveCount(1, { timeout: 60_000 });
  report('allegation with two lesions', act, ALLEGATION_GOAL);
}
