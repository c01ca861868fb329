import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { type BridgeInvoke, type BridgeSubscribe, bridgeGlobal, buildBridge } from '../../../electron/preloadApi';
import { BRIDGE_GLOBAL, type IpcChannel, type PushChannel, bridgeMethodNames, ipcChannels, pushChannels } from '../../../shared/ipc';

function recordingBridge() {
  const calls: { channel: IpcChannel; args: unknown[] }[] = [];
  const invoke: BridgeInvoke = vi.fn((channel: IpcChannel, ...args: unknown[]) => {
    calls.push({ channel, args });
    return Promise.resolve({ ok: channel });
  });
  const listeners = new Map<PushChannel, Set<(...args: unknown[]) => void>>();
  const subscribe: BridgeSubscribe = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => { set.delete(listener); };
  };
  /** What the main process's `webContents.send` does: every listener of the channel, with whatever it sends. */
  const push = (channel: PushChannel, ...args: unknown[]) => { for (const listener of listeners.get(channel) ?? []) listener(...args); };
  return { bridge: buildBridge(invoke, subscribe), calls, push, listeners };
}

describe('buildBridge', () => {
  it('exposes exactly one function per channel, named by the contract, and nothing else', () => {
    const { bridge } = recordingBridge();
    const expected = [...Object.values(bridgeMethodNames), ...Object.values(pushChannels)].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Reflect.ownKeys(bridge)).toHaveLength(ipcChannels.length + Object.keys(pushChannels).length);
    for (const name of expected) expect(typeof Reflect.get(bridge, name)).toBe('function');
  });

  it('has exactly these methods, the streaming file doors included', () => {
    const { bridge } = recordingBridge();
    expect(Object.keys(bridge).sort()).toEqual(
      ['flushDone', 'getAppInfo', 'onFlushRequested', 'onLockRequested', 'openBegin', 'openChunk', 'openEnd', 'openFile', 'openLink', 'queryTimestampAuthority', 'saveBegin', 'saveChunk', 'saveEnd', 'saveFile', 'sendToFhirServer'].sort(),
    );
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
    const request = channel === 'app:getInfo' || channel === 'app:flushed' ? undefined : { marker: channel };
    const result: unknown = await (request === undefined ? method() : method(request, 'extra', 'args'));
    expect(result).toEqual({ ok: channel });
    expect(calls).toEqual([{ channel, args: request === undefined ? [] : [request] }]);
  });

  it('onLockRequested calls back on vault:lockRequested only, with no event or payload, until unsubscribed', () => {
    const { bridge, push, listeners } = recordingBridge();
    const callback = vi.fn();
    const unsubscribe = bridge.onLockRequested(callback);
    push('vault:lockRequested', { sender: 'ipc event' }, 'payload');
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith();
    unsubscribe();
    push('vault:lockRequested');
    expect(callback).toHaveBeenCalledTimes(1);
    expect(listeners.get('vault:lockRequested')?.size).toBe(0);
  });

  it('onFlushRequested calls back on app:flushRequested only, with no event or payload, until unsubscribed', () => {
    const { bridge, push, listeners } = recordingBridge();
    const callback = vi.fn();
    const unsubscribe = bridge.onFlushRequested(callback);
    push('vault:lockRequested');
    expect(callback).not.toHaveBeenCalled();
    push('app:flushRequested', { sender: 'ipc event' }, 'payload');
    expect(callback).toHaveBeenCalledWith();
    unsubscribe();
    push('app:flushRequested');
    expect(callback).toHaveBeenCalledTimes(1);
    expect(listeners.get('app:flushRequested')?.size).toBe(0);
    expect(() => (bridge.onFlushRequested as (x: unknown) => unknown)('alert(1)')).toThrow(TypeError);
  });

  it('onLockRequested refuses anything but a function', () => {
    const { bridge } = recordingBridge();
    expect(() => (bridge.onLockRequested as (x: unknown) => unknown)('alert(1)')).toThrow(TypeError);
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
