import Foundation

/// One event of the append-only audit log, as it is hashed.
///
/// The hash chain covers every field here, so any edit to a stored row, a deleted row or a swapped
/// pair of rows changes a recomputed hash and is detected by `AuditChain.verify`.
public struct AuditEntry: Sendable, Equatable {
    public var sequence: Int64
    /// Milliseconds since 1970, stored as an integer so both databases round-trip it exactly.
    public var occurredAtMillis: Int64
    public var actorID: String?
    public var actorRole: String?
    public var actorOrganisation: String?
    public var action: String
    public var subjectType: String?
    public var subjectID: String?
    public var reason: String?
    /// Stored text of an `AuditOutcome`; kept as text so a tampered value is hashed as it is.
    public var outcome: String
    public var clientIP: String?
    public var userAgent: String?
    /// Canonical JSON (sorted keys) of extra, non-personal detail.
    public var details: String

    public init(
        sequence: Int64, occurredAtMillis: Int64, actorID: String?, actorRole: String?,
        actorOrganisation: String?, action: String, subjectType: String?, subjectID: String?,
        reason: String?, outcome: String, clientIP: String?, userAgent: String?, details: String
    ) {
        self.sequence = sequence
        self.occurredAtMillis = occurredAtMillis
        self.actorID = actorID
        self.actorRole = actorRole
        self.actorOrganisation = actorOrganisation
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.reason = reason
        self.outcome = outcome
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.details = details
    }

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMillis) / 1000) }

    /// A byte encoding with one meaning only: each field is tagged, and its value is length-prefixed, so
    /// no choice of field contents can make two different events encode alike.
    public var canonicalEncoding: [UInt8] {
        var bytes: [UInt8] = Array("signpost-audit-v1".utf8)
        func put(_ tag: String, _ value: String?) {
            bytes.append(contentsOf: Array(tag.utf8))
            guard let value else {
                bytes.append(0x00)
                return
            }
            let utf8 = Array(value.utf8)
            bytes.append(0x01)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        put("seq", String(sequence))
        put("at", String(occurredAtMillis))
        put("actor", actorID)
        put("role", actorRole)
        put("org", actorOrganisation)
        put("action", action)
        put("stype", subjectType)
        put("sid", subjectID)
        put("reason", reason)
        put("outcome", outcome)
        put("ip", clientIP)
        put("ua", userAgent)
        put("details", details)
        return bytes
    }
}

public enum AuditOutcome: String, Sendable, Codable, CaseIterable {
    case success
    case failure
    case refused
}

/// Encodes detail dictionaries the same way every time, so the hashed text is stable.
public enum AuditDetails {
    public static func canonical(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(details), let text = String(data: data, encoding: .utf8) else {
            return "{}"
        }
        return text
    }
}
