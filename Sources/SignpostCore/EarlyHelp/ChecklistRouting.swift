/// The pre-assessment checklist and where it routes (DOMAIN.md: no action, single-agency support,
/// full assessment, or an immediate safeguarding referral that bypasses consent).
public enum ChecklistRoute: String, Sendable, Codable, CaseIterable {
    case noFurtherAction = "no-further-action"
    case singleAgency = "single-agency"
    case fullAssessment = "full-assessment"
    case safeguardingReferral = "safeguarding-referral"

    public var displayName: String {
        switch self {
        case .noFurtherAction: "No further action"
        case .singleAgency: "Support from your own service"
        case .fullAssessment: "A full early-help assessment"
        case .safeguardingReferral: "An immediate safeguarding referral"
        }
    }
}

public struct ChecklistAnswers: Sendable, Codable, Equatable {
    /// Is the child at risk of significant harm now?
    public var riskOfSignificantHarm: Bool
    /// Are there concerns about the child's progress, health, development, welfare, behaviour or learning?
    public var concernsAboutProgress: Bool
    /// Can your own service meet the needs?
    public var needsMetBySingleService: Bool
    /// Are the needs unclear, or broader than your service?
    public var needsUnclearOrBroad: Bool

    public init(
        riskOfSignificantHarm: Bool, concernsAboutProgress: Bool, needsMetBySingleService: Bool,
        needsUnclearOrBroad: Bool
    ) {
        self.riskOfSignificantHarm = riskOfSignificantHarm
        self.concernsAboutProgress = concernsAboutProgress
        self.needsMetBySingleService = needsMetBySingleService
        self.needsUnclearOrBroad = needsUnclearOrBroad
    }

    /// Risk of significant harm always routes to safeguarding, whatever else is answered. No concern
    /// means no further action. Needs that are unclear or broad need the full assessment; otherwise
    /// the practitioner's own service supports the child.
    public var route: ChecklistRoute {
        if riskOfSignificantHarm { return .safeguardingReferral }
        if !concernsAboutProgress && !needsUnclearOrBroad { return .noFurtherAction }
        if needsUnclearOrBroad || !needsMetBySingleService { return .fullAssessment }
        return .singleAgency
    }
}
