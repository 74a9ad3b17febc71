import SnapshotTesting
import Testing

@testable import SignpostCore

/// The relationships wheel: each gap named and drawn, and gone once the service is there; compulsory
/// school age worked out by hand from the Education Act 1996 s.8; each unexplained role flagged on the
/// right person; a hidden service never named; and the same input drawing the same picture.
@Suite("Relationships wheel")
struct RelationshipWheelTests {
    static let today = CalendarDate(iso: "2026-11-15")!
    static let toddler = "2022-05-10"  // 4 on `today`: under 5, not yet of compulsory school age
    static let schoolChild = "2016-07-09"  // 10 on `today`

    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func service(
        _ id: String, _ name: String, kind: String, lead: Bool = false, reason: String? = "Referred at the forum",
        lastContact: String? = "2026-11-01", hidden: Bool = false
    ) -> WheelService {
        WheelService(
            id: id, name: name, organisationKind: kind, hidden: hidden, role: "Key worker", reason: reason,
            startedOn: day("2025-01-06"), lastContact: lastContact.map(day), leadProfessional: lead)
    }

    static let mother = WheelPerson(
        id: "p-mother", name: "Dawn Smith", relationship: "Mother", livesWithChild: true,
        parentalResponsibility: true, basis: "On the child index", fromIndex: true)
    static let gp = service("gp", "Riverside Surgery", kind: "gp-practice")
    static let healthVisiting = service("hv", "Northtown Health Visiting", kind: "health-visiting")
    static let school = service("school", "Oak Lane Primary", kind: "school")
    static let familySupport = service("fst", "Family Support Team", kind: "early-help")

    static func wheel(
        born: String? = RelationshipWheelTests.toddler, tier: Int = 2,
        people: [WheelPerson] = [RelationshipWheelTests.mother], services: [WheelService]
    ) -> RelationshipWheel {
        RelationshipWheel.make(
            WheelInput(
                childName: "Amelia Smith", dateOfBirth: born.map(day), tier: tier, people: people,
                services: services, today: today))
    }

    static func picture(_ wheel: RelationshipWheel) -> String { wheel.svg(id: "wheel", link: { _ in nil }) }

    // MARK: Gaps

    @Test func noGPPracticeIsAGapUntilOneIsInvolved() {
        let without = Self.wheel(services: [Self.healthVisiting, Self.familySupport])
        #expect(without.gaps == [.noGP])
        #expect(without.summary == "1 gap: no GP practice. No unexplained roles.")
        #expect(Self.picture(without).contains(">No GP<"), "drawn as an empty place, not only named")
        let added = Self.wheel(services: [Self.gp, Self.healthVisiting, Self.familySupport])
        #expect(added.gaps.isEmpty)
        #expect(added.summary == "No gaps and no unexplained roles.")
        #expect(!Self.picture(added).contains(">No GP<"))
    }

    @Test func noEducationSettingAtCompulsorySchoolAgeIsAGapUntilOneIsInvolved() {
        let without = Self.wheel(born: Self.schoolChild, services: [Self.gp, Self.familySupport])
        #expect(without.gaps == [.noEducationSetting], "over 5, so no health visitor is expected")
        #expect(without.summary.contains("no school or education setting at compulsory school age"))
        #expect(Self.picture(without).contains(">No school<"))
        let added = Self.wheel(born: Self.schoolChild, services: [Self.gp, Self.school, Self.familySupport])
        #expect(added.gaps.isEmpty)
        #expect(!Self.picture(added).contains(">No school<"))
        let toddler = Self.wheel(services: [Self.gp, Self.healthVisiting])
        #expect(!toddler.gaps.contains(.noEducationSetting), "not yet of compulsory school age")
        #expect(!Self.wheel(born: nil, services: [Self.gp]).gaps.contains(.noEducationSetting), "age unknown")
    }

    @Test func noHealthVisitorForAChildUnderFiveIsAGapUntilOneIsInvolved() {
        let without = Self.wheel(services: [Self.gp, Self.familySupport])
        #expect(without.gaps == [.noHealthVisitor])
        #expect(without.summary.contains("no health visitor for a child under 5"))
        #expect(Self.picture(without).contains(">No health visitor<"))
        let added = Self.wheel(services: [Self.gp, Self.healthVisiting, Self.familySupport])
        #expect(added.gaps.isEmpty)
        #expect(!Self.picture(added).contains(">No health visitor<"))
    }

    @Test func aTierOneChildWithNoLeadProfessionalIsAGapUntilOneIsNamed() {
        let without = Self.wheel(tier: 1, services: [Self.gp, Self.healthVisiting, Self.familySupport])
        #expect(without.gaps == [.noLeadProfessional])
        #expect(without.summary.contains("a Tier 1 child with no lead professional"))
        #expect(Self.picture(without).contains(">No lead professional<"))
        var lead = Self.familySupport
        lead.leadProfessional = true
        let added = Self.wheel(tier: 1, services: [Self.gp, Self.healthVisiting, lead])
        #expect(added.gaps.isEmpty)
        #expect(!Self.picture(added).contains(">No lead professional<"))
    }

    @Test func aTierTwoChildWithNoLeadProfessionalHasNoLeadGap() {
        let wheel = Self.wheel(tier: 2, services: [Self.gp, Self.healthVisiting, Self.familySupport])
        #expect(!wheel.gaps.contains(.noLeadProfessional))
        #expect(wheel.gaps.isEmpty)
    }

    @Test func anInvolvementNotHeardFromInThreeMonthsIsAGapOnItsNode() {
        let base = [Self.gp, Self.healthVisiting]
        let lapsed = Self.service("camhs", "Riverside CAMHS", kind: "camhs", lastContact: "2026-08-14")
        let wheel = Self.wheel(services: base + [lapsed])
        let gap = WheelGap.noRecentContact(serviceID: "camhs", serviceName: "Riverside CAMHS")
        #expect(wheel.gaps == [gap])
        #expect(wheel.summary == "1 gap: no contact from Riverside CAMHS in 3 months. No unexplained roles.")
        #expect(wheel.nodes.first { $0.id == "camhs" }?.gapFlags == [gap])
        #expect(Self.picture(wheel).contains(">No contact in 3 months<"))
        let exactlyThreeMonths = Self.service("camhs", "Riverside CAMHS", kind: "camhs", lastContact: "2026-08-15")
        #expect(Self.wheel(services: base + [exactlyThreeMonths]).gaps.isEmpty)
        var recentlyStarted = Self.service("camhs", "Riverside CAMHS", kind: "camhs", lastContact: nil)
        recentlyStarted.startedOn = Self.day("2026-10-01")
        #expect(Self.wheel(services: base + [recentlyStarted]).gaps.isEmpty, "started last month")
        recentlyStarted.startedOn = nil
        #expect(Self.wheel(services: base + [recentlyStarted]).gaps == [gap], "no contact on the record at all")
        #expect(!Self.picture(Self.wheel(services: base)).contains("No contact"))
    }

    @Test func aGPOrSchoolOnTheChildsRecordClosesItsGapAndNeverLapses() {
        let registered = WheelService(
            id: "record-gp-practice", name: "Riverside Surgery", organisationKind: "gp-practice",
            role: "Registered GP practice", reason: "On the child's index record", fromRecord: true)
        let wheel = Self.wheel(services: [registered, Self.healthVisiting])
        #expect(wheel.gaps.isEmpty, "registered with a GP, though nobody from it is in the team")
        #expect(wheel.nodes.first { $0.id == "record-gp-practice" }?.ring == .universal)
        var involved = registered
        involved.fromRecord = false
        #expect(
            Self.wheel(services: [involved, Self.healthVisiting]).gaps
                == [.noRecentContact(serviceID: "record-gp-practice", serviceName: "Riverside Surgery")],
            "an involvement with no contact on the record lapses; a registration does not")
    }

    // MARK: Compulsory school age

    @Test func compulsorySchoolAgeBeginsOnThePrescribedDayAfterTheFifthBirthday() {
        // (born, day, of compulsory school age): 31 December, 31 March and 31 August are prescribed.
        let table: [(String, String, Bool)] = [
            ("2020-10-15", "2025-12-30", false), ("2020-10-15", "2025-12-31", true),
            ("2020-10-15", "2026-01-01", true),
            ("2020-12-31", "2025-12-30", false), ("2020-12-31", "2025-12-31", true),
            ("2021-01-01", "2026-03-30", false), ("2021-01-01", "2026-03-31", true),
            ("2021-02-10", "2026-03-30", false), ("2021-02-10", "2026-04-01", true),
            ("2021-06-01", "2026-08-30", false), ("2021-06-01", "2026-08-31", true),
            ("2021-06-01", "2026-09-01", true),
            ("2021-09-01", "2026-12-30", false), ("2021-09-01", "2026-12-31", true),
            ("2024-02-29", "2029-03-30", false), ("2024-02-29", "2029-03-31", true),
        ]
        for (born, day, expected) in table {
            let actual = RelationshipWheel.compulsorySchoolAge(dateOfBirth: Self.day(born), on: Self.day(day))
            #expect(actual == expected, "born \(born), on \(day)")
        }
    }

    @Test func compulsorySchoolAgeEndsOnTheLastFridayOfJuneOfTheSchoolYearOfTheSixteenthBirthday() {
        #expect(RelationshipWheel.lastFriday(ofJuneIn: 2026).iso == "2026-06-26")
        #expect(RelationshipWheel.lastFriday(ofJuneIn: 2027).iso == "2027-06-25")
        #expect(RelationshipWheel.lastFriday(ofJuneIn: 2028).iso == "2028-06-30", "30 June 2028 is a Friday")
        let table: [(String, String, Bool)] = [
            // Turns 16 on 1 March 2026, in school year 2025/26.
            ("2010-03-01", "2026-06-26", true), ("2010-03-01", "2026-06-27", false),
            // Turns 16 on 1 September 2026, in school year 2026/27.
            ("2010-09-01", "2027-06-24", true), ("2010-09-01", "2027-06-25", true),
            ("2010-09-01", "2027-06-26", false),
            // Turns 16 on 15 July 2026, after that year's leaving date: leaves at 15.
            ("2010-07-15", "2026-06-26", true), ("2010-07-15", "2026-06-27", false),
            ("2010-08-31", "2026-06-27", false), ("2010-12-31", "2027-06-25", true),
        ]
        for (born, day, expected) in table {
            let actual = RelationshipWheel.compulsorySchoolAge(dateOfBirth: Self.day(born), on: Self.day(day))
            #expect(actual == expected, "born \(born), on \(day)")
        }
    }

    // MARK: Unexplained roles

    static func flags(_ wheel: RelationshipWheel, _ id: String) -> [UnexplainedRole]? {
        wheel.nodes.first { $0.id == id }?.flags
    }

    @Test func anAdultLivingWithTheChildWithNoRelationshipOrBasisIsFlagged() {
        let dave = WheelPerson(
            id: "p-dave", name: "Dave Smith", livesWithChild: true, basis: "Seen at a home visit",
            recordedOn: Self.day("2025-01-10"))
        let joan = WheelPerson(
            id: "p-joan", name: "Joan Smith", relationship: "Grandmother", livesWithChild: true,
            basis: "Told by mother at a home visit", recordedOn: Self.day("2025-01-10"))
        let carer = WheelPerson(
            id: "p-carer", name: "Dawn Smith", relationship: "Mother", livesWithChild: true,
            fromIndex: true)
        let services = [Self.gp, Self.healthVisiting]
        let wheel = Self.wheel(people: [dave, joan, carer], services: services)
        #expect(Self.flags(wheel, "p-dave") == [.livesWithChildWithoutRelationship])
        #expect(Self.flags(wheel, "p-joan") == [], "a recorded relationship and basis explain her")
        #expect(Self.flags(wheel, "p-carer") == [], "a carer on the index with a relationship is explained")
        let expected =
            "No gaps. 1 unexplained role: Dave Smith lives with the child, with no recorded relationship or basis."
        #expect(wheel.summary == expected)
        let svg = Self.picture(wheel)
        #expect(svg.contains("app-wheel__node--flagged") && svg.contains(">!<"))
        let unexplainedCarer = WheelPerson(id: "p-carer", name: "Dawn Smith", livesWithChild: true, fromIndex: true)
        let second = Self.wheel(people: [unexplainedCarer], services: services)
        #expect(Self.flags(second, "p-carer") == [.livesWithChildWithoutRelationship])
    }

    @Test func aPersonOrServiceAddedWithoutAReasonIsFlaggedButAHiddenServiceNever() {
        let kim = WheelPerson(id: "p-kim", name: "Kim Jones", relationship: "Aunt", basis: "  ")
        let noReason = Self.service("police", "Northtown Police", kind: "police", reason: nil)
        let hidden = Self.service(
            "another-service-1", "Another service", kind: "school-nursing", reason: nil, hidden: true)
        var leaky = hidden
        leaky.name = "Drop-in Sexual Health Clinic"
        leaky.role = "Sexual health nurse"
        let wheel = Self.wheel(
            people: [Self.mother, kim], services: [Self.gp, Self.healthVisiting, Self.familySupport, noReason, leaky])
        #expect(Self.flags(wheel, "p-kim") == [.addedWithoutReason], "a blank basis is no basis")
        #expect(Self.flags(wheel, "p-mother") == [], "on the index")
        #expect(Self.flags(wheel, "police") == [.addedWithoutReason])
        #expect(Self.flags(wheel, "fst") == [])
        let node = wheel.nodes.first { $0.id == "another-service-1" }
        #expect(node?.flags == [], "flagging it would say something about it")
        #expect(node?.label == "Another service")
        #expect(node?.detail == "" && node?.basis == nil)
        #expect(node?.ring == .targeted, "its kind is not shown, not even by its ring")
        let svg = Self.picture(wheel) + wheel.summary
        for secret in ["Sexual", "Drop-in", "school-nursing"] {
            #expect(!svg.contains(secret), "\(secret) is never drawn")
        }
        #expect(svg.contains(">Another service<"))
        #expect(!svg.contains("Another service was added"))
    }

    @Test func aNewAdultInTheHouseholdInTheLastThreeMonthsIsFlagged() {
        func partner(_ id: String, joined: String?, recorded: String, lives: Bool = true) -> WheelPerson {
            WheelPerson(
                id: id, name: "Lee \(id)", relationship: "Mother's partner", livesWithChild: lives,
                basis: "Told by mother", recordedOn: Self.day(recorded), joinedHouseholdOn: joined.map(Self.day))
        }
        let people = [
            partner("new", joined: "2026-09-01", recorded: "2026-09-02"),
            partner("edge", joined: "2026-08-15", recorded: "2026-09-02"),
            partner("settled", joined: "2026-08-14", recorded: "2026-11-01"),
            partner("recorded", joined: nil, recorded: "2026-10-20"),
            partner("visitor", joined: nil, recorded: "2026-10-20", lives: false),
        ]
        let wheel = Self.wheel(people: people, services: [Self.gp, Self.healthVisiting])
        #expect(Self.flags(wheel, "new") == [.newAdultInHousehold])
        #expect(Self.flags(wheel, "edge") == [.newAdultInHousehold], "exactly 3 months ago counts")
        #expect(Self.flags(wheel, "settled") == [], "moved in before, though recorded recently")
        #expect(Self.flags(wheel, "recorded") == [.newAdultInHousehold], "recorded recently, move-in unknown")
        #expect(Self.flags(wheel, "visitor") == [], "does not live with the child")
        #expect(wheel.summary.contains("Lee new joined the household in the last 3 months"))
    }

    // MARK: The picture

    static var fixed: RelationshipWheel { fixedWheel() }

    /// Every kind of node, flag and gap at once: the wheel the snapshot pins.
    static func fixedWheel() -> RelationshipWheel {
        wheel(
            tier: 1,
            people: [
                mother,
                WheelPerson(id: "p-dave", name: "Dave Smith", livesWithChild: true, recordedOn: day("2026-10-02")),
                WheelPerson(
                    id: "p-joan", name: "Joan Smith", relationship: "Grandmother",
                    basis: "Told by mother at home visit"),
            ],
            services: [
                familySupport, service("camhs", "Riverside CAMHS", kind: "camhs", lastContact: "2026-06-01"),
                service("another-service-1", "Another service", kind: "another-service", reason: nil, hidden: true),
                service("nursery", "Little Acorns Nursery", kind: "nursery", reason: nil),
            ])
    }

    @Test func theSameInputDrawsTheSameWheelInsideTheCanvas() {
        let first = Self.fixedWheel()
        let second = Self.fixedWheel()
        #expect(first == second)
        #expect(Self.picture(first) == Self.picture(second))
        let points = Self.fixed.nodes.map { ($0.x, $0.y, $0.ring) } + Self.fixed.places.map { ($0.x, $0.y, $0.ring) }
        #expect(points.count == 10)
        for (x, y, ring) in points {
            #expect((20.0...700.0).contains(x) && (20.0...700.0).contains(y), "\(x), \(y)")
            let distance = ((x - 360) * (x - 360) + (y - 360) * (y - 360)).squareRoot()
            #expect(abs(distance - RelationshipWheel.radius(ring)) < 0.2, "on its ring")
        }
        let rings: [WheelRing] = [.family, .family, .family, .universal, .targeted, .targeted, .targeted]
        #expect(Self.fixed.nodes.map(\.ring) == rings, "ring by ring")
    }

    @Test func thePictureIsOneNamedImageWhoseDescriptionCountsTheGaps() {
        let svg = Self.picture(Self.fixed)
        #expect(svg.hasPrefix("<svg ") && svg.contains(#"role="img""#))
        #expect(svg.contains(#"<title id="wheel-title">Relationships wheel for Amelia Smith</title>"#))
        #expect(svg.contains(#"<desc id="wheel-desc">4 gaps: no GP practice; no health visitor"#))
        #expect(Self.fixed.gaps.count == 4)
        for ring in 1...3 { #expect(svg.contains("app-wheel__ring app-wheel__ring--\(ring)")) }
        #expect(svg.contains("<circle") && svg.contains("<rect") && svg.contains("<polygon"), "a shape per ring")
        let linked = Self.fixed.svg(id: "wheel") { $0.ring == .family ? nil : "/organisations/\($0.id)" }
        #expect(linked.contains(#"<a href="/organisations/fst" aria-label="Family Support Team, "#))
        #expect(!linked.contains("/organisations/p-dave") && !linked.contains(#"href="/organisations/p-"#))
    }

    @Test func theFixedInputDrawsThePinnedPicture() {
        assertSnapshot(of: Self.fixed.svg(id: "wheel", link: { _ in nil }), as: .lines, named: "fixed-input")
    }
}
