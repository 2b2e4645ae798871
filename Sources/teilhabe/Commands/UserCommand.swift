import Foundation
import Kernel

struct UserCommand: Command {
    static let name = "user"
    static let summary = "Create, list and disable accounts; grant roles"
    static let help = """
        USAGE: teilhabe user create --email <address> [--name <display name>] [--role <role> [--region <id>]]
                                    [--password-stdin]
               teilhabe user list [--region <id>]
               teilhabe user grant --email <address> --role <role> [--region <id>]
               teilhabe user revoke --email <address> --role <role> [--region <id>]
               teilhabe user disable <address>
               teilhabe user enable <address>
               teilhabe user password-link <address> [--region <id>]

        Roles: operator (every region; no --region), region-admin, organisation-admin, staff,
        volunteer, participant (these need --region).

        create makes an account. With --password-stdin it reads the password from the first
        line of standard input; otherwise it prints a link, valid for 7 days, where the person
        sets their password. The first operator of a new server:

            teilhabe user create --email ana@example.org --role operator

        disable ends the account's sessions, revokes its API tokens and refuses sign-in until
        'user enable'. password-link prints a new link to set the password (the old one stops
        working). Every change is written to the audit log as done from the command line.

        """

    static func run(_ arguments: [String], options: GlobalOptions) -> Int32 {
        guard let verb = arguments.first else {
            printError("user: expected one of create, list, grant, revoke, disable, enable, password-link")
            return ExitCode.usage
        }
        let parsed: CommandOptions
        do {
            parsed = try CommandOptions(
                Array(arguments.dropFirst()), valued: ["--email", "--name", "--role", "--region"], flags: ["--password-stdin"])
        } catch {
            printError("user \(verb): \(error)")
            return ExitCode.usage
        }
        guard let (registry, configuration) = Composition.load(options) else { return ExitCode.invalidConfiguration }
        guard let storage = CommandStorage.open(registry, configuration, command: "user \(verb)") else { return ExitCode.failure }
        defer { storage.close() }
        let users = Users(storage: storage, configuration: configuration)
        do {
            switch verb {
            case "create": try users.create(parsed)
            case "list": try users.list(parsed)
            case "grant": try users.grant(parsed, revoking: false)
            case "revoke": try users.grant(parsed, revoking: true)
            case "disable": try users.setDisabled(parsed, true)
            case "enable": try users.setDisabled(parsed, false)
            case "password-link": try users.passwordLink(parsed)
            default:
                printError("user: unknown verb '\(verb)'; expected create, list, grant, revoke, disable, enable or password-link")
                return ExitCode.usage
            }
            return ExitCode.success
        } catch let error as CommandLineError {
            printError("user \(verb): \(error)")
            return ExitCode.usage
        } catch let error as HTTPError {
            printError("user \(verb): \(error.message)")
            return ExitCode.failure
        } catch {
            printError("user \(verb): \(error)")
            return ExitCode.failure
        }
    }
}

/// The work behind `teilhabe user`, in the global scope.
private struct Users {
    let storage: any Storage
    let configuration: LoadedConfiguration
    var now: Date { Date() }

    func email(_ options: CommandOptions) throws -> EmailAddress {
        guard let text = options.values["--email"] ?? options.positional.first else {
            throw CommandLineError("give the e-mail address (--email <address>)")
        }
        do {
            return try EmailAddress(text)
        } catch {
            throw CommandLineError("--email '\(text)': \(error)")
        }
    }

    /// The role and, for roles other than operator, the configured region it is held in.
    func role(_ options: CommandOptions) throws -> (Role, Region?)? {
        guard let text = options.values["--role"] else {
            if options.values["--region"] != nil { throw CommandLineError("--region needs --role") }
            return nil
        }
        guard let role = Role(rawValue: text) else {
            throw CommandLineError("--role '\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if role == .operator {
            if options.values["--region"] != nil { throw CommandLineError("operators hold every region; leave out --region") }
            return (role, nil)
        }
        return (role, try region(options, required: true))
    }

    func region(_ options: CommandOptions, required: Bool) throws -> Region? {
        guard let id = options.values["--region"] else {
            if required { throw CommandLineError("--role \(options.values["--role"] ?? "") needs --region <id>") }
            return nil
        }
        guard let region = configuration.regions.first(where: { $0.id == id }) else {
            throw CommandLineError("--region '\(id)' is not a configured region (\(configuration.regions.map(\.id).joined(separator: ", ")))")
        }
        return region
    }

    func account(_ email: EmailAddress, in db: any DatabaseConnection) throws -> Account {
        guard let account = try Accounts.find(email: email, in: db) else {
            throw HTTPError.notFound("there is no account with the e-mail address \(email)")
        }
        return account
    }

    func create(_ options: CommandOptions) throws {
        let email = try email(options)
        let name = try Accounts.validDisplayName(options.values["--name"] ?? String(email.value.split(separator: "@").first ?? ""), field: "--name")
        let role = try role(options)
        var passwordHash: String?
        if options.flags.contains("--password-stdin") {
            guard let password = readLine(strippingNewline: true) else { throw CommandLineError("--password-stdin: standard input is empty") }
            if let problem = PasswordPolicy.problem(with: password, email: email.value) {
                throw CommandLineError("--password-stdin: \(problem.description)")
            }
            passwordHash = try PasswordHasher().hash(password)
        }
        let (account, link) = try storage.write(.global) { db -> (Account, String?) in
            let account = try Accounts.create(
                email: email, displayName: name, language: nil, passwordHash: passwordHash, confirmed: true,
                isOperator: role?.0 == .operator, now: now, in: db)
            if let (role, region) = role, let region {
                try Memberships.grant(Membership(role: role), to: account.id, in: region.id, now: now, db: db)
            }
            try AuditLog.record(
                region: role?.1?.id, actor: .commandLine, action: "kernel.account-created", subject: "account \(account.id)",
                detail: .object(["role": role.map { .string($0.0.rawValue) } ?? .null]), at: now, in: db)
            let link = passwordHash == nil ? try passwordLink(for: account, region: role?.1, db: db) : nil
            return (account, link)
        }
        print("created account \(account.id) \(account.email)\(role.map { " (\($0.0.rawValue)\($0.1.map { " in \($0.id)" } ?? ""))" } ?? "")")
        if let link { print("set the password within 7 days at:\n  \(link)") }
    }

    /// A link to the new-password page, valid for 7 days.
    func passwordLink(for account: Account, region: Region?, db: any DatabaseTransaction) throws -> String {
        let token = try AccountTokens.issue(.passwordReset, account: account.id, now: now, lifetime: 7 * 86_400, in: db)
        guard let region = region ?? configuration.regions.sorted(by: { $0.id < $1.id }).first else {
            throw CommandLineError("no region is configured, so there is no page to set a password on")
        }
        return "\(configuration.server.publicURL)/\(region.id)/\(region.defaultLanguage)/new-password?token=\(token)"
    }

    func list(_ options: CommandOptions) throws {
        let region = try region(options, required: false)
        let rows = try storage.read(.global) { db -> [(Account, [String])] in
            try Accounts.all(in: db).compactMap { account in
                let held = try Memberships.everywhere(of: account.id, db: db).filter { region == nil || $0.region == region?.id }
                if region != nil, held.isEmpty, !account.isOperator { return nil }
                let roles = held.map { "\($0.membership.role.rawValue)\($0.membership.organisationID.map { "@organisation \($0)" } ?? "") in \($0.region)" }
                return (account, (account.isOperator ? ["operator"] : []) + roles)
            }
        }
        if rows.isEmpty { print(region.map { "no accounts hold a role in \($0.id)" } ?? "no accounts") }
        for (account, roles) in rows {
            let state = account.isDisabled ? "disabled" : account.emailConfirmedAt == nil ? "unconfirmed" : "active"
            let lastLogin = account.lastLoginAt.map { Timestamp.iso8601($0) } ?? "never"
            print("\(account.id)\t\(account.email)\t\(account.displayName)\t\(state)\t\(roles.isEmpty ? "-" : roles.joined(separator: ", "))\tlast sign-in \(lastLogin)")
        }
    }

    func grant(_ options: CommandOptions, revoking: Bool) throws {
        let email = try email(options)
        guard let (role, region) = try role(options) else { throw CommandLineError("give the role (--role <role>)") }
        try storage.write(.global) { db in
            let account = try account(email, in: db)
            if let region {
                var roles = Set(try Memberships.list(of: account.id, in: region.id, db: db))
                if revoking { roles.remove(Membership(role: role)) } else { roles.insert(Membership(role: role)) }
                try Memberships.set(roles, of: account.id, in: region.id, now: now, db: db)
            } else {
                try Accounts.setOperator(id: account.id, !revoking, in: db)
            }
            try AuditLog.record(
                region: region?.id, actor: .commandLine, action: revoking ? "kernel.role-revoked" : "kernel.role-granted",
                subject: "account \(account.id)", detail: .object(["role": .string(role.rawValue)]), at: now, in: db)
        }
        print("\(revoking ? "revoked" : "granted") \(role.rawValue)\(region.map { " in \($0.id)" } ?? "") \(revoking ? "from" : "to") \(email)")
    }

    func setDisabled(_ options: CommandOptions, _ disabled: Bool) throws {
        let email = try email(options)
        try storage.write(.global) { db in
            let account = try account(email, in: db)
            try Accounts.setDisabled(id: account.id, disabled, now: now, in: db)
            try AuditLog.record(
                region: nil, actor: .commandLine, action: disabled ? "kernel.account-disabled" : "kernel.account-enabled",
                subject: "account \(account.id)", at: now, in: db)
        }
        print(disabled ? "disabled \(email): its sessions ended and its API tokens are revoked" : "enabled \(email)")
    }

    func passwordLink(_ options: CommandOptions) throws {
        let email = try email(options)
        let region = try region(options, required: false)
        let link = try storage.write(.global) { db in try passwordLink(for: try account(email, in: db), region: region, db: db) }
        print("set the password within 7 days at:\n  \(link)")
    }
}
