/**
 * processPhoto's refusals, which happen before any decoding and so run in Node too. Decoding and
 * the derived copies need a browser: they are exercised in Chromium (see the report of issue #5).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PHOTO_ERROR_CODES, PhotoError } from '../../../shared/photos/errors';
import { MAX_PHOTO_BYTES } from '../../../shared/photos/inspect';
import { messageKeyFor, processPhoto } from '../../../renderer/photos/processPhoto';
import { jpegHeaderOnly } from './craft';

function fixture(name: string): Blob {
  return new Blob([readFileSync(new URL(`../../fixtures/photos/${name}`, import.meta.url))], { type: 'image/jpeg' });
}

/** A Blob-shaped object: what processPhoto reads of a File (its size, then its bytes). */
function fakeFile(size: number, arrayBuffer: () => Promise<ArrayBuffer>): Blob {
  return { size, arrayBuffer } as unknown as Blob;
}

async function refusal(file: Blob): Promise<string> {
  try {
    await processPhoto(file);
  } catch (error) {
    if (error instanceof PhotoError) return error.code;
    throw error;
  }
  throw new Error('processPhoto accepted the file');
}

describe('processPhoto refusals', () => {
  it('refuses an empty file and a file over 64 MB from its size, without reading it', async () => {
    expect(await refusal(new Blob([]))).toBe('empty');
    expect(await refusal(fakeFile(MAX_PHOTO_BYTES + 1, () => Promise.reject(new Error('must not be read'))))).toBe('tooBig');
    expect(await refusal(new Blob([new Uint8Array(MAX_PHOTO_BYTES + 1)]))).toBe('tooBig');
  });

  it('refuses by content, whatever the name or MIME type says', async () => {
    expect(await refusal(fixture('not-an-image.jpg'))).toBe('notAnImage');
    expect(await refusal(fixture('truncated.jpg'))).toBe('truncated');
    expect(await refusal(new Blob([jpegHeaderOnly(10000, 6000)], { type: 'image/jpeg' }))).toBe('tooManyPixels');
  });

  it('reports a file that cannot be read as unreadable', async () => {
    expect(await refusal(fakeFile(10, () => Promise.reject(new Error('NotReadableError'))))).toBe('unreadable');
  });

  it('gives decodeFailed, never a partial result, where the platform cannot decode', async () => {
    // Node has no createImageBitmap: the same path a browser takes for an undecodable image.
    expect(await refusal(fixture('camera-rotate6.jpg'))).toBe('decodeFailed');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(processPhoto(fixture('camera-rotate6.jpg'), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('messageKeyFor', () => {
  it('names a findings key per error code', () => {
    expect(PHOTO_ERROR_CODES.map((code) => messageKeyFor(new PhotoError(code)))).toEqual(PHOTO_ERROR_CODES.map((code) => `findings:photo.error.${code}`));
    expect(messageKeyFor(new PhotoError('truncated'))).toBe('findings:photo.error.truncated');
  });
});
