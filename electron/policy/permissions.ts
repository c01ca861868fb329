/**
 * Where: main process, pure (Electron types only). Decides permission requests and checks.
 */
import type { Session } from 'electron';
import { isAppUrl } from './origin';

/** What a permission decision looks at, gathered from a request or a check. */
export interface PermissionQuery {
  readonly permission: string;
  /** Every origin or URL Electron reports for the requester; all must be ours. */
  readonly origins: readonly (string | undefined)[];
  /** For `media`: which devices (`video` = camera, `audio` = microphone). */
  readonly mediaTypes: readonly string[] | undefined;
  readonly isMainFrame: boolean;
}

/**
 * Denies every permission except the camera (`media` with only `video`) asked by the main frame
 * of our own page, which takes photographs of injuries. The microphone, the screen, location,
 * notifications, devices, clipboard reading and all the rest are denied.
 */
export function decidePermission(query: PermissionQuery): boolean {
  if (query.permission !== 'media') return false;
  if (!query.isMainFrame) return false;
  if (query.origins.length === 0 || !query.origins.every((origin) => isAppUrl(origin))) return false;
  const mediaTypes = query.mediaTypes ?? [];
  return mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;

/** `session.setPermissionRequestHandler` adapter over {@link decidePermission}. */
export const handlePermissionRequest: RequestHandler = (_webContents, permission, callback, details) => {
  const media = 'mediaTypes' in details ? details : undefined;
  callback(
    decidePermission({
      permission,
      origins: [details.requestingUrl, ...(media?.securityOrigin === undefined ? [] : [media.securityOrigin])],
      mediaTypes: media?.mediaTypes,
      isMainFrame: details.isMainFrame,
    }),
  );
};

/** `session.setPermissionCheckHandler` adapter over {@link decidePermission}. */
export const handlePermissionCheck: CheckHandler = (_webContents, permission, requestingOrigin, details) =>
  decidePermission({
    permission,
    origins: [requestingOrigin, details.securityOrigin, details.requestingUrl].filter(
      (origin): origin is string => origin !== undefined,
    ),
    mediaTypes: details.mediaType === undefined ? undefined : [details.mediaType],
    isMainFrame: details.isMainFrame,
  });
