import Foundation
import Testing
@testable import Kernel

@Suite struct SignedTokensTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("teilhabe-secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func secretIsCreatedOnceWithOwnerOnlyPermissionsAndReused() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ServerSecret.loadOrCreate(in: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/secret.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try ServerSecret.loadOrCreate(in: directory)
        #expect(first.key == second.key)
        #expect(first.key.count == 32)
    }

    @Test func aDamagedSecretFileIsRefusedWithItsPath() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/secret.key"))
        #expect(throws: ServerSecretError.self) { try ServerSecret.loadOrCreate(in: directory) }
    }

    @Test func validTokensNameTheirSubject() throws {
        let tokens = SignedTokens(secret: ServerSecret(key: SecureRandom.bytes(32)))
        let token = tokens.sign(purpose: "workshops.manage", subject: "42", expires: now.addingTimeInterval(3600))
        #expect(try tokens.verify(token, purpose: "workshops.manage", now: now) == "42")
    }

    @Test func tamperedExpiredMisusedAndForeignTokensAreRefused() throws {
        let tokens = SignedTokens(secret: ServerSecret(key: SecureRandom.bytes(32)))
        let token = tokens.sign(purpose: "workshops.manage", subject: "42", expires: now.addingTimeInterval(3600))
        let parts = token.split(separator: ".").map(String.init)

        // Another subject with the original signature.
        let forged = "v1.\(Base64URL.encode(Array("workshops.manage|43|\(Int(now.timeIntervalSince1970) + 3600)".utf8))).\(parts[2])"
        #expect(throws: SignedTokenError.tampered) { try tokens.verify(forged, purpose: "workshops.manage", now: now) }
        #expect(throws: SignedTokenError.wrongPurpose) { try tokens.verify(token, purpose: "newsletter.confirm", now: now) }
        #expect(throws: SignedTokenError.expired) { try tokens.verify(token, purpose: "workshops.manage", now: now.addingTimeInterval(3601)) }
        #expect(throws: SignedTokenError.malformed) { try tokens.verify("v1.???.x", purpose: "workshops.manage", now: now) }
        let other = SignedTokens(secret: ServerSecret(key: SecureRandom.bytes(32)))
        #expect(throws: SignedTokenError.tampered) { try other.verify(token, purpose: "workshops.manage", now: now) }
    }

    @Test func randomTokensAreURLSafeAndDistinct() {
        let a = SecureRandom.token(), b = SecureRandom.token()
        #expect(a != b)
        #expect(a.count == 43)
        #expect(Base64URL.decode(a)?.count == 32)
        #expect(!a.contains("+") && !a.contains("/") && !a.contains("="))
    }
}
