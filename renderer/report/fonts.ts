/**
 * The report's fonts (DejaVu Sans: Latin with accents, Greek, Cyrillic and the symbols a report uses),
 * bundled as assets and fetched from the app itself the first time a report is made.
 */
import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import type { Fonts } from '../../shared/report';

let loading: Promise<Fonts> | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error('A report font could not be loaded.');
  return new Uint8Array(await response.arrayBuffer());
}

export function reportFonts(): Promise<Fonts> {
  loading ??= Promise.all([fetchBytes(regularUrl), fetchBytes(boldUrl)]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
