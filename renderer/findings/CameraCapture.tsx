/**
 * Taking a photograph with the computer's camera. The camera is asked for only when the clinician
 * opens this dialog (in Electron the permission policy grants video to our own page only), and every
 * track is stopped when the dialog closes, so the camera light goes out. The frame is encoded once as
 * a JPEG: that file is the original, hashed and stored like an imported one.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function cameraAvailable(): boolean {
  // Absent outside a secure context, whatever the DOM types say.
  return typeof navigator !== 'undefined' && 'mediaDevices' in navigator && typeof navigator.mediaDevices.getUserMedia === 'function';
}

export function CameraCapture({ onCapture, onClose }: { readonly onCapture: (file: File) => void; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'ready' | 'failed'>('starting');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 4096 }, height: { ideal: 3072 } }, audio: false }).then(
      (s) => {
        if (!live) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().catch(() => undefined);
        }
        setState('ready');
      },
      () => { if (live) setState('failed'); },
    );
    return () => {
      live = false;
      if (stream) for (const track of stream.getTracks()) track.stop();
    };
  }, []);

  function capture() {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    canvas.toBlob(
      (blob) => {
        if (!blob) return;
        // A neutral name: it is shown in messages only, never stored.
        onCapture(new File([blob], 'camera.jpg', { type: 'image/jpeg' }));
      },
      'image/jpeg',
      0.95,
    );
  }

  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={t('findings:camera.title')}>
      <div className="photo-viewer-inner">
        <header>
          <strong>{t('findings:camera.title')}</strong>
          <button type="button" onClick={onClose}>
            {t('findings:closePhoto')}
          </button>
        </header>
        {state === 'failed' ? (
          <p role="alert">{t('findings:camera.failed')}</p>
        ) : (
          <video ref={video} muted playsInline className="camera-preview" data-testid="camera-preview" />
        )}
        <button type="button" disabled={state !== 'ready'} onClick={capture} autoFocus>
          {t('findings:camera.capture')}
        </button>
      </div>
    </div>
  );
}
