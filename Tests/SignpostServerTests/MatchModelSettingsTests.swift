import Foundation
import SignpostCore
import Testing
import VaporTesting

@testable import SignpostServer

/// `SIGNPOST_MATCH_MODEL_FILE`: a fitted model replaces the shipped one in search; a bad file stops start-up.
@Suite("The match model a server loads")
struct MatchModelSettingsTests {
    func write(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aBadModelFileStopsStartUpNamingTheSettingAndTheReason() throws {
        var wrongVersion = MatchModel.shipped
        wrongVersion.version = 7
        for (path, reason) in [
            ("/nonexistent/model.json", "cannot read"), (try write(Data("not json".utf8)), "shape"),
            (try write(wrongVersion.encoded()), "version 7"),
        ] {
            do {
                _ = try Settings.fromEnvironment(["SIGNPOST_MATCH_MODEL_FILE": path])
                Issue.record("accepted \(path)")
            } catch {
                #expect(error.setting == "SIGNPOST_MATCH_MODEL_FILE")
                #expect(error.problem.contains(reason), "\(error.problem)")
            }
        }
        let good = try write(MatchModel.shipped.encoded())
        #expect(try Settings.fromEnvironment(["SIGNPOST_MATCH_MODEL_FILE": good]).matchModel == .shipped)
    }

    @Test func searchScoresWithTheLoadedModel() async throws {
        // A model whose prior odds of a match are 2⁻⁵⁰: nothing can reach `possible`, so search finds no one.
        var sceptical = MatchModel.shipped
        sceptical.log2PriorOdds = -50
        for (model, expected) in [(MatchModel.shipped, 1), (sceptical, 0)] {
            try await withSignpostApp(adjust: { $0.matchModel = model }) { world in
                let team = try await APIClient.signIn(world, try await world.account())
                _ = try await team.createChild(#""givenName":"Amelia","familyName":"Jones","dateOfBirth":"2016-07-09""#)
                let found = try await team.search(
                    #""givenName":"Amelia","familyName":"Jones","dateOfBirth":"2016-07-09""#)
                #expect(try team.decode(SearchResponse.self, found).results.count == expected)
            }
        }
    }
}
