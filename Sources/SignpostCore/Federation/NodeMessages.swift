import Foundation

/// One node asking another who is involved with a child the hub pointed it to. Signed by the asking node.
public struct RemoteInvolvementRequest: Sendable, Codable, Equatable {
    /// The holding node's handle, from the hub's pointer.
    public var handle: String
    /// The search reason's code the asking practitioner gave.
    public var purpose: String
    /// The asking node's reference for the look-up, so the two audit logs join up.
    public var requestReference: String
    /// The key epoch of the hub query that gave the pointer: the holder's handles differ by epoch
    /// (`HubHandles`). Absent, the holder reads the handle under its own current epoch.
    public var epoch: String?

    public init(handle: String, purpose: String, requestReference: String, epoch: String? = nil) {
        self.handle = handle
        self.purpose = purpose
        self.requestReference = requestReference
        self.epoch = epoch
    }
}

/// The holding node's answer, decided by its own `FederationAccess`: the services involved, or only the
/// brokering route. A child it may not share is a 404, indistinguishable from an unknown handle.
public struct RemoteInvolvementAnswer: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case involvements
        case brokeringRoute = "brokering-route"
    }

    public struct Involvement: Sendable, Codable, Equatable {
        public var organisation: String
        public var role: String
        public var contactPhone: String?
        public var leadProfessional: Bool

        public init(organisation: String, role: String, contactPhone: String?, leadProfessional: Bool) {
            self.organisation = organisation
            self.role = role
            self.contactPhone = contactPhone
            self.leadProfessional = leadProfessional
        }
    }

    public var kind: Kind
    public var authority: String
    public var authorityName: String
    /// The authority's front door, through which a shielded child's contact is brokered.
    public var brokeringRoute: String
    public var involvements: [Involvement]

    public init(
        kind: Kind, authority: String, authorityName: String, brokeringRoute: String, involvements: [Involvement]
    ) {
        self.kind = kind
        self.authority = authority
        self.authorityName = authorityName
        self.brokeringRoute = brokeringRoute
        self.involvements = involvements
    }
}
