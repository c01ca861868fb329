/**
 * A real PKI on 127.0.0.1 for the timestamp and long-term validation tests (issue #17), made with the
 * OpenSSL command line once per test file, in a scratch folder under the OS temp dir:
 *
 *   - a test root CA (keyCertSign, cRLSign);
 *   - a timestamp authority certificate issued by it: extended key usage timeStamping, critical (RFC 3161 §2.3);
 *   - two clinicians' signing certificates issued by it (PKCS#12 for `attest sign`), one of them revoked;
 *   - a CRL made with `openssl ca -gencrl` listing the revoked one;
 *   - an RFC 3161 server: a small Node HTTP server that answers application/timestamp-query by running
 *     `openssl ts -reply` with the TSA's key (modes for the failures a TSA can produce);
 *   - an OCSP responder: `openssl ocsp -index … -port` signing with the CA.
 * Nothing here is a fake: every token comes from OpenSSL, and `opensslTsVerify` checks one independently.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type TsaMode = 'ok' | 'garbage' | 'timeout' | 'wrong-nonce' | 'other-digest' | 'rejection';

export interface TestPki {
  readonly dir: string;
  /** DER of the root CA, the TSA and the two signers. */
  readonly caCertificate: Uint8Array;
  readonly tsaCertificate: Uint8Array;
  readonly signerCertificate: Uint8Array;
  readonly revokedCertificate: Uint8Array;
  /** PKCS#12 files (password `PKCS12_PASSWORD`) of the two signers. */
  readonly signerP12: string;
  readonly revokedP12: string;
  /** Paths of the CA certificate (PEM) and the CRL (DER). */
  readonly caPem: string;
  readonly crlPath: string;
  readonly crl: Uint8Array;
  /** When `openssl ca` revoked the second signer (the CRL's revocationDate). */
  readonly revokedAt: Date;
  /** The timestamp server's URL; `setMode` changes how it answers. */
  readonly tsaUrl: string;
  setMode(mode: TsaMode): void;
  /** How many requests the TSA has answered. */
  readonly requests: () => number;
  /**
   * Starts `openssl ocsp` (on the port the long-term validation certificates name in their AIA, when
   * made with `{ ltv: true }`, else a free one); returns its URL.
   */
  startOcsp(): Promise<string>;
  /** Stops the OCSP responder (a file validated offline must not need it). */
  stopOcsp(): void;
  /**
   * With `{ ltv: true }`: signers whose certificates name a CRL distribution point (this server's
   * /crl.der) and an OCSP responder (AIA): one good, one revoked, and one the CA's database does not
   * list (made with `openssl x509 -req`, so the responder answers "unknown"). PKCS#12 files.
   */
  readonly ltv: { readonly goodP12: string; readonly revokedP12: string; readonly unknownP12: string; readonly revokedAt: Date; readonly crlUrl: string; readonly expiredCrlUrl: string; readonly ocspUrl: string } | null;
  close(): Promise<void>;
}

export const PKCS12_PASSWORD = 'test-pki-password';

function openssl(args: readonly string[], cwd: string, input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** An OpenSSL `ca` time (YYMMDDHHMMSSZ). */
function caTime(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

function derOfPem(path: string): Uint8Array {
  const text = readFileSync(path, 'latin1');
  const body = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

const CONFIG = `
[ ca ]
default_ca = testca
[ testca ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
crlnumber = ./crlnumber
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
default_days = 3650
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
countryName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_tsa ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_ocsp ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./tsaserial
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => { resolve(port); });
    });
  });
}

/** Rewrites a TimeStampReq's nonce or imprint, so that OpenSSL answers another question than the one asked. */
function tamperRequest(query: Uint8Array, mode: 'wrong-nonce' | 'other-digest'): Uint8Array {
  const request = pkijs.TimeStampReq.fromBER(query.slice().buffer);
  if (mode === 'wrong-nonce') request.nonce = new asn1js.Integer({ value: 424242 });
  else request.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: new Uint8Array(32).fill(7).buffer });
  return new Uint8Array(request.toSchema().toBER(false));
}

/** Sets up the PKI and starts the TSA. One per test file: it costs a few hundred milliseconds of OpenSSL. */
export async function startTestPki(options: { readonly ltv?: boolean } = {}): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'attest-pki-'));
  const run = (args: readonly string[], input?: Uint8Array) => openssl(args, dir, input);
  let mode: TsaMode = 'ok';
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      if (req.method === 'GET' && (req.url === '/crl.der' || req.url === '/crl-expired.der')) {
        res.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(readFileSync(join(dir, req.url === '/crl.der' ? 'crl.der' : 'crl-expired.der')));
        return;
      }
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(415).end();
        return;
      }
      if (mode === 'timeout') return; // never answers
      if (mode === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from('<html>Service unavailable</html>'));
        return;
      }
      let query: Uint8Array = new Uint8Array(Buffer.concat(chunks));
      if (mode === 'wrong-nonce' || mode === 'other-digest') query = tamperRequest(query, mode);
      const queryPath = join(dir, `q${String(requests)}.tsq`);
      const replyPath = join(dir, `r${String(requests)}.tsr`);
      writeFileSync(queryPath, query);
      const child = spawn('openssl', ['ts', '-reply', ...cnf, '-section', 'tsa_config', '-queryfile', queryPath, '-out', replyPath], { cwd: dir, stdio: 'ignore' });
      child.on('close', (code) => {
        if (code !== 0) {
          res.writeHead(500).end();
          return;
        }
        let reply = new Uint8Array(readFileSync(replyPath));
        if (mode === 'rejection') {
          // PKIStatusInfo { status rejection(2) }, no token: what a TSA answers a request it refuses.
          reply = new Uint8Array([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02]);
        }
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from(reply));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  execFileSync('mkdir', ['-p', join(dir, 'newcerts')]);
  const cnf = ['-config', 'openssl.cnf'];
  const key = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  key('ca');
  run(['req', '-new', '-x509', ...cnf, '-key', 'ca.key', '-subj', '/C=CH/CN=Attest Test Root CA', '-days', '3650', '-extensions', 'v3_ca', '-out', 'ca.pem']);
  const issue = (name: string, subject: string, extensions: string) => {
    key(name);
    run(['req', '-new', ...cnf, '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    // Backdated a day, so that a signature made "now" is well inside the validity.
    run(['ca', '-batch', ...cnf, '-extensions', extensions, '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', '-startdate', new Date(Date.now() - 86_400_000).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z']);
  };
  issue('tsa', '/C=CH/CN=Attest Test TSA', 'v3_tsa');
  issue('signer', '/C=CH/CN=Dr Amina Test', 'v3_signer');
  issue('revoked', '/C=CH/CN=Dr Revoked Test', 'v3_signer');
  issue('ocsp', '/C=CH/CN=Attest Test OCSP', 'v3_ocsp');
  for (const name of ['signer', 'revoked']) {
    run(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'ca.pem', '-name', name, '-passout', `pass:${PKCS12_PASSWORD}`, '-out', `${name}.p12`, '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256']);
  }
  const ocspPort = await freePort();
  const base = `http://127.0.0.1:${String(port)}`;
  const ltvEnv = { ATTEST_CRL_URL: `${base}/crl.der`, ATTEST_OCSP_URL: `http://127.0.0.1:${String(ocspPort)}` };
  if (options.ltv) {
    // A signer's certificate that names where its revocation status is published (RFC 5280 §4.2.1.13, §4.2.2.1).
    writeFileSync(join(dir, 'ltv.ext'), ['[ v3_signer_ltv ]', 'basicConstraints = critical, CA:false', 'keyUsage = critical, digitalSignature, nonRepudiation', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', `crlDistributionPoints = URI:${ltvEnv.ATTEST_CRL_URL}`, `authorityInfoAccess = OCSP;URI:${ltvEnv.ATTEST_OCSP_URL}`, ''].join('\n'));
    for (const name of ['ltv-good', 'ltv-revoked', 'ltv-unknown']) {
      key(name);
      run(['req', '-new', ...cnf, '-key', `${name}.key`, '-subj', `/C=CH/CN=Dr ${name} Test`, '-out', `${name}.csr`]);
      const extensions = ['-extfile', 'ltv.ext', '-extensions', 'v3_signer_ltv'];
      if (name === 'ltv-unknown') {
        // Signed by the CA's key but not through `openssl ca`: its database, and so the responder, does not know it.
        run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x7A7A7A', '-days', '30', ...extensions, '-out', `${name}.pem`]);
      } else {
        run(['ca', '-batch', ...cnf, ...extensions, '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', '-startdate', caTime(new Date(Date.now() - 86_400_000))]);
      }
      run(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'ca.pem', '-name', name, '-passout', `pass:${PKCS12_PASSWORD}`, '-out', `${name}.p12`, '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256']);
    }
  }
  run(['ca', ...cnf, '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise']);
  if (options.ltv) run(['ca', ...cnf, '-revoke', 'ltv-revoked.pem', '-crl_reason', 'keyCompromise']);
  run(['ca', '-gencrl', ...cnf, '-out', 'crl.pem']);
  // A CRL whose next update has passed: it says nothing about now.
  run(['ca', '-gencrl', ...cnf, '-crl_lastupdate', caTime(new Date(Date.now() - 3 * 86_400_000)), '-crl_nextupdate', caTime(new Date(Date.now() - 2 * 86_400_000)), '-out', 'crl-expired.pem']);
  run(['crl', '-in', 'crl-expired.pem', '-outform', 'DER', '-out', 'crl-expired.der']);
  run(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der']);
  const crl = new Uint8Array(readFileSync(join(dir, 'crl.der')));
  const index = readFileSync(join(dir, 'index.txt'), 'utf8');
  const revokedLine = index.split('\n').find((line) => line.startsWith('R'));
  const revokedField = revokedLine?.split('\t')[2]?.split(',')[0] ?? '';
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(revokedField);
  if (!m) throw new Error('openssl ca did not record the revocation');
  const revokedAt = new Date(Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  const ltvRevokedField = index.split('\n').filter((line) => line.startsWith('R'))[1]?.split('\t')[2]?.split(',')[0] ?? '';
  const n = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(ltvRevokedField);
  const ltvRevokedAt = n ? new Date(Date.UTC(2000 + Number(n[1]), Number(n[2]) - 1, Number(n[3]), Number(n[4]), Number(n[5]), Number(n[6]))) : new Date(NaN);

  const children: ChildProcess[] = [];

  return {
    dir,
    caCertificate: derOfPem(join(dir, 'ca.pem')),
    tsaCertificate: derOfPem(join(dir, 'tsa.pem')),
    signerCertificate: derOfPem(join(dir, 'signer.pem')),
    revokedCertificate: derOfPem(join(dir, 'revoked.pem')),
    signerP12: join(dir, 'signer.p12'),
    revokedP12: join(dir, 'revoked.p12'),
    caPem: join(dir, 'ca.pem'),
    crlPath: join(dir, 'crl.der'),
    crl,
    revokedAt,
    tsaUrl: `http://127.0.0.1:${String(port)}/tsa`,
    setMode: (next) => { mode = next; },
    requests: () => requests,
    ltv: options.ltv ? { goodP12: join(dir, 'ltv-good.p12'), revokedP12: join(dir, 'ltv-revoked.p12'), unknownP12: join(dir, 'ltv-unknown.p12'), revokedAt: ltvRevokedAt, crlUrl: ltvEnv.ATTEST_CRL_URL, expiredCrlUrl: `${base}/crl-expired.der`, ocspUrl: ltvEnv.ATTEST_OCSP_URL } : null,
    stopOcsp() {
      for (const child of children.splice(0)) child.kill();
    },
    async startOcsp() {
      const child = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(ocspPort), '-rsigner', 'ocsp.pem', '-rkey', 'ocsp.key', '-CA', 'ca.pem', '-nmin', '60'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      // Ready when it says it is waiting for clients (a probe request would make it stop on a malformed one).
      await new Promise<void>((resolve, reject) => {
        let said = '';
        const timer = setTimeout(() => { reject(new Error('openssl ocsp did not start')); }, 10_000);
        const listen = (chunk: Buffer) => {
          said += chunk.toString('latin1');
          if (said.includes('waiting for OCSP client')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', listen);
        child.stderr.on('data', listen);
        child.once('exit', () => { clearTimeout(timer); reject(new Error('openssl ocsp exited')); });
      });
      const url = `http://127.0.0.1:${String(ocspPort)}`;
      return url;
    },
    async close() {
      for (const child of children) child.kill();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `openssl ts -verify` of a timestamp token (a CMS ContentInfo, DER) over data whose SHA-256 is
 * `digestHex`, chained to the test CA: the independent check of every token the tests see.
 */
export function opensslTsVerify(pki: TestPki, token: Uint8Array, digestHex: string): { status: number | null; output: string } {
  const path = join(pki.dir, `token-${String(Date.now())}-${String(Math.random()).slice(2)}.der`);
  writeFileSync(path, token);
  const result = spawnSync('openssl', ['ts', '-verify', '-token_in', '-in', path, '-digest', digestHex, '-CAfile', pki.caPem, '-untrusted', join(pki.dir, 'tsa.pem')], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
