import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { type BridgeInvoke, bridgeGlobal, buildBridge } from '../../../electron/preloadApi';
import { BRIDGE_GLOBAL, type IpcChannel, bridgeMethodNames, ipcChannels } from '../../../shared/ipc';

function recordingBridge() {
  const calls: { channel: IpcChannel; args: unknown[] }[] = [];
  const invoke: BridgeInvoke = vi.fn((channel: IpcChannel, ...args: unknown[]) => {
    calls.push({ channel, args });
    return Promise.resolve({ ok: channel });
  });
  return { bridge: buildBridge(invoke), calls };
}

describe('buildBridge', () => {
  it('exposes exactly one function per channel, named by the contract, and nothing else', () => {
    const { bridge } = recordingBridge();
    const expected = Object.values(bridgeMethodNames).sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Reflect.ownKeys(bridge)).toHaveLength(ipcChannels.length);
    for (const name of expected) expect(typeof Reflect.get(bridge, name)).toBe('function');
  });

  it('has no generic door: no send, invoke, on or ipcRenderer', () => {
    const { bridge } = recordingBridge();
    for (const name of ['send', 'invoke', 'on', 'once', 'sendSync', 'postMessage', 'ipcRenderer', 'removeAllListeners']) {
      expect(name in bridge, name).toBe(false);
    }
  });

  it.each(ipcChannels)('%s: its function invokes that channel and only that one', async (channel) => {
    const { bridge, calls } = recordingBridge();
    // Called untyped on purpose: the test passes extra arguments a hostile page could pass.
    const methods = bridge as unknown as Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>;
    const method = methods[bridgeMethodNames[channel]];
    if (method === undefined) throw new Error('missing method');
    const request = channel === 'app:getInfo' ? undefined : { marker: channel };
    const result: unknown = await (request === undefined ? method() : method(request, 'extra', 'args'));
    expect(result).toEqual({ ok: channel });
    expect(calls).toEqual([{ channel, args: request === undefined ? [] : [request] }]);
  });

  it('cannot be changed by the page', () => {
    const { bridge } = recordingBridge();
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('is exposed under the contract global name', () => {
    expect(bridgeGlobal).toBe(BRIDGE_GLOBAL);
  });
});

describe('preload bundle', () => {
  it('requires only electron and stays small (no zod, no Node built-ins in a sandboxed preload)', async () => {
    const result = await build({
      entryPoints: [path.resolve(import.meta.dirname, '../../../electron/preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/gu)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/zod/iu);
    expect(code.length).toBeLessThan(4000);
    expect(code).toContain('exposeInMainWorld');
  });
});
