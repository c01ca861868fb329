/**
 * The UI languages in Chromium (issue #15):
 * - for every registered language other than English: switched in Settings, the main screens (case
 *   list, a case, settings, statistics, verification, overdue) show no string of the English catalogs
 *   — a lint-like scan of the rendered text for English phrases the target catalog does not share;
 * - a right-to-left language lays the page out from the right (`<html dir="rtl">`), while the body
 *   chart keeps the person's left on the same side of the drawing;
 * - the picker lists the six UN languages, those without a catalog not selectable, and a choice made
 *   on the first-run screen is the language of the unlock screen after a reload.
 * Each language test is generated from the catalog registry: a catalog added there is tested by
 * itself. The scanner is itself checked against the English UI, so that it is known to find what it
 * looks for.
 */
import { expect, test, type Page } from '@playwright/test';
import { catalogs, supportedLanguages } from '../../shared/i18n';
import { languageFrames, unLanguages, type UnLanguage } from '../../shared/i18n/languages';
import { formsCatalogs } from '../../forms/i18n';
import { TEST_PASSPHRASE, TEST_TIME_ZONE, createCase, setUpVault } from './support/examForm';
import { loadStrengthTexts } from '../../shared/i18n/strength';
import { consentToExaminationAndPhotographs } from './support/findings';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

// As strings: with English alone registered, the type of a language code would be 'en' only.
const registered: readonly string[] = supportedLanguages;
const others = registered.filter((code) => code !== 'en');
const rightToLeft = registered.filter((code) => languageFrames[code as UnLanguage].direction === 'rtl');

/** Every string of a catalog tree. */
function strings(tree: unknown): string[] {
  if (typeof tree === 'string') return [tree];
  if (tree === null || typeof tree !== 'object') return [];
  return Object.values(tree).flatMap(strings);
}

/** The catalogs the screens draw from: the shared ones (the statistics charts' included) and the forms'. */
function catalogText(code: string): string[] {
  const shared = (catalogs as Record<string, unknown>)[code];
  const forms = (formsCatalogs as Record<string, unknown>)[code];
  return [shared, forms].flatMap(strings);
}

/**
 * English phrases worth looking for: the literal pieces between placeholders, of several words and
 * at least 16 characters (a lone word such as "Name" may well be the same in the other language, or
 * be the person's data), leaving out any the target language's catalogs also contain.
 */
function englishPhrases(target: string): string[] {
  const theirs = catalogText(target).join('\n');
  const pieces = catalogText('en').flatMap((s) => s.split(/\{\{[^}]*\}\}|\$t\([^)]*\)|\n/u));
  const phrases = new Set<string>();
  for (const piece of pieces) {
    const phrase = piece.trim().replace(/\s+/gu, ' ');
    if (phrase.length < 16 || phrase.split(' ').length < 3) continue;
    if (theirs.includes(phrase)) continue;
    phrases.add(phrase);
  }
  return [...phrases];
}

/** The English phrases the page shows now (white space folded as in the catalogs). */
async function englishOnScreen(page: Page, phrases: readonly string[]): Promise<string[]> {
  const text = (await page.evaluate(() => document.body.innerText)).replace(/\s+/gu, ' ');
  return phrases.filter((phrase) => text.includes(phrase));
}

/** Waits until the current screen has drawn (its heading shown, nothing loading). */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
}

/** The main screens, by route; the case is the one `createCase` opened. */
function mainScreens(page: Page, caseHref: string): { readonly name: string; readonly open: () => Promise<void> }[] {
  const go = (hash: string) => async () => {
    await page.evaluate((h) => { window.location.hash = h; }, hash);
    await settled(page);
  };
  return [
    { name: 'case list', open: go('#/cases') },
    { name: 'case', open: go(caseHref) },
    { name: 'settings', open: go('#/settings') },
    { name: 'statistics', open: go('#/statistics') },
    { name: 'verify', open: go('#/verify') },
    { name: 'overdue', open: go('#/overdue') },
  ];
}

/** Chooses a UI language in Settings and waits until it is stored and the page has switched. */
async function switchLanguage(page: Page, code: string): Promise<void> {
  await page.evaluate(() => { window.location.hash = '#/settings'; });
  await page.getByTestId('ui-language').selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', languageFrames[code as UnLanguage].tag);
}

async function caseOpened(page: Page): Promise<string> {
  await createCase(page);
  const href = /#\/cases\/[0-9a-f-]{36}/u.exec(page.url())?.[0];
  if (href === undefined) throw new Error('no case route');
  return href;
}

test('the scan finds the English catalog’s phrases on the English screens (so that it can fail)', async ({ page }) => {
  test.setTimeout(90_000);
  await setUpVault(page);
  const caseHref = await caseOpened(page);
  // Against a catalog sharing nothing, every English phrase counts: the scan must find them.
  const phrases = englishPhrases('none');
  for (const screen of mainScreens(page, caseHref)) {
    await screen.open();
    const found = await englishOnScreen(page, phrases);
    expect(found.length, `English phrases found on the ${screen.name} screen`).toBeGreaterThan(0);
  }
});

test('the picker lists the six UN languages by their own name and the UI language’s, those without a catalog unavailable', async ({ page }, testInfo) => {
  await page.goto('/');
  const picker = page.getByTestId('ui-language');
  await expect(picker).toHaveValue('en');
  const options = picker.locator('option');
  await expect(options).toHaveCount(unLanguages.length);
  for (const [index, code] of unLanguages.entries()) {
    const option = options.nth(index);
    await expect(option).toHaveAttribute('value', code);
    // The autonym, and the name in English where it differs (Arabic, Chinese…).
    await expect(option).toContainText(languageFrames[code].autonym);
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(languageFrames[code].tag) ?? code;
    await expect(option).toContainText(english);
    const available = registered.includes(code);
    if (available) await expect(option).toBeEnabled();
    else {
      await expect(option).toBeDisabled();
      await expect(option).toContainText('not available yet');
    }
  }
  await page.locator('.vault-card').screenshot({ path: testInfo.outputPath('setup-language-picker.png') });
  await expectNoAxeViolations(page, 'setup-language-picker');
  // Settings shows the same picker once the vault is open.
  await setUpVault(page);
  await page.evaluate(() => { window.location.hash = '#/settings'; });
  await expect(page.getByRole('heading', { name: 'Language', exact: true })).toBeVisible();
  await expect(page.getByTestId('ui-language')).toHaveValue('en');
  // The list opened (a native drop-down is not in screenshots: shown as a list box for the picture).
  await page.getByTestId('ui-language').evaluate((el) => { (el as HTMLSelectElement).size = 6; });
  await page.locator('.language-section').screenshot({ path: testInfo.outputPath('settings-language-picker.png') });
  await expectNoAxeViolations(page, 'settings-language-picker');
  await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
  await page.screenshot({ path: testInfo.outputPath('settings-forced-rtl.png') });
  await expectNoAxeViolations(page, 'settings-forced-rtl');
  await expect(page).toHaveTitle('Attest');
});

for (const code of others) {
  test(`in ${code}, the main screens show no English catalog phrase`, async ({ page }) => {
    test.setTimeout(120_000);
    await setUpVault(page);
    const caseHref = await caseOpened(page);
    await switchLanguage(page, code);
    const phrases = englishPhrases(code);
    const leaks: string[] = [];
    for (const screen of mainScreens(page, caseHref)) {
      await screen.open();
      await expect(page.locator('html')).toHaveAttribute('lang', languageFrames[code as UnLanguage].tag);
      for (const phrase of await englishOnScreen(page, phrases)) leaks.push(`${screen.name}: ${phrase}`);
    }
    expect(leaks, `English left on the ${code} screens`).toEqual([]);
    // The window title never carries case data, in any language.
    await expect(page).toHaveTitle('Attest');
  });

  test(`in ${code}, the choice made on the first-run screen is kept: the unlock screen after a reload is in it`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/');
    await page.getByTestId('ui-language').selectOption(code);
    await expect(page.locator('html')).toHaveAttribute('lang', languageFrames[code as UnLanguage].tag);
    await expect(page.locator('html')).toHaveAttribute('dir', languageFrames[code as UnLanguage].direction);
    // The labels are no longer English: the English set-up helper cannot be used; drive it by role.
    const secrets = page.locator('input[type="password"]');
    // The meter's advice is in the chosen language too (zxcvbn's translation, or ours for ru and zh).
    await secrets.nth(0).fill('password123');
    await expect(page.locator('.strength-feedback')).toContainText((await loadStrengthTexts(code)).warnings.common, { timeout: 30_000 });
    await secrets.nth(0).fill(TEST_PASSPHRASE);
    await secrets.nth(1).fill(TEST_PASSPHRASE);
    await page.locator('[data-vault-screen="setup"] form button[type="submit"]').click();
    const groups = page.locator('.recovery-group');
    await expect(groups).toHaveCount(8);
    const recoveryKey = (await groups.allTextContents()).join('-');
    await page.locator('[data-vault-screen="recovery-key"] button.primary').click();
    await page.locator('.recovery-input').fill(recoveryKey);
    await page.locator('[data-vault-screen="recovery-check"] button[type="submit"]').click();
    await expect(page.locator('nav.sidebar')).toBeVisible();
    await page.reload();
    await expect(page.locator('[data-vault-screen="unlock"]')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', languageFrames[code as UnLanguage].tag);
    const phrases = englishPhrases(code);
    expect(await englishOnScreen(page, phrases)).toEqual([]);
  });
}

for (const code of rightToLeft) {
  test(`in ${code}, the page runs right to left and the body chart keeps the person’s sides`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await setUpVault(page);
    await createCase(page);
    await consentToExaminationAndPhotographs(page);
    const before = await chartSides(page);
    await switchLanguage(page, code);
    await page.goBack();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByTestId('findings-workspace')).toBeVisible();
    const after = await chartSides(page);
    expect(after.direction).toBe('ltr');
    expect(after.leftForearmFraction).toBeCloseTo(before.leftForearmFraction, 2);
    await page.screenshot({ path: testInfo.outputPath(`case-${code}.png`), fullPage: false });
  });
}

/** Where the person's left forearm is across the front chart (0 = the drawing's left edge), and the chart's direction. */
async function chartSides(page: Page): Promise<{ readonly leftForearmFraction: number; readonly direction: string }> {
  const chart = page.locator('svg.chart-main');
  await chart.scrollIntoViewIfNeeded();
  const svgBox = await chart.boundingBox();
  const region = await chart.locator('[data-region-key="forearm:left"]').first().boundingBox();
  if (svgBox === null || region === null) throw new Error('chart not shown');
  const direction = await chart.evaluate((el) => getComputedStyle(el).direction);
  return { leftForearmFraction: (region.x + region.width / 2 - svgBox.x) / svgBox.width, direction };
}

test('a right-to-left page (forced, English strings): the shell mirrors, the body chart does not', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await setUpVault(page);
  await createCase(page);
  await consentToExaminationAndPhotographs(page);
  const before = await chartSides(page);
  const ltrNav = await page.locator('nav.sidebar').boundingBox();
  await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
  const rtlNav = await page.locator('nav.sidebar').boundingBox();
  const main = await page.locator('#main').boundingBox();
  if (ltrNav === null || rtlNav === null || main === null) throw new Error('shell not shown');
  // The navigation moves to the right-hand side, the content to its left.
  expect(ltrNav.x).toBeLessThan(10);
  expect(rtlNav.x).toBeGreaterThan(main.x);
  // The person's left forearm stays where it was on the drawing.
  const after = await chartSides(page);
  expect(after.direction).toBe('ltr');
  expect(after.leftForearmFraction).toBeCloseTo(before.leftForearmFraction, 2);
  // Labels and numbers of the case header and the form flow from the right.
  const header = await page.locator('.case-header h1').boundingBox();
  if (header === null) throw new Error('no header');
  expect(header.x + header.width).toBeGreaterThan(main.x + main.width - 80);
  await page.evaluate(() => { window.scrollTo(0, 0); });
  await page.screenshot({ path: testInfo.outputPath('case-forced-rtl.png') });
  await expectNoAxeViolations(page, 'case-forced-rtl');
  await page.getByTestId('findings-workspace').screenshot({ path: testInfo.outputPath('findings-forced-rtl.png') });
  await expectNoAxeViolations(page, 'findings-forced-rtl');
});

if (others.length === 0) {
  test('in each other registered language, the main screens show no English catalog phrase', () => {
    test.skip(true, 'Only English is registered in shared/i18n (supportedLanguages): there is no other language to scan yet.');
  });
}

if (rightToLeft.length === 0) {
  test('in each right-to-left language, the page runs right to left and the body chart keeps the person’s sides', () => {
    test.skip(true, 'No right-to-left language (Arabic) is registered in shared/i18n yet: the forced right-to-left test above checks the layout.');
  });
}
