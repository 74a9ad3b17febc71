import Foundation

/// The rules of the wheel: compulsory school age, the gaps, the unexplained roles and the layout.
/// Each is a plain function of the input and `today`, so a test can work every case out by hand.
extension RelationshipWheel {
    // MARK: Compulsory school age

    /// Whether a child is of compulsory school age in England on `day`, from the Education Act 1996 s.8
    /// and the Education (Start of Compulsory School Age) Order 1998:
    /// - it begins on the first prescribed day (31 March, 31 August or 31 December) on or after the 5th
    ///   birthday (s.8(2)): in practice the start of the term after the birthday, since the 1 January,
    ///   1 April and 1 September terms begin the day after. A child turning 5 on a prescribed day is of
    ///   compulsory school age from that day; one turning 5 on 15 October is from 31 December.
    /// - it ends after the school leaving date, the last Friday in June (s.8(3) and the Education
    ///   (School Leaving Date) Order 1997), of the school year (1 September to 31 August) in which the
    ///   child turns 16: turning 16 between September and December, the June of the next calendar year;
    ///   between January and August, the June of the same year (even if that is before the birthday).
    /// A 29 February birthday is taken as 28 February in a common year; both fall in the same term.
    public static func compulsorySchoolAge(dateOfBirth: CalendarDate, on day: CalendarDate) -> Bool {
        guard plausible(dateOfBirth) else { return false }
        return day >= compulsorySchoolAgeBegins(dateOfBirth: dateOfBirth)
            && day <= compulsorySchoolAgeEnds(dateOfBirth: dateOfBirth)
    }

    /// The first day of compulsory school age: the prescribed day on or after the 5th birthday.
    public static func compulsorySchoolAgeBegins(dateOfBirth: CalendarDate) -> CalendarDate {
        let fifth = dateOfBirth.adding(years: 5)
        let prescribed = [(3, 31), (8, 31), (12, 31)].compactMap {
            CalendarDate(year: fifth.year, month: $0.0, day: $0.1)
        }
        // 31 December is on or after every day of its year, so one always matches.
        return prescribed.first(where: { $0 >= fifth }) ?? fifth
    }

    /// The last day of compulsory school age: the school leaving date of the school year of the 16th birthday.
    public static func compulsorySchoolAgeEnds(dateOfBirth: CalendarDate) -> CalendarDate {
        let sixteenth = dateOfBirth.adding(years: 16)
        return lastFriday(ofJuneIn: sixteenth.month >= 9 ? sixteenth.year + 1 : sixteenth.year)
    }

    /// The last Friday of June, without Foundation's calendar: `dayNumber` counts from Thursday
    /// 1 January 1970, so `(dayNumber + 3) mod 7` is the weekday with Monday as 0 and Friday as 4
    /// (as in `Forum`); 26 June 2026 is a Friday, and so is 25 June 2027.
    public static func lastFriday(ofJuneIn year: Int) -> CalendarDate {
        guard let thirtieth = CalendarDate(year: year, month: 6, day: 30) else {
            preconditionFailure("a year from 1 to 9999")
        }
        let weekday = ((thirtieth.dayNumber % 7) + 7 + 3) % 7
        return thirtieth.adding(days: -((weekday - 4 + 7) % 7))
    }

    /// Whether the child is under 5 on `day`: the age the health visiting service works to.
    static func underFive(dateOfBirth: CalendarDate, on day: CalendarDate) -> Bool {
        plausible(dateOfBirth) && day < dateOfBirth.adding(years: 5)
    }

    /// A date of birth whose 16th birthday is still a date `CalendarDate` can hold (so no arithmetic traps).
    static func plausible(_ dateOfBirth: CalendarDate) -> Bool { dateOfBirth.year <= 9_900 }

    // MARK: Gaps

    /// The universal services and the lead professional the child should have but has not. Without a
    /// date of birth the age-based gaps are not raised: the wheel cannot tell, and says only what it knows.
    static func missingServices(_ input: WheelInput) -> [WheelGap] {
        let kinds = Set(input.services.compactMap(\.universalKind))
        var gaps: [WheelGap] = []
        if !kinds.contains(.gp) { gaps.append(.noGP) }
        if let born = input.dateOfBirth {
            if compulsorySchoolAge(dateOfBirth: born, on: input.today), !kinds.contains(.education) {
                gaps.append(.noEducationSetting)
            }
            if underFive(dateOfBirth: born, on: input.today), !kinds.contains(.healthVisitor) {
                gaps.append(.noHealthVisitor)
            }
        }
        if input.tier == 1, !input.services.contains(where: \.leadProfessional) {
            gaps.append(.noLeadProfessional)
        }
        return gaps
    }

    /// An involvement not heard from in 3 months: the latest of its last contact and its start is before
    /// `today` less 3 months. One with neither date has no contact on the record at all, so it is a gap too.
    /// A service known only from the child's record is not an involvement, so it never lapses.
    static func contactLapsed(_ service: WheelService, today: CalendarDate) -> Bool {
        guard !service.fromRecord else { return false }
        guard let latest = [service.lastContact, service.startedOn].compactMap({ $0 }).max() else { return true }
        return latest < today.adding(months: -3)
    }

    // MARK: Nodes and unexplained roles

    /// A person in ring 1, flagged for each unexplained role:
    /// - living with the child with no recorded relationship or basis (a carer on the index with a
    ///   relationship is explained: the index is where the team recorded them);
    /// - added without a reason: no basis, and not already on the index;
    /// - a new adult in the household: moved in (or, where that is not known, recorded) in the last
    ///   3 months. A new partner or other unrelated adult joining the household is a recurring finding of
    ///   serious case reviews (the NSPCC's and Ofsted's learning from serious case reviews) and of the
    ///   Child Safeguarding Practice Review Panel's national reviews of the men in babies' lives, which
    ///   is why the wheel raises it without anyone having to ask.
    static func personNode(_ person: WheelPerson, today: CalendarDate) -> WheelNode {
        let relationship = recorded(person.relationship)
        let basis = recorded(person.basis)
        var flags: [UnexplainedRole] = []
        let indexCarer = person.fromIndex && relationship != nil
        if person.livesWithChild, relationship == nil || basis == nil, !indexCarer {
            flags.append(.livesWithChildWithoutRelationship)
        }
        if basis == nil, !person.fromIndex { flags.append(.addedWithoutReason) }
        if person.livesWithChild, let joined = person.joinedHouseholdOn ?? person.recordedOn,
            joined >= today.adding(months: -3)
        {
            flags.append(.newAdultInHousehold)
        }
        return WheelNode(
            id: person.id, label: recorded(person.name) ?? "Name not recorded", detail: relationship ?? "",
            ring: .family, flags: flags, gapFlags: [], basis: basis, x: 0, y: 0)
    }

    /// A service in ring 2 or 3. A hidden service is "Another service" in ring 3 with no detail, basis or
    /// flag: flagging it "added without a reason" would say something about what the viewer may not see.
    /// Only a lapse in contact is shown, since the caller decides which dates a hidden service carries.
    static func serviceNode(_ service: WheelService, today: CalendarDate) -> WheelNode {
        let label = service.hidden ? "Another service" : recorded(service.name) ?? "Service not named"
        let gapFlags: [WheelGap] =
            contactLapsed(service, today: today) ? [.noRecentContact(serviceID: service.id, serviceName: label)] : []
        guard !service.hidden else {
            return WheelNode(
                id: service.id, label: label, detail: "", ring: .targeted, flags: [], gapFlags: gapFlags, basis: nil,
                x: 0, y: 0)
        }
        let reason = recorded(service.reason)
        return WheelNode(
            id: service.id, label: label, detail: recorded(service.role) ?? "", ring: service.ring,
            flags: reason == nil ? [.addedWithoutReason] : [], gapFlags: gapFlags, basis: reason, x: 0, y: 0)
    }

    // MARK: Layout

    /// Places every node and every empty place on its ring, evenly by angle from the top; ring 2 starts
    /// half a step round and ring 3 a third, so the labels of neighbouring rings do not line up.
    /// Coordinates are rounded to tenths, as the SVG writes them, so the model and the picture agree.
    mutating func layOut() {
        places = gaps.compactMap { gap in gap.ring.map { WheelPlace(gap: gap, ring: $0, x: 0, y: 0) } }
        for ring in WheelRing.allCases {
            let nodeIndices = nodes.indices.filter { nodes[$0].ring == ring }
            let placeIndices = places.indices.filter { places[$0].ring == ring }
            let count = nodeIndices.count + placeIndices.count
            for (slot, index) in nodeIndices.enumerated() {
                let point = Self.point(ring: ring, slot: slot, of: count)
                nodes[index].x = point.x
                nodes[index].y = point.y
            }
            for (slot, index) in placeIndices.enumerated() {
                let point = Self.point(ring: ring, slot: nodeIndices.count + slot, of: count)
                places[index].x = point.x
                places[index].y = point.y
            }
        }
    }

    static func point(ring: WheelRing, slot: Int, of count: Int) -> (x: Double, y: Double) {
        let step = 2 * Double.pi / Double(max(count, 1))
        let offset: Double
        switch ring {
        case .family: offset = 0
        case .universal: offset = step / 2
        case .targeted: offset = step / 3
        }
        let angle = -Double.pi / 2 + offset + step * Double(slot)
        let x = centre + radius(ring) * cos(angle)
        let y = centre + radius(ring) * sin(angle)
        return ((x * 10).rounded() / 10, (y * 10).rounded() / 10)
    }
}
