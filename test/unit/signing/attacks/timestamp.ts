/**
 * Document timestamps (ISO 32000-2 §12.8.5, PAdES: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161):
 * the /Contents is an RFC 3161 TimeStampToken whose TSTInfo's messageImprint is the hash of the
 * signed byte range. verify.ts has a path for them (verifyTimestampToken) that no test reached. Here
 * the forger plays the time-stamping authority with her own key:
 *  - a well-formed token over the right bytes, by an authority nobody trusts here: never VALID (its
 *    signer is judged like any other: SIGNER NOT TRUSTED);
 *  - a token whose imprint is of other bytes (the report before Alice signed): INVALID.
 * The timestamp sits in an invisible field of its own, as timestamping tools add it; after a
 * certification with /P 2 that is an allowed revision.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../../../../shared/signing/algorithms';
import type { TestIdentity } from '../testIdentity';
import type { Genuine } from './genuine';
import { newSignatureField } from './forge';
import { appendUpdate, bytesOf, latin1, mapDocument } from './pdfWriter';

const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const MARK = '**********';

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data.slice()));
}

/** An RFC 3161 TimeStampToken (ContentInfo of SignedData over a TSTInfo) for `imprint`, signed by `tsa`. */
export async function timeStampToken(imprint: Uint8Array, tsa: TestIdentity, genTime: Date): Promise<Uint8Array> {
  const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });
  const certificate = pkijs.Certificate.fromBER(tsa.certificate.slice().buffer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.99999.1',
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }), hashedMessage: new asn1js.OctetString({ valueHex: imprint.slice().buffer }) }),
    serialNumber: new asn1js.Integer({ value: 7 }),
    genTime,
  });
  const tstDer = new Uint8Array(tstInfo.toSchema().toBER(false));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID_TST_INFO })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: (await sha256(tstDer)).buffer })] }),
    ],
  });
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_TST_INFO, eContent: new asn1js.OctetString({ valueHex: tstDer.buffer }) }),
    signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }), signedAttrs })],
    certificates: [certificate],
  });
  await signedData.sign(tsa.privateKey, 0, 'SHA-256', undefined, engine);
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** Appends a document-timestamp revision to `pdf`, its token by `tsa`; `imprintOf` chooses the bytes whose hash the token claims. */
async function appendDocTimeStamp(pdf: Uint8Array, tsa: TestIdentity, genTime: Date, imprintOf: (signed: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  const map = mapDocument(pdf);
  const page = map.pageNums.at(-1) ?? 0;
  const sigNum = map.next;
  const placeholder = 8192;
  const sigDict = `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 /${MARK} /${MARK} /${MARK}] /Contents <${'0'.repeat(placeholder * 2)}> >>`;
  const prepared = appendUpdate(pdf, { objects: [{ num: sigNum, body: sigDict }, ...newSignatureField(pdf, { sigNum, fieldNum: sigNum + 1, name: 'DocTimeStamp1', pageNum: page })] });
  const source = latin1(prepared);
  const rangeAt = source.indexOf(`/ByteRange [0 /${MARK}`, pdf.length);
  const contentsAt = source.indexOf('/Contents <', rangeAt) + '/Contents '.length;
  const contentsEnd = source.indexOf('>', contentsAt) + 1;
  const out = prepared.slice();
  out.set(bytesOf(`/ByteRange [${[0, contentsAt, contentsEnd, prepared.length - contentsEnd].join(' ')}]`.padEnd(`/ByteRange [0 /${MARK} /${MARK} /${MARK}]`.length, ' ')), rangeAt);
  const signed = new Uint8Array(Buffer.concat([out.subarray(0, contentsAt), out.subarray(contentsEnd)]));
  const token = await timeStampToken(await sha256(imprintOf(signed)), tsa, genTime);
  out.set(bytesOf(Buffer.from(token).toString('hex')), contentsAt + 1);
  return out;
}

/** The forger as time-stamping authority: a sound token over the certified report's bytes. */
export function forgedAuthorityTimestamp(g: Genuine): Promise<Uint8Array> {
  return appendDocTimeStamp(g.certified, g.mallory, g.times.mallory, (signed) => signed);
}

/** A sound document timestamp by a timestamp authority (the timeStamping usage). */
export function authorityTimestamp(g: Genuine): Promise<Uint8Array> {
  return appendDocTimeStamp(g.certified, g.tsa, g.times.mallory, (signed) => signed);
}

/** A token whose imprint is the hash of the unsigned report, not of the bytes its /ByteRange covers. */
export function mismatchedTimestamp(g: Genuine): Promise<Uint8Array> {
  return appendDocTimeStamp(g.certified, g.mallory, g.times.mallory, () => g.unsigned);
}
