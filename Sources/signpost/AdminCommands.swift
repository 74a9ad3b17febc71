import ArgumentParser
import Foundation
import SignpostCore
import SignpostServer

struct PractitionerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practitioner", abstract: "Manage practitioner accounts.",
        subcommands: [Add.self, Suspend.self, Reactivate.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; prints the initial password and the TOTP secret with its otpauth:// URI.")

        @Option(help: "Email address (the sign-in name).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Organisation code.") var organisation: String
        @Option(help: "System role: practitioner, data-manager, auditor or admin. Repeat for more than one.") var role:
            [String]
        @Option(help: "Job title.") var jobTitle: String?
        @Option(help: "Contact phone number.") var phone: String?
        @Option(help: "Date of the enhanced DBS check, YYYY-MM-DD.") var dbsChecked: String?
        @Option(help: "Date Signpost training was completed, YYYY-MM-DD.") var trained: String?
        @Option(help: "Date the user agreement was signed, YYYY-MM-DD.") var agreementSigned: String?

        func run() async throws {
            let settings = try Runtime.settings()
            let created = try await runOperation(settings: settings) { operations in
                try await operations.addPractitioner(
                    .init(
                        email: email, name: name, organisationCode: organisation, roles: role, jobTitle: jobTitle,
                        phone: phone,
                        dbsCheckedOn: dbsChecked, trainedOn: trained, agreementSignedOn: agreementSigned))
            }
            print("account created: \(created.email)")
            print("initial password: \(created.initialPassword)")
            print("TOTP secret: \(created.totpSecret)")
            print("TOTP URI: \(created.otpauthURI)")
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend an account; its sessions and tokens end at once.")
        @Option(help: "Email address of the account.") var email: String

        func run() async throws {
            try await runOperation(settings: try Runtime.settings()) {
                try await $0.setPractitionerStatus(email: email, suspended: true)
            }
            print("account suspended: \(email)")
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate a suspended or locked account.")
        @Option(help: "Email address of the account.") var email: String

        func run() async throws {
            try await runOperation(settings: try Runtime.settings()) {
                try await $0.setPractitionerStatus(email: email, suspended: false)
            }
            print("account reactivated: \(email)")
        }
    }
}

/// What a mail relay would send: enrolment links for new accounts, in the demo and for operators.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Print the messages waiting for the mail relay (enrolment links).")

    @Flag(help: "Record the printed messages as sent, so they are not printed again.") var markSent = false

    func run() async throws {
        let messages = try await runOperation(settings: try Runtime.settings()) {
            try await $0.outbox(markSent: markSent)
        }
        if messages.isEmpty { print("no messages waiting") }
        for message in messages {
            print("To: \(message.recipient)")
            print("Subject: \(message.subject)")
            print("")
            print(message.body)
            print("----")
        }
    }
}

struct AuthorityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authority", abstract: "Manage local authorities.", subcommands: [Add.self, DestroyKey.self])

    struct DestroyKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "destroy-key",
            abstract:
                "Crypto-shred an authority: destroy its data key so its encrypted early-help text is unrecoverable.")
        @Option(help: "ONS code of the authority.") var onsCode: String
        @Flag(help: "Confirm that you mean it: this cannot be undone.") var iUnderstandThisIsIrreversible = false

        func run() async throws {
            guard iUnderstandThisIsIrreversible else {
                throw ValidationError(
                    "Destroying a data key cannot be undone. Add --i-understand-this-is-irreversible to go ahead.")
            }
            try await runOperation(settings: try Runtime.settings()) {
                try await $0.destroyAuthorityKey(onsCode: onsCode)
            }
            print("data key destroyed for \(onsCode.uppercased()): its encrypted text can no longer be read")
        }
    }

    struct Add: AsyncParsableCommand {
        @Option(help: "ONS code, e.g. E09000033.") var onsCode: String
        @Option(help: "Name of the authority.") var name: String
        @Option(help: "Office-hours contact number.") var officeHours: String
        @Option(help: "Emergency duty team number.") var emergencyDuty: String

        func run() async throws {
            try await runOperation(settings: try Runtime.settings()) {
                try await $0.addAuthority(
                    onsCode: onsCode, name: name, officeHoursPhone: officeHours, emergencyDutyPhone: emergencyDuty)
            }
            print("authority created: \(onsCode.uppercased())")
        }
    }
}

struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisation", abstract: "Manage organisations.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        @Option(help: "Organisation code, e.g. ASH-CSC.") var code: String
        @Option(help: "Name of the organisation.") var name: String
        @Option(help: "Kind, e.g. school, gp-practice, camhs, sexual-health.") var kind: String
        @Option(help: "ONS code of its authority.") var authority: String
        @Flag(help: "It provides a sensitive service (sexual health, mental health, substance misuse).") var sensitive =
            false

        func run() async throws {
            try await runOperation(settings: try Runtime.settings()) {
                try await $0.addOrganisation(
                    code: code, name: name, kind: kind, authorityCode: authority, sensitive: sensitive)
            }
            print("organisation created: \(code.uppercased())")
        }
    }
}

struct TOTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp", abstract: "Print the current 6-digit code for a base32 TOTP secret.")

    @Argument(help: "The base32 TOTP secret.") var secret: String

    func run() throws {
        guard let bytes = Base32.decode(secret) else {
            throw ValidationError("The secret is not valid base32 (letters A-Z and digits 2-7).")
        }
        print(TOTP(secret: bytes).code(at: Date()))
    }
}

/// Runs one operation against the configured database, turning validation failures into a clear
/// message and exit code 1.
@discardableResult
func runOperation<T>(settings: Settings, _ body: (SignpostOperations) async throws -> T) async throws -> T {
    do {
        return try await Runtime.withApp(settings: settings) { app in
            try await body(SignpostOperations(app: app))
        }
    } catch let error as SignpostOperations.OperationError {
        Runtime.fail(error.description)
    }
}
