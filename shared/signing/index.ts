/** PAdES signing and revision-aware verification of PDF reports (issues #6, #13). Pure: WebCrypto and Uint8Array only. */
export { signPdf, signPdfDetailed, timestampPdf, SigningError, type TimestampOutcome, type SigningErrorCode, type SigningIdentity, type SignOptions } from './sign';
export { verifyPdf, certificateFingerprint, isInvalidating, type PdfVerification, type SignatureProblem, type SignatureReport, type VerifyOptions } from './verify';
export { COUNTERSIGN_ROLES, VERDICT_EXIT_CODES, VERDICT_WORDS, type Change, type ChangeCode, type CountersignRole, type SignatureKind, type TrustProblem, type Verdict } from './verdict';
export type { TrustInput, TrustResult } from './trust';
export { changeParams, describeChange } from './describe';
export { httpTimestampTransport, requestTimestamp, TimestampError, TIMESTAMP_FAILURE_TEXT, type TimestampFailure, type TimestampPolicy, type TimestampTransport } from './timestamp';
export { COUNTERSIGN_ROLE_TEXT, MAX_COUNTERSIGN_COMMENT, countersignComment, countersignPlan, countersignReason, signedPrefixes, type CountersignRefusal } from './countersign';
