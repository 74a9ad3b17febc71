import Foundation
import SignpostCore

/// What a practitioner submits to create a child record (API body, page form, import row).
struct ChildInput: Codable, Sendable {
    struct OtherName: Codable, Sendable {
        var kind: String?
        var givenName: String
        var familyName: String
    }

    struct Carer: Codable, Sendable {
        var name: String
        var relationship: String
        var parentalResponsibility: Bool
        var contact: String?
    }

    struct FirstInvolvement: Codable, Sendable {
        var role: String
        var contactPhone: String?
        var contactEmail: String?
        var leadProfessional: Bool?
        /// Required when the actor's organisation is a sensitive service: `child-consent` or `significant-harm`.
        var sensitiveBasis: String?
        var sensitiveBasisNote: String?
    }

    var givenName: String
    var familyName: String
    var otherNames: [OtherName]?
    var dateOfBirth: String?
    var expectedDelivery: String?
    var gender: String?
    var whereabouts: String?
    var addressLine: String?
    var postcode: String?
    var nhsNumber: String?
    var upn: String?
    var schoolName: String?
    var schoolStartedOn: String?
    var gpPractice: String?
    var carers: [Carer]?
    var tier: Int?
    var involvement: FirstInvolvement?
    /// The lawful basis for keeping the child on the index: `public-task` (the default), `consent`
    /// (findable by others only while an index consent is in force) or `safeguarding` (needs a reason).
    var indexBasis: String?
    var indexBasisReason: String?
}

enum ChildVocabulary {
    static let genders = ["male", "female", "not-specified", "unknown"]
    static let whereabouts = ["current", "last-known", "none-known", "left-england"]
    static let nameKinds = ["former", "alias"]
    static let searchReasons = [
        "new-referral": "New referral", "child-protection-enquiry": "Child protection enquiry",
        "emergency-attendance": "Emergency attendance", "school-admission": "School admission", "other": "Other",
    ]
}

/// The signpost: identity essentials and who to contact. No address, no carers, no identifiers.
struct SignpostView: Codable, Sendable {
    struct Authority: Codable, Sendable {
        var code: String
        var name: String
        var officeHoursPhone: String
        var emergencyDutyPhone: String
    }

    struct Involvement: Codable, Sendable {
        var id: UUID
        var organisation: String
        var organisationKind: String
        var practitioner: String
        var role: String
        var contactPhone: String?
        var contactEmail: String?
        var startedOn: String
        var leadProfessional: Bool
        var holdsAssessment: Bool
        /// A sensitive service's involvement: shown only to that organisation and data managers.
        var sensitive: Bool
    }

    /// What the viewer may do next, decided by the policy (templates only show or hide the buttons).
    struct Permissions: Codable, Sendable {
        var addInvolvement: Bool
        var requestBrokeredContact: Bool
        var recordConsent: Bool
        var viewAccesses: Bool
        var shield: Bool
        var breakGlass: Bool
        var merge: Bool
        /// Team members start early-help assessments.
        var startAssessment: Bool
        /// Ask the lead professional or the data manager to join the team.
        var requestToJoin: Bool
        /// A data manager of the child's authority admits practitioners directly.
        var admitDirectly: Bool
    }

    var id: UUID
    var visibility: String
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var expectedDelivery: String?
    var gender: String
    var authority: Authority
    var involvements: [Involvement]
    var leadProfessional: String?
    /// "An early-help assessment exists: contact X".
    var assessmentHeldBy: String?
    var shielded: Bool
    /// "Another service is involved: request brokered contact via the authority."
    var anotherServiceInvolved: Bool
    /// How to reach the child's services without seeing them: the authority's data manager.
    var brokeringRoute: String
    var breakGlassActive: Bool
    /// The viewer is in the child's team (admitted, not merely involved).
    var teamMember: Bool
    /// The viewer sees only name, gender, date of birth and the brokering route.
    var shieldedSignpost: Bool
    var may: Permissions
    var record: RecordDetails?
    /// Consents, lawful bases and the shield, for the team and the authority's data managers.
    var governance: GovernanceView?
}

/// The index record, for the child's own team only.
struct RecordDetails: Codable, Sendable {
    struct Name: Codable, Sendable {
        var kind: String
        var givenName: String
        var familyName: String
    }

    struct Address: Codable, Sendable {
        var addressLine: String
        var postcode: String?
        var recordedOn: String
    }

    var whereabouts: String
    var addressLine: String?
    var postcode: String?
    var nhsNumber: String?
    var upn: String?
    var schoolName: String?
    var schoolStartedOn: String?
    var gpPractice: String?
    var tier: Int
    var otherNames: [Name]
    var addressHistory: [Address]
    var carers: [ChildInput.Carer]
    var createdBy: String?
    var createdAt: Date?
    var updatedAt: Date?
}

struct SearchCriteria: Codable, Sendable {
    var givenName: String?
    var familyName: String?
    var dateOfBirth: String?
    var postcode: String?
    var nhsNumber: String?
    var upn: String?
}

/// The stated reason for a search or a duplicate check: a code from `ChildVocabulary.searchReasons`
/// and free text (needed for `other`).
struct SearchReason: Codable, Sendable {
    var code: String
    var text: String?
}

struct SearchRequest: Codable, Sendable {
    var reason: String
    var reasonText: String?
    var criteria: SearchCriteria
}

struct SearchResult: Codable, Sendable {
    var id: UUID
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var gender: String
    var authority: String
    var band: String
    var score: Double
}

struct SearchResponse: Codable, Sendable {
    var results: [SearchResult]
}
