/** PAdES B-B signing and verification of PDF reports (issue #6). Pure: WebCrypto and Uint8Array only. */
export { signPdf, SigningError, type SigningErrorCode, type SigningIdentity, type SignOptions } from './sign';
export { verifyPdf, certificateFingerprint, type PdfVerification, type SignatureProblem, type SignatureReport, type VerifyOptions } from './verify';
