/**
 * The report's fonts (DejaVu Sans: Latin with accents, Greek, Cyrillic and the symbols a report uses),
 * bundled as assets and fetched from the app itself the first time a report is made; the fonts of
 * other scripts (Arabic, Chinese, emoji: shared/report/scriptFonts.ts) are fetched only when
 * a document uses their script.
 */
import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import emojiUrl from '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf?url';
import arabicBoldUrl from '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf?url';
import arabicUrl from '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf?url';
import cjkBoldUrl from '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf?url';
import cjkUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import { SCRIPT_FONTS, type FallbackFont, type FontFiles, type Fonts, type ScriptFontSpec } from '../../shared/report';

let loading: Promise<Fonts> | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error('A report font could not be loaded.');
  return new Uint8Array(await response.arrayBuffer());
}

const URLS: Record<ScriptFontSpec['name'], { readonly regular: string; readonly bold: string | null }> = {
  arabic: { regular: arabicUrl, bold: arabicBoldUrl },
  cjk: { regular: cjkUrl, bold: cjkBoldUrl },
  emoji: { regular: emojiUrl, bold: null },
};

function fallback(spec: ScriptFontSpec): FallbackFont {
  let files: Promise<FontFiles> | null = null;
  const urls = URLS[spec.name];
  return {
    name: spec.name,
    ranges: spec.ranges,
    load: () => {
      files ??= Promise.all([fetchBytes(urls.regular), urls.bold === null ? null : fetchBytes(urls.bold)]).then(
        ([regular, bold]) => (bold === null ? { regular } : { regular, bold }),
        (error: unknown) => {
          files = null;
          throw error;
        },
      );
      return files;
    },
  };
}

export function reportFonts(): Promise<Fonts> {
  loading ??= Promise.all([fetchBytes(regularUrl), fetchBytes(boldUrl)]).then(
    ([regular, bold]) => ({ regular, bold, fallbacks: SCRIPT_FONTS.map(fallback) }),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
