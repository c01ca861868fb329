/**
 * The FHIR R4 export of a case (issue #18 item 4): every bundle passes an independent validator
 * (Medplum's, over the R4 StructureDefinitions) with 0 errors — the example case, R1 and generated
 * cases; re-export gives the same bundle; what was recorded is what a receiver reads (consent
 * decisions, body sites, sizes, hashes); the anonymised variant carries none of the person's
 * identifiers.
 */
import fc from 'fast-check';
import type { Bundle, Consent, DocumentReference, Media, Observation, Patient, Provenance, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_INTERPRETER, EXAMPLE_OWN_WORDS, EXAMPLE_PERSON, exampleCaseFile } from '../../../cli/example';
import { BODY_REGIONS, BODY_SIDES, CONSENT_DECISIONS, CONSISTENCY_LEVELS, LESION_AGES, LESION_COLOURS, LESION_TYPES } from '../../../shared/domain/vocab';
import { caseToFhirBundle, sha1Base64, uuidV5 } from '../../../shared/fhir';
import { caseFileSchema, type CaseFile } from '../../../shared/report/caseFile';
import { r1CaseFileWith } from '../../bench/r1';
import { bundleErrors, validationErrors } from './validator';

const RUNS = Number(process.env.ATTEST_FHIR_RUNS ?? '110');
const SEED = Number(process.env.ATTEST_PROPERTY_SEED ?? '18018');

const resources = (bundle: Bundle): Resource[] => (bundle.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
const ofType = <T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] => resources(bundle).filter((r): r is T => r.resourceType === type);

describe('the validator', () => {
  it('is live: it rejects an Observation without status and code, and a string with a vertical tab', () => {
    expect(validationErrors({ resourceType: 'Observation' } as unknown as Resource).length).toBeGreaterThan(0);
    expect(validationErrors({ resourceType: 'Organization', name: 'a\u000bb' }).length).toBeGreaterThan(0);
  });

  it('validates the resources inside a bundle', () => {
    const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427', resource: { resourceType: 'Observation' } as unknown as Resource }] };
    expect(bundleErrors(bundle).join('\n')).toMatch(/entry\[0\]\.resource\.status/);
  });
});

describe('UUID v5 and SHA-1', () => {
  it('give the published test vectors', () => {
    // RFC 9562 Appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // FIPS 180 "abc": a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d.
    expect(sha1Base64(new TextEncoder().encode('abc'))).toBe(Buffer.from('a9993e364706816aba3e25717850c26c9cd0d89d', 'hex').toString('base64'));
  });
});

describe('the example case', () => {
  const file = exampleCaseFile();
  for (const variant of ['full', 'anonymised'] as const) {
    for (const bundleType of ['collection', 'transaction'] as const) {
      it(`${variant} ${bundleType}: 0 validation errors, deterministic, every reference resolves in the bundle`, () => {
        const bundle = caseToFhirBundle(file, { variant, bundleType });
        expect(bundleErrors(bundle)).toEqual([]);
        expect(JSON.stringify(caseToFhirBundle(exampleCaseFile(), { variant, bundleType }))).toBe(JSON.stringify(bundle));
        const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
        expect(fullUrls.size).toBe(bundle.entry?.length);
        const refs = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
        expect(refs.length).toBeGreaterThan(10);
        for (const ref of refs) expect(fullUrls.has(ref.slice('"reference":"'.length, -1))).toBe(true);
        if (bundleType === 'transaction') for (const entry of bundle.entry ?? []) expect(entry.request).toEqual({ method: 'POST', url: entry.resource?.resourceType });
      });
    }
  }

  it('says what was recorded: patient, consents, lesions with SNOMED CT sites and UCUM sizes, photographs by hash', () => {
    const bundle = caseToFhirBundle(file);
    const [patient] = ofType<Patient>(bundle, 'Patient');
    expect(patient?.name?.[0]).toMatchObject({ use: 'official', family: EXAMPLE_PERSON.familyName, given: [EXAMPLE_PERSON.givenName] });
    expect(patient?.birthDate).toBe('1990-05-17');
    expect(patient?.gender).toBe('male');

    const consents = ofType<Consent>(bundle, 'Consent');
    expect(consents).toHaveLength(8);
    const intimate = consents.find((c) => c.category.some((cc) => cc.coding?.some((code) => code.code === 'intimateExam')));
    expect(intimate).toMatchObject({ status: 'active', provision: { type: 'deny' } });
    expect(intimate?.text?.div).toContain('Did not wish to be examined there');
    expect(consents.filter((c) => c.provision?.type === 'permit')).toHaveLength(7);

    const lesions = ofType<Observation>(bundle, 'Observation').filter((o) => o.code.coding?.[0]?.code === 'lesion');
    const exam = file.examination.findings?.lesions ?? [];
    expect(lesions).toHaveLength(exam.length);
    exam.forEach((lesion, i) => {
      const obs = lesions[i];
      expect(obs?.valueCodeableConcept?.coding?.[0]?.code).toBe(lesion.type);
      expect(obs?.bodySite?.coding?.some((c) => c.code === lesion.region)).toBe(true);
      const length = obs?.component?.find((c) => c.code.coding?.[0]?.code === 'lesion-length');
      if (lesion.lengthCm !== null && lesion.lengthCm !== undefined) expect(length?.valueQuantity).toEqual({ value: lesion.lengthCm, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' });
    });

    const media = ofType<Media>(bundle, 'Media');
    const photos = file.examination.findings?.photographs ?? [];
    expect(media).toHaveLength(photos.length);
    photos.forEach((photo, i) => {
      expect(media[i]?.identifier?.[0]?.value).toBe(`ni:///sha-256;${Buffer.from(photo.sha256, 'hex').toString('base64url')}`);
      expect(media[i]?.content.data).toBeUndefined();
    });
  });

  it('codes a left forearm as SNOMED CT 14975008 with laterality 7771000, and a sole as text only', () => {
    const base = exampleCaseFile();
    const first = base.examination.findings?.lesions[0];
    if (first === undefined || base.examination.findings === null || base.examination.findings === undefined) throw new Error('no lesion');
    const lesions = [{ ...first, id: 'a', lesionNo: 1, region: 'forearm' as const, side: 'left' as const }, { ...first, id: 'b', lesionNo: 2, region: 'sole' as const, side: 'midline' as const }];
    const bundle = caseToFhirBundle({ ...base, examination: { ...base.examination, findings: { ...base.examination.findings, lesions, lastLesionNo: 2, photographs: [] } } });
    const [forearm, sole] = ofType<Observation>(bundle, 'Observation').filter((o) => o.code.coding?.[0]?.code === 'lesion');
    expect(forearm?.bodySite?.coding?.[0]).toEqual({ system: 'http://snomed.info/sct', code: '14975008', display: 'Forearm structure' });
    const laterality = forearm?.component?.find((c) => c.code.coding?.[0]?.code === '272741003');
    expect(laterality?.valueCodeableConcept?.coding?.[0]).toEqual({ system: 'http://snomed.info/sct', code: '7771000', display: 'Left' });
    expect(sole?.bodySite?.coding?.some((c) => c.system === 'http://snomed.info/sct')).toBe(false);
    expect(sole?.bodySite?.text).toMatch(/sole/i);
    const midline = sole?.component?.find((c) => c.code.coding?.[0]?.code === '272741003');
    expect(midline?.valueCodeableConcept?.coding?.some((c) => c.system === 'http://snomed.info/sct')).toBe(false);
  });

  it('adds the signed report as a DocumentReference with its size and hashes, and a Provenance per signature', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 not really a pdf, the export only hashes it');
    const sha256 = 'ab'.repeat(32);
    const bundle = caseToFhirBundle(file, { signedReport: { bytes, sha256, verdict: 'valid', signatures: [{ kind: 'certification', role: null, signerName: 'Dr Zoë Lefèvre-Núñez', fingerprint: 'AB:CD', signingTime: '2025-03-10T15:30:00Z' }, { kind: 'approval', role: 'second-reader', signerName: 'Dr Second', fingerprint: 'EF:01', signingTime: '2025-03-11T09:00:00Z' }] } });
    expect(bundleErrors(bundle)).toEqual([]);
    const [doc] = ofType<DocumentReference>(bundle, 'DocumentReference');
    expect(doc?.content[0]?.attachment).toMatchObject({ contentType: 'application/pdf', size: bytes.length, hash: sha1Base64(bytes) });
    expect(doc?.identifier?.[0]?.value).toBe(`ni:///sha-256;${Buffer.from(sha256, 'hex').toString('base64url')}`);
    const provenance = ofType<Provenance>(bundle, 'Provenance');
    expect(provenance.map((p) => p.signature?.[0]?.type[0]?.code)).toEqual(['1.2.840.10065.1.12.1.1', '1.2.840.10065.1.12.1.13']);
    expect(provenance[1]?.signature?.[0]?.who.display).toBe('Dr Second');
  });
});

describe('R1 (40 findings, 20 photographs, five pages of account)', () => {
  it('exports with 0 validation errors in both variants', () => {
    const r1 = r1CaseFileWith([]);
    for (const variant of ['full', 'anonymised'] as const) {
      const bundle = caseToFhirBundle(r1, { variant, bundleType: 'transaction' });
      expect(ofType<Observation>(bundle, 'Observation').filter((o) => o.code.coding?.[0]?.code === 'lesion')).toHaveLength(40);
      expect(ofType<Media>(bundle, 'Media')).toHaveLength(20);
      expect(bundleErrors(bundle)).toEqual([]);
    }
  });
});

describe('the anonymised variant', () => {
  it('carries none of the person’s identifiers (canary: name, aliases, ID number, date of birth, words, contacts)', () => {
    const file = exampleCaseFile();
    const json = JSON.stringify(caseToFhirBundle(file, { variant: 'anonymised' }));
    const identity = file.examination.identity;
    const canaries = [
      EXAMPLE_PERSON.givenName,
      ...EXAMPLE_PERSON.givenName.split(' '),
      EXAMPLE_PERSON.familyName,
      'Соколов',
      ...(identity?.aliases ?? []),
      'AK-0042917',
      '0042917',
      '1990-05-17',
      '1990-05',
      EXAMPLE_INTERPRETER,
      EXAMPLE_OWN_WORDS.slice(0, 30),
      'Ирина Соколова',
      '+30 69 0000 0000',
      'Agnès Dupré',
      'Θεσσαλονίκη',
    ];
    for (const canary of canaries) expect(json, canary).not.toContain(canary);
    // The full variant does carry them: the canaries are real.
    const full = JSON.stringify(caseToFhirBundle(file));
    for (const canary of [EXAMPLE_PERSON.familyName, 'AK-0042917', '1990-05-17']) expect(full).toContain(canary);
  });

  it('has an age band, a gender, and no name, identifier or birth date', () => {
    const bundle = caseToFhirBundle(exampleCaseFile(), { variant: 'anonymised' });
    const [patient] = ofType<Patient>(bundle, 'Patient');
    expect(patient).toEqual({ resourceType: 'Patient', id: patient?.id, gender: 'male' });
    const age = ofType<Observation>(bundle, 'Observation').find((o) => o.code.coding?.[0]?.code === '30525-0');
    expect(age?.valueRange).toEqual({ low: { value: 30, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' }, high: { value: 39, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Generated cases: the example case with its lesions, consents, opinion and identity replaced by
// random values of every vocabulary and hostile text (control characters, NBSP, markup, RTL, emoji).

const hostile = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc.constantFrom('<script>alert(1)</script>', 'a\u00a0b\u2028c', 'x\u000by', '&amp; "quoted" \'single\'', 'שלום عالم', '👩‍⚕️ 🩻', '  padded  ', '\t\ttabs'),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const cmArb = maybe(fc.double({ min: 0, max: 200, noNaN: true }).map((v) => Math.round(v * 10) / 10));

function generatedCase(base: CaseFile): fc.Arbitrary<CaseFile> {
  const template = base.examination.findings?.lesions[0];
  if (template === undefined) throw new Error('no lesion');
  const lesion = fc.record({
    type: maybe(fc.constantFrom(...LESION_TYPES)),
    typeOther: maybe(hostile),
    region: maybe(fc.constantFrom(...BODY_REGIONS)),
    side: maybe(fc.constantFrom(...BODY_SIDES)),
    lengthCm: cmArb,
    widthCm: cmArb,
    colours: fc.uniqueArray(fc.constantFrom(...LESION_COLOURS), { maxLength: 3 }),
    ageEstimate: maybe(fc.constantFrom(...LESION_AGES)),
    consistency: maybe(fc.constantFrom(...CONSISTENCY_LEVELS)),
    landmarks: maybe(hostile),
    rationale: maybe(hostile),
  });
  const consentItem = fc.record({ decision: maybe(fc.constantFrom(...CONSENT_DECISIONS)), reason: maybe(hostile), notes: maybe(hostile), witness: maybe(hostile) });
  return fc
    .record({
      lesions: fc.array(lesion, { maxLength: 6 }),
      consents: fc.array(maybe(consentItem), { minLength: 8, maxLength: 8 }),
      overall: maybe(fc.constantFrom(...CONSISTENCY_LEVELS)),
      conclusions: maybe(hostile),
      givenName: maybe(hostile),
      dateOfBirth: maybe(fc.constantFrom('1950-01-01', '2009-12-31', '1988-02-29')),
      estimate: maybe(fc.integer({ min: 0, max: 130 })),
    })
    .map((g) => {
      const exam = base.examination;
      const keys = ['interview', 'physicalExam', 'intimateExam', 'photography', 'samplesTests', 'disclosureAuthorities', 'shareWithLawyerFamily', 'copyToPerson'] as const;
      const consent = Object.fromEntries(keys.map((key, i) => [key, g.consents[i] === null || g.consents[i] === undefined ? null : { ...exam.consent?.[key], ...g.consents[i] }]));
      const lesions = g.lesions.map((l, i) => {
        const sized = l.lengthCm !== null || l.widthCm !== null;
        return { ...template, ...l, id: `gen-${String(i + 1)}`, lesionNo: i + 1, typeOther: l.type === 'other' ? l.typeOther : null, notMeasurable: sized ? null : template.notMeasurable, depthCm: null };
      });
      return {
        ...base,
        examination: {
          ...exam,
          identity: { ...exam.identity, givenName: g.givenName, dateOfBirth: g.dateOfBirth, ageEstimate: g.dateOfBirth === null && g.estimate !== null ? { years: g.estimate, method: 'clinical_appearance' as const, methodDetail: null } : null },
          consent: { ...exam.consent, ...consent },
          findings: { noInjuriesSeen: lesions.length === 0 ? true : false, lesions, lastLesionNo: lesions.length === 0 ? null : lesions.length, photographs: [] },
          opinion: { ...exam.opinion, overallConsistency: g.overall, conclusions: g.conclusions },
        },
        photos: undefined,
      };
    });
}

describe(`${String(RUNS)} generated cases`, () => {
  it('export with 0 validation errors, full and anonymised', () => {
    const base = exampleCaseFile();
    let valid = 0;
    const schema = caseFileSchema({ now: new Date() });
    fc.assert(
      fc.property(generatedCase(base), (candidate) => {
        // Only cases the app would accept: the case file's own schema decides.
        const parsed = schema.safeParse(JSON.parse(JSON.stringify(candidate)));
        if (!parsed.success) return;
        valid += 1;
        for (const variant of ['full', 'anonymised'] as const) {
          const errors = bundleErrors(caseToFhirBundle(parsed.data, { variant, bundleType: 'transaction' }));
          expect(errors, variant).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(valid).toBeGreaterThanOrEqual(100);
  }, 60_000);
});
