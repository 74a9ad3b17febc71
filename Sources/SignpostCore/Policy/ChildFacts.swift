/// Why a child's details may be shared for one purpose: the lawful basis of DOMAIN.md, recorded per
/// sharing decision, separately from consent.
public enum LawfulBasis: String, Sendable, Codable, CaseIterable {
    /// Consent in force for the purpose (see `ConsentFact`).
    case consent
    /// Public task: the authority's statutory duties. Tier 1 (statutory) children are indexed on this basis.
    case publicTask = "public-task"
    /// Safeguarding without consent, DPA 2018 Schedule 1 paragraph 18: needs a written reason and
    /// notifies the authority's data manager.
    case safeguarding

    public var displayName: String {
        switch self {
        case .consent: "Consent"
        case .publicTask: "Public task"
        case .safeguarding: "Safeguarding without consent (DPA 2018 Sch 1 para 18)"
        }
    }
}

/// What a consent (or another lawful basis) lets Signpost share.
public enum SharingPurpose: String, Sendable, Codable, CaseIterable {
    /// Keep the child on the index where practitioners outside the team can find the signpost.
    case index
    /// Share the early-help assessment with the whole Team Around the Child.
    case shareAssessment = "share-assessment"
    /// Let practitioners of the named organisations find the signpost.
    case shareWithOrganisations = "share-with-organisations"

    public var displayName: String {
        switch self {
        case .index: "Keep on the index so other services can find who is involved"
        case .shareAssessment: "Share the early-help assessment with the team around the child"
        case .shareWithOrganisations: "Share with named organisations only"
        }
    }
}

/// One consent record as the policy sees it. Withdrawal and expiry act on the very next decision,
/// because the policy computes what is in force from the records at the time of each request.
public struct ConsentFact: Sendable, Equatable {
    public var purposes: Set<SharingPurpose>
    /// Organisation codes, for `shareWithOrganisations`.
    public var organisations: Set<String>
    /// The last day the consent is in force; nil for no expiry.
    public var expiresOn: CalendarDate?
    public var withdrawn: Bool

    public init(
        purposes: Set<SharingPurpose>, organisations: Set<String> = [], expiresOn: CalendarDate? = nil,
        withdrawn: Bool = false
    ) {
        self.purposes = purposes
        self.organisations = organisations
        self.expiresOn = expiresOn
        self.withdrawn = withdrawn
    }

    public func isInForce(on today: CalendarDate) -> Bool {
        guard !withdrawn else { return false }
        if let expiresOn, expiresOn < today { return false }
        return true
    }
}

/// What the policy knows about a child when it decides. Loaded in one place on the server, so every
/// read and write path decides from the same facts.
public struct ChildFacts: Sendable, Equatable {
    /// An active involvement: a service working with the child. Recording one is signposting (others can
    /// find who is involved); it is not team membership and grants no case content.
    public struct Involvement: Sendable, Equatable {
        public var practitionerID: String
        public var organisationCode: String
        public var leadProfessional: Bool
        public var holdsAssessment: Bool
        /// The involvement is of a sensitive service (sexual health, mental health, substance misuse).
        public var sensitive: Bool

        public init(
            practitionerID: String, organisationCode: String, leadProfessional: Bool = false,
            holdsAssessment: Bool = false, sensitive: Bool = false
        ) {
            self.practitionerID = practitionerID
            self.organisationCode = organisationCode
            self.leadProfessional = leadProfessional
            self.holdsAssessment = holdsAssessment
            self.sensitive = sensitive
        }
    }

    public var authorityCode: String
    public var tier: Int
    /// Active involvements only.
    public var involvements: [Involvement]
    /// Practitioners admitted to the child's team (case content): the creator of the record, and those
    /// the lead professional or a data manager admitted. Membership is a grant of its own, never a side
    /// effect of recording an involvement.
    public var members: Set<String>
    /// Set by a data manager: the child is at increased risk if located.
    public var shielded: Bool
    /// The shield was inherited from a possible duplicate (or a merge), not set on this record itself.
    public var shieldInherited: Bool
    /// The recorded basis for keeping the child findable on the index. Tier 1 is always public task.
    public var indexBasis: LawfulBasis
    /// Non-consent bases recorded for other purposes (public task or safeguarding), per purpose.
    public var recordedBases: [SharingPurpose: LawfulBasis]
    public var consents: [ConsentFact]
    /// The child's 18th birthday, when the record is archived and leaves the index; nil when not known.
    public var adultOn: CalendarDate?

    public init(
        authorityCode: String, tier: Int, involvements: [Involvement], members: Set<String>, shielded: Bool = false,
        shieldInherited: Bool = false, indexBasis: LawfulBasis = .publicTask,
        recordedBases: [SharingPurpose: LawfulBasis] = [:], consents: [ConsentFact] = [], adultOn: CalendarDate? = nil
    ) {
        self.authorityCode = authorityCode
        self.tier = tier
        self.involvements = involvements
        self.members = members
        self.shielded = shielded
        self.shieldInherited = shielded && shieldInherited
        self.indexBasis = indexBasis
        self.recordedBases = recordedBases
        self.consents = consents
        self.adultOn = adultOn
    }

    /// The purposes (and the named organisations) covered by consent in force today.
    public func consentInForce(on today: CalendarDate) -> (purposes: Set<SharingPurpose>, organisations: Set<String>) {
        var purposes = Set<SharingPurpose>()
        var organisations = Set<String>()
        for consent in consents where consent.isInForce(on: today) {
            purposes.formUnion(consent.purposes)
            if consent.purposes.contains(.shareWithOrganisations) { organisations.formUnion(consent.organisations) }
        }
        return (purposes, organisations)
    }

    public var hasSensitiveInvolvement: Bool { involvements.contains { $0.sensitive } }
}
