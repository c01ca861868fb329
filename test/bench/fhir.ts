/**
 * FHIR export figures (issue #18, "Done when": FHIR export of R1 ≤ 200 ms), one line each as
 * `name: median unit (min–max, n=5)` after one warm-up run: R1 (40 findings, 20 photographs, five
 * pages of account) exported as a FHIR R4 Bundle, full and anonymised (the anonymised variant runs
 * the report's anonymisation: the identifier sweep of every free text), from the checked case file
 * to the bundle's JSON text. In process, as the CLI and the app run it.
 * Run: `node --import tsx test/bench/fhir.ts` (chained in `npm run bench`).
 */
import { caseToFhirBundle, type FhirVariant } from '../../shared/fhir';
import { r1CaseFileWith } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const r1 = r1CaseFileWith([]);

for (const variant of ['full', 'anonymised'] as FhirVariant[]) {
  caseToFhirBundle(r1, { variant });
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const json = JSON.stringify(caseToFhirBundle(r1, { variant, bundleType: 'transaction' }));
    times.push(performance.now() - start);
    bytes = json.length;
  }
  console.log(summarise(`FHIR R4 export of R1, ${variant} (40 lesions, 20 photographs; bundle ${String(Math.round(bytes / 1024))} kB of JSON)`, times, 'ms', 1, 200));
}
