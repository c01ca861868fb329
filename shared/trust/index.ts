/** Certificates trusted when verifying reports: reading PEM/DER files and classifying them. Import from here. */
export {
  CertificateFacts,
  Fingerprint,
  MAX_CERTIFICATES_PER_FILE,
  MAX_CERTIFICATE_BYTES,
  MAX_TRUST_FILE_BYTES,
  TRUST_KINDS,
  inspectCertificate,
  readCertificateFile,
  type InspectedCertificate,
  type TrustKind,
} from './certificates';
export { TrustError, type TrustErrorCode, type TrustErrorPosition } from './errors';
export { certificateFingerprint } from '../signing';
