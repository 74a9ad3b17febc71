import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// The children of the access-policy examples in the README: a shielded child, a sensitive
    /// involvement, consents given, withdrawn and expired. William Thompson is the Tier-1 child.
    func seedAccessControlExamples(children: ChildService) async throws {
        let sam = try await demoPractitioner("sam.social-worker@ashdown.example")
        let eli = try await demoPractitioner("eli.early-help@ashdown.example")
        let nia = try await demoPractitioner("nia.sexual-health@ashdown.example")
        let dana = try await demoPractitioner("dana.data-manager@ashdown.example")
        let today = CalendarDate(context.now)
        try await seedShieldedChild(children: children, sam: sam, dana: dana, today: today)
        try await seedSensitiveInvolvement(children: children, eli: eli, nia: nia)

        // Consent-based index records: in force (Grace), withdrawn (Ruby), expired (Noah).
        let consents = ConsentService(context: context)
        let grace = try await recordConsentInForce(consents: consents, eli: eli, today: today)
        let ruby = try await seedWithdrawnConsent(children: children, consents: consents, eli: eli)
        let noah = try await seedExpiredConsent(children: children, consents: consents, eli: eli, today: today)
        if let grace {
            try await seedEpisodes(
                grace: grace, ruby: ruby, noah: noah, eli: eli,
                hana: try await demoPractitioner("hana.health-visitor@ashdown.example"))
        }
    }

    /// Creates the child without the duplicate check, as every demo record is confirmed.
    private func createConfirmedChild(
        _ input: ChildInput, children: ChildService, by creator: AuthenticatedPractitioner
    ) async throws -> UUID {
        let outcome = try await children.create(input, confirm: true, by: creator, limiter: limiter)
        guard case .created(let id) = outcome else { throw ServiceError.conflict("demo child not created") }
        return id
    }

    /// Maya Clarke: shielded by Dana; her shield review is overdue, so Dana's dashboard shows it.
    private func seedShieldedChild(
        children: ChildService, sam: AuthenticatedPractitioner, dana: AuthenticatedPractitioner, today: CalendarDate
    ) async throws {
        let maya = try await createConfirmedChild(
            ChildInput(
                givenName: "Maya", familyName: "Clarke", dateOfBirth: "2012-06-19", gender: "female",
                whereabouts: "current",
                addressLine: "3 Quarry Walk", postcode: "LS7 3QP",
                nhsNumber: NHSNumber.completing("999000002")?.digits,
                carers: [
                    .init(
                        name: "Laura Clarke", relationship: "mother", parentalResponsibility: true,
                        contact: "01632 960520")
                ],
                tier: 2,
                involvement: .init(role: "Social worker", contactPhone: "01632 960410", leadProfessional: true)),
            children: children, by: sam)
        _ = try await ShieldService(context: context).shield(
            .init(
                grounds: "The family fled domestic abuse; the child is at increased risk if located.",
                reviewOn: today.adding(days: 90).iso),
            childID: maya, by: dana)
        try await ShieldModel.query(on: context.db).filter(\.$child.$id == maya).set(
            \.$reviewOn, to: today.adding(days: -3).iso
        ).update()
    }

    /// Jade Wilson: known to early help, and to the sexual health clinic with her explicit consent.
    private func seedSensitiveInvolvement(
        children: ChildService, eli: AuthenticatedPractitioner, nia: AuthenticatedPractitioner
    ) async throws {
        let jade = try await createConfirmedChild(
            ChildInput(
                givenName: "Jade", familyName: "Wilson", dateOfBirth: "2010-11-03", gender: "female",
                whereabouts: "current",
                addressLine: "22 Orchard Street", postcode: "LS8 1DN", tier: 2,
                involvement: .init(
                    role: "Early help key worker", contactPhone: "01632 960412", leadProfessional: true)),
            children: children, by: eli)
        // The clinic finds her by a reasoned search first, as any service would.
        _ = try await SearchService(context: context).search(
            SearchRequest(
                reason: "new-referral",
                criteria: .init(givenName: "Jade", familyName: "Wilson", dateOfBirth: "2010-11-03")),
            by: nia, limiter: limiter)
        _ = try await InvolvementService(context: context).add(
            .init(
                role: "Sexual health nurse", contactPhone: "01632 960430", sensitiveBasis: "child-consent",
                sensitiveBasisNote:
                    "Jade (15) asked for the clinic's involvement to be recorded; judged Fraser-competent."),
            childID: jade, by: nia)
    }

    /// Grace Thompson (seeded with the named children): consent to the index and to sharing her
    /// assessment, for a year. Returns her ID, or nil if she is missing and nothing was recorded.
    private func recordConsentInForce(
        consents: ConsentService, eli: AuthenticatedPractitioner, today: CalendarDate
    ) async throws -> UUID? {
        let grace = try await ChildModel.query(on: context.db).filter(\.$givenName == "Grace").filter(
            \.$familyName == "Thompson"
        ).first()
        guard let graceID = grace?.id else { return nil }
        _ = try await consents.recordBasis(
            .init(purpose: "index", basis: "consent", reason: nil), childID: graceID, by: eli)
        _ = try await consents.record(
            .init(
                givenBy: "parent", giverName: "Joanne Thompson", purposes: ["index", "share-assessment"],
                method: "written",
                expiresOn: today.adding(days: 365).iso),
            childID: graceID, by: eli)
        return graceID
    }

    /// Ruby Patel: on the index by consent, which her mother has since withdrawn.
    private func seedWithdrawnConsent(
        children: ChildService, consents: ConsentService, eli: AuthenticatedPractitioner
    ) async throws -> UUID {
        let ruby = try await createConfirmedChild(
            ChildInput(
                givenName: "Ruby", familyName: "Patel", dateOfBirth: "2014-04-22", gender: "female",
                whereabouts: "current",
                addressLine: "8 Beech Avenue", postcode: "LS6 4HT", tier: 2,
                involvement: .init(role: "Early help key worker"), indexBasis: "consent"),
            children: children, by: eli)
        let rubyConsent = try await consents.record(
            .init(givenBy: "parent", giverName: "Priya Patel", purposes: ["index"], method: "verbal"), childID: ruby,
            by: eli)
        _ = try await consents.withdraw(
            consentID: rubyConsent.id, note: "Mother withdrew consent at the review meeting.", by: eli)
        return ruby
    }

    /// Noah Bennett: on the index by consent, given 400 days ago and expired 35 days ago.
    private func seedExpiredConsent(
        children: ChildService, consents: ConsentService, eli: AuthenticatedPractitioner, today: CalendarDate
    ) async throws -> UUID {
        let noah = try await createConfirmedChild(
            ChildInput(
                givenName: "Noah", familyName: "Bennett", dateOfBirth: "2016-01-30", gender: "male",
                whereabouts: "current",
                addressLine: "41 Station Road", postcode: "LS9 7AA", tier: 2,
                involvement: .init(role: "Early help key worker"), indexBasis: "consent"),
            children: children, by: eli)
        let noahConsent = try await consents.record(
            .init(
                givenBy: "parent", giverName: "Mark Bennett", purposes: ["index"], method: "written",
                expiresOn: today.iso), childID: noah, by: eli)
        // The service takes no expiry before today, so the dates are moved back once it is recorded.
        try await ConsentModel.query(on: context.db).filter(\.$id == noahConsent.id)
            .set(\.$givenOn, to: today.adding(days: -400).iso).set(\.$expiresOn, to: today.adding(days: -35).iso)
            .update()
        return noah
    }
}
