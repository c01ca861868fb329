/**
 * The reference report R1, shared by the benches that need it (test/bench/report.ts: render + sign;
 * test/bench/verify.ts: verify and sign alone).
 *
 * R1: the example case (cli/example.ts) with 40 findings, each with a complete description and a mark
 * at a real region of a body chart, 20 photographs of 12 MP (4000 × 3000) and an allegation of about
 * five printed pages.
 *
 * The photographs' display copies are made as the app makes them: Node has no JPEG encoder, so each
 * 12 MP image is drawn once in Debian's Chromium (an OffscreenCanvas: skin-coloured gradient, bruises,
 * and per-pixel grain so the JPEG encoder meets photograph-like detail rather than flat colour), scaled to
 * 2048 × 1536 with createImageBitmap (resizeQuality high) and encoded as JPEG at the app's display quality
 * (renderer/photos/deriveCore.ts), then stripped of metadata with the app's own stripJpegMetadata.
 * Flat synthetic images would make the file size meaningless; real skin photographs vary, so their
 * average size is printed with the figures.
 */
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import { EXAMPLE_CLINICIAN, exampleCaseFile } from '../../cli/example';
import { loadReportFonts } from '../../cli/fonts';
import { DISPLAY_LONG_EDGE, DISPLAY_QUALITY } from '../../renderer/photos/deriveCore';
import { chartDefinition, regionAnchor } from '../../shared/bodyCharts';
import type { Lesion, Photograph } from '../../shared/domain/findings';
import type { ChartId } from '../../shared/domain/vocab';
import { createSelfSignedIdentity } from '../../shared/identity';
import { stripJpegMetadata } from '../../shared/photos/jpeg';
import { buildReportModel, renderPdf } from '../../shared/report';
import { parseCaseFile, reportInputFromCaseFile, type CaseFile } from '../../shared/report/caseFile';
import { certificateFingerprint, signPdf, type SignOptions } from '../../shared/signing';
import { toBase64 } from '../../shared/vault/encoding';

export const PHOTOS = 20;
export const FINDINGS = 40;

/** The page script: `count` photograph-like 4000 × 3000 images, each scaled and encoded as the app's display copy. Returns base64. */
const DISPLAY_COPIES_SCRIPT = `(async ({ count, longEdge, quality }) => {
  const W = 4000, H = 3000;
  // Grain: one 512 × 512 tile of per-pixel noise, drawn at a different offset on every image.
  const tile = new OffscreenCanvas(512, 512);
  const tg = tile.getContext('2d');
  const noise = tg.createImageData(512, 512);
  let seed = 12345;
  const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < noise.data.length; i += 4) {
    const v = 128 + (rnd() - 0.5) * 90;
    noise.data[i] = v; noise.data[i + 1] = v; noise.data[i + 2] = v; noise.data[i + 3] = 255;
  }
  tg.putImageData(noise, 0, 0);
  const out = [];
  for (let n = 0; n < count; n++) {
    const c = new OffscreenCanvas(W, H);
    const g = c.getContext('2d', { alpha: false });
    const bg = g.createRadialGradient(W * (0.3 + 0.04 * (n % 10)), H * 0.4, 100, W * 0.5, H * 0.5, W * 0.8);
    bg.addColorStop(0, 'rgb(' + (225 - n) + ',' + (180 - n) + ',150)');
    bg.addColorStop(1, 'rgb(' + (150 + n) + ',' + (105 + n) + ',85)');
    g.fillStyle = bg; g.fillRect(0, 0, W, H);
    // Texture: a few hundred soft blotches (pores, hair, shadows of a real skin surface).
    for (let i = 0; i < 600; i++) {
      g.fillStyle = 'rgba(' + Math.floor(90 + rnd() * 80) + ',' + Math.floor(50 + rnd() * 60) + ',' + Math.floor(40 + rnd() * 50) + ',' + (0.04 + rnd() * 0.08) + ')';
      g.beginPath(); g.ellipse(rnd() * W, rnd() * H, 5 + rnd() * 60, 5 + rnd() * 40, rnd() * 3, 0, Math.PI * 2); g.fill();
    }
    // The injury: two to four bruises.
    for (let b = 0; b < 2 + (n % 3); b++) {
      const x = W * (0.2 + rnd() * 0.6), y = H * (0.2 + rnd() * 0.6), r = 150 + rnd() * 400;
      const grad = g.createRadialGradient(x, y, 10, x, y, r);
      grad.addColorStop(0, 'rgba(80,40,110,0.8)'); grad.addColorStop(0.6, 'rgba(120,60,100,0.45)'); grad.addColorStop(1, 'rgba(150,110,60,0)');
      g.fillStyle = grad; g.beginPath(); g.ellipse(x, y, r, r * (0.5 + rnd() * 0.5), rnd() * 3, 0, Math.PI * 2); g.fill();
    }
    // Sensor grain over everything.
    g.globalCompositeOperation = 'overlay';
    g.globalAlpha = 0.35;
    g.fillStyle = g.createPattern(tile, 'repeat');
    g.translate(-(n * 37) % 512, -(n * 91) % 512);
    g.fillRect(0, 0, W + 512, H + 512);
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.globalAlpha = 1; g.globalCompositeOperation = 'source-over';
    // As the app: scale the decoded image, then encode on a white opaque canvas.
    const full = c.transferToImageBitmap();
    const scale = longEdge / Math.max(W, H);
    const w = Math.round(W * scale), h = Math.round(H * scale);
    const small = await createImageBitmap(full, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
    full.close();
    const d = new OffscreenCanvas(w, h);
    const dg = d.getContext('2d', { alpha: false });
    dg.fillStyle = '#fff'; dg.fillRect(0, 0, w, h); dg.drawImage(small, 0, 0);
    small.close();
    const bytes = new Uint8Array(await (await d.convertToBlob({ type: 'image/jpeg', quality })).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    out.push(btoa(s));
  }
  return out;
})`;

/** The 20 display copies, drawn and encoded in Chromium (see the module comment). */
async function displayCopies(): Promise<Uint8Array[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const base64 = await page.evaluate<string[]>(`${DISPLAY_COPIES_SCRIPT}(${JSON.stringify({ count: PHOTOS, longEdge: DISPLAY_LONG_EDGE, quality: DISPLAY_QUALITY })})`);
    return base64.map((b) => stripJpegMetadata(new Uint8Array(Buffer.from(b, 'base64'))));
  } finally {
    await browser.close();
  }
}

/** 40 region keys spread over the whole-body and hand charts, each lesion at its region's anchor. */
function markPlaces(): { chart: ChartId; key: string }[] {
  const charts: ChartId[] = ['body_male_front', 'body_male_back', 'body_left', 'body_right', 'hands_dorsal'];
  const places: { chart: ChartId; key: string }[] = [];
  for (let round = 0; places.length < FINDINGS; round++) {
    for (const chart of charts) {
      const region = chartDefinition(chart).regions[round];
      if (region !== undefined && places.length < FINDINGS) places.push({ chart, key: region.key });
    }
  }
  return places;
}

function findings(template: Lesion): Lesion[] {
  return markPlaces().map(({ chart, key }, i): Lesion => {
    const region = chartDefinition(chart).regions.find((r) => r.key === key);
    const { x, y } = regionAnchor(chart, key);
    const n = i + 1;
    return {
      ...template,
      id: `lesion-${String(n)}`,
      lesionNo: n,
      mark: { chart, x, y },
      region: region?.region ?? template.region,
      view: region?.view ?? template.view,
      side: region?.side ?? template.side,
      type: n % 3 === 0 ? 'abrasion' : 'contusion',
      landmarks: `${String(2 + (n % 9))} cm from the nearest joint line, on the ${region?.side ?? 'left'} side; measured with a flexible ruler`,
      lengthCm: 2 + (n % 11),
      widthCm: 1 + (n % 4),
      pattern: `Finding ${String(n)}: well-defined margins with a paler centre; colour changing from red-purple at the centre to yellow-green at the edge.`,
      associated: 'Tender on light pressure; no swelling of the joint; full range of movement.',
      attributionNote: `Blow ${String(n)} of the account: struck with a baton while held on the floor.`,
      differential: 'A fall would not explain the distribution over several surfaces; self-infliction is unlikely where the person cannot reach.',
      rationale: 'The size, shape and age of the injury fit the blow described; other causes are possible but fit less well.',
    };
  });
}

function photographs(): Photograph[] {
  return Array.from({ length: PHOTOS }, (_, i): Photograph => ({
    id: `photo-${String(i + 1)}`,
    attachmentId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    sha256: (i + 16).toString(16).padStart(2, '0').repeat(32),
    mime: 'image/jpeg',
    width: 4000,
    height: 3000,
    importedAt: '2025-03-10T15:20:00+01:00',
    takenAt: '2025-03-10T14:40:00+01:00',
    takenAtSource: 'exif',
    takenBy: EXAMPLE_CLINICIAN.name,
    caption: `Close-up of L${String(2 * i + 1)} and L${String(2 * i + 2)}, with ruler`,
    scaleInFrame: true,
    intimate: false,
    lesionIds: [`lesion-${String(2 * i + 1)}`, `lesion-${String(2 * i + 2)}`],
  }));
}

/** About five printed pages of the person's account (≈ 25,000 characters, paragraphs of a few sentences). */
export function allegation(): string {
  const paragraph = (n: number) =>
    `${String(n)}. On the night of the arrest I was taken to the interview room on the second floor. Two officers in plain clothes told me to kneel facing the wall. ` +
    'When I did not answer their questions one of them hit me on the back and the arms with a black baton, many times, while the other held my shoulders. ' +
    'They stopped when somebody knocked at the door, then started again. I was made to stay on my knees until the morning; when I fell they pulled me up by the collar. ' +
    'They said that it would be worse if I told the doctor or the judge, and that they knew where my family lived. I did not sleep and was given no water until noon.';
  return Array.from({ length: 45 }, (_, i) => paragraph(i + 1)).join('\n\n');
}

/**
 * R1 as a checked case file with the given display copies (none: the case file carries no
 * `photos`, which exports that do not print images, FHIR for one, never read).
 */
export function r1CaseFileWith(copies: readonly Uint8Array[]): CaseFile {
  const base = exampleCaseFile();
  const exam = base.examination;
  const template = exam.findings?.lesions[0];
  if (template === undefined) throw new Error('the example case has no lesion');
  const r1: CaseFile = {
    ...base,
    examination: {
      ...exam,
      account: { ...exam.account, ownWords: allegation() },
      findings: { noInjuriesSeen: false, lesions: findings(template), lastLesionNo: FINDINGS, photographs: photographs() },
    },
    ...(copies.length === 0 ? { photos: undefined } : { photos: copies.map((jpeg, i) => ({ photographId: `photo-${String(i + 1)}`, jpegBase64: toBase64(jpeg) })) }),
  };
  const check = parseCaseFile(JSON.parse(JSON.stringify(r1)), { now: new Date() });
  if (!check.success) throw new Error(`R1 is not a valid case file: ${check.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return check.data;
}

/** R1 as a checked case file, and its display copies (to report their average size). */
export async function r1CaseFile(): Promise<{ readonly caseFile: CaseFile; readonly copies: readonly Uint8Array[] }> {
  const copies = await displayCopies();
  return { caseFile: r1CaseFileWith(copies), copies };
}

type Rendered = Awaited<ReturnType<typeof renderPdf>>;
type Identity = Awaited<ReturnType<typeof createSelfSignedIdentity>>;

/** R1's report, ready to render and sign as `attest example` (and the app) do: DejaVu fonts, a new self-signed identity of the example clinician. */
export interface R1Report {
  readonly input: ReturnType<typeof reportInputFromCaseFile>;
  readonly identity: Identity;
  /** buildReportModel + renderPdf: the unsigned PDF and where its signature box is. */
  readonly render: () => Promise<Rendered>;
  /** The options of the signing call the benches measure: now, the clinician's name, the widget over the signature box. */
  readonly signOptions: (rendered: Rendered) => SignOptions;
  /** `signPdf(rendered.bytes, identity, signOptions(rendered))`. */
  readonly sign: (rendered: Rendered) => Promise<Uint8Array>;
}

export async function r1Report(caseFile: CaseFile): Promise<R1Report> {
  const fonts = await loadReportFonts();
  const identity = await createSelfSignedIdentity(EXAMPLE_CLINICIAN, { now: new Date() });
  const input = reportInputFromCaseFile(caseFile, { certificateFingerprint: await certificateFingerprint(identity.certificate) });
  // As the app signs a report: certified (DocMDP /P 2) in the author's field the report prepared.
  const signOptions = (rendered: Rendered): SignOptions => ({
    signingTime: new Date(),
    name: EXAMPLE_CLINICIAN.name,
    reason: 'Author',
    certify: { permission: 2 },
    ...(rendered.fields.author === null ? { widget: rendered.signatureBlock } : { field: rendered.fields.author }),
  });
  return {
    input,
    identity,
    render: () => renderPdf(buildReportModel(input), fonts, { prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate } }),
    signOptions,
    sign: (rendered) => signPdf(rendered.bytes, identity, signOptions(rendered)),
  };
}

/** Printed pages of a PDF saved without object streams (as the reports are). */
export function pageCount(pdf: Uint8Array): number {
  return (new TextDecoder('latin1').decode(pdf).match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}
