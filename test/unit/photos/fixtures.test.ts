import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { photoFixtures } from '../../fixtures/photos/make';

describe('photo fixtures', () => {
  it('are exactly what test/fixtures/photos/make.ts writes (run it after changing the builders)', () => {
    for (const [name, bytes] of Object.entries(photoFixtures())) {
      const onDisk = new Uint8Array(readFileSync(new URL(`../../fixtures/photos/${name}`, import.meta.url)));
      expect([name, onDisk]).toEqual([name, bytes]);
    }
  });
});
