/**
 * Keyboard shortcuts of the examination form, announced under the outline:
 * - Alt+Page Down / Alt+Page Up: the next / previous section (focus on its heading);
 * - Alt+Shift+Page Down / Alt+Shift+Page Up: the next / previous field that blocks finalisation,
 *   counted from where the focus is, wrapping round.
 * Chosen to clash with nothing: browsers use Ctrl+Page Down/Up for tabs and Alt+letters for menus;
 * NVDA and JAWS use Insert/Caps Lock and Ctrl+Alt combinations; VoiceOver Ctrl+Option.
 */
import { useEffect, type RefObject } from 'react';
import type { FormDefinition } from '../../forms/model';
import type { SectionId } from '../../shared/domain/examination';
import type { BlockingItem } from './FormView';

type Direction = 1 | -1;

/** Whether `a` comes before `b` in the document. */
function before(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/** The next element of `list` (in document order) after / before `from`, wrapping round. */
function nextOf<T>(list: readonly T[], element: (item: T) => Element | null, from: Element | null, direction: Direction): T | undefined {
  const placed = list.filter((item) => element(item) !== null);
  if (placed.length === 0) return undefined;
  if (from === null || from === document.body) return direction === 1 ? placed[0] : placed.at(-1);
  if (direction === 1) return placed.find((item) => { const el = element(item); return el !== null && el !== from && !el.contains(from) && before(from, el); }) ?? placed[0];
  const earlier = placed.filter((item) => { const el = element(item); return el !== null && el !== from && !el.contains(from) && before(el, from); });
  return earlier.at(-1) ?? placed.at(-1);
}

export function useFormShortcuts(
  form: FormDefinition,
  items: readonly BlockingItem[],
  headings: RefObject<Map<SectionId, HTMLHeadingElement>>,
  onFocusItem: (item: BlockingItem) => void,
): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
      const direction: Direction = event.key === 'PageDown' ? 1 : -1;
      const from = document.activeElement;
      if (event.shiftKey) {
        const container = (item: BlockingItem) => document.querySelector(`[data-path="${CSS.escape(item.path)}"]`) ?? headings.current.get(item.section) ?? null;
        const item = nextOf(items, container, from, direction);
        if (item === undefined) return;
        event.preventDefault();
        onFocusItem(item);
        return;
      }
      const sections = form.sections.map((s) => s.id);
      const heading = nextOf(sections, (id) => headings.current.get(id)?.closest('section') ?? null, from, direction);
      if (heading === undefined) return;
      event.preventDefault();
      const el = headings.current.get(heading);
      el?.scrollIntoView({ block: 'start' });
      el?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => { document.removeEventListener('keydown', onKeyDown); };
  }, [form, items, headings, onFocusItem]);
}
