/**
 * Drives the examination form by keyboard, the way a clinician would: focus a field, type, press
 * Tab or Space. Values come from a domain record (test/unit/domain/fixtures.ts) and are entered in the
 * order of the form definition, so that answers which reveal other questions come first.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { admissionExaminationV1 } from '../../../forms';
import { getAt, joinPath, type FieldDefinition } from '../../../forms/model';
import { domain } from '../../../shared/i18n/en/domain';

/** The time zone the browser runs in for these tests: the fixture's +01:00 in March. */
export const TEST_TIME_ZONE = 'Europe/Paris';

/** `2025-03-10T14:00:00+01:00` → `2025-03-10 14:00`, as the clinician reads it on a Paris clock. */
export function wallClock(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TEST_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The English label of a vocabulary code. */
export function vocabLabel(vocabulary: string, code: string): string {
  const labels = (domain.vocab as Record<string, Record<string, string>>)[vocabulary];
  const label = labels?.[code];
  if (label === undefined) throw new Error(`no label for ${vocabulary}.${code}`);
  return label;
}

export function field(page: Page, path: string): Locator {
  return page.locator(`[data-path="${path}"]`);
}

/**
 * How text values reach their fields: key by key (as a clinician types; the keyboard test of the
 * examination form checks that path), or, inside `pasting`, as one input event per value, which the
 * form handles the same way: the specs that only need a completed record to sign use it, which
 * keeps the e2e run within its budget (typing was two thirds of a referral spec's time).
 */
let pasteText = false;

/** Runs `fill` with every text value entered as one input event (a paste) instead of key by key. */
export async function pasting<T>(fill: () => Promise<T>): Promise<T> {
  const before = pasteText;
  pasteText = true;
  try {
    return await fill();
  } finally {
    pasteText = before;
  }
}

async function typeInto(page: Page, input: Locator, text: string): Promise<void> {
  await input.focus();
  await page.keyboard.press('Control+A');
  // Key by key up to a sentence's length (names, codes, labels a combobox filters on); a longer text
  // (an account, a history) arrives as one input event, as from a dictation tool or a paste.
  if (pasteText || text.length > 40) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

/** Enters one value in one field by keyboard. */
export async function enter(page: Page, def: FieldDefinition, path: string, value: unknown): Promise<void> {
  const container = field(page, path);
  await expect(container, `field ${path} should be shown`).toBeVisible();
  switch (def.kind) {
    case 'text':
    case 'textarea':
    case 'date':
      await typeInto(page, container.locator('input, textarea').first(), String(value));
      break;
    case 'number':
      await typeInto(page, container.locator('input').first(), String(value));
      break;
    case 'datetime':
      await typeInto(page, container.locator('input').first(), wallClock(String(value)));
      break;
    case 'select': {
      const input = container.getByRole('combobox');
      await typeInto(page, input, vocabLabel(def.vocabulary ?? '', String(value)));
      await page.keyboard.press('Tab');
      await expect(input).toHaveValue(vocabLabel(def.vocabulary ?? '', String(value)));
      break;
    }
    case 'multiselect':
      for (const code of value as string[]) {
        const box = container.getByRole('checkbox', { name: vocabLabel(def.vocabulary ?? '', code), exact: true });
        await box.focus();
        await page.keyboard.press('Space');
        await expect(box).toBeChecked();
      }
      break;
    case 'yesno': {
      // A direct question over a negated value (`asksNegation`): Yes stores false.
      const yes = def.asksNegation === true ? value === false : value === true;
      const radio = container.getByRole('radio', { name: yes ? 'Yes' : 'No', exact: true });
      await radio.focus();
      await page.keyboard.press('Space');
      await expect(radio).toBeChecked();
      break;
    }
    case 'list':
      throw new Error('lists are entered by fillFields');
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Fills every non-empty answer of `record` under `fields`, in form order. */
export async function fillFields(page: Page, fields: readonly FieldDefinition[], record: unknown, scope = ''): Promise<number> {
  let entered = 0;
  for (const def of fields) {
    const path = joinPath(scope, def.path);
    const value = getAt(record, path);
    if (isEmpty(value)) continue;
    if (def.kind === 'list') {
      const items = value as unknown[];
      const list = field(page, path);
      for (let index = 0; index < items.length; index += 1) {
        // The add button is the list's last own button.
        const add = list.locator(':scope > button').last();
        await add.focus();
        await page.keyboard.press('Enter');
        entered += await fillFields(page, def.item ?? [], record, `${path}.${String(index)}`);
      }
      continue;
    }
    await enter(page, def, path, value);
    entered += 1;
  }
  return entered;
}

/** Fills a whole examination record through the admission form. */
export async function fillExamination(page: Page, record: unknown): Promise<number> {
  let entered = 0;
  for (const section of admissionExaminationV1.sections) {
    entered += await fillFields(page, section.fields, record);
  }
  return entered;
}

/** The passphrase every end-to-end test chooses: long words, strong enough for the minimum. */
export const TEST_PASSPHRASE = 'quiet harbour lantern 42 maple';

/** The unlock screen, whatever its mode. */
export function unlockScreen(page: Page): Locator {
  return page.locator('[data-vault-screen="unlock"]');
}

/** Unlocks with `TEST_PASSPHRASE` from the unlock screen, and waits for the app shell. */
export async function unlockVault(page: Page, passphrase = TEST_PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/**
 * From then on, whenever this page shows the unlock screen (after a reload or a `goto` that loads the
 * page again), unlocks it before the test's next action or assertion, as the clinician would.
 */
export async function unlockWheneverLocked(page: Page): Promise<void> {
  // By the field's type and the form's submit, not by label: the screen may be in any UI language.
  await page.addLocatorHandler(unlockScreen(page), async () => {
    const screen = page.locator('[data-vault-screen="unlock"]');
    await screen.locator('input[type="password"]').first().fill(TEST_PASSPHRASE);
    await screen.locator('form button[type="submit"]').first().click();
  });
}

/**
 * First run in a fresh browser profile: chooses `TEST_PASSPHRASE`, reads the recovery key shown
 * once, types it back (lower case, spaces for dashes: both ignored) and waits for the app shell.
 * Unless `autoUnlock` is false, later unlock screens are unlocked by themselves
 * (`unlockWheneverLocked`). Returns the recovery key.
 */
export async function setUpVault(page: Page, options: { readonly autoUnlock?: boolean } = {}): Promise<string> {
  await page.goto('/');
  await page.getByLabel('New passphrase').fill(TEST_PASSPHRASE);
  await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();
  const groups = page.locator('.recovery-group');
  await expect(groups).toHaveCount(8);
  const recoveryKey = (await groups.allTextContents()).join('-');
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await page.getByLabel('Recovery key from your paper copy').fill(recoveryKey.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Open Attest' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  if (options.autoUnlock !== false) await unlockWheneverLocked(page);
  return recoveryKey;
}

/** Creates a case through the UI and returns once its examination form is shown. */
export async function createCase(page: Page, facility = 'PRISON-01'): Promise<void> {
  await page.goto('/#/cases/new');
  await page.getByLabel('Facility code').fill(facility);
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Case A-\d{4}-\d{5}$/ })).toBeVisible();
}

/** Waits until autosave reports everything saved. */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved', { timeout: 5000 });
}

export function outline(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Sections' });
}
