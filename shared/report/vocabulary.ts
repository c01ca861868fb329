/**
 * The report's own vocabulary (issue #19): every word of the message catalog the documents and the
 * app are written with (headings, labels, vocabularies of findings, consent, rules…), folded. A
 * capitalised word of the clinician's text that is not in it may be a name, and is shown to the
 * clinician before an anonymised document is signed; a person's name that is also a word of it
 * ("Will", "Brown") is replaced only where the text shows it is the name.
 */
import { catalogs, type Language } from '../i18n';
import { foldString } from './fold';
import { TITLES, ordinaryWords } from './lexicon';

const cache = new Map<string, ReadonlySet<string>>();

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const word of foldString(value.replace(/\{\{[^}]*\}\}/g, ' ')).split(/[^\p{L}\p{N}]+/u)) if (word !== '') into.add(word);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collect(item, into);
  }
}

/** The folded words of the catalog of `language`, with its ordinary words that are also names. */
export function reportVocabulary(language: Language = 'en'): ReadonlySet<string> {
  const cached = cache.get(language);
  if (cached) return cached;
  const words = new Set<string>([...ordinaryWords(language), ...(TITLES[language] ?? [])]);
  collect(catalogs[language], words);
  cache.set(language, words);
  return words;
}
