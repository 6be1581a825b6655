import Crypto
import Foundation
import SwiftASN1
import X509

/// `vanortd gen-cert`: a self-signed P-256 certificate and key for a first TLS setup.
/// Clients trust it by pointing `--ca-file` at the certificate; replace it with one from
/// the municipality's CA for production.
public struct SelfSignedCertificate: Sendable {
    /// PEM text of the certificate and of its private key.
    public let certificatePEM: String
    public let privateKeyPEM: String

    /// A certificate for `host` (plus `localhost` and 127.0.0.1), valid for `days` days.
    public init(host: String, days: Int = 825, now: Date = Date()) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName(host)
            OrganizationName("vanort")
        }
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        if let address = Self.ipv4Bytes(host) {
            names.insert(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))), at: 0)
        } else if host != "localhost" {
            names.insert(.dnsName(host), at: 0)
        }
        let extensions = try Certificate.Extensions {
            // Its own trust anchor: BoringSSL accepts a self-signed server certificate from
            // --ca-file only when it may sign certificates (it never signs another).
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(days) * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(key))
        certificatePEM = try certificate.serializeAsPEM().pemString + "\n"
        privateKeyPEM = key.pemRepresentation + "\n"
    }

    /// Writes `cert.pem` (0644) and `key.pem` (0600) into `directory`; refuses to overwrite.
    public func write(to directory: String) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificatePath = (directory as NSString).appendingPathComponent("cert.pem")
        let keyPath = (directory as NSString).appendingPathComponent("key.pem")
        for path in [certificatePath, keyPath] where FileManager.default.fileExists(atPath: path) {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path])
        }
        guard FileManager.default.createFile(atPath: keyPath, contents: Data(privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]),
            FileManager.default.createFile(atPath: certificatePath, contents: Data(certificatePEM.utf8), attributes: [.posixPermissions: 0o644])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory]) }
        return (certificatePath, keyPath)
    }

    private static func ipv4Bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        return parts.count == 4 && text.split(separator: ".", omittingEmptySubsequences: false).count == 4 ? parts : nil
    }
}
