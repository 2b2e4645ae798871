/// Identity enums are stored as their raw text, so rows decode straight into them.
protocol TextStoredEnum: DatabaseValueConvertible, RawRepresentable where RawValue == String {}

extension TextStoredEnum {
    public var databaseValue: DatabaseValue { .text(rawValue) }

    public init(databaseValue: DatabaseValue) throws {
        guard case .text(let text) = databaseValue, let value = Self(rawValue: text) else {
            throw StorageError.typeMismatch(expected: "one of the \(Self.self) values", found: databaseValue)
        }
        self = value
    }
}

extension Role: TextStoredEnum {}
extension OrganisationKind: TextStoredEnum {}
extension PermissionRule.Effect: TextStoredEnum {}
