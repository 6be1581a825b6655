import Foundation
import Testing
@testable import VanortDaemon

/// Token secrets and their comparison, without a database.
@Suite struct TokenAuthorityTests {
    @Test func secretsAre256RandomBitsInBase64URL() {
        let secrets = (0..<100).map { _ in TokenAuthority.newSecret() }
        #expect(Set(secrets).count == 100)
        for secret in secrets {
            #expect(secret.utf8.count == 43)
            #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    @Test func hashesAreSHA256AndCompareOnlyWhenEqual() {
        // SHA-256("abc"), FIPS 180-2's example.
        #expect(TokenAuthority.hash("abc").map { String(format: "%02x", $0) }.joined()
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let a = TokenAuthority.hash("one")
        #expect(TokenAuthority.constantTimeEqual(a, a))
        #expect(!TokenAuthority.constantTimeEqual(a, TokenAuthority.hash("two")))
        #expect(!TokenAuthority.constantTimeEqual(a, Array(a.dropLast())))
    }
}
