/** FHIR R4 exports (issue #18): a case as a Bundle, statistics as a MeasureReport, and as DHIS2 data values. */
export { caseToFhirBundle, type FhirBundleType, type FhirExportOptions, type FhirVariant, type SignedReport, type SignedReportSignature } from './bundle';
export { ATTEST_FHIR_BASE, BODY_REGION_SNOMED, SIDE_SNOMED } from './codes';
export { ATTEST_FHIR_NAMESPACE, sha1, sha1Base64, uuidV5 } from './ids';
export { fhirDateTime, fhirString, sha256Uri } from './values';
export { Dhis2Mapping, INDICATOR_IDS, dhis2Period, statisticsToDhis2, statisticsToMeasureReport, type Dhis2DataValue, type Dhis2Result, type IndicatorId } from './aggregates';
