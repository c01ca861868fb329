import type { PermissionCheckHandlerHandlerDetails, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  type PermissionQuery,
  decidePermission,
  handlePermissionCheck,
  handlePermissionRequest,
} from '../../../electron/policy/permissions';

const camera: PermissionQuery = {
  permission: 'media',
  origins: ['app://attest/exam/3'],
  mediaTypes: ['video'],
  isMainFrame: true,
};

describe('decidePermission', () => {
  it('allows the camera to our own page', () => {
    expect(decidePermission(camera)).toBe(true);
  });

  it('denies camera and microphone together, and the microphone alone', () => {
    expect(decidePermission({ ...camera, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(decidePermission({ ...camera, mediaTypes: ['audio'] })).toBe(false);
  });

  it('denies media with no device named', () => {
    expect(decidePermission({ ...camera, mediaTypes: [] })).toBe(false);
    expect(decidePermission({ ...camera, mediaTypes: undefined })).toBe(false);
  });

  it.each(['https://evil.example', 'app://attest.evil', 'app://other', 'file:///', 'null', ''])(
    'denies the camera to another origin: %s',
    (origin) => {
      expect(decidePermission({ ...camera, origins: [origin] })).toBe(false);
    },
  );

  it('denies the camera when any reported origin is foreign, or none is reported', () => {
    expect(decidePermission({ ...camera, origins: ['app://attest/', 'https://evil.example'] })).toBe(false);
    expect(decidePermission({ ...camera, origins: ['app://attest/', undefined] })).toBe(false);
    expect(decidePermission({ ...camera, origins: [] })).toBe(false);
  });

  it('denies the camera to a subframe', () => {
    expect(decidePermission({ ...camera, isMainFrame: false })).toBe(false);
  });

  it.each([
    'geolocation',
    'notifications',
    'display-capture',
    'clipboard-read',
    'clipboard-sanitized-write',
    'midi',
    'midiSysex',
    'hid',
    'usb',
    'serial',
    'openExternal',
    'fullscreen',
    'pointerLock',
    'keyboardLock',
    'idle-detection',
    'persistent-storage',
    'fileSystem',
    'window-management',
    'local-fonts',
    'storage-access',
    'unknown',
  ])('denies %s, even to our own page', (permission) => {
    expect(decidePermission({ ...camera, permission })).toBe(false);
  });
});

type RequestDetails = Parameters<NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>>[3];
const noContents = {} as unknown as WebContents;

function request(permission: Parameters<typeof handlePermissionRequest>[1], details: RequestDetails): boolean {
  let granted: boolean | undefined;
  handlePermissionRequest(noContents, permission, (answer) => {
    granted = answer;
  }, details);
  if (granted === undefined) throw new Error('the handler did not answer');
  return granted;
}

describe('handlePermissionRequest (session adapter)', () => {
  it('grants a camera request from our page', () => {
    expect(
      request('media', { requestingUrl: 'app://attest/', isMainFrame: true, mediaTypes: ['video'], securityOrigin: 'app://attest' }),
    ).toBe(true);
  });

  it('denies a camera request whose security origin is foreign', () => {
    expect(
      request('media', { requestingUrl: 'app://attest/', isMainFrame: true, mediaTypes: ['video'], securityOrigin: 'https://evil.example' }),
    ).toBe(false);
  });

  it('denies camera with microphone, and notifications', () => {
    expect(request('media', { requestingUrl: 'app://attest/', isMainFrame: true, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(request('notifications', { requestingUrl: 'app://attest/', isMainFrame: true })).toBe(false);
  });
});

describe('handlePermissionCheck (session adapter)', () => {
  const check = (permission: Parameters<typeof handlePermissionCheck>[1], origin: string, details: PermissionCheckHandlerHandlerDetails) =>
    handlePermissionCheck(null, permission, origin, details);

  it('answers a camera check from our page with yes', () => {
    expect(check('media', 'app://attest', { isMainFrame: true, mediaType: 'video', securityOrigin: 'app://attest', requestingUrl: 'app://attest/' })).toBe(true);
  });

  it('answers microphone, unknown media, foreign origins and other permissions with no', () => {
    expect(check('media', 'app://attest', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(check('media', 'app://attest', { isMainFrame: true, mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(check('geolocation', 'app://attest', { isMainFrame: true })).toBe(false);
  });
});
