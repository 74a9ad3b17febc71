/// The early-help assessment's structure, exactly as DOMAIN.md gives it: three domains, their
/// elements (each with strengths and needs), the header and the closing sections.
public enum AssessmentFramework {
    public struct Element: Sendable, Equatable, Identifiable {
        /// Stable key used in storage and forms, e.g. `development.general-health`.
        public let id: String
        public let title: String
    }

    public struct Domain: Sendable, Equatable, Identifiable {
        public let id: String
        public let title: String
        public let elements: [Element]
    }

    public static let domains: [Domain] = [
        Domain(
            id: "development", title: "Development of the child",
            elements: [
                .init(id: "development.general-health", title: "General health"),
                .init(id: "development.physical-development", title: "Physical development"),
                .init(id: "development.speech-language-communication", title: "Speech, language and communication"),
                .init(id: "development.emotional-social", title: "Emotional and social development"),
                .init(id: "development.behavioural", title: "Behavioural development"),
                .init(id: "development.identity", title: "Identity, self-esteem, self-image and social presentation"),
                .init(id: "development.family-social-relationships", title: "Family and social relationships"),
                .init(id: "development.self-care", title: "Self-care skills and independence"),
                .init(
                    id: "development.learning-understanding",
                    title: "Learning: understanding, reasoning and problem solving"),
                .init(
                    id: "development.learning-participation",
                    title: "Learning: participation in learning, education and employment"),
                .init(id: "development.learning-progress", title: "Learning: progress and achievement"),
                .init(id: "development.learning-aspirations", title: "Learning: aspirations"),
            ]),
        Domain(
            id: "parents", title: "Parents and carers",
            elements: [
                .init(id: "parents.basic-care", title: "Basic care, ensuring safety and protection"),
                .init(id: "parents.emotional-warmth", title: "Emotional warmth and stability"),
                .init(id: "parents.guidance-boundaries", title: "Guidance, boundaries and stimulation"),
            ]),
        Domain(
            id: "family", title: "Family and environment",
            elements: [
                .init(id: "family.history-functioning", title: "Family history, functioning and well-being"),
                .init(id: "family.wider-family", title: "Wider family"),
                .init(
                    id: "family.housing-employment-finance", title: "Housing, employment and financial considerations"),
                .init(
                    id: "family.social-community",
                    title: "Social and community elements and resources, including education"),
            ]),
    ]

    public static let elementIDs: Set<String> = Set(domains.flatMap { $0.elements.map(\.id) })

    /// Free-text fields of the header and closing sections (all encrypted at rest).
    public static let headerTextFields = ["whatLedToIt", "peoplePresent", "disabilityOrSEN", "parentsAndCarers"]
    public static let closingTextFields = ["childViews", "parentViews", "conclusions"]
}

/// What the assessment holds. Every field is optional while it is a draft; `missingForCompletion`
/// says what completion needs.
public struct AssessmentContent: Sendable, Codable, Equatable {
    public struct StrengthsAndNeeds: Sendable, Codable, Equatable {
        public var strengths: String?
        public var needs: String?

        public init(strengths: String? = nil, needs: String? = nil) {
            self.strengths = strengths
            self.needs = needs
        }
    }

    public var whatLedToIt: String?
    public var peoplePresent: String?
    /// A CIN census ethnicity code (`CINCodes.ethnicity`).
    public var ethnicity: String?
    public var childLanguage: String?
    public var parentLanguage: String?
    public var interpreterNeeded: Bool?
    public var disabilityOrSEN: String?
    public var parentsAndCarers: String?
    /// Keyed by `AssessmentFramework.Element.id`.
    public var elements: [String: StrengthsAndNeeds]
    public var childViews: String?
    public var parentViews: String?
    public var conclusions: String?

    public init() {
        elements = [:]
    }

    private enum CodingKeys: String, CodingKey {
        case whatLedToIt, peoplePresent, ethnicity, childLanguage, parentLanguage, interpreterNeeded
        case disabilityOrSEN, parentsAndCarers, elements, childViews, parentViews, conclusions
    }

    /// Every answer may be missing from a draft, the elements too: an empty draft is `{}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        whatLedToIt = try container.decodeIfPresent(String.self, forKey: .whatLedToIt)
        peoplePresent = try container.decodeIfPresent(String.self, forKey: .peoplePresent)
        ethnicity = try container.decodeIfPresent(String.self, forKey: .ethnicity)
        childLanguage = try container.decodeIfPresent(String.self, forKey: .childLanguage)
        parentLanguage = try container.decodeIfPresent(String.self, forKey: .parentLanguage)
        interpreterNeeded = try container.decodeIfPresent(Bool.self, forKey: .interpreterNeeded)
        disabilityOrSEN = try container.decodeIfPresent(String.self, forKey: .disabilityOrSEN)
        parentsAndCarers = try container.decodeIfPresent(String.self, forKey: .parentsAndCarers)
        elements = try container.decodeIfPresent([String: StrengthsAndNeeds].self, forKey: .elements) ?? [:]
        childViews = try container.decodeIfPresent(String.self, forKey: .childViews)
        parentViews = try container.decodeIfPresent(String.self, forKey: .parentViews)
        conclusions = try container.decodeIfPresent(String.self, forKey: .conclusions)
    }

    /// What is still missing before the assessment can be completed: the header's reason, each
    /// domain touched (at least one element with strengths or needs), and the conclusions.
    public var missingForCompletion: [String] {
        var missing: [String] = []
        if (whatLedToIt ?? "").isBlank { missing.append("whatLedToIt") }
        for domain in AssessmentFramework.domains {
            let touched = domain.elements.contains { element in
                guard let value = elements[element.id] else { return false }
                return !(value.strengths ?? "").isBlank || !(value.needs ?? "").isBlank
            }
            if !touched { missing.append(domain.id) }
        }
        if (conclusions ?? "").isBlank { missing.append("conclusions") }
        return missing
    }
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
