/**
 * A pick-list with search (ARIA 1.2 combobox with a listbox popup). Type to filter by label (case
 * and accents ignored), ArrowDown/ArrowUp to move, Enter to choose, Escape to close, Tab to leave.
 * Leaving the field with text that names no option puts back the chosen one: a value outside the
 * vocabulary is never stored.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { foldForSearch } from './format';

export interface ComboboxOption {
  readonly value: string;
  readonly label: string;
}

interface Props {
  readonly id: string;
  readonly options: readonly ComboboxOption[];
  readonly value: string | null;
  readonly onChange: (value: string | null) => void;
  readonly describedBy: string | undefined;
  /** The input's name when not only its <label>'s (a field in a named group). */
  readonly labelledBy?: string | undefined;
  /** An answer is still needed here before finalisation (`aria-required`). */
  readonly required?: boolean;
  readonly invalid: boolean;
  readonly disabled: boolean;
  readonly noMatchText: string;
  readonly clearLabel: string;
  /**
   * What typed text names when it is not an option's exact label (a language by its name alone or
   * its code): tried before the only remaining match. Null: nothing.
   */
  readonly resolveTyped?: (typed: string) => ComboboxOption | null;
}

export function Combobox({ id, options, value, onChange, describedBy, labelledBy, required = false, invalid, disabled, noMatchText, clearLabel, resolveTyped }: Props) {
  const listId = useId();
  const selected = options.find((o) => o.value === value) ?? (value === null ? null : (resolveTyped?.(value) ?? { value, label: value }));
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const shown = text ?? selected?.label ?? '';
  const filtered = useMemo(() => {
    if (text === null || text.trim() === '') return options;
    const needle = foldForSearch(text.trim());
    return options.filter((o) => foldForSearch(o.label).includes(needle));
  }, [options, text]);

  const choose = (option: ComboboxOption | null) => {
    onChange(option ? option.value : null);
    setText(null);
    setOpen(false);
  };

  const commitOnLeave = () => {
    setOpen(false);
    if (text === null) return;
    const typed = text.trim();
    if (typed === '') {
      choose(null);
      return;
    }
    const exact = options.find((o) => foldForSearch(o.label) === foldForSearch(typed)) ?? resolveTyped?.(typed);
    if (exact) choose(exact);
    else if (filtered.length === 1 && filtered[0]) choose(filtered[0]);
    else setText(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive((i) => Math.min(i + 1, filtered.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Home':
        if (open) {
          event.preventDefault();
          setActive(0);
        }
        break;
      case 'End':
        if (open) {
          event.preventDefault();
          setActive(Math.max(filtered.length - 1, 0));
        }
        break;
      case 'Enter': {
        if (!open) return;
        event.preventDefault();
        const option = filtered[active];
        if (option) choose(option);
        break;
      }
      case 'Escape':
        if (open || text !== null) {
          event.preventDefault();
          setOpen(false);
          setText(null);
        }
        break;
      default:
        break;
    }
  };

  const activeId = open && filtered[active] ? `${listId}-${String(active)}` : undefined;

  return (
    <div className="combobox">
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={describedBy}
        aria-labelledby={labelledBy}
        aria-required={required ? true : undefined}
        aria-invalid={invalid ? true : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={commitOnLeave}
        onClick={() => { setOpen((o) => !o); }}
      />
      {value !== null && !disabled && (
        <button type="button" className="combobox-clear" aria-label={clearLabel} onClick={() => { choose(null); inputRef.current?.focus(); }}>
          ×
        </button>
      )}
      <ul id={listId} role="listbox" className="combobox-list" hidden={!open}>
        {filtered.length === 0 && <li className="combobox-empty">{noMatchText}</li>}
        {filtered.map((option, index) => (
          <li
            key={option.value}
            id={`${listId}-${String(index)}`}
            role="option"
            aria-selected={option.value === value}
            className={index === active ? 'active' : undefined}
            // Keep focus in the input: a mouse press would otherwise blur it before the click lands.
            onMouseDown={(e) => { e.preventDefault(); }}
            onClick={() => { choose(option); }}
          >
            {option.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
