import Fluent
import Foundation
import SignpostCore

/// Synthetic demo data: fictional authorities and organisations, and an account for every role.
/// Phone numbers are from Ofcom's ranges reserved for drama, so none reaches a real person.
public struct DemoSeeder: Sendable {
    /// Every demo record is confirmed, so no duplicate check runs; the limiter is there for the signature.
    private let limiter = SearchRateLimiter()
    public struct DemoAccount: Sendable, Codable {
        public var email: String
        public var password: String
        public var totpSecret: String
        public var role: String
        public var organisation: String
        public var note: String?
    }

    struct AuthoritySeed {
        var code: String
        var name: String
        var officeHours: String
        var emergencyDuty: String
    }

    struct OrganisationSeed {
        var code: String
        var name: String
        var kind: String
        var authority: String
        var sensitive: Bool = false
    }

    struct AccountSeed {
        var email: String
        var name: String
        var jobTitle: String
        var organisation: String
        var roles: [SystemRole]
        var vetted: Bool = true
        var dbsOverride: String? = nil
        var suspended: Bool = false
        var note: String? = nil
    }

    static let authorities = [
        AuthoritySeed(
            code: "E06009901", name: "Ashdown Vale Council", officeHours: "01632 960101", emergencyDuty: "01632 960199"),
        AuthoritySeed(
            code: "E08009902", name: "Kingsbridge Metropolitan Borough Council", officeHours: "01632 960201",
            emergencyDuty: "01632 960299"),
        AuthoritySeed(
            code: "E09009903", name: "Riverside London Borough Council", officeHours: "020 7946 0301",
            emergencyDuty: "020 7946 0399"),
    ]

    static let organisations = [
        OrganisationSeed(
            code: "ASH-CSC", name: "Ashdown Vale Children's Social Care", kind: "childrens-social-care",
            authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-EH", name: "Ashdown Vale Early Help Hub", kind: "early-help", authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-HV", name: "Ashdown Vale Health Visiting Team", kind: "health-visiting", authority: "E06009901"),
        OrganisationSeed(code: "ASH-GP1", name: "Meadowbank Surgery", kind: "gp-practice", authority: "E06009901"),
        OrganisationSeed(code: "ASH-SCH1", name: "Meadowbank Primary School", kind: "school", authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-SH", name: "Ashdown Vale Sexual Health Clinic", kind: "sexual-health", authority: "E06009901",
            sensitive: true),
        OrganisationSeed(
            code: "KNG-CSC", name: "Kingsbridge Children's Services", kind: "childrens-social-care",
            authority: "E08009902"),
        OrganisationSeed(
            code: "KNG-CAMHS", name: "Kingsbridge CAMHS", kind: "camhs", authority: "E08009902", sensitive: true),
        OrganisationSeed(
            code: "KNG-POL", name: "Kingsbridge Police Safeguarding Unit", kind: "police", authority: "E08009902"),
        OrganisationSeed(code: "KNG-SCH1", name: "Kingsbridge Academy", kind: "school", authority: "E08009902"),
        OrganisationSeed(
            code: "RIV-CSC", name: "Riverside Children's Social Care", kind: "childrens-social-care",
            authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-ED", name: "Riverside Hospital Emergency Department", kind: "emergency-department",
            authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-SMS", name: "Riverside Young People's Substance Misuse Service", kind: "substance-misuse",
            authority: "E09009903", sensitive: true),
        OrganisationSeed(
            code: "RIV-YJS", name: "Riverside Youth Justice Service", kind: "youth-justice", authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-VOL", name: "Riverside Family Support (voluntary)", kind: "voluntary", authority: "E09009903"),
    ]

    static let accounts = [
        AccountSeed(
            email: "sam.social-worker@ashdown.example", name: "Sam Okafor", jobTitle: "Social worker",
            organisation: "ASH-CSC", roles: [.practitioner]),
        AccountSeed(
            email: "hana.health-visitor@ashdown.example", name: "Hana Kowalski", jobTitle: "Health visitor",
            organisation: "ASH-HV", roles: [.practitioner]),
        AccountSeed(
            email: "eli.early-help@ashdown.example", name: "Eli Hughes", jobTitle: "Early help practitioner",
            organisation: "ASH-EH", roles: [.practitioner]),
        AccountSeed(
            email: "tom.teacher@kingsbridge.example", name: "Tom Price", jobTitle: "Designated safeguarding lead",
            organisation: "KNG-SCH1", roles: [.practitioner]),
        AccountSeed(
            email: "cara.camhs@kingsbridge.example", name: "Cara Lindqvist", jobTitle: "CAMHS clinician",
            organisation: "KNG-CAMHS", roles: [.practitioner]),
        AccountSeed(
            email: "pat.police@kingsbridge.example", name: "Pat Achebe",
            jobTitle: "Detective constable, child protection", organisation: "KNG-POL",
            roles: [.practitioner, .childProtection],
            note: "child-protection role: may use break-glass"),
        AccountSeed(
            email: "nia.sexual-health@ashdown.example", name: "Nia Adeyemi", jobTitle: "Sexual health nurse",
            organisation: "ASH-SH",
            roles: [.practitioner], note: "sensitive service: sees its own involvement with Jade Wilson"),
        AccountSeed(
            email: "erin.emergency@riverside.example", name: "Erin Walsh",
            jobTitle: "Emergency department safeguarding nurse", organisation: "RIV-ED",
            roles: [.practitioner, .silentRead], note: "silent read: opening a Tier-1 child does not notify its team"),
        AccountSeed(
            email: "yusuf.youth-justice@riverside.example", name: "Yusuf Demir", jobTitle: "Youth justice worker",
            organisation: "RIV-YJS", roles: [.practitioner]),
        AccountSeed(
            email: "dana.data-manager@ashdown.example", name: "Dana Whitfield",
            jobTitle: "Information governance officer", organisation: "ASH-CSC", roles: [.dataManager]),
        AccountSeed(
            email: "kim.data-manager@kingsbridge.example", name: "Kim Osei", jobTitle: "Information governance officer",
            organisation: "KNG-CSC", roles: [.dataManager]),
        AccountSeed(
            email: "alex.auditor@ashdown.example", name: "Alex Moreau", jobTitle: "Information governance auditor",
            organisation: "ASH-CSC", roles: [.auditor]),
        AccountSeed(
            email: "ada.admin@signpost.example", name: "Ada Fernsby", jobTitle: "Signpost service administrator",
            organisation: "ASH-CSC", roles: [.admin]),
        AccountSeed(
            email: "bea.admin@signpost.example", name: "Bea Okonjo", jobTitle: "Signpost service administrator",
            organisation: "ASH-CSC", roles: [.admin],
            note: "the second administrator, who approves privileged roles Ada asks for"),
        AccountSeed(
            email: "lee.lapsed@riverside.example", name: "Lee Barnes", jobTitle: "Family support worker",
            organisation: "RIV-VOL", roles: [.practitioner],
            dbsOverride: "2021-03-01", note: "DBS check over 3 years old: sign-in is refused with the reason"),
        AccountSeed(
            email: "sol.suspended@riverside.example", name: "Sol Marsh", jobTitle: "Social worker",
            organisation: "RIV-CSC", roles: [.practitioner],
            suspended: true, note: "suspended account: sign-in is refused with the reason"),
    ]

    let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
    }

    /// Seeds an empty, migrated database and returns the demo accounts with their credentials.
    public func seed() async throws -> [DemoAccount] {
        try await context.db.transaction { tx in
            var authorityIDs: [String: UUID] = [:]
            for seed in Self.authorities {
                let authority = AuthorityModel(
                    onsCode: seed.code, name: seed.name, officeHoursPhone: seed.officeHours,
                    emergencyDutyPhone: seed.emergencyDuty)
                try await authority.create(on: tx)
                _ = try await DataKeyStore.cipher(for: seed.code, creating: true, context: context, on: tx)
                authorityIDs[seed.code] = try authority.requireID()
            }
            for seed in Self.organisations {
                guard let authorityID = authorityIDs[seed.authority] else { continue }
                try await OrganisationModel(
                    code: seed.code, name: seed.name, kind: seed.kind, authorityID: authorityID,
                    sensitive: seed.sensitive
                ).create(on: tx)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "demo.seeded", actor: nil, subjectType: "system",
                    details: [
                        "authorities": String(Self.authorities.count),
                        "organisations": String(Self.organisations.count),
                    ]),
                context: context, on: tx)
        }

        let today = CalendarDate(context.now)
        let service = AccountService(context: context)
        var created: [DemoAccount] = []
        for seed in Self.accounts {
            let recent = today.adding(years: -1).iso
            let account = try await service.create(
                .init(
                    email: seed.email, name: seed.name, organisationCode: seed.organisation,
                    roles: seed.roles.map(\.rawValue),
                    jobTitle: seed.jobTitle, phone: "01632 960\(String(format: "%03d", 400 + created.count))",
                    dbsCheckedOn: seed.dbsOverride ?? recent, trainedOn: recent, agreementSignedOn: recent),
                by: nil)
            if seed.suspended {
                try await service.setStatus(.suspended, practitionerID: account.practitionerID, by: nil)
            }
            created.append(
                DemoAccount(
                    email: account.email, password: account.initialPassword, totpSecret: account.totpSecret,
                    role: seed.roles.map(\.rawValue).joined(separator: ","), organisation: seed.organisation,
                    note: seed.note))
        }
        try await seedChildren()
        return created
    }

    /// Named children the README and the browser tests use, then a few hundred synthetic ones spread
    /// across the demo organisations.
    func seedChildren() async throws {
        func actor(_ email: String) async throws -> AuthenticatedPractitioner {
            guard
                let model = try await PractitionerModel.query(on: context.db).filter(\.$email == email)
                    .with(\.$organisation, { $0.with(\.$authority) }).first()
            else { throw ServiceError.notFound("demo account \(email) missing") }
            return try AuthenticationService.authenticated(model)
        }
        let children = ChildService(context: context)
        let sam = try await actor("sam.social-worker@ashdown.example")
        let eli = try await actor("eli.early-help@ashdown.example")
        let tom = try await actor("tom.teacher@kingsbridge.example")
        let named: [(AuthenticatedPractitioner, ChildInput)] = [
            (
                sam,
                ChildInput(
                    givenName: "William", familyName: "Thompson", dateOfBirth: "2015-03-07", gender: "male",
                    whereabouts: "current",
                    addressLine: "14 Church Road", postcode: "LS6 2AB",
                    nhsNumber: NHSNumber.completing("999000001")?.digits,
                    schoolName: "Meadowbank Primary School", gpPractice: "Meadowbank Surgery",
                    carers: [
                        .init(
                            name: "Joanne Thompson", relationship: "mother", parentalResponsibility: true,
                            contact: "01632 960500")
                    ],
                    tier: 1,
                    involvement: .init(role: "Social worker", contactPhone: "01632 960410", leadProfessional: true))
            ),
            (
                eli,
                ChildInput(
                    givenName: "Grace", familyName: "Thompson", dateOfBirth: "2017-09-01", gender: "female",
                    whereabouts: "current",
                    addressLine: "14 Church Road", postcode: "LS6 2AB", tier: 2,
                    involvement: .init(role: "Early help key worker", contactPhone: "01632 960412"))
            ),
            (
                tom,
                ChildInput(
                    givenName: "Oliver", familyName: "Hughes", dateOfBirth: "2018-02-14", gender: "male",
                    addressLine: "5 Mill Lane", postcode: "M14 4AB",
                    tier: 2, involvement: .init(role: "Designated safeguarding lead", contactPhone: "01632 960413"))
            ),
            (
                tom,
                ChildInput(
                    givenName: "Harry", familyName: "Hughes", dateOfBirth: "2018-02-14", gender: "male",
                    addressLine: "5 Mill Lane", postcode: "M14 4AB",
                    tier: 2, involvement: .init(role: "Designated safeguarding lead", contactPhone: "01632 960413"))
            ),
        ]
        for (creator, input) in named {
            _ = try await children.create(input, confirm: true, by: creator, limiter: limiter)
        }
        try await seedAccessControlExamples(children: children, actor: actor)
        var creators: [AuthenticatedPractitioner] = []
        for email in [
            "sam.social-worker@ashdown.example", "hana.health-visitor@ashdown.example",
            "eli.early-help@ashdown.example",
            "tom.teacher@kingsbridge.example", "pat.police@kingsbridge.example",
            "yusuf.youth-justice@riverside.example",
        ] {
            creators.append(try await actor(email))
        }
        let population = SyntheticPopulation.generate(
            children: 300, seed: 2026, incomingFraction: 0.01, today: CalendarDate(context.now))
        for (index, record) in population.index.enumerated() {
            let input = ChildInput(
                givenName: record.givenName, familyName: record.familyName, dateOfBirth: record.dateOfBirth?.iso,
                gender: record.sex == .unknown ? "unknown" : record.sex.rawValue, whereabouts: "current",
                addressLine: record.addressLine,
                postcode: record.postcode, nhsNumber: record.nhsNumber.isEmpty ? nil : record.nhsNumber,
                tier: index % 5 == 0 ? 1 : 2,
                involvement: .init(role: "Key worker"))
            _ = try await children.create(input, confirm: true, by: creators[index % creators.count], limiter: limiter)
        }
    }

    /// The children of the access-policy examples in the README: a shielded child, a sensitive
    /// involvement, consents given, withdrawn and expired. William Thompson is the Tier-1 child.
    private func seedAccessControlExamples(
        children: ChildService, actor: (String) async throws -> AuthenticatedPractitioner
    ) async throws {
        let sam = try await actor("sam.social-worker@ashdown.example")
        let eli = try await actor("eli.early-help@ashdown.example")
        let nia = try await actor("nia.sexual-health@ashdown.example")
        let dana = try await actor("dana.data-manager@ashdown.example")
        let today = CalendarDate(context.now)
        func created(_ outcome: ChildService.CreateOutcome) throws -> UUID {
            guard case .created(let id) = outcome else { throw ServiceError.conflict("demo child not created") }
            return id
        }

        // Maya Clarke: shielded by Dana; her shield review is overdue, so Dana's dashboard shows it.
        let maya = try created(
            try await children.create(
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
                confirm: true, by: sam, limiter: limiter))
        _ = try await ShieldService(context: context).shield(
            .init(
                grounds: "The family fled domestic abuse; the child is at increased risk if located.",
                reviewOn: today.adding(days: 90).iso),
            childID: maya, by: dana)
        try await ShieldModel.query(on: context.db).filter(\.$child.$id == maya).set(
            \.$reviewOn, to: today.adding(days: -3).iso
        ).update()

        // Jade Wilson: known to early help, and to the sexual health clinic with her explicit consent.
        let jade = try created(
            try await children.create(
                ChildInput(
                    givenName: "Jade", familyName: "Wilson", dateOfBirth: "2010-11-03", gender: "female",
                    whereabouts: "current",
                    addressLine: "22 Orchard Street", postcode: "LS8 1DN", tier: 2,
                    involvement: .init(
                        role: "Early help key worker", contactPhone: "01632 960412", leadProfessional: true)),
                confirm: true, by: eli, limiter: limiter))
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

        // Consent-based index records: in force (Grace), withdrawn (Ruby), expired (Noah).
        let consents = ConsentService(context: context)
        let grace = try await ChildModel.query(on: context.db).filter(\.$givenName == "Grace").filter(
            \.$familyName == "Thompson"
        ).first()
        if let grace, let graceID = grace.id {
            _ = try await consents.recordBasis(
                .init(purpose: "index", basis: "consent", reason: nil), childID: graceID, by: eli)
            _ = try await consents.record(
                .init(
                    givenBy: "parent", giverName: "Joanne Thompson", purposes: ["index", "share-assessment"],
                    method: "written",
                    expiresOn: today.adding(days: 365).iso),
                childID: graceID, by: eli)
        }
        let ruby = try created(
            try await children.create(
                ChildInput(
                    givenName: "Ruby", familyName: "Patel", dateOfBirth: "2014-04-22", gender: "female",
                    whereabouts: "current",
                    addressLine: "8 Beech Avenue", postcode: "LS6 4HT", tier: 2,
                    involvement: .init(role: "Early help key worker"), indexBasis: "consent"),
                confirm: true, by: eli, limiter: limiter))
        let rubyConsent = try await consents.record(
            .init(givenBy: "parent", giverName: "Priya Patel", purposes: ["index"], method: "verbal"), childID: ruby,
            by: eli)
        _ = try await consents.withdraw(
            consentID: rubyConsent.id, note: "Mother withdrew consent at the review meeting.", by: eli)
        let noah = try created(
            try await children.create(
                ChildInput(
                    givenName: "Noah", familyName: "Bennett", dateOfBirth: "2016-01-30", gender: "male",
                    whereabouts: "current",
                    addressLine: "41 Station Road", postcode: "LS9 7AA", tier: 2,
                    involvement: .init(role: "Early help key worker"), indexBasis: "consent"),
                confirm: true, by: eli, limiter: limiter))
        let noahConsent = try await consents.record(
            .init(
                givenBy: "parent", giverName: "Mark Bennett", purposes: ["index"], method: "written",
                expiresOn: today.iso), childID: noah, by: eli)
        try await ConsentModel.query(on: context.db).filter(\.$id == noahConsent.id)
            .set(\.$givenOn, to: today.adding(days: -400).iso).set(\.$expiresOn, to: today.adding(days: -35).iso)
            .update()
        if let graceID = grace?.id {
            try await seedEpisodes(
                grace: graceID, ruby: ruby, noah: noah, eli: eli,
                hana: try await actor("hana.health-visitor@ashdown.example"))
        }
    }

    /// Early-help episodes in different states: Grace's completed, with its team, a meeting, a review
    /// and an overdue action; Ruby's draft (her family declined consent); Noah's closed, needs met.
    private func seedEpisodes(
        grace: UUID, ruby: UUID, noah: UUID, eli: AuthenticatedPractitioner, hana: AuthenticatedPractitioner
    ) async throws {
        let episodes = EpisodeService(context: context)
        let team = TeamAroundTheChildService(context: context)
        let today = CalendarDate(context.now)
        let full = EpisodeService.ChecklistInput(
            riskOfSignificantHarm: false, concernsAboutProgress: true, needsMetBySingleService: false,
            needsUnclearOrBroad: true)
        var content = AssessmentContent()
        content.whatLedToIt =
            "Grace's school attendance fell to 82% this term and her mother asked for help with routines."
        content.peoplePresent = "Grace, Joanne Thompson (mother), Eli Hughes"
        content.ethnicity = "WBRI"
        content.childLanguage = "English"
        content.parentLanguage = "English"
        content.interpreterNeeded = false
        content.elements["development.general-health"] = .init(
            strengths: "Healthy; immunisations up to date.", needs: "Sleep is irregular.")
        content.elements["development.learning-participation"] = .init(
            strengths: "Enjoys reading.", needs: "Attendance 82%; late most Mondays.")
        content.elements["parents.basic-care"] = .init(
            strengths: "Warm, attentive mother.", needs: "Mornings are chaotic since a new work rota.")
        content.elements["family.housing-employment-finance"] = .init(
            strengths: "Stable tenancy.", needs: "Shift work makes school runs hard.")
        content.childViews = "Grace says she likes school but is tired in the mornings."
        content.parentViews = "Joanne wants a morning routine that works with her shifts."
        content.conclusions = "Support a morning routine, breakfast club place, and review attendance in six weeks."

        let graceConsent = try await ChildFactsLoader.load(grace, on: context.db)?.consents.first?.id
        var episode = try await episodes.start(full, childID: grace, by: eli)
        episode = try await episodes.recordConsentStatement(
            .init(consentID: graceConsent), episodeID: episode.id, by: eli)
        episode = try await episodes.save(
            .init(version: episode.version, content: content), episodeID: episode.id, by: eli)
        episode = try await episodes.complete(.init(version: episode.version), episodeID: episode.id, by: eli)
        // The health visitor joins the team (after a reasoned search), and is invited.
        _ = try await SearchService(context: context).search(
            SearchRequest(
                reason: "new-referral",
                criteria: .init(givenName: "Grace", familyName: "Thompson", dateOfBirth: "2017-09-01")),
            by: hana, limiter: limiter)
        let hanaInvolvement = try await InvolvementService(context: context).add(
            .init(role: "Health visitor", contactPhone: "01632 960411"), childID: grace, by: hana)
        let joining = try await TeamService(context: context).requestToJoin(
            childID: grace, reason: "Health visitor: sleep and routines at home", by: hana)
        episode = try await team.invite(.init(involvementID: hanaInvolvement.id), episodeID: episode.id, by: eli)
        if let eliInvolvement = episode.members.first(where: { $0.description.hasPrefix("Eli Hughes") }) {
            episode = try await team.chooseLead(
                .init(involvementID: eliInvolvement.involvementID, chosenWithFamily: true), episodeID: episode.id,
                by: eli)
        }
        // The lead professional admits the health visitor to Grace's team (membership is its own grant).
        _ = try await TeamService(context: context).decide(
            requestID: joining.id, admit: true, reason: "Agreed with the family at the first TAC meeting", by: eli)
        episode = try await team.recordMeeting(
            .init(
                heldOn: today.iso, attendees: "Joanne Thompson, Grace, Eli Hughes, Hana Kowalski",
                decisions: "Breakfast club from Monday; health visitor sleep advice."),
            episodeID: episode.id, by: eli)
        episode = try await team.addAction(
            .init(
                ownerInvolvementID: hanaInvolvement.id, dueOn: today.iso, description: "Sleep routine advice visit",
                desiredOutcome: "Grace asleep by 8.30pm on school nights"),
            episodeID: episode.id, by: eli)
        // Made overdue for the demo: due a week ago.
        try await EpisodeEntryModel.query(on: context.db).filter(\.$episodeID == episode.id).filter(\.$kind == "action")
            .set(\.$onDate, to: today.adding(days: -7).iso).update()
        _ = try await team.recordReview(
            .init(
                heldOn: today.iso, attendees: "Joanne Thompson, Eli Hughes",
                progress: "Breakfast club started; two late mornings this week.",
                nextSteps: "Keep the routine; check attendance at the next review.",
                childComments: "Breakfast club is fun.",
                parentComments: "Mornings are calmer.", nextReviewOn: today.adding(days: 42).iso),
            episodeID: episode.id, by: eli)

        // Ruby: the family declined consent; the draft is Eli's alone and services carry on.
        let rubyEpisode = try await episodes.start(full, childID: ruby, by: eli)
        _ = try await episodes.recordConsentStatement(.init(declined: true), episodeID: rubyEpisode.id, by: eli)

        // Noah: single-agency support from the checklist, closed there.
        _ = try await episodes.start(
            .init(
                riskOfSignificantHarm: false, concernsAboutProgress: true, needsMetBySingleService: true,
                needsUnclearOrBroad: false),
            childID: noah, by: eli)
    }
}
