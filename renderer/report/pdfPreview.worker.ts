/**
 * The pdf.js worker, bundled by Vite as a same-origin module of the app (served from /assets/, so the
 * CSP's `worker-src 'self'` covers it: no blob:, no CDN). Importing it starts pdf.js's message
 * handler on this worker's own port.
 */
import 'pdfjs-dist/build/pdf.worker.min.mjs';
