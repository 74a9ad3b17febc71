import CSV
import Foundation

/// Reads a CSV extract a row at a time from disk, strictly: a row whose number of values differs from the
/// header's is handed on with its problem rather than padded or cut, and every row carries the physical
/// line it starts on, counting the line breaks inside quoted values (CSV.swift counts records, not lines).
public final class CSVRowStream {
    public let header: [String]
    private let reader: CSVReader
    private let file: String
    private var nextLine = 2

    /// Opens the file and reads its header, which must name `column`; `expected` is the header to suggest.
    public init(file: String, needing column: String, header expected: [String]) throws {
        guard let stream = InputStream(fileAtPath: file), FileManager.default.isReadableFile(atPath: file) else {
            throw ImportFileError("Cannot open \(file).")
        }
        self.file = file
        let suggestion = "The first line must be the header \(expected.joined(separator: ","))."
        do {
            reader = try CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: true)
        } catch CSVError.cannotReadHeaderRow {
            throw ImportFileError("\(file) is empty. \(suggestion)")
        } catch {
            throw ImportFileError("\(file) cannot be read as UTF-8 CSV. \(suggestion)")
        }
        let names = (reader.headerRow ?? []).map {
            $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard names.contains(column) else {
            throw ImportFileError("\(file) has no \(column) column. \(suggestion)")
        }
        header = names
        nextLine = 2 + Self.lineBreaks(in: reader.headerRow ?? [])
    }

    /// The next row, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> SignpostOperations.ImportRow? {
        while let values = reader.next() {
            let line = nextLine
            nextLine += 1 + Self.lineBreaks(in: values)
            if values.count == 1, values[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard values.count == header.count else {
                return (
                    line, [:],
                    "line \(line) has \(values.count) values but the header has \(header.count): "
                        + "check for a missing or extra comma, or an unclosed quote"
                )
            }
            return (line, Dictionary(uniqueKeysWithValues: zip(header, values).map { ($0, $1) }), nil)
        }
        // At the end of a file Foundation's InputStream still says it has bytes, and CSV.swift records the
        // empty read as `cannotReadFile`: that is the end, not a fault. Anything else (bad UTF-8) is one.
        if let error = reader.error, !Self.isEndOfStream(error) {
            throw ImportFileError(
                "\(file) stops being readable as UTF-8 CSV after line \(nextLine - 1). Rows before it were handled.")
        }
        return nil
    }

    private static func isEndOfStream(_ error: any Error) -> Bool {
        if case .cannotReadFile? = error as? CSVError { return true }
        return false
    }

    private static func lineBreaks(in values: [String]) -> Int {
        values.reduce(0) { $0 + $1.unicodeScalars.filter { $0 == "\n" }.count }
    }

    /// About how many rows the file holds, for the progress bar: its line breaks, counted a megabyte at a time.
    public static func estimatedRows(in file: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: file) else { return 0 }
        defer { try? handle.close() }
        var breaks = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            breaks += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return max(0, breaks - 1)
    }
}

/// A file that cannot be imported as it stands, said so that the person can mend it.
public struct ImportFileError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
