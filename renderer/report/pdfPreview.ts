/**
 * Drawing PDF pages in the app with pdf.js, for the signing dialog's preview of the exact bytes to be
 * signed. Loaded on demand (pdf.js is large). Under the app's Content-Security-Policy: the worker is
 * a same-origin module (`pdfPreview.worker.ts`), `isEvalSupported: false` (no `new Function`), no
 * CMap, standard-font, ICC or wasm URLs (nothing is fetched: the reports embed their fonts), no XFA,
 * no scripting. pdf.js takes ownership of the buffer it is given, so it always gets a copy: the
 * caller's bytes stay exactly as rendered, for the signature.
 */
import type { PDFDocumentProxy, PDFPageProxy, PDFWorker } from 'pdfjs-dist';

export interface PdfPreviewSession {
  /** Opens a copy of `bytes`. */
  open(bytes: Uint8Array): Promise<PDFDocumentProxy>;
  /** Stops the worker and forgets every document opened. */
  close(): void;
}

/** One worker for the documents of one signing dialog. */
export async function openPdfPreviewSession(): Promise<PdfPreviewSession> {
  const pdfjs = await import('pdfjs-dist');
  const port = new Worker(new URL('./pdfPreview.worker.ts', import.meta.url), { type: 'module', name: 'pdf-preview' });
  // pdf.js declares `port` (a Worker) as `null` in its generated types; a Worker is what it takes.
  let worker: PDFWorker | null = new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: pdfjs.VerbosityLevel.ERRORS });
  const documents: PDFDocumentProxy[] = [];
  return {
    async open(bytes) {
      if (worker === null) throw new Error('The preview is closed.');
      const task = pdfjs.getDocument({
        data: bytes.slice(),
        worker,
        isEvalSupported: false,
        enableXfa: false,
        useWasm: false,
        useSystemFonts: false,
        stopAtErrors: true,
        verbosity: pdfjs.VerbosityLevel.ERRORS,
      });
      const document = await task.promise;
      documents.push(document);
      return document;
    },
    close() {
      for (const document of documents.splice(0)) void document.destroy();
      worker?.destroy();
      worker = null;
      port.terminate();
    },
  };
}

/**
 * Draws one page into `canvas`, `cssWidth` CSS pixels wide at the screen's pixel density (at most
 * 2×, to keep memory flat). Resolves when drawn.
 */
export async function drawPage(page: PDFPageProxy, canvas: HTMLCanvasElement, cssWidth: number): Promise<void> {
  const base = page.getViewport({ scale: 1 });
  const density = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  const viewport = page.getViewport({ scale: (cssWidth / base.width) * density });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvas, viewport }).promise;
}
