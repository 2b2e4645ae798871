import Foundation
import Testing
@testable import Kernel

@Suite struct PasswordHasherTests {
    /// Cheap parameters for the tests that do not measure the real cost.
    let cheap = PasswordHasher(parameters: .init(costExponent: 10, blockSize: 8, parallelism: 1))

    @Test func aHashVerifiesItsPasswordAndNoOther() throws {
        let hash = try cheap.hash("correct horse battery")
        #expect(try cheap.verify("correct horse battery", against: hash) == .valid(needsRehash: false))
        #expect(try cheap.verify("correct horse batterY", against: hash) == .invalid)
        #expect(try cheap.verify("", against: hash) == .invalid)
    }

    @Test func theHashNamesItsParametersAndUsesAFreshSalt() throws {
        let first = try cheap.hash("same password here")
        let second = try cheap.hash("same password here")
        #expect(first != second)
        let fields = first.split(separator: "$")
        #expect(fields.count == 6)
        #expect(Array(fields.prefix(4)) == ["scrypt", "10", "8", "1"])
        #expect(Base64URL.decode(String(fields[4]))?.count == 16)
        #expect(Base64URL.decode(String(fields[5]))?.count == 32)
    }

    @Test func theProductionParametersAreTheDocumentedOnes() throws {
        #expect(PasswordHasher.currentParameters == .init(costExponent: 15, blockSize: 8, parallelism: 1))
        let hash = try PasswordHasher().hash("correct horse battery")
        #expect(hash.hasPrefix("scrypt$15$8$1$"))
    }

    @Test func aHashWithOlderParametersVerifiesAndAsksForARehash() throws {
        let old = try cheap.hash("correct horse battery")
        let current = PasswordHasher(parameters: .init(costExponent: 11, blockSize: 8, parallelism: 1))
        #expect(try current.verify("correct horse battery", against: old) == .valid(needsRehash: true))
        #expect(try current.verify("wrong horse battery", against: old) == .invalid)
    }

    @Test func composedAndDecomposedSpellingsAreTheSamePassword() throws {
        let hash = try cheap.hash("Grüße aus Köln!")
        let decomposed = "Gru\u{0308}ße aus Ko\u{0308}ln!"
        #expect(try cheap.verify(decomposed, against: hash) == .valid(needsRehash: false))
    }

    @Test func damagedOrForeignHashesNeverVerify() throws {
        let hash = try cheap.hash("correct horse battery")
        for damaged in [
            "", "scrypt", "bcrypt$10$8$1$abc$def", String(hash.dropLast(2)),
            hash.replacingOccurrences(of: "scrypt$10$", with: "scrypt$40$"),
            hash.replacingOccurrences(of: "scrypt$10$", with: "scrypt$x$"),
        ] {
            #expect(try cheap.verify("correct horse battery", against: damaged) == .invalid, "\(damaged)")
        }
    }
}

@Suite struct PasswordPolicyTests {
    @Test func shortCommonAndSelfNamingPasswordsAreRefusedWithAReason() {
        #expect(PasswordPolicy.problem(with: "kurz", email: nil) == .tooShort)
        #expect(PasswordPolicy.problem(with: "passwort123", email: nil) == .common)
        #expect(PasswordPolicy.problem(with: "SONNENSCHEIN", email: nil) == .common)
        #expect(PasswordPolicy.problem(with: "aaaaaaaaaaaaab", email: nil) == .repetitive)
        #expect(PasswordPolicy.problem(with: "ana.beispiel@example.org", email: "ana.beispiel@example.org") == .isEmailAddress)
        #expect(PasswordPolicy.problem(with: String(repeating: "x1", count: 101), email: nil) == .tooLong)
        #expect(PasswordPolicy.problem(with: "Spreeufer im Herbst", email: "ana@example.org") == nil)
        #expect(PasswordProblem.tooShort.description.contains("at least 10"))
    }

    @Test func theShippedListHasAFewHundredEntries() {
        #expect((300...1000).contains(CommonPasswords.all.count))
        #expect(CommonPasswords.all.contains("passwort"))
        #expect(CommonPasswords.all.allSatisfy { $0 == $0.lowercased() })
    }
}

@Suite struct EmailAddressTests {
    @Test func addressesAreTrimmedLowercasedAndComposed() throws {
        #expect(try EmailAddress("  Ana.Beispiel@Example.ORG \n").value == "ana.beispiel@example.org")
        #expect(try EmailAddress("Jo@XN--MNCHEN-3YA.de").value == "jo@xn--mnchen-3ya.de")
        #expect(throws: EmailAddressError.malformed) { try EmailAddress("jörg@münchen.de") }
        #expect(try EmailAddress("ana+news@example.org").value == "ana+news@example.org")
    }

    @Test func malformedAddressesAreRefused() {
        for text in ["", "   ", "ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana example@example.org",
                     "ana@exa mple.org", ".ana@example.org", "ana..b@example.org", "ana@-example.org", "ana@example.org\u{0}"] {
            #expect(throws: EmailAddressError.self, "\(text)") { try EmailAddress(text) }
        }
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress(String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 190) + ".org") }
    }
}
