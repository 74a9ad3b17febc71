import Foundation

/// A checkpoint of the audit log in the C2SP `tlog-checkpoint` format: the log's origin, the tree size
/// and the root hash (base64), then extension lines; Signpost adds one, `time <ISO 8601 UTC>`, saying
/// when it was signed. Signed as a C2SP note (`SignedNote`), it is what witnesses keep outside the
/// database: a later log that does not extend it is caught by a consistency proof.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int
    public var root: MerkleTree.Hash
    public var time: String?

    public init(origin: String, size: Int, root: MerkleTree.Hash, time: String? = nil) {
        self.origin = origin
        self.size = size
        self.root = root
        self.time = time
    }

    /// The note text: three lines and the optional time line, each ending in a newline.
    public var text: String {
        var text = "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n"
        if let time { text += "time \(time)\n" }
        return text
    }

    public enum Failure: Error, Equatable {
        case malformed(String)
    }

    /// Reads a checkpoint's text (already opened by a `SignedNote.Verifier`); unknown extension lines
    /// are allowed, as the format says, and ignored.
    public init(text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard text.hasSuffix("\n"), lines.count >= 3 else { throw Failure.malformed("fewer than three lines") }
        let items = Array(lines)
        guard !items[0].isEmpty else { throw Failure.malformed("no origin") }
        guard let size = Int(items[1]), size >= 0, String(size) == items[1] else {
            throw Failure.malformed("the tree size is not a decimal number")
        }
        guard let root = Data(base64Encoded: String(items[2])), root.count == 32 else {
            throw Failure.malformed("the root hash is not 32 bytes of base64")
        }
        self.init(origin: String(items[0]), size: size, root: Array(root))
        time = items.dropFirst(3).first { $0.hasPrefix("time ") }.map { String($0.dropFirst(5)) }
    }
}
