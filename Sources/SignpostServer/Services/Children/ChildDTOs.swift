import Foundation
import SignpostCore
import Vapor

/// What a practitioner submits to create a child record (API body, page form, import row).
struct ChildInput: Content, Sendable {
    struct OtherName: Content, Sendable {
        var kind: String?
        var givenName: String
        var familyName: String
    }

    struct Carer: Content, Sendable {
        var name: String
        var relationship: String
        var parentalResponsibility: Bool
        var contact: String?
    }

    struct FirstInvolvement: Content, Sendable {
        var role: String
        var contactPhone: String?
        var contactEmail: String?
        var leadProfessional: Bool?
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
struct SignpostView: Content, Sendable {
    struct Authority: Content, Sendable {
        var code: String
        var name: String
        var officeHoursPhone: String
        var emergencyDutyPhone: String
    }

    struct Involvement: Content, Sendable {
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
    var record: RecordDetails?
}

/// The index record, for the child's own team only.
struct RecordDetails: Content, Sendable {
    struct Name: Content, Sendable {
        var kind: String
        var givenName: String
        var familyName: String
    }

    struct Address: Content, Sendable {
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

struct SearchCriteria: Content, Sendable {
    var givenName: String?
    var familyName: String?
    var dateOfBirth: String?
    var postcode: String?
    var nhsNumber: String?
    var upn: String?
}

struct SearchRequest: Content, Sendable {
    var reason: String
    var reasonText: String?
    var criteria: SearchCriteria
}

struct SearchResult: Content, Sendable {
    var id: UUID
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var gender: String
    var authority: String
    var band: String
    var score: Double
}

struct SearchResponse: Content, Sendable {
    var results: [SearchResult]
}
