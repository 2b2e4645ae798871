import Testing
@testable import Kernel

@Suite struct PermissionsTests {
    let declarations = [
        ActionDeclaration("workshops.manage", summary: "", defaultRoles: [.regionAdmin, .staff]),
        ActionDeclaration("echo.post", summary: "", defaultRoles: [.staff, .volunteer]),
        ActionDeclaration(IdentityArea.manageMembers, summary: "", defaultRoles: [.regionAdmin]),
    ]

    @Test func rolesHoldTheirDefaultActions() {
        #expect(Permissions.actions(for: [.staff], rules: [], declarations: declarations) == ["workshops.manage", "echo.post"])
        #expect(Permissions.actions(for: [.participant], rules: [], declarations: declarations) == [])
        #expect(Permissions.actions(for: [], rules: [], declarations: declarations) == [])
    }

    @Test func aRegionCanGrantAndDeny() {
        let rules = [
            PermissionRule(action: "workshops.manage", role: .volunteer, effect: .grant),
            PermissionRule(action: "echo.post", role: .volunteer, effect: .deny),
        ]
        #expect(Permissions.actions(for: [.volunteer], rules: rules, declarations: declarations) == ["workshops.manage"])
    }

    @Test func denyWinsOverAGrantOfAnotherRole() {
        let rules = [PermissionRule(action: "workshops.manage", role: .volunteer, effect: .deny)]
        // Staff holds workshops.manage by default, but the person is also a volunteer.
        #expect(!Permissions.actions(for: [.staff, .volunteer], rules: rules, declarations: declarations).contains("workshops.manage"))
        #expect(Permissions.actions(for: [.staff], rules: rules, declarations: declarations).contains("workshops.manage"))
    }

    @Test func operatorsHoldEverythingAndRegionAdminsKeepAdministration() {
        let rules = [
            PermissionRule(action: "workshops.manage", role: .regionAdmin, effect: .deny),
            PermissionRule(action: IdentityArea.manageMembers, role: .regionAdmin, effect: .deny),
        ]
        #expect(Permissions.actions(for: [.operator], rules: rules, declarations: declarations).count == 3)
        #expect(Permissions.actions(for: [.regionAdmin], rules: rules, declarations: declarations) == [IdentityArea.manageMembers])
    }

    @Test func holdersListTheRolesAfterRules() {
        let rules = [PermissionRule(action: "echo.post", role: .participant, effect: .grant)]
        #expect(Permissions.holders(of: declarations[1], rules: rules) == [.staff, .volunteer, .participant])
    }
}
