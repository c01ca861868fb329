/** Injected by vite.config.ts from package.json. */
declare const __APP_VERSION__: string;

/** A font file bundled as an asset: its URL (Vite `?url`). */
declare module '*.ttf?url' {
  const url: string;
  export default url;
}
