import ArgumentParser
import CSV
import Foundation
import SignpostServer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bulk imports.", subcommands: [Children.self, Contacts.self])

    struct Children: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an organisation's children from CSV.",
            discussion:
                "Header: \(SignpostOperations.importColumns.joined(separator: ",")). Valid rows are imported in one transaction; rejected rows go to FILE.rejects.csv with their line and reason; re-running imports nothing twice."
        )

        @Argument(help: "The CSV file.") var file: String
        @ArgumentParser.Option(help: "Code of the organisation the children are known to.") var organisation: String
        @ArgumentParser.Option(
            help: "Practitioner (email) who holds the involvements; default: the organisation's first practitioner.")
        var practitioner: String?
        @ArgumentParser.Flag(help: "Validate and report without writing anything.") var dryRun = false

        func run() async throws {
            let rows = try CSVImport.rows(of: file, needing: "source_id", header: SignpostOperations.importColumns)
            let report = try await runOperation(settings: try Runtime.settings()) { operations in
                try await operations.importChildren(
                    rows: rows, organisationCode: organisation, practitionerEmail: practitioner, dryRun: dryRun,
                    progress: CSVImport.progressBar())
            }
            try CSVImport.finish(report, file: file, verb: dryRun ? "dry run: would import" : "imported")
        }
    }

    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an organisation's contacts with children from CSV (school attendance among them).",
            discussion:
                "Header: \(SignpostOperations.contactImportColumns.joined(separator: ",")). Each row names its child by child_id or nhs_number, and only children the organisation is involved with take its contacts. Valid rows are imported in one transaction; rejected rows go to FILE.rejects.csv with their line and reason; a reference sent before is not imported again."
        )

        @Argument(help: "The CSV file.") var file: String
        @ArgumentParser.Option(help: "Code of the organisation that had the contacts.") var organisation: String

        func run() async throws {
            let rows = try CSVImport.rows(
                of: file, needing: "reference", header: SignpostOperations.contactImportColumns)
            let report = try await runOperation(settings: try Runtime.settings()) { operations in
                try await operations.importContacts(
                    rows: rows, organisationCode: organisation, progress: CSVImport.progressBar())
            }
            try CSVImport.finish(report, file: file, verb: "imported")
        }
    }
}

/// What the CSV imports share: reading the rows, the progress bar on a terminal, and the rejects file.
enum CSVImport {
    static func rows(of file: String, needing column: String, header expected: [String]) throws
        -> [(line: Int, fields: [String: String])]
    {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw ValidationError("Cannot read \(file) as UTF-8 text.")
        }
        let reader = try CSVReader(
            string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.contains(column) else {
            throw ValidationError("\(file) needs the header \(expected.joined(separator: ",")).")
        }
        var rows: [(line: Int, fields: [String: String])] = []
        var line = 1
        while let values = reader.next() {
            line += 1
            var fields: [String: String] = [:]
            for (index, name) in header.enumerated() where index < values.count { fields[name] = values[index] }
            rows.append((line, fields))
        }
        return rows
    }

    /// A bar on standard error when it is a terminal; nothing otherwise (a log stays clean).
    static func progressBar() -> @Sendable (Int, Int) -> Void {
        let terminal = isatty(2) == 1
        return { done, total in
            guard terminal, total > 0, done == total || done % max(1, total / 100) == 0 else { return }
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(
                Data("\r[\(bar)] \(100 * done / total)% (\(done)/\(total))\(done == total ? "\n" : "")".utf8))
        }
    }

    static func finish(_ report: SignpostOperations.ImportReport, file: String, verb: String) throws {
        let rejectsPath = file + ".rejects.csv"
        if !report.rejected.isEmpty {
            var out = "line,reason\n"
            for reject in report.rejected {
                out += "\(reject.line),\"\(reject.reason.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            }
            try out.write(toFile: rejectsPath, atomically: true, encoding: .utf8)
        }
        say(
            "\(verb) \(report.imported), already present \(report.alreadyPresent), rejected \(report.rejected.count)\(report.rejected.isEmpty ? "" : " (see \(rejectsPath))")"
        )
    }
}
