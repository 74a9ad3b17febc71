import Testing

@testable import SignpostCore

@Suite("Audit hash chain")
struct AuditChainTests {
    static func entry(_ sequence: Int64, action: String = "auth.sign-in", details: String = "{}") -> AuditEntry {
        AuditEntry(
            sequence: sequence, occurredAtMillis: 1_700_000_000_000 + sequence, actorID: "actor-\(sequence % 3)",
            actorRole: "practitioner", actorOrganisation: "ORG", action: action, subjectType: "practitioner",
            subjectID: "s\(sequence)", reason: nil, outcome: "success", clientIP: "127.0.0.1", userAgent: "test",
            details: details)
    }

    /// A stored log: entries and their hashes, chained from the genesis hash.
    static func chain(_ count: Int) -> [(AuditEntry, String)] {
        var previous = AuditChain.genesisHash
        return (1...Int64(count)).map { sequence in
            let entry = entry(sequence)
            previous = AuditChain.hash(previousHash: previous, entry: entry)
            return (entry, previous)
        }
    }

    static func verify(_ rows: [(AuditEntry, String)], headSequence: Int64? = nil, headHash: String? = nil)
        -> AuditChain.Verdict
    {
        var verifier = AuditChain.Verifier()
        for (entry, hash) in rows { verifier.consume(entry, storedHash: hash) }
        return verifier.finish(
            headSequence: headSequence ?? Int64(rows.count),
            headHash: headHash ?? rows.last?.1 ?? AuditChain.genesisHash)
    }

    @Test func anIntactChainVerifies() {
        let rows = Self.chain(10)
        #expect(Self.verify(rows) == .intact(events: 10))
        #expect(Self.verify([]) == .intact(events: 0))
    }

    @Test func hashIsSHA256OfPreviousHashAndCanonicalEvent() {
        let first = Self.entry(1)
        let hash = AuditChain.hash(previousHash: AuditChain.genesisHash, entry: first)
        #expect(hash.count == 64)
        #expect(hash != AuditChain.hash(previousHash: hash, entry: first))
    }

    @Test func anEditedFieldIsDetectedAtItsSequence() {
        var rows = Self.chain(10)
        rows[4].0.action = "auth.sign-out"
        #expect(
            Self.verify(rows)
                == .broken(sequence: 5, problem: "event 5 does not match its hash (edited, reordered or re-linked)"))
    }

    @Test func everyFieldIsCovered() {
        let mutations: [(inout AuditEntry) -> Void] = [
            { $0.occurredAtMillis += 1 }, { $0.actorID = "someone-else" }, { $0.actorRole = "admin" },
            { $0.actorOrganisation = "OTHER" }, { $0.action = "x" }, { $0.subjectType = nil }, { $0.subjectID = "s9" },
            { $0.reason = "because" }, { $0.outcome = "failure" }, { $0.clientIP = nil }, { $0.userAgent = "curl" },
            { $0.details = #"{"a":"b"}"# },
        ]
        for mutate in mutations {
            var rows = Self.chain(3)
            mutate(&rows[1].0)
            #expect(Self.verify(rows) != .intact(events: 3))
        }
    }

    @Test func fieldBoundariesCannotBeShifted() {
        var a = Self.entry(1)
        var b = Self.entry(1)
        a.actorRole = "ab"
        a.actorOrganisation = "c"
        b.actorRole = "a"
        b.actorOrganisation = "bc"
        #expect(a.canonicalEncoding != b.canonicalEncoding)
        a.reason = nil
        b.reason = ""
        #expect(a.canonicalEncoding != b.canonicalEncoding)
    }

    @Test func aDeletedRowIsDetected() {
        var rows = Self.chain(10)
        rows.remove(at: 6)
        let verdict = Self.verify(rows, headSequence: 10, headHash: Self.chain(10).last!.1)
        #expect(verdict == .broken(sequence: 7, problem: "event 7 is missing (next stored event is 8)"))
    }

    @Test func reorderedRowsAreDetected() {
        var rows = Self.chain(10)
        // Swap the contents of events 3 and 4 but keep the sequence numbers ascending.
        let third = rows[2]
        let fourth = rows[3]
        rows[2] = (Self.relabel(fourth.0, as: 3), fourth.1)
        rows[3] = (Self.relabel(third.0, as: 4), third.1)
        if case .broken(let sequence, _) = Self.verify(rows) {
            #expect(sequence == 3)
        } else {
            Issue.record("reordering was not detected")
        }
    }

    @Test func aTruncatedTailIsDetectedAgainstTheHead() {
        let full = Self.chain(10)
        let truncated = Array(full.prefix(8))
        let verdict = Self.verify(truncated, headSequence: 10, headHash: full.last!.1)
        #expect(verdict == .broken(sequence: 9, problem: "the chain head records 10 events but 8 are stored"))
    }

    @Test func aRecomputedForgeryIsCaughtByTheHead() {
        // Someone edits event 10 and recomputes its hash; the separately stored head still disagrees.
        var rows = Self.chain(10)
        let original = rows[9].1
        rows[9].0.action = "forged"
        rows[9].1 = AuditChain.hash(previousHash: rows[8].1, entry: rows[9].0)
        let verdict = Self.verify(rows, headSequence: 10, headHash: original)
        #expect(verdict == .broken(sequence: 10, problem: "the last event does not match the chain head"))
    }

    static func relabel(_ entry: AuditEntry, as sequence: Int64) -> AuditEntry {
        var copy = entry
        copy.sequence = sequence
        return copy
    }

    @Test func detailsAreCanonical() {
        #expect(AuditDetails.canonical(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }
}
