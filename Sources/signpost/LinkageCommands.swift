import ArgumentParser
import CSV
import Foundation
import SignpostCore

/// The CSV layout shared by `link` and `generate`.
enum LinkageCSV {
    static let header = [
        "id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address_line", "nhs_number",
    ]

    /// Reads records; a malformed field is treated as missing, never as a reason to stop.
    static func read(_ path: String) throws -> [MatchRecord] {
        // Read whole, then parse: Foundation's InputStream on Linux reports bytes available at the end of
        // a file, which CSV.swift's stream reader takes for a read error.
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot open \(path).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(path) is not UTF-8 text.")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(
                string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        } catch {
            throw ValidationError("\(path) is not a readable CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.contains("id") else {
            throw ValidationError("\(path) needs the header \(LinkageCSV.header.joined(separator: ",")).")
        }
        func column(_ row: [String], _ name: String) -> String {
            guard let index = header.firstIndex(of: name), index < row.count else { return "" }
            return row[index]
        }
        var records: [MatchRecord] = []
        while let row = reader.next() {
            let id = column(row, "id").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { continue }
            records.append(
                MatchRecord(
                    id: id, givenName: column(row, "given_name"), familyName: column(row, "family_name"),
                    dateOfBirth: CalendarDate(iso: column(row, "date_of_birth").trimmingCharacters(in: .whitespaces)),
                    sex: MatchRecord.Sex(loose: column(row, "sex")), postcode: column(row, "postcode"),
                    addressLine: column(row, "address_line"), nhsNumber: column(row, "nhs_number")))
        }
        if let error = reader.error { throw ValidationError("\(path) could not be read to the end: \(error)") }
        return records
    }

    /// incoming_id → index_id.
    static func truth(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            let reader = try? CSVReader(string: text, hasHeaderRow: true)
        else { throw ValidationError("Cannot read the truth file \(path).") }
        var pairs: [String: String] = [:]
        while let row = reader.next() { if row.count >= 2 { pairs[row[0]] = row[1] } }
        return pairs
    }

    static func write(_ rows: [[String]], header: [String], to path: String) throws {
        guard let stream = OutputStream(toFileAtPath: path, append: false) else {
            throw ValidationError("Cannot write \(path).")
        }
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
    }

    static func row(_ record: MatchRecord) -> [String] {
        [
            record.id, record.givenName, record.familyName, record.dateOfBirth?.iso ?? "",
            record.sex == .unknown ? "" : record.sex.rawValue,
            record.postcode, record.addressLine, record.nhsNumber,
        ]
    }
}

struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link two CSV extracts with the Signpost matcher, without a database.",
        discussion:
            "Both files have the header id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number. Writes incoming_id,index_id,score,band,probability: at most one row per incoming record, its best index record at or above the band."
    )

    @ArgumentParser.Option(help: "The index extract.") var index: String
    @ArgumentParser.Option(help: "The incoming extract.") var incoming: String
    @ArgumentParser.Option(help: "Where to write the links.") var out: String
    @ArgumentParser.Option(help: "Lowest band to link: match or possible.") var band: LinkBand = .match
    @ArgumentParser.Option(help: "Lowest score (log2 odds) to link instead of a band, for experiments.")
    var threshold: Double?
    @ArgumentParser.Option(
        help: "The lowest score (log2 odds) of the match band, for experiments (default 6.63, a posterior of 0.99).")
    var matchAt: Double?
    @ArgumentParser.Option(help: "A match model file to link with instead of fitting one.") var model: String?
    @ArgumentParser.Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Fit the model on these two extracts first (EM), then link with it.",
            discussion:
                "Default: fit when neither --model is given nor either extract has under 1,000 records; otherwise, or when the fit does not look like a model of one child, link with the shipped model."
        ))
    var fit: Bool?
    @ArgumentParser.Option(help: "A truth file (incoming_id,index_id): also report blocking recall.") var truth: String?
    @ArgumentParser.Option(help: "With --truth: write each true pair not linked at the match band, with its levels.")
    var misses: String?

    func validate() throws {
        if misses != nil && truth == nil { throw ValidationError("--misses needs --truth.") }
    }

    func run() async throws {
        let started = Date()
        let indexRecords = try LinkageCSV.read(index)
        let incomingRecords = try LinkageCSV.read(incoming)
        var linker = await BatchLinker.build(index: indexRecords, matcher: Matcher(model: try loadModel(model)))
        let fitHere =
            fit
            ?? (model == nil
                && MatchModelFitter.shouldFit(indexRecords: indexRecords.count, incomingRecords: incomingRecords.count))
        if fitHere {
            let report = MatchModelFitter().fit(
                linker, incoming: incomingRecords.map(PreparedRecord.init), source: "this link's two extracts")
            if let reason = report.unusableBecause {
                FileHandle.standardError.write(Data("not using the model fitted here, because \(reason)\n".utf8))
            } else {
                linker = linker.using(report.model)
            }
        }
        FileHandle.standardError.write(Data("model: \(linker.matcher.model.fittedOn)\n".utf8))
        if let matchAt {
            var thresholds = linker.matcher.thresholds
            thresholds.match = matchAt
            linker = linker.using(thresholds: thresholds)
        }
        let links = await linker.link(incomingRecords, band: band.matchBand, threshold: threshold)
        if let truth {
            let pairs = try LinkageCSV.truth(truth)
            let recall = linker.candidateRecall(incomingRecords, truth: pairs)
            FileHandle.standardError.write(
                Data("blocking recall: \(recall.found) of \(recall.total) true pairs among the candidates\n".utf8))
            if let misses {
                let rows = LinkageMisses.rows(linker.misses(incomingRecords, truth: pairs))
                try LinkageCSV.write(rows, header: LinkageMisses.header, to: misses)
            }
        }
        try LinkageCSV.write(
            links.map {
                [
                    $0.incomingID, $0.indexID, String(format: "%.2f", $0.score), $0.band.rawValue,
                    String(format: "%.6f", $0.probability),
                ]
            },
            header: ["incoming_id", "index_id", "score", "band", "probability"], to: out)
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(
            Data(
                String(
                    format: "linked %d of %d incoming records against %d index records in %.2f s\n", links.count,
                    incomingRecords.count, indexRecords.count, seconds
                ).utf8))
    }
}

enum LinkBand: String, ExpressibleByArgument, CaseIterable {
    case match, possible
    var matchBand: MatchBand { self == .match ? .match : .possible }
}

/// The shipped model, or the model in `path`, with a message that says what is wrong with a bad file.
func loadModel(_ path: String?) throws -> MatchModel {
    guard let path else { return .shipped }
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot open \(path).") }
    do { return try MatchModel.decode(data) } catch { throw ValidationError("\(path) is \(error)") }
}

struct MatcherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matcher", abstract: "The match model: fit it on your own extracts, or show it.",
        subcommands: [MatcherFitCommand.self, MatcherShowCommand.self])
}

struct MatcherFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Estimate the match model's m and u probabilities by EM on two extracts, and write the model file.",
        discussion:
            "u comes from random pairs, m and the share of matches from EM over the candidate pairs. The household rules are not learned: they hold whatever the model says. Point SIGNPOST_MATCH_MODEL_FILE at the file to use it."
    )

    @ArgumentParser.Option(help: "The index extract.") var index: String
    @ArgumentParser.Option(help: "The incoming extract.") var incoming: String
    @ArgumentParser.Option(help: "Where to write the model (JSON).") var out: String

    func run() async throws {
        let started = Date()
        let indexRecords = try LinkageCSV.read(index)
        let incomingRecords = try LinkageCSV.read(incoming)
        guard !indexRecords.isEmpty, !incomingRecords.isEmpty else {
            throw ValidationError("Both extracts need at least one record to fit a model.")
        }
        let linker = await BatchLinker.build(index: indexRecords)
        let report = MatchModelFitter().fit(
            linker, incoming: incomingRecords.map(PreparedRecord.init),
            source: "\(indexRecords.count) index x \(incomingRecords.count) incoming records")
        guard FileManager.default.createFile(atPath: out, contents: report.model.encoded()) else {
            throw ValidationError("Cannot write \(out).")
        }
        print(
            String(
                format: "fitted on %d candidate and %d random pairs in %d iterations (%.0f expected matches) in %.2f s",
                report.candidatePairs, report.randomPairs, report.iterations, report.expectedMatches,
                Date().timeIntervalSince(started)))
    }
}

struct MatcherShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print each level's weight (log2 m/u) of a model file, or of the shipped model.")

    @ArgumentParser.Option(help: "A match model file (default: the shipped model).") var model: String?

    func run() throws {
        let model = try loadModel(model)
        print("fitted on: \(model.fittedOn); prior log2 odds \(String(format: "%.2f", model.log2PriorOdds))")
        for (comparison, weights) in zip(model.comparisons, model.weightTable) {
            let levels = zip(comparison.levels, weights).map { "\($0.name) \(String(format: "%+.2f", $1))" }
            print("\(comparison.name): \(levels.joined(separator: ", "))")
        }
    }
}

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Write a synthetic population: index.csv, incoming.csv (a second agency's extract with errors) and truth.csv."
    )

    @ArgumentParser.Option(help: "Children in the index.") var children: Int
    @ArgumentParser.Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 1
    @ArgumentParser.Option(help: "Folder to write to (created if needed).") var out: String

    func validate() throws {
        guard children > 0 && children <= 5_000_000 else {
            throw ValidationError("--children must be between 1 and 5,000,000.")
        }
    }

    func run() throws {
        let population = SyntheticPopulation.generate(children: children, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let folder = URL(fileURLWithPath: out)
        try LinkageCSV.write(
            population.index.map(LinkageCSV.row), header: LinkageCSV.header,
            to: folder.appendingPathComponent("index.csv").path)
        try LinkageCSV.write(
            population.incoming.map(LinkageCSV.row), header: LinkageCSV.header,
            to: folder.appendingPathComponent("incoming.csv").path)
        try LinkageCSV.write(
            population.truth.sorted { $0.key < $1.key }.map { [$0.key, $0.value] },
            header: ["incoming_id", "index_id"], to: folder.appendingPathComponent("truth.csv").path)
        print(
            "wrote \(population.index.count) index, \(population.incoming.count) incoming and \(population.truth.count) true links to \(out)"
        )
    }
}
