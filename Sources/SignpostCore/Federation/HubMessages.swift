import Foundation

/// An opaque reference between parties (a record handle, a request reference): 1 to 64 ASCII letters, digits,
/// dashes or underscores, so a UUID fits and a name with spaces or accents does not.
public enum OpaqueReference {
    public static func isValid(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// The messages between a node and the national hub, as both sides encode them (JSON over signed requests).
/// Plain values: the hub checks every field (`HubInputRules`), so a node cannot slip a name into a handle or
/// an unhardened encoding into the store.
public struct HubEnrolmentInput: Sendable, Codable, Equatable {
    /// The node's opaque reference for the child: never a name, an NHS number or anything derived from one.
    public var handle: String
    public var epoch: String
    /// Base64 of the 256 bytes of a balanced encoding.
    public var encoding: String
    public var nhsToken: String?
    public var tier: Int
    /// The day the hub forgets the entry unless the node enrols it again.
    public var retireBy: String

    public init(handle: String, epoch: String, encoding: String, nhsToken: String?, tier: Int, retireBy: String) {
        self.handle = handle
        self.epoch = epoch
        self.encoding = encoding
        self.nhsToken = nhsToken
        self.tier = tier
        self.retireBy = retireBy
    }

    public init(handle: String, encoding: LinkageEncoding, tier: Int, retireBy: String) {
        self.init(
            handle: handle, epoch: encoding.epoch, encoding: encoding.bytes.base64EncodedString(),
            nhsToken: encoding.nhsToken, tier: tier, retireBy: retireBy)
    }
}

public struct HubQueryInput: Sendable, Codable, Equatable {
    public var epoch: String
    public var encoding: String
    public var nhsToken: String?
    /// The search reason's code, as the node's own search takes it.
    public var purpose: String
    /// The node's own reference for the search (its audit event's sequence, say), so the two logs join up.
    public var requestReference: String

    public init(encoding: LinkageEncoding, purpose: String, requestReference: String) {
        self.epoch = encoding.epoch
        self.encoding = encoding.bytes.base64EncodedString()
        self.nhsToken = encoding.nhsToken
        self.purpose = purpose
        self.requestReference = requestReference
    }
}

/// One "known to authority X: ask through their route" answer. Never a score.
public struct HubPointer: Sendable, Equatable, Codable {
    public var authority: String
    public var handle: String
    public var band: HubAnswerRules.Band
    public var ambiguous: Bool
    public var contactRoute: String
    public var baseURL: String

    public init(
        authority: String, handle: String, band: HubAnswerRules.Band, ambiguous: Bool, contactRoute: String,
        baseURL: String
    ) {
        self.authority = authority
        self.handle = handle
        self.band = band
        self.ambiguous = ambiguous
        self.contactRoute = contactRoute
        self.baseURL = baseURL
    }
}

/// A node enrolled with the hub: its public key, how practitioners reach the authority, and its address, with
/// the key custodian's endorsement of all four (`DirectoryEndorsement`) when the custodian gave one.
public struct HubNode: Sendable, Equatable, Codable {
    public var node: String
    public var publicKey: String
    public var contactRoute: String
    public var baseURL: String
    public var endorsement: String?

    public init(node: String, publicKey: String, contactRoute: String, baseURL: String, endorsement: String? = nil) {
        self.node = node
        self.publicKey = publicKey
        self.contactRoute = contactRoute
        self.baseURL = baseURL
        self.endorsement = endorsement
    }
}
