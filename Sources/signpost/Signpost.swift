import ArgumentParser
import Foundation
import Logging
import Metrics
import SignpostCore
import SignpostServer
import Vapor

/// The thin command line: parse, build the app, call one operation, print.
@main
struct Signpost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signpost",
        abstract: "Signpost: who else is working with this child, and how to reach them.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, PractitionerCommand.self,
            AuthorityCommand.self, OrganisationCommand.self, AuditCommand.self, TOTPCommand.self, LinkCommand.self,
            MatcherCommand.self,
            GenerateCommand.self, ImportCommand.self, OutboxCommand.self, BackupCommand.self, RestoreCommand.self,
            FederationCommand.self,
        ])
}
