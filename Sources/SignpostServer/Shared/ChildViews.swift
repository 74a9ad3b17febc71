import Foundation

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
    var carers: [ChildCarer]
    var createdBy: String?
    var createdAt: Date?
    var updatedAt: Date?
}

/// A carer of the child: who they are to the child, whether they hold parental responsibility, and how
/// to reach them.
struct ChildCarer: Codable, Sendable {
    var name: String
    var relationship: String
    var parentalResponsibility: Bool
    var contact: String?
}
