import Foundation
import Testing

/// Visibility is decided only in SignpostCore: the server composes what `Policy` disclosed and never
/// checks roles, sensitivity, shields or team membership itself. This test fails the build when it does.
@Suite("Lint: no access decision in Sources/SignpostServer")
struct TrustBoundaryLintTests {
    /// Patterns that mean "deciding access here".
    static let forbidden: [(pattern: String, why: String)] = [
        (#"\.roles\.contains\("#, "checks a role itself: ask Policy.decide"),
        (#"Policy\.isTeamMember\("#, "decides team membership itself: use the disclosure"),
        (#"Policy\.isDataManager\("#, "decides the data manager's view itself: use the disclosure"),
        (
            #"Policy\.maySee\("#,
            "decides an involvement's visibility itself: use disclosure.shownInvolvements or namesInvolvement"
        ),
        (#"visibility == ""#, "compares visibility strings: use the disclosure's flags"),
        (#"\.shielded ==|shielded &&|&& .*\.shielded\b"#, "decides from the shield itself: use disclosure.showsShield"),
        (#"\.organisation\.sensitive"#, "decides from a service's sensitivity itself: the facts carry it to Policy"),
    ]

    /// Where the facts and the signed-in actor are built from the database: reading the flags there
    /// is loading, not deciding.
    static let loaders: Set<String> = [
        "Shared/ChildFactsLoader.swift", "Features/Accounts/AuthenticationService.swift",
        // Wire DTOs carry the sensitive tag of an involvement the disclosure already chose to show.
        "Shared/ChildRendering.swift", "Features/Governance/BrokeredContactService.swift",
    ]

    @Test func theServerDecidesNoVisibilityOfItsOwn() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources/SignpostServer")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" || $0.pathExtension == "leaf" }
        #expect(files.count > 50)
        var findings: [String] = []
        for file in files {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for rule in Self.forbidden where line.range(of: rule.pattern, options: .regularExpression) != nil {
                    if rule.pattern == #"\.organisation\.sensitive"# && Self.loaders.contains(relative) { continue }
                    findings.append("\(relative):\(number + 1): \(rule.why)")
                }
            }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test func theTemplatesDecideNothingEither() throws {
        let views = URL(fileURLWithPath: packageRoot).appendingPathComponent("Resources/Views")
        var findings: [String] = []
        for file in try FileManager.default.contentsOfDirectory(at: views, includingPropertiesForKeys: nil)
        where file.pathExtension == "leaf" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in [#"#if\([^)]*visibility"#, #"#if\([^)]*roles"#]
            where text.range(of: pattern, options: .regularExpression) != nil {
                findings.append("\(file.lastPathComponent): \(pattern)")
            }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}
