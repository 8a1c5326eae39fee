/**
 * PEM certificates as the Cloud trust APIs take them (ECE environment CA, deployment CA, direct trust
 * certificates): parsed for real with Node's own X.509 support, so a truncated or pasted-wrong certificate
 * fails at plan time instead of silently breaking trust (and no certificate library is loaded by every
 * provider process at start).
 */
import { createHash, X509Certificate } from 'node:crypto';

export interface ParsedCertificate {
  subject: string;
  notAfter: Date;
  /** Lowercase hex SHA-256 of the DER encoding: the identity of a certificate whatever its PEM layout. */
  fingerprint: string;
  isCa: boolean;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Parses one or more PEM certificates. Throws an Error whose message says what is wrong (never echoing
 * the input, which could be a pasted private key).
 */
export function parseCertificateBundle(text: string, now: Date = new Date()): ParsedCertificate[] {
  const blocks = [...text.matchAll(pemBlock)];
  if (blocks.length === 0) {
    throw new Error('accepted: a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----); no PEM block found');
  }
  const leftover = text.replace(pemBlock, '').trim();
  if (leftover.length > 0) throw new Error('accepted: PEM certificate blocks only; there is text outside the BEGIN/END lines');
  return blocks.map(([block, label], index) => {
    const where = blocks.length > 1 ? ` (certificate ${index + 1} of ${blocks.length})` : '';
    if (label.includes('PRIVATE KEY')) throw new Error(`a private key was given${where}: only the public CA certificate belongs here`);
    if (label !== 'CERTIFICATE') throw new Error(`accepted: a CERTIFICATE PEM block, got ${label}${where}`);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw new Error(`not a valid X.509 certificate${where}: the PEM content does not decode (truncated or altered?)`);
    }
    // Node writes one relative distinguished name per line.
    const subject = certificate.subject.split('\n').join(', ');
    const notAfter = new Date(certificate.validTo);
    if (notAfter.getTime() < now.getTime()) {
      throw new Error(`the certificate ${subject}${where} expired on ${notAfter.toISOString()}`);
    }
    return {
      subject,
      notAfter,
      fingerprint: createHash('sha256').update(certificate.raw).digest('hex'),
      isCa: certificate.ca,
    };
  });
}

/** The problem with a PEM input, or undefined when it parses (for schema refinements). */
export function certificateProblem(text: string): string | undefined {
  try {
    parseCertificateBundle(text);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** SHA-256 fingerprints of every certificate in `text`, in order; empty when it does not parse. */
export function certificateFingerprints(text: string): string[] {
  try {
    return parseCertificateBundle(text, new Date(0)).map((c) => c.fingerprint);
  } catch {
    return [];
  }
}
