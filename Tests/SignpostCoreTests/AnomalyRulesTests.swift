import Testing

@testable import SignpostCore

/// The anomaly thresholds: each alert fires exactly at its threshold, only on routes outside the team.
@Suite("Anomaly rules for auditors")
struct AnomalyRulesTests {
    static let thresholds = AnomalyThresholds(outsideTeamPerDay: 5, outOfAreaPerDay: 3, shieldedLookupsPerDay: 2)

    static func tally(_ outside: Int, _ outOfArea: Int = 0, _ shielded: Int = 0) -> AccessTally {
        AccessTally(outsideTeam: outside, outOfAreaWithoutInvolvement: outOfArea, shieldedLookups: shielded)
    }

    @Test func unusualVolumeFiresAtTheThresholdNotBefore() {
        let search = AccessRoute.search(.publicTask)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: false, shielded: false, tally: Self.tally(4), thresholds: Self.thresholds
            ).isEmpty)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: false, shielded: false, tally: Self.tally(5), thresholds: Self.thresholds)
                == [.unusualVolume])
    }

    @Test func outOfAreaCountsOnlyWhenThisAccessIsOutOfArea() {
        let search = AccessRoute.search(.consent)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: true, shielded: false, tally: Self.tally(3, 3), thresholds: Self.thresholds)
                == [.outOfArea])
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: false, shielded: false, tally: Self.tally(3, 3), thresholds: Self.thresholds
            ).isEmpty)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: true, shielded: false, tally: Self.tally(3, 2), thresholds: Self.thresholds
            ).isEmpty)
    }

    @Test func repeatedShieldedLookups() {
        let search = AccessRoute.search(.publicTask)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: false, shielded: true, tally: Self.tally(1, 0, 1), thresholds: Self.thresholds
            ).isEmpty)
        #expect(
            AnomalyRules.alerts(
                route: search, outOfArea: false, shielded: true, tally: Self.tally(2, 0, 2), thresholds: Self.thresholds
            ) == [.repeatedShieldedLookups])
    }

    @Test(
        "the team, data managers and refused reads never raise threshold alerts",
        arguments: [AccessRoute.team, .dataManager, .none])
    func insideRoutesAreQuiet(route: AccessRoute) {
        #expect(
            AnomalyRules.alerts(
                route: route, outOfArea: true, shielded: true, tally: Self.tally(100, 100, 100),
                thresholds: Self.thresholds
            ).isEmpty)
    }

    /// The server skips the day's tally for routes the rules do not watch: the two must agree on every route.
    @Test(
        "a route is watched exactly when a heavy day on it can raise an alert",
        arguments: [
            AccessRoute.team, .dataManager, .none, .breakGlass, .search(.publicTask), .search(.consent),
            .involved(.safeguarding), .involved(.consent),
        ])
    func watchedRoutesAreTheOnesThatAlert(route: AccessRoute) {
        let alerts = AnomalyRules.alerts(
            route: route, outOfArea: true, shielded: true, tally: Self.tally(100, 100, 100),
            thresholds: Self.thresholds)
        #expect(AnomalyRules.watches(route) == !alerts.isEmpty)
    }

    @Test func breakGlassReadsCountTowardsTheThresholds() {
        #expect(
            AnomalyRules.alerts(
                route: .breakGlass, outOfArea: true, shielded: true, tally: Self.tally(5, 3, 2),
                thresholds: Self.thresholds)
                == [.unusualVolume, .outOfArea, .repeatedShieldedLookups])
    }

    @Test(
        "reading a child through an involvement, outside the team, counts towards the thresholds",
        arguments: [LawfulBasis.publicTask, .safeguarding, .consent])
    func involvedReadsCountTowardsTheThresholds(basis: LawfulBasis) {
        let involved = AccessRoute.involved(basis)
        #expect(
            AnomalyRules.alerts(
                route: involved, outOfArea: true, shielded: true, tally: Self.tally(5, 3, 2),
                thresholds: Self.thresholds)
                == [.unusualVolume, .outOfArea, .repeatedShieldedLookups])
        #expect(
            AnomalyRules.alerts(
                route: involved, outOfArea: true, shielded: true, tally: Self.tally(4, 2, 1),
                thresholds: Self.thresholds
            ).isEmpty)
        #expect(
            AnomalyRules.alerts(
                route: involved, outOfArea: false, shielded: false, tally: Self.tally(5, 3, 2),
                thresholds: Self.thresholds)
                == [.unusualVolume])
    }

    @Test("every route outside the team is counted, every route inside it is not")
    func everyRoute() {
        let outside: [AccessRoute] =
            [.breakGlass] + LawfulBasis.allCases.flatMap { [AccessRoute.search($0), .involved($0)] }
        let inside: [AccessRoute] = [.team, .dataManager, .none]
        for route in outside {
            #expect(
                AnomalyRules.alerts(
                    route: route, outOfArea: false, shielded: false, tally: Self.tally(5), thresholds: Self.thresholds)
                    == [.unusualVolume], "\(route)")
        }
        for route in inside {
            #expect(
                AnomalyRules.alerts(
                    route: route, outOfArea: false, shielded: false, tally: Self.tally(5), thresholds: Self.thresholds
                )
                .isEmpty, "\(route)")
        }
    }

    @Test func thresholdKindsAreOncePerDayAndEventKindsAreNot() {
        #expect(AlertKind.allCases.filter(\.oncePerDay) == [.unusualVolume, .outOfArea, .repeatedShieldedLookups])
    }
}
