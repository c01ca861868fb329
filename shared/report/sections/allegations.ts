/**
 * Section V, allegations (Annex IV V; D1): the allegation and the person's own words; arrest and
 * detention (the custody chain, the reception register); each episode as the person described it;
 * fear of reprisal; and from the women's module, abuse before admission, the diagnosis, her right to
 * judicial recourse and whether she wishes to take legal action (Bangkok r.6(e), r.7).
 */
import type { Examination } from '../../domain/examination';
import { fmt, formatDateTime, printDate, text, vocabLabel, vocabList } from '../format';
import type { ReportBlock, ReportSection } from '../model';
import { R, RR, group, heading, join, keyValue, optional, paragraph, required, yn } from './common';
import { womenAbuseRows } from './screening';

export function allegations(exam: Examination): ReportSection {
  const a = exam.account;
  const p = exam.provenance;
  const blocks: ReportBlock[] = [...keyValue(required([[R.label.allegationPresent, vocabLabel('allegationAnswer', a?.allegationPresent)]]))];
  if (text(a?.ownWords)) blocks.push(heading(R.sub.ownWords), ...paragraph(a?.ownWords, true));
  const order = p?.commitmentOrder;
  blocks.push(
    heading(R.sub.arrest),
    ...keyValue(
      optional([
        [R.label.arrestAt, formatDateTime(p?.arrestAt)],
        [R.label.arrestPlace, p?.arrestPlace],
        [R.label.arrestingAuthority, join([p?.arrestingAuthority?.unit, p?.arrestingAuthority?.officers], '; ')],
        [R.label.commitmentOrder, order ? join([yn(order.seen), order.reference, order.issuedBy ? fmt(RR.value.issuedBy, { by: order.issuedBy }) : null, order.issuedOn ? fmt(RR.value.issuedOn, { on: printDate(order.issuedOn) ?? order.issuedOn }) : null], ', ') : null],
        [R.label.registerInjuries, p?.registerInjuries ? join([yn(p.registerInjuries.noted), p.registerInjuries.details], ': ') : null],
      ]),
    ),
  );
  const places = p?.priorPlacesOfDetention ?? [];
  if (places.length > 0) {
    const T = R.table.detention;
    blocks.push(heading(R.sub.placesOfDetention), {
      kind: 'table',
      columns: [
        { header: T.place, weight: 3 },
        { header: T.from, weight: 2 },
        { header: T.to, weight: 2 },
        { header: T.authority, weight: 2.5 },
      ],
      rows: places.map((pl) => [text(pl.place) ?? '', formatDateTime(pl.from) ?? '', formatDateTime(pl.to) ?? '', text(pl.authority) ?? '']),
    });
  }
  (a?.episodes ?? []).forEach((ep, index) => {
    blocks.push(
      heading(fmt(R.sub.episode, { number: index + 1 })),
      ...keyValue(
        optional([
          [R.label.when, join([formatDateTime(ep.occurredAt), printDate(ep.occurredOn), ep.whenDescription], '; ')],
          [R.label.place, ep.place],
          [R.label.perpetrators, ep.perpetrators],
          [R.label.methods, join([vocabList('attribution', ep.methods), ep.methodsDetail], '. ')],
          [R.label.instrument, ep.instrument],
          [R.label.durationFrequency, ep.durationFrequency],
          [R.label.bodyParts, join([ep.bodyParts, vocabList('bodyRegion', ep.bodyRegions)], '. ')],
          [R.label.witnesses, ep.witnesses],
          [R.label.lossOfConsciousness, vocabLabel('yesNoUnknown', ep.lossOfConsciousness)],
          [R.label.sexualViolence, vocabLabel('disclosureAnswer', ep.sexualViolence)],
          [R.label.threats, ep.threats],
        ]),
      ),
    );
  });
  blocks.push(
    ...group(
      R.sub.reprisal,
      optional([
        [R.label.fearOfReprisal, vocabLabel('fearOfReprisal', a?.fearOfReprisal)],
        [R.label.fearOfReprisalSource, a?.fearOfReprisalSource],
      ]),
    ),
    ...group(RR.sub.womenAbuse, womenAbuseRows(exam)),
  );
  return { key: 'allegations', heading: R.sections.allegations, blocks };
}
