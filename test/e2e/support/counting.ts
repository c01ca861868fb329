/**
 * Counts what a clinician does: every click, key press and fill through `acts` is one user action
 * (a fill stands for typing or pasting one field's answer, as `pasting()` in ./examForm does), and
 * nothing else drives the page. Assertions and waits are free: they are what the clinician reads.
 * Locators go by accessible role and name only, so that a count also says the screen can be used by
 * its labels.
 */
import type { Locator, Page } from '@playwright/test';

/** A control that does not appear within this time is a failed step, not a slow one. */
const ACTION_TIMEOUT_MS = 15_000;

export class ActionCounter {
  private count = 0;
  private readonly log: string[] = [];

  constructor(private readonly page: Page) {}

  /** The number of user actions so far. */
  get total(): number {
    return this.count;
  }

  /** Each action in order, for the test output when a goal is missed. */
  get actions(): readonly string[] {
    return this.log;
  }

  private note(what: string): void {
    this.count += 1;
    this.log.push(what);
  }

  async click(target: Locator, what = String(target)): Promise<void> {
    await target.click({ timeout: ACTION_TIMEOUT_MS });
    this.note(`click ${what}`);
  }

  /** One field's answer, typed or pasted in one go. */
  async fill(target: Locator, text: string, what = String(target)): Promise<void> {
    await target.fill(text, { timeout: ACTION_TIMEOUT_MS });
    this.note(`fill ${what}`);
  }

  /** One key press (with its modifiers: `Alt+Shift+PageDown` is one press). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    this.note(`press ${key}`);
  }

  /** A choice in a native <select>: one action (open and choose count as one, like a key press on it). */
  async select(target: Locator, label: string, what = String(target)): Promise<void> {
    await target.selectOption({ label }, { timeout: ACTION_TIMEOUT_MS });
    this.note(`select ${what}`);
  }
}
