import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Consents and lawful bases, as the team and the authority's data managers see them.
struct GovernanceView: Codable, Sendable {
    struct Consent: Codable, Sendable {
        var id: UUID
        var givenBy: String
        var giverName: String
        var competenceJudgement: String?
        var purposes: [String]
        var organisations: [String]
        /// The purposes in words, for pages.
        var covers: String
        var method: String
        /// How consent was recorded, in words ("in writing"), for pages.
        var methodName: String
        var givenOn: String
        var expiresOn: String?
        var recordedAt: Date
        /// `in-force`, `withdrawn` or `expired`.
        var status: String
        var withdrawnAt: Date?
        var withdrawalNote: String?
    }

    struct Basis: Codable, Sendable {
        var purpose: String
        var basis: String
        /// The purpose and the basis in words, for pages: "Keep on the index ...: Public task".
        var summary: String
        var reason: String?
        var decidedAt: Date
        var decidedOn: String
    }

    /// How a consent was recorded (the consent form's `method`), in words.
    static let methodNames = ["written": "in writing", "verbal": "verbally", "electronic": "electronically"]

    static func basisSummary(purpose: String, basis: String) -> String {
        let purposeName = SharingPurpose(rawValue: purpose)?.displayName ?? purpose
        return "\(purposeName): \(LawfulBasis(rawValue: basis)?.displayName ?? basis)"
    }

    struct Shield: Codable, Sendable {
        var grounds: String?
        var reviewOn: String
        var reviewOverdue: Bool
        var inherited: Bool
    }

    /// The basis in force for keeping the child findable: with `public-task` or `safeguarding`,
    /// consent is recorded but sharing on the index does not depend on it.
    var indexBasis: String
    var consents: [Consent]
    var bases: [Basis]
    var shield: Shield?

    /// For the team and the authority's data managers. Shield grounds, and a shield inherited from a
    /// possible duplicate, are for data managers only; organisations named in a consent that are
    /// sensitive services are shown only to data managers and to that service.
    static func make(
        _ loaded: LoadedChild, for viewer: Actor, today: CalendarDate, dataManager: Bool, on db: any Database
    ) async throws -> GovernanceView {
        let named = Set(loaded.consents.flatMap { ChildFactsLoader.consentFact($0).organisations })
        var organisations: [OrganisationModel] = []
        if !named.isEmpty {
            organisations = try ModelRows.decodeAll(
                OrganisationModel.self,
                from: await ModelRows.sql(db).raw("SELECT * FROM organisations WHERE code IN (\(binds: Array(named)))")
                    .all())
        }
        let sensitiveNamed = Set(organisations.filter(\.sensitive).map(\.code))
        let names = Dictionary(organisations.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let hiddenCodes = sensitiveNamed.filter {
            !Policy.namesConsentOrganisation(code: $0, sensitive: true, to: viewer, asDataManager: dataManager)
        }
        var shield: Shield?
        if let current = loaded.shield, dataManager || current.inheritedFrom == nil {
            shield = Shield(
                grounds: dataManager ? current.grounds : nil, reviewOn: current.reviewOn,
                reviewOverdue: ShieldRules.isReviewOverdue(reviewOn: current.reviewOn, today: today),
                inherited: current.inheritedFrom != nil)
        }
        return GovernanceView(
            indexBasis: ChildFactsLoader.currentBasis(.index, in: loaded.decisions)?.rawValue
                ?? LawfulBasis.publicTask.rawValue,
            consents: try loaded.consents.map {
                try consentView($0, today: today, hiding: hiddenCodes, names: names)
            },
            bases: loaded.decisions.map {
                Basis(
                    purpose: $0.purpose, basis: $0.basis, summary: basisSummary(purpose: $0.purpose, basis: $0.basis),
                    reason: $0.reason, decidedAt: $0.decidedAt, decidedOn: CalendarDate($0.decidedAt).iso)
            },
            shield: shield)
    }

    /// `names` turns the organisation codes a consent names into the organisations' names in `covers`.
    static func consentView(
        _ consent: ConsentModel, today: CalendarDate, hiding hiddenCodes: Set<String> = [],
        names: [String: String] = [:]
    ) throws -> Consent {
        var fact = ChildFactsLoader.consentFact(consent)
        let anyHidden = !fact.organisations.isDisjoint(with: hiddenCodes)
        fact.organisations.subtract(hiddenCodes)
        if anyHidden { fact.organisations.insert("another service") }
        let organisationNames = fact.organisations.map { names[$0] ?? $0 }.sorted()
        return Consent(
            id: try consent.requireID(), givenBy: consent.givenBy, giverName: consent.giverName,
            competenceJudgement: consent.competenceJudgement,
            purposes: fact.purposes.map(\.rawValue).sorted(), organisations: fact.organisations.sorted(),
            covers: SharingPurpose.allCases.filter(fact.purposes.contains).map {
                $0 == .shareWithOrganisations
                    ? "\($0.displayName): \(PlainEnglish.list(organisationNames, conjunction: "and"))" : $0.displayName
            }.joined(separator: "; "),
            method: consent.method, methodName: methodNames[consent.method] ?? consent.method,
            givenOn: consent.givenOn, expiresOn: consent.expiresOn, recordedAt: consent.recordedAt,
            status: consent.withdrawnAt != nil
                ? ConsentState.withdrawn.rawValue
                : (fact.isInForce(on: today) ? ConsentState.inForce.rawValue : ConsentState.expired.rawValue),
            withdrawnAt: consent.withdrawnAt, withdrawalNote: consent.withdrawalNote)
    }
}
