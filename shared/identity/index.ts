/**
 * The clinician's identity: the professional profile, the signing key and its X.509 certificate
 * (self-signed here, or imported as PKCS#12 from an institution), PEM and fingerprints to hand the
 * certificate to recipients. Pure: WebCrypto, asn1js and PKI.js only. Import from here.
 */
export { CLINICIAN_ROLES, ClinicianProfile, ClinicianRole } from './profile';
export {
  algorithmOfIdentifier,
  certificateInfo,
  createSelfSignedIdentity,
  matchesPrivateKey,
  publicKeyOf,
  signingAlgorithmOf,
  type CertificateInfo,
  type SelfSignedIdentity,
  type SigningKeyAlgorithm,
} from './certificate';
export { MAX_PKCS12_BYTES, PKCS12_DEFAULT_ITERATIONS, PKCS12_MIN_ITERATIONS, exportPkcs12, importPkcs12, type ImportedPkcs12 } from './pkcs12';
export { assertSigningCertificate, signingCertificateProblem, type SigningCertificateProblem } from './signingPolicy';
export { colonHex, fromPem, toPem } from './pem';
export { IdentityError, type IdentityErrorCode } from './errors';
