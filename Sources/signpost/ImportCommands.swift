import ArgumentParser
import CSV
import Foundation
import SignpostServer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bulk imports.", subcommands: [Children.self])

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
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                throw ValidationError("Cannot read \(file) as UTF-8 text.")
            }
            let reader = try CSVReader(
                string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
            let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard header.contains("source_id") else {
                throw ValidationError(
                    "\(file) needs the header \(SignpostOperations.importColumns.joined(separator: ",")).")
            }
            var rows: [(line: Int, fields: [String: String])] = []
            var line = 1
            while let values = reader.next() {
                line += 1
                var fields: [String: String] = [:]
                for (index, name) in header.enumerated() where index < values.count { fields[name] = values[index] }
                rows.append((line, fields))
            }
            let terminal = isatty(2) == 1
            let report = try await runOperation(settings: try Runtime.settings()) { operations in
                try await operations.importChildren(
                    rows: rows, organisationCode: organisation, practitionerEmail: practitioner, dryRun: dryRun
                ) { done, total in
                    guard terminal, total > 0, done == total || done % max(1, total / 100) == 0 else { return }
                    let width = 30
                    let filled = width * done / total
                    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                    FileHandle.standardError.write(
                        Data("\r[\(bar)] \(100 * done / total)% (\(done)/\(total))\(done == total ? "\n" : "")".utf8))
                }
            }
            let rejectsPath = file + ".rejects.csv"
            if !report.rejected.isEmpty {
                var out = "line,reason\n"
                for reject in report.rejected {
                    out += "\(reject.line),\"\(reject.reason.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
                }
                try out.write(toFile: rejectsPath, atomically: true, encoding: .utf8)
            }
            say(
                "\(dryRun ? "dry run: would import" : "imported") \(report.imported), already present \(report.alreadyPresent), rejected \(report.rejected.count)\(report.rejected.isEmpty ? "" : " (see \(rejectsPath))")"
            )
        }
    }
}
