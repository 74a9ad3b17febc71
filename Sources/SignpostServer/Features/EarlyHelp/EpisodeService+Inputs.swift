import Foundation
import SignpostCore

/// What the episode endpoints take and the list returns.
extension EpisodeService {
    struct ChecklistInput: Codable, Sendable {
        var riskOfSignificantHarm: Bool
        var concernsAboutProgress: Bool
        var needsMetBySingleService: Bool
        var needsUnclearOrBroad: Bool
        /// Required for an immediate safeguarding referral.
        var reasons: String?
    }

    struct ConsentStatementInput: Codable, Sendable {
        /// A consent record of this child, in force.
        var consentID: UUID?
        /// The family declined: the assessment goes on, seen only by the assessor. Services are never withheld.
        var declined: Bool?
    }

    struct SaveInput: Codable, Sendable {
        /// The version the editor started from; a stale one is refused, not overwritten.
        var version: Int
        var content: AssessmentContent
    }

    struct CompleteInput: Codable, Sendable {
        var version: Int
    }

    struct EpisodeSummary: Codable, Sendable {
        var id: UUID
        var status: String
        var routeName: String
        var assessor: String
        var startedOn: String
    }
}
