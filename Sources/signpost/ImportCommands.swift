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
                "Header: \(SignpostOperations.importColumns.joined(separator: ",")). The file is read a batch of 500 rows at a time; each batch commits in one transaction. A child whose NHS number or UPN is already on the index gets this organisation's involvement instead of a second record. Rejected rows go to FILE.rejects.csv with their line and reason, and possible duplicates without an NHS number or UPN to confirm them to FILE.review.csv, not imported; re-running (after a crash too) imports nothing twice."
        )

        @Argument(help: "The CSV file.") var file: String
        @ArgumentParser.Option(help: "Code of the organisation the children are known to.") var organisation: String
        @ArgumentParser.Option(
            help: "Practitioner (email) who holds the involvements; default: the organisation's first practitioner.")
        var practitioner: String?
        @ArgumentParser.Flag(help: "Validate and report without writing anything.") var dryRun = false
        @ArgumentParser.Flag(
            help:
                ArgumentHelp(
                    "Import rows that may be a child already on the index, or another row of the file, instead of "
                        + "holding them in FILE.review.csv (once a data manager has checked them)."))
        var acceptPossibleDuplicates = false

        func run() async throws {
            let stream = try CSVRowStream(
                file: file, needing: "source_id", header: SignpostOperations.importColumns)
            let bar = CSVImport.progressBar(estimatedRows: CSVRowStream.estimatedRows(in: file))
            let started = Date()
            let report = try await runOperation(settings: try Runtime.settings()) { operations in
                try await operations.importChildren(
                    next: { try stream.next() }, organisationCode: organisation, practitionerEmail: practitioner,
                    dryRun: dryRun, acceptPossibleDuplicates: acceptPossibleDuplicates, progress: bar)
            }
            try CSVImport.finish(
                report, file: file, verb: dryRun ? "dry run: would import" : "imported",
                seconds: Date().timeIntervalSince(started))
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
        let reader: CSVReader
        do {
            reader = try CSVReader(
                string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        } catch {
            throw ValidationError(
                "\(file) is empty. The first line must be the header \(expected.joined(separator: ",")).")
        }
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

    /// Rows read, the rate and the time left on standard error when it is a terminal, against an
    /// estimate of the rows in the file (a quoted line break makes it a little high).
    static func progressBar(estimatedRows: Int) -> (Int) -> Void {
        let terminal = isatty(2) == 1
        let started = Date()
        return { done in
            guard terminal else { return }
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            let rate = Double(done) / seconds
            let total = max(estimatedRows, done)
            let left = rate > 0 ? Int(Double(total - done) / rate) : 0
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(
                Data("\r[\(bar)] \(done)/~\(total) rows, \(Int(rate)) a second, about \(left) s left   ".utf8))
        }
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

    static func finish(
        _ report: SignpostOperations.ImportReport, file: String, verb: String, seconds: Double? = nil
    ) throws {
        let rejectsPath = file + ".rejects.csv"
        try write(report.rejected, to: rejectsPath)
        let reviewPath = file + ".review.csv"
        try write(report.held, to: reviewPath)
        if isatty(2) == 1, seconds != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        let linked = report.linked > 0 ? ", linked to children already on the index \(report.linked)" : ""
        let held =
            report.held.isEmpty
            ? "" : ", held for review as possible duplicates \(report.held.count) (see \(reviewPath))"
        let timing = seconds.map { String(format: " in %.1f s", $0) } ?? ""
        say(
            "\(verb) \(report.imported)\(linked), already present \(report.alreadyPresent), rejected \(report.rejected.count)\(report.rejected.isEmpty ? "" : " (see \(rejectsPath))")\(held)\(timing)"
        )
    }

    /// `line,reason` rows, for the rejects and the review file; nothing is written when there are none.
    private static func write(_ rows: [(line: Int, reason: String)], to path: String) throws {
        guard !rows.isEmpty else { return }
        var out = "line,reason\n"
        for row in rows {
            out += "\(row.line),\"\(row.reason.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
