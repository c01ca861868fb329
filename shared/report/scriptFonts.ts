/**
 * The fonts for scripts the body font (DejaVu Sans) does not cover well (it has Hebrew, shaped
 * and ordered like the others in typeset.ts), with the code points each is
 * preferred for. Files come from npm packages (TrueType, SIL Open Font License): the CLI reads them
 * from node_modules (cli/fonts.ts), the app bundles them as assets fetched on first use
 * (renderer/report/fonts.ts). A document embeds only those whose script it uses, as subsets.
 */
export interface ScriptFontSpec {
  readonly name: 'arabic' | 'cjk' | 'emoji';
  readonly ranges: readonly (readonly [number, number])[];
  /** Package-relative paths of the regular and (when there is one) bold TrueType files. */
  readonly regular: string;
  readonly bold: string | null;
}

export const SCRIPT_FONTS: readonly ScriptFontSpec[] = [
  {
    // Noto Naskh Arabic: Arabic, Persian, Urdu letters, Arabic-Indic digits, with joining and marks (GSUB/GPOS).
    name: 'arabic',
    ranges: [[0x0600, 0x06ff], [0x0750, 0x077f], [0x08a0, 0x08ff], [0xfb50, 0xfdff], [0xfe70, 0xfeff]],
    regular: '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
    bold: '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
  },
  {
    // Noto Sans SC (Simplified Chinese; also kana and most kanji): about 10 MB a weight, embedded as a subset.
    name: 'cjk',
    ranges: [[0x2e80, 0x2fdf], [0x3000, 0x30ff], [0x3100, 0x31ff], [0x3200, 0x9fff], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x20000, 0x3134f]],
    regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  },
  {
    // Noto Emoji (monochrome outlines): pictographs print as glyphs rather than as □.
    name: 'emoji',
    ranges: [[0x1f000, 0x1faff]],
    regular: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
    bold: null,
  },
];
