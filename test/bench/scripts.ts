/**
 * Scripts bench: report R1 whose person's account is in Arabic, and in Chinese, against the same
 * report in English, rendered and signed in the same run (interleaved, so that the shared machine's
 * load weighs on all three alike). Not part of `npm test`; in `npm run bench`. Run alone:
 *   node --expose-gc --import tsx test/bench/scripts.ts
 *
 * The Arabic and Chinese accounts are the English one (test/bench/r1.ts, 45 paragraphs) translated.
 * Prints `name: median unit (min–max, n=5)` for render + sign time and signed file size of each, and
 * the ratios to English. Targets (issue 15): time ≤ 1.5 × English, size ≤ 1.3 × English.
 */
import type { CaseFile } from '../../shared/report/caseFile';
import { allegation, r1CaseFile, r1Report } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const MB = 1024 * 1024;

const arabic = (n: number) =>
  `${String(n)}. في ليلة الاعتقال اقتادوني إلى غرفة التحقيق في الطابق الثاني. أمرني ضابطان بملابس مدنية بأن أركع ووجهي إلى الحائط. ` +
  'عندما لم أُجب عن أسئلتهما ضربني أحدهما على ظهري وذراعيّ بعصا سوداء مرات كثيرة، بينما أمسك الآخر بكتفيّ. ' +
  'توقفا عندما طرق أحدهم الباب، ثم عادا إلى الضرب. أُجبرت على البقاء على ركبتيّ حتى الصباح؛ وعندما كنت أسقط كانا يرفعانني من الياقة. ' +
  'قالا إن الأمر سيكون أسوأ إذا أخبرت الطبيب أو القاضي، وإنهما يعرفان أين تسكن عائلتي. لم أنم ولم يُعطوني ماء حتى الظهر.';

const chinese = (n: number) =>
  `${String(n)}. 被捕当晚，我被带到二楼的审讯室。两名便衣警察让我面对墙跪下。` +
  '我不回答他们的问题时，其中一人用黑色警棍多次打我的背部和手臂，另一人按住我的肩膀。' +
  '有人敲门时他们停了下来，随后又开始打。我被迫一直跪到早上；我倒下时，他们抓着衣领把我拉起来。' +
  '他们说，如果我告诉医生或法官，情况会更糟，还说他们知道我家人住在哪里。我一夜没睡，直到中午才给我水喝。';

const account = (paragraph: (n: number) => string) => Array.from({ length: 45 }, (_, i) => paragraph(i + 1)).join('\n\n');

function withAccount(caseFile: CaseFile, ownWords: string): CaseFile {
  const exam = caseFile.examination;
  return { ...caseFile, examination: { ...exam, account: { ...exam.account, ownWords } } };
}

async function main(): Promise<void> {
  const { caseFile } = await r1CaseFile();
  const variants = [
    { name: 'English', report: await r1Report(withAccount(caseFile, allegation())) },
    { name: 'Arabic', report: await r1Report(withAccount(caseFile, account(arabic))) },
    { name: 'Chinese', report: await r1Report(withAccount(caseFile, account(chinese))) },
  ];
  const times = new Map(variants.map((v) => [v.name, [] as number[]]));
  const sizes = new Map(variants.map((v) => [v.name, [] as number[]]));
  const missing = new Map<string, number>();
  for (const v of variants) {
    const rendered = await v.report.render(); // warm-up
    missing.set(v.name, rendered.missing.length);
    await v.report.sign(rendered);
  }
  for (let run = 0; run < RUNS; run++) {
    for (const v of variants) {
      global.gc?.();
      const t0 = performance.now();
      const signed = await v.report.sign(await v.report.render());
      times.get(v.name)?.push(performance.now() - t0);
      sizes.get(v.name)?.push(signed.length / MB);
    }
  }
  const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const en = { time: median(times.get('English') ?? []), size: median(sizes.get('English') ?? []) };
  for (const v of variants) {
    const t = times.get(v.name) ?? [];
    const s = sizes.get(v.name) ?? [];
    console.log(summarise(`report R1 ${v.name} account render + sign`, t, 'ms'));
    console.log(summarise(`report R1 ${v.name} account signed file size`, s, 'MB', 2));
    if (v.name !== 'English') console.log(`report R1 ${v.name} / English: time ${(median(t) / en.time).toFixed(2)}× (target ≤ 1.5×), size ${(median(s) / en.size).toFixed(2)}× (target ≤ 1.3×); characters no font has: ${String(missing.get(v.name))}`);
  }
}

main().catch((error: unknown) => {
  console.error('scripts bench failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
