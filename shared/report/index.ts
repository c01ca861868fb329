/**
 * The printed documents: the Istanbul Protocol medico-legal report and the admission-examination
 * record, as data (`buildReportModel`, `buildIntakeRecordModel`) and as PDF (`renderPdf`); for a
 * referral, the report's anonymised variant, its summary and the cover letter.
 * Pure: runs in Node and in the browser; font and image bytes are passed in.
 */
export { buildIntakeRecordModel, buildReportModel, chartFigures, lesionTable, type ReportClinician, type ReportInput } from './build';
export type { ChartFigure, ChartMark, KeyValueRow, ReportBlock, ReportBlockKind, ReportModel, ReportPhoto, ReportSection, TableColumn } from './model';
export { AUTHOR_FIELD, COUNTERSIGNATURE_FIELD_PREFIX, prepareSignatureFields, renderPdf, type Fonts, type RenderedPdf, type RenderOptions, type SignatureBlockPlacement } from './render';
export type { FallbackFont, FontFiles, MissingCharacter } from './typeset';
export { SCRIPT_FONTS, type ScriptFontSpec } from './scriptFonts';
export { ageBand, anonymisedExamination, anonymisedRecord, anonymiseReport, buildAnonymisedReportModel, type AnonymisedReport } from './anonymise';
export { buildCoverLetterModel, type CoverLetterInput } from './coverLetter';
export { buildSummaryReportModel, reviewSummary, type ReviewedSummary, type SummaryInput } from './summary';
export { identifierMatcher, identifiersOfExamination, type IdentifierMatcher, type IdentifierSpec, type MatchReason, type TextMatch } from './identifiers';
export type { DocumentReview, ReviewDecisions, ReviewPassage } from './review';
export { applyPdfA, xmpPacket, type PdfAttachment } from './pdfa';
export { anonymisedAttachment, caseFileAttachment, MAX_CASE_FILE_ATTACHMENT_BYTES, reportAttachment, type CaseFileAttachment } from './attachments';
