import Foundation
import SignpostCore

/// What a practitioner submits to create a child record (API body, page form, import row).
struct ChildInput: Codable, Sendable {
    struct OtherName: Codable, Sendable {
        var kind: String?
        var givenName: String
        var familyName: String
    }

    /// A carer as given on the form; the record shows the same shape (`ChildCarer`).
    typealias Carer = ChildCarer

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
