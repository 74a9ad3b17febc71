import Crypto
import Foundation

/// The tamper-evident chain: `hash(n) = SHA-256(hash(n-1) || canonical(event n))`, starting from 32 zero bytes.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(previousHash: String, entry: AuditEntry) -> String {
        var hasher = SHA256()
        hasher.update(data: Hex.decode(previousHash) ?? Array(repeating: 0, count: 32))
        hasher.update(data: entry.canonicalEncoding)
        return Hex.encode(Array(hasher.finalize()))
    }

    /// The result of checking stored events in sequence order.
    public enum Verdict: Equatable, Sendable {
        case intact(events: Int)
        /// `sequence` is the first sequence number at which the stored log stops agreeing with the chain.
        case broken(sequence: Int64, problem: String)
    }

    /// Walks stored events (in ascending stored-sequence order) a page at a time, so a large log never
    /// has to fit in memory. Feed every page to `consume`, then call `finish`.
    public struct Verifier: Sendable {
        private var previousHash = AuditChain.genesisHash
        private var expectedSequence: Int64 = 1
        private(set) public var count = 0
        private(set) public var failure: Verdict?

        public init() {}

        public mutating func consume(_ entry: AuditEntry, storedHash: String) {
            guard failure == nil else { return }
            if entry.sequence != expectedSequence {
                let problem =
                    entry.sequence > expectedSequence
                    ? "event \(expectedSequence) is missing (next stored event is \(entry.sequence))"
                    : "event \(entry.sequence) is out of order or duplicated"
                failure = .broken(sequence: expectedSequence, problem: problem)
                return
            }
            let recomputed = AuditChain.hash(previousHash: previousHash, entry: entry)
            guard recomputed == storedHash.lowercased() else {
                failure = .broken(
                    sequence: entry.sequence,
                    problem: "event \(entry.sequence) does not match its hash (edited, reordered or re-linked)")
                return
            }
            previousHash = recomputed
            expectedSequence += 1
            count += 1
        }

        /// `headSequence` and `headHash` are the separately stored chain head; a log cut short at its end
        /// disagrees with them.
        public func finish(headSequence: Int64, headHash: String) -> Verdict {
            if let failure { return failure }
            if headSequence != Int64(count) {
                return .broken(
                    sequence: Int64(count) + 1,
                    problem: "the chain head records \(headSequence) events but \(count) are stored")
            }
            if count > 0 && headHash.lowercased() != previousHash {
                return .broken(sequence: Int64(count), problem: "the last event does not match the chain head")
            }
            return .intact(events: count)
        }
    }
}
