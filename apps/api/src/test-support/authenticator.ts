// A software passkey authenticator for tests: real ES256 (P-256) key pairs from node:crypto, the
// authenticator data, attestation object (`fmt: none`, CBOR) and client data a browser would send,
// so the server's WebAuthn verification runs for real on what it gets.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const b64url = (bytes: Uint8Array | Buffer | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** Authenticator data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  cose: Uint8Array;
  rpId: string;
  userHandle: string;
  counter: number;
}

/** What may be made wrong in an answer, to see the server refuse it. */
export interface Tampering {
  origin?: string;
  rpId?: string;
  challenge?: string;
  type?: string;
  /** Sign with another key than the stored one. */
  otherKey?: boolean;
  /** Send this counter instead of the next one. */
  counter?: number;
}

/** The options a server hands out, as far as the authenticator reads them. */
interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

/** A phone's passkeys, answering as `navigator.credentials` would for `origin`. */
export function softwareAuthenticator(origin: string, options: { userVerified?: boolean } = {}) {
  const credentials: Credential[] = [];
  const flags = UP | (options.userVerified === false ? 0 : UV);

  function clientData(type: string, challenge: string, tamper: Tampering): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: tamper.type ?? type,
        challenge: tamper.challenge ?? challenge,
        origin: tamper.origin ?? origin,
        crossOrigin: false,
      }),
    );
  }

  return {
    credentials,
    /** Answers `navigator.credentials.create({ publicKey: options })`: a new discoverable ES256 passkey. */
    create(creation: CreationOptions, tamper: Tampering = {}) {
      const rpId = creation.rp.id ?? new URL(origin).hostname;
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const jwk = publicKey.export({ format: "jwk" });
      const cose = isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, new Uint8Array(Buffer.from(jwk.x ?? "", "base64url"))],
          [-3, new Uint8Array(Buffer.from(jwk.y ?? "", "base64url"))],
        ]),
      );
      const id = randomBytes(32);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(id.length);
      const authData = Buffer.concat([
        sha256(tamper.rpId ?? rpId),
        Buffer.from([flags | AT]),
        Buffer.alloc(4), // sign count 0
        Buffer.alloc(16), // AAGUID: none
        length,
        id,
        Buffer.from(cose),
      ]);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, string>>([
          ["fmt", "none"],
          ["attStmt", new Map<string, string>()],
          ["authData", new Uint8Array(authData)],
        ]),
      );
      credentials.push({ id, privateKey, cose, rpId, userHandle: creation.user.id, counter: 0 });
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64url(clientData("webauthn.create", creation.challenge, tamper)),
          attestationObject: b64url(attestationObject),
          transports: ["internal", "hybrid"],
        },
        authenticatorAttachment: "platform" as const,
        clientExtensionResults: {},
      };
    },
    /** Answers `navigator.credentials.get({ publicKey: options })` with a passkey (the newest unless named). */
    get(request: RequestOptions, tamper: Tampering = {}, credentialId?: string) {
      const credential = credentialId
        ? credentials.find((c) => b64url(c.id) === credentialId)
        : credentials[credentials.length - 1];
      if (!credential) throw new Error("the authenticator holds no passkey");
      credential.counter += 1;
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(tamper.counter ?? credential.counter);
      const authData = Buffer.concat([
        sha256(tamper.rpId ?? request.rpId ?? credential.rpId),
        Buffer.from([flags]),
        counter,
      ]);
      const data = clientData("webauthn.get", request.challenge, tamper);
      const key = tamper.otherKey
        ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
        : credential.privateKey;
      const signature = sign("sha256", Buffer.concat([authData, sha256(data)]), key);
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64url(data),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        authenticatorAttachment: "platform" as const,
        clientExtensionResults: {},
      };
    },
  };
}

export type SoftwareAuthenticator = ReturnType<typeof softwareAuthenticator>;
