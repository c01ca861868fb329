/**
 * Small-cell suppression: primary (1–4 persons), secondary in rows and columns, and the case the
 * issue asks for: a hidden cell that a naive table would let anyone recover from its totals.
 */
import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../../shared/stats/compute';
import { determinedCells, isSmall, suppressCells, suppressStatistics, type CellSystem, type Equation, type Suppression } from '../../../shared/stats/suppress';
import { fact, many, prng } from './helpers';

const Q1 = { from: '2025-01-01', to: '2025-03-31' } as const;

/** A 2-D table with margins, laid out like the lesion table: 0 grand, row totals, column totals, interior. */
function table(matrix: readonly (readonly number[])[]): CellSystem & { cell: (r: number, c: number) => number; rowTotal: (r: number) => number; columnTotal: (c: number) => number } {
  const height = matrix.length;
  const width = matrix[0]?.length ?? 0;
  const rowTotal = (r: number) => 1 + r;
  const columnTotal = (c: number) => 1 + height + c;
  const cell = (r: number, c: number) => 1 + height + width + r * width + c;
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSums = Array.from({ length: width }, (_, c) => matrix.reduce((a, row) => a + (row[c] ?? 0), 0));
  const values = [rowSums.reduce((a, b) => a + b, 0), ...rowSums, ...columnSums, ...matrix.flat()];
  const equations: Equation[] = [];
  for (let r = 0; r < height; r += 1) equations.push({ total: rowTotal(r), parts: Array.from({ length: width }, (_, c) => cell(r, c)) });
  for (let c = 0; c < width; c += 1) equations.push({ total: columnTotal(c), parts: Array.from({ length: height }, (_, r) => cell(r, c)) });
  equations.push({ total: 0, parts: Array.from({ length: height }, (_, r) => rowTotal(r)) });
  equations.push({ total: 0, parts: Array.from({ length: width }, (_, c) => columnTotal(c)) });
  return { values, persons: values, equations, cell, rowTotal, columnTotal };
}

/** A 1-D table: cell 0 is the total, cells 1… the rows. */
function oneWay(rows: readonly number[]): CellSystem {
  const values = [rows.reduce((a, b) => a + b, 0), ...rows];
  return { values, persons: values, equations: [{ total: 0, parts: rows.map((_, i) => i + 1) }] };
}

const hiddenOf = (result: readonly Suppression[]) => result.map((reason) => reason !== null);

/**
 * Every value a hidden cell can take, over all non-negative integer completions of the hidden cells
 * that satisfy every equation with the published values: an attacker's exact knowledge. Propagates
 * equations with one unknown left, branches over the rest (bounded by the largest value).
 */
function feasibleValues(system: CellSystem, hidden: readonly boolean[], target: number): Set<number> {
  const bound = Math.max(...system.values);
  const found = new Set<number>();
  const solve = (assigned: (number | null)[]): void => {
    const values = [...assigned];
    for (let progress = true; progress; ) {
      progress = false;
      for (const equation of system.equations) {
        const members = [equation.total, ...equation.parts];
        const open = members.filter((cell) => values[cell] === null);
        const partSum = equation.parts.reduce((sum, cell) => sum + (values[cell] ?? 0), 0);
        const total = values[equation.total] ?? null;
        if (open.length === 0) {
          if (total !== partSum) return;
        } else if (open.length === 1) {
          const only = open[0] as number;
          const forced = only === equation.total ? partSum : (total ?? 0) - partSum;
          if (forced < 0) return;
          values[only] = forced;
          progress = true;
        }
      }
    }
    const free = values.findIndex((value) => value === null);
    if (free < 0) {
      found.add(values[target] ?? -1);
      return;
    }
    for (let v = 0; v <= bound; v += 1) {
      values[free] = v;
      solve(values);
      values[free] = null;
    }
  };
  solve(system.values.map((value, i) => (hidden[i] === true ? null : value)));
  return found;
}

/** Every equation has 0 or at least 2 hidden members. */
function noLoneHidden(system: CellSystem, hidden: readonly boolean[]): boolean {
  return system.equations.every((equation) => [equation.total, ...equation.parts].filter((cell) => hidden[cell] === true).length !== 1);
}

describe('primary suppression', () => {
  it('hides 1–4 persons, shows 0 and 5 or more', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map(isSmall)).toEqual([false, true, true, true, true, false, false, false]);
    expect(suppressCells(oneWay([0, 5, 20]))).toEqual([null, null, null, null]);
  });

  it('decides on persons, not on the value (a lesion cell of one person with 6 lesions is hidden)', () => {
    const system: CellSystem = { values: [20, 6, 14], persons: [9, 1, 8], equations: [{ total: 0, parts: [1, 2] }] };
    expect(suppressCells(system, { secondary: false })).toEqual([null, 'primary', null]);
  });
});

describe('secondary suppression', () => {
  it('in a 1-D table, hides the next smallest non-zero row, not a zero and not the total', () => {
    expect(suppressCells(oneWay([3, 0, 12, 7, 30]))).toEqual([null, 'primary', null, null, 'secondary', null]);
  });

  it('in a row and in a column of a 2-D table, closing the pattern into a rectangle', () => {
    const t = table([
      [3, 10, 8],
      [9, 12, 6],
      [7, 5, 11],
    ]);
    const result = suppressCells(t);
    expect(result[t.cell(0, 0)]).toBe('primary');
    // In its row, the smallest other cell (8); in its column, the smallest other cell (7).
    expect(result[t.cell(0, 2)]).toBe('secondary');
    expect(result[t.cell(2, 0)]).toBe('secondary');
    // The fourth corner protects both of those at once.
    expect(result[t.cell(2, 2)]).toBe('secondary');
    expect(result.filter((reason) => reason !== null)).toHaveLength(4);
    expect(noLoneHidden(t, hiddenOf(result))).toBe(true);
  });

  it('hides a second row total when a small row total would follow from the grand total', () => {
    const t = table([
      [2, 1],
      [10, 9],
      [8, 12],
    ]);
    const result = suppressCells(t);
    expect(result[t.rowTotal(0)]).toBe('primary');
    expect(determinedCells(t, hiddenOf(result))).toEqual([]);
    expect(noLoneHidden(t, hiddenOf(result))).toBe(true);
  });
});

describe('a hidden cell that a naive table lets anyone recover from its totals', () => {
  const t = table([
    [3, 10, 8],
    [9, 12, 6],
    [7, 5, 11],
  ]);
  const secret = t.cell(0, 0);

  it('naive (primary only): the row total minus the published cells gives the hidden 3 back', () => {
    const naive = hiddenOf(suppressCells(t, { secondary: false }));
    expect(naive.filter(Boolean)).toHaveLength(1);
    const rowTotal = t.values[t.rowTotal(0)] ?? 0;
    const published = [t.cell(0, 1), t.cell(0, 2)].map((cell) => (naive[cell] === true ? Number.NaN : (t.values[cell] ?? 0)));
    expect(rowTotal - (published[0] ?? 0) - (published[1] ?? 0)).toBe(3);
    expect(determinedCells(t, naive)).toEqual([secret]);
    expect(feasibleValues(t, naive, secret)).toEqual(new Set([3]));
  });

  it('with secondary suppression: the published margins leave the hidden cell undetermined', () => {
    const hidden = hiddenOf(suppressCells(t));
    // The row's other cells are not all published, so the subtraction cannot be done.
    expect([t.cell(0, 1), t.cell(0, 2)].some((cell) => hidden[cell])).toBe(true);
    expect(determinedCells(t, hidden)).toEqual([]);
    // Exhaustively: many completions agree with everything published, with different values of the secret.
    const values = feasibleValues(t, hidden, secret);
    expect(values.size).toBeGreaterThan(1);
    expect(values.has(3)).toBe(true);
    // Every hidden cell, not only the small one, is undetermined.
    for (const cell of hidden.flatMap((isHidden, i) => (isHidden ? [i] : []))) expect(feasibleValues(t, hidden, cell).size).toBeGreaterThan(1);
  });

  it('in the statistics: a small facility is not the total minus the others', () => {
    const facts = [...many(20, { facilityCode: 'PRISON-01' }), ...many(3, { facilityCode: 'PRISON-02' }), ...many(9, { facilityCode: 'PRISON-03' })];
    const stats = computeStatistics(facts, Q1);
    const published = suppressStatistics(stats);
    const row = (code: string) => published.byFacility.find((r) => r.key === code)?.figures.admissions;
    expect(published.total.admissions).toEqual({ value: 32, suppressed: false });
    expect(row('PRISON-01')).toEqual({ value: 20, suppressed: false });
    expect(row('PRISON-02')).toEqual({ value: null, suppressed: true });
    // Naively 32 − 20 − 9 = 3; PRISON-03 is hidden too, so 32 − 20 leaves 12 for two hidden facilities.
    expect(row('PRISON-03')).toEqual({ value: null, suppressed: true });
  });
});

describe('the audit catches what "two hidden per line" misses', () => {
  it('finds a hidden cell fixed by a combination of rows and columns (a bridge between two hidden rectangles)', () => {
    const t = table([
      [6, 7, 8, 9],
      [6, 7, 8, 9],
      [6, 7, 8, 9],
      [6, 7, 8, 9],
    ]);
    const hidden = t.values.map(() => false);
    for (const [r, c] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
      [0, 2],
    ] as const) {
      hidden[t.cell(r, c)] = true;
    }
    expect(noLoneHidden(t, hidden)).toBe(true);
    expect(determinedCells(t, hidden)).toEqual([t.cell(0, 2)]);
    expect(feasibleValues(t, hidden, t.cell(0, 2))).toEqual(new Set([8]));
  });

  it('leaves no hidden cell determined on 300 random tables', () => {
    const random = prng(7);
    for (let n = 0; n < 300; n += 1) {
      const height = 2 + Math.floor(random() * 5);
      const width = 2 + Math.floor(random() * 5);
      const matrix = Array.from({ length: height }, () => Array.from({ length: width }, () => (random() < 0.3 ? 0 : random() < 0.4 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 30))));
      const t = table(matrix);
      const hidden = hiddenOf(suppressCells(t));
      expect(determinedCells(t, hidden)).toEqual([]);
      expect(noLoneHidden(t, hidden)).toBe(true);
      t.persons.forEach((persons, i) => {
        if (isSmall(persons)) expect(hidden[i]).toBe(true);
      });
    }
  });
});

describe('suppressStatistics', () => {
  it('hides a share whose numerator or base is hidden', () => {
    const facts = [...many(10, { facilityCode: 'A', injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] }), ...many(2, { facilityCode: 'A', examined: false, examinedWithin24h: null })];
    facts.push(...many(3, { facilityCode: 'B', allegation: true }), ...many(6, { facilityCode: 'B', examined: false, examinedWithin24h: null }));
    facts.push(...many(20, { facilityCode: 'C', injuriesDocumented: true, lesions: [{ type: 'abrasion', consistency: 'consistent' }] }), ...many(7, { facilityCode: 'C', allegation: true }));
    const published = suppressStatistics(computeStatistics(facts, Q1));
    const b = published.byFacility.find((r) => r.key === 'B')?.figures;
    // B: 9 admissions shown; 3 examined hidden, so every share with that base is hidden, even 0 injuries.
    expect(b?.admissions).toEqual({ value: 9, suppressed: false });
    expect(b?.examined.suppressed).toBe(true);
    expect(b?.injuries).toEqual({ value: 0, suppressed: false });
    expect(b?.shareInjuries).toEqual({ percent: null, suppressed: true });
    expect(b?.shareAllegations).toEqual({ percent: null, suppressed: true });
    // Secondary: A's 10 examined are the next smallest, so A's shares over the examined are hidden too.
    const a = published.byFacility.find((r) => r.key === 'A')?.figures;
    expect(a?.examined).toEqual({ value: null, suppressed: true });
    expect(a?.injuries).toEqual({ value: 10, suppressed: false });
    expect(a?.shareInjuries).toEqual({ percent: null, suppressed: true });
    // C: 20 of 27 injured is shown; its 7 allegations are hidden to protect B's 3, and so is that share.
    const c = published.byFacility.find((r) => r.key === 'C')?.figures;
    expect(c?.shareInjuries).toEqual({ percent: 74.1, suppressed: false });
    expect(c?.allegations.suppressed).toBe(true);
    expect(c?.shareAllegations).toEqual({ percent: null, suppressed: true });
    expect(published.total.shareAllegations).toEqual({ percent: 25, suppressed: false });
  });

  it('pools places with fewer than 5 admissions, so their names never appear', () => {
    const facts = [...many(6, { arrivedFromPlace: 'Station A' }), ...many(2, { arrivedFromPlace: 'Commissariat X' }), ...many(4, { arrivedFromPlace: 'Brigade Y' }), ...many(5, { arrivedFromPlace: null })];
    const published = suppressStatistics(computeStatistics(facts, Q1));
    expect(published.byArrivedFromPlace.map((row) => [row.kind, row.key, row.figures.admissions.value])).toEqual([
      ['value', 'Station A', 6],
      ['other_places', null, 6],
      ['not_recorded', null, 5],
    ]);
    expect(JSON.stringify(published)).not.toMatch(/Commissariat|Brigade/);
  });

  it('hides the period total in every table alike when it is small', () => {
    const published = suppressStatistics(computeStatistics(many(3), Q1));
    expect(published.total.admissions.suppressed).toBe(true);
    for (const rows of [published.byMonth, published.byFacility, published.byArrivedFromType, published.byArrivedFromPlace]) {
      for (const row of rows) expect(row.figures.admissions.value === 0 || row.figures.admissions.suppressed).toBe(true);
    }
  });

  it('suppresses lesion cells by persons and protects them from the margins', () => {
    // One person with 6 contusions graded consistent; 8 persons with one abrasion each, consistent; 7 with a contusion, typical.
    const facts = [
      fact({ injuriesDocumented: true, lesions: Array.from({ length: 6 }, () => ({ type: 'contusion' as const, consistency: 'consistent' as const })) }),
      ...many(8, { injuriesDocumented: true, lesions: [{ type: 'abrasion', consistency: 'consistent' }] }),
      ...many(7, { injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'typical' }] }),
    ];
    const stats = computeStatistics(facts, Q1);
    const published = suppressStatistics(stats);
    const row = (type: string) => published.lesions.rows.find((r) => r.type === type);
    expect(row('contusion')?.cells[1]).toEqual({ value: null, suppressed: true });
    expect(row('contusion')?.cells[3]).toEqual({ value: null, suppressed: true });
    expect(row('abrasion')?.cells[1]).toEqual({ value: null, suppressed: true });
    // Whatever is published, the 6 lesions of the one person cannot be derived from it.
    const lesionCells = [stats.lesions.total, ...stats.lesions.rows.map((r) => r.total), ...stats.lesions.columnTotals, ...stats.lesions.rows.flatMap((r) => r.cells)];
    const t = table(stats.lesions.rows.map((r) => r.cells.map((c) => c.lesions)));
    const flat = [published.lesions.total, ...published.lesions.rows.map((r) => r.total), ...published.lesions.columnTotals, ...published.lesions.rows.flatMap((r) => r.cells)];
    expect(t.values).toEqual(lesionCells.map((c) => c.lesions));
    expect(determinedCells(t, flat.map((c) => c.suppressed))).toEqual([]);
  });

  it('is deterministic: the same facts in another order give the same result', () => {
    const random = prng(42);
    const facts = Array.from({ length: 400 }, () =>
      fact({
        date: `2025-0${String(1 + Math.floor(random() * 3))}-1${String(Math.floor(random() * 9))}`,
        facilityCode: `P-${String(Math.floor(random() * 6))}`,
        arrivedFromPlace: ['Station A', 'station a', 'Brigade B', 'Post C', 'Post D'][Math.floor(random() * 5)] ?? null,
        injuriesDocumented: random() < 0.5,
        allegation: random() < 0.3,
        lesions: random() < 0.5 ? [{ type: 'contusion', consistency: random() < 0.5 ? 'consistent' : null }] : [],
      }),
    ).map((f) => ({ ...f, month: f.date.slice(0, 7) }));
    const shuffled = [...facts].sort(() => random() - 0.5);
    expect(suppressStatistics(computeStatistics(shuffled, Q1))).toEqual(suppressStatistics(computeStatistics(facts, Q1)));
  });
});
