/**
 * CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1, CAdES detached): signed attributes
 * contentType, messageDigest and ESS signing-certificate-v2, and deliberately no signingTime (the time
 * of a PAdES signature is the signature dictionary's /M).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HASH_OID, hashByOid, OID, signatureAlgorithmOid, signForCms, verifyWithPublicKey, type HashName } from './algorithms';
import { compareBytes, digest, equalBytes, own, sha256, type Bytes } from './bytes';
import { parseCertificate } from './certificate';

const OID_SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';

function parseDer(der: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(own(der));
  if (parsed.offset === -1) throw new Error(`Unreadable DER: ${parsed.result.error}`);
  return parsed.result;
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with one ESSCertIDv2
 * { certHash (SHA-256, the DEFAULT algorithm, so omitted), issuerSerial { issuer GeneralNames, serial } }.
 */
function signingCertificateV2(certificate: pkijs.Certificate, certHash: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        // GeneralName directoryName [4] EXPLICIT Name
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: own(certHash) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function attributeDer(attribute: pkijs.Attribute): Bytes {
  return new Uint8Array(attribute.toSchema().toBER(false));
}

/**
 * A detached CMS SignedData (DER, wrapped in ContentInfo) over content whose SHA-256 is
 * `contentDigest`, signed by `privateKey` whose certificate is `certificateDer`.
 */
export async function createCadesSignature(input: {
  readonly contentDigest: Uint8Array;
  readonly privateKey: CryptoKey;
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  /**
   * Asked for a signature-time-stamp token over the signature value (PAdES B-T); the token (DER
   * ContentInfo) becomes the unsigned attribute id-aa-signatureTimeStampToken. Null: none (B-B).
   */
  readonly timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array | null>;
}): Promise<Bytes> {
  const certificate = new pkijs.Certificate({ schema: parseDer(input.certificate) });
  const chain = input.chain.map((der) => new pkijs.Certificate({ schema: parseDer(der) }));
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: own(input.contentDigest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(certificate, await sha256(input.certificate))] }),
  ];
  // SET OF is ordered by encoding in DER; verifiers that re-encode (OpenSSL) would otherwise disagree.
  attributes.sort((a, b) => compareBytes(attributeDer(a), attributeDer(b)));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31; // signed over as a SET (RFC 5652 §5.4), carried as [0] IMPLICIT
  const signature = await signForCms(input.privateKey, toSign);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID['SHA-256'] }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: signatureAlgorithmOid(input.privateKey),
      ...(input.privateKey.algorithm.name === 'ECDSA' ? {} : { algorithmParams: new asn1js.Null() }),
    }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const token = input.timestamp ? await input.timestamp(new Uint8Array(signature)) : null;
  if (token) {
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID_SIGNATURE_TIMESTAMP, values: [parseDer(token)] })],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID['SHA-256'] })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate, ...chain],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export type CmsProblem =
  | 'cms-unreadable'
  | 'certificate-unreadable'
  | 'digest-mismatch'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'signing-certificate-missing'
  | 'signing-certificate-mismatch'
  | 'signing-time-attribute';

export interface CmsVerification {
  readonly signerCertificate: Uint8Array | null;
  /** The signature value (what a signature-time-stamp token stamps). */
  readonly signatureValue: Uint8Array | null;
  /** The unsigned attribute id-aa-signatureTimeStampToken (DER ContentInfo), when present (PAdES B-T). */
  readonly timestampToken: Uint8Array | null;
  readonly certificates: readonly Uint8Array[];
  readonly digestValid: boolean;
  readonly signatureValid: boolean;
  readonly problems: readonly CmsProblem[];
}

const UNREADABLE: CmsVerification = { signerCertificate: null, signatureValue: null, timestampToken: null, certificates: [], digestValid: false, signatureValid: false, problems: ['cms-unreadable'] };

function attributeValue(signerInfo: pkijs.SignerInfo, oid: string): asn1js.AsnType | null {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === oid);
  const values = attribute?.values as unknown[] | undefined;
  return (values?.[0] as asn1js.AsnType | undefined) ?? null;
}

function matchesSid(signerInfo: pkijs.SignerInfo, certificate: pkijs.Certificate): boolean {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return sid.issuer.isEqual(certificate.issuer) && sid.serialNumber.isEqual(certificate.serialNumber);
  }
  // subjectKeyIdentifier [0]: compare with the certificate's SKI extension.
  const keyId = (sid as { valueBlock?: { valueHexView?: Uint8Array } } | null)?.valueBlock?.valueHexView;
  const ski = certificate.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
  return Boolean(keyId && ski && equalBytes(keyId, ski.valueBlock.valueHexView));
}

/** Checks the ESS signing-certificate(-v2) attribute against the signer's certificate. */
async function checkSigningCertificateAttribute(signerInfo: pkijs.SignerInfo, certDer: Uint8Array): Promise<'match' | 'mismatch' | 'missing'> {
  const v2 = attributeValue(signerInfo, OID.signingCertificateV2);
  const v1 = attributeValue(signerInfo, OID.signingCertificate);
  const value = v2 ?? v1;
  if (!value) return 'missing';
  try {
    if (!(value instanceof asn1js.Sequence)) return 'mismatch';
    const certs = value.valueBlock.value[0];
    if (!(certs instanceof asn1js.Sequence)) return 'mismatch';
    const first = certs.valueBlock.value[0];
    if (!(first instanceof asn1js.Sequence)) return 'mismatch';
    const parts = first.valueBlock.value;
    let hash: HashName | 'SHA-1' = v2 ? 'SHA-256' : 'SHA-1';
    let hashIndex = 0;
    if (v2 && parts[0] instanceof asn1js.Sequence) {
      const algorithm = new pkijs.AlgorithmIdentifier({ schema: parts[0] });
      const named = hashByOid(algorithm.algorithmId);
      if (!named) return 'mismatch';
      hash = named;
      hashIndex = 1;
    }
    const certHash = parts[hashIndex];
    if (!(certHash instanceof asn1js.OctetString)) return 'mismatch';
    const expected = hash === 'SHA-1' ? new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', own(certDer))) : await digest(hash, [certDer]);
    return equalBytes(certHash.valueBlock.valueHexView, expected) ? 'match' : 'mismatch';
  } catch {
    return 'mismatch';
  }
}

/**
 * Verifies a detached CMS signature over `content` (the bytes the PDF's /ByteRange covers). Never
 * throws: everything wrong is a problem in the result.
 */
export async function verifyCadesSignature(cms: Uint8Array, content: readonly Uint8Array[], requireSigningCertificate: boolean): Promise<CmsVerification> {
  let signedData: pkijs.SignedData;
  try {
    // Parse a copy of the bytes: PKI.js keeps views into what it parses (environment.md).
    const parsed = asn1js.fromBER(own(cms));
    if (parsed.offset === -1) return UNREADABLE;
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID.signedData) return UNREADABLE;
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return UNREADABLE;
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) return UNREADABLE;

  const certificates: Uint8Array[] = [];
  let signer: { der: Uint8Array; cert: pkijs.Certificate } | null = null;
  for (const entry of signedData.certificates ?? []) {
    if (!(entry instanceof pkijs.Certificate)) continue;
    const der = new Uint8Array(entry.toSchema().toBER(false));
    certificates.push(der);
    // Re-parse from DER so that nothing depends on PKI.js's cached views of the CMS buffer.
    const cert = parseCertificate(der);
    if (!signer && cert && matchesSid(signerInfo, cert)) signer = { der, cert };
  }
  const problems: CmsProblem[] = [];
  const hash = hashByOid(signerInfo.digestAlgorithm.algorithmId);
  const messageDigest = attributeValue(signerInfo, OID.messageDigest);
  const contentTypeValue = attributeValue(signerInfo, OID.contentType);
  if (!hash) problems.push('unsupported-algorithm');
  if (!(messageDigest instanceof asn1js.OctetString) || !(contentTypeValue instanceof asn1js.ObjectIdentifier)) {
    return { signerCertificate: signer?.der ?? null, signatureValue: null, timestampToken: null, certificates, digestValid: false, signatureValid: false, problems: ['cms-unreadable'] };
  }
  if (requireSigningCertificate && attributeValue(signerInfo, OID.signingTime)) problems.push('signing-time-attribute');

  const digestValid = hash !== null && equalBytes(await digest(hash, content), messageDigest.valueBlock.valueHexView);
  if (hash && !digestValid) problems.push('digest-mismatch');

  let signatureValid = false;
  if (!signer) {
    problems.push('certificate-unreadable');
  } else if (hash) {
    const verdict = await verifyWithPublicKey(
      signer.cert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm.algorithmId,
      hash,
      signerInfo.signature.valueBlock.valueHexView,
      new Uint8Array(signerInfo.signedAttrs.encodedValue),
    );
    if (verdict === 'unsupported') problems.push('unsupported-algorithm');
    else if (!verdict) problems.push('bad-signature');
    signatureValid = verdict === true;
    const essCheck = await checkSigningCertificateAttribute(signerInfo, signer.der);
    if (essCheck === 'mismatch') {
      problems.push('signing-certificate-mismatch');
      signatureValid = false;
    } else if (essCheck === 'missing' && requireSigningCertificate) {
      problems.push('signing-certificate-missing');
    }
  }
  return { signerCertificate: signer?.der ?? null, signatureValue: new Uint8Array(signerInfo.signature.valueBlock.valueHexView), timestampToken: signatureTimestampToken(signerInfo), certificates, digestValid, signatureValid, problems };
}

/** The first id-aa-signatureTimeStampToken among the unsigned attributes, as DER, or null. */
function signatureTimestampToken(signerInfo: pkijs.SignerInfo): Uint8Array | null {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID_SIGNATURE_TIMESTAMP);
  const value = (attribute?.values as unknown[] | undefined)?.[0];
  if (!(value instanceof asn1js.BaseBlock)) return null;
  try {
    return new Uint8Array(value.toBER(false));
  } catch {
    return null;
  }
}
