import Foundation
import Testing

/// The layers of docs/architecture.md, checked on every build: the web framework stays at the edges,
/// the edges do not query the database, features call each other one way only, and files and
/// functions stay small enough to read.
@Suite("Lint: the layers of docs/architecture.md")
struct ArchitectureLintTests {
    static let server = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources/SignpostServer")

    /// Folders (under Sources/SignpostServer) that may import Vapor: the HTTP edges and the composition root.
    static let httpFolders = ["Web/", "API/", "Middleware/", "App/"]

    /// Which feature may use which: each arrow points down, so no two features form a cycle.
    /// Shared/ may use no feature at all.
    static let featureArrows: [String: Set<String>] = [
        "Home": ["Children", "Team", "Governance", "EarlyHelp", "Accounts", "Record"],
        "Children": ["Governance", "EarlyHelp", "Accounts", "Record"],
        "Team": [],
        "Governance": [],
        "EarlyHelp": ["Governance", "Team"],
        "Accounts": [],
        // The word cloud reads the assessment where the episode policy allows it.
        "Record": ["EarlyHelp"],
        // The national hub runs as its own process and knows no other feature.
        "Hub": [],
        "Federation": ["Children"],
    ]

    struct SourceFile {
        var relative: String
        var lines: [String]
    }

    static func sources(under root: URL) throws -> [SourceFile] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        return try enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map {
            SourceFile(
                relative: String($0.path.dropFirst(root.path.count + 1)),
                lines: try String(contentsOf: $0, encoding: .utf8).components(separatedBy: "\n"))
        }
    }

    @Test func onlyTheEdgesImportVapor() throws {
        let files = try Self.sources(under: Self.server)
        #expect(files.count > 80)
        let offenders = files.filter { file in
            !Self.httpFolders.contains { file.relative.hasPrefix($0) }
                && file.lines.contains { $0.hasPrefix("import Vapor") || $0.hasPrefix("@preconcurrency import Vapor") }
        }
        #expect(offenders.isEmpty, "import Vapor outside the edges: \(offenders.map(\.relative))")
    }

    @Test func theEdgesDoNotQueryTheDatabase() throws {
        var findings: [String] = []
        for file in try Self.sources(under: Self.server)
        where file.relative.hasPrefix("Web/") || file.relative.hasPrefix("API/") {
            for (number, line) in file.lines.enumerated()
            where line.range(of: #"Model\.(query|find)\(|\.query\(on:"#, options: .regularExpression) != nil {
                findings.append("\(file.relative):\(number + 1)")
            }
        }
        #expect(findings.isEmpty, "a controller reads Fluent models itself: \(findings)")
    }

    @Test func noSourceFileIsLongerThan300Lines() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources")
        let long = try Self.sources(under: root).filter { $0.lines.count > 301 }.map {
            "\($0.relative): \($0.lines.count)"
        }
        #expect(long.isEmpty, "\(long)")
    }

    @Test func noFunctionIsLongerThan60LinesExceptMigrations() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources")
        var long: [String] = []
        for file in try Self.sources(under: root) where !file.relative.contains("Persistence/Migrations/") {
            for function in FunctionSpans.find(in: file.lines) where function.length > 60 {
                long.append("\(file.relative):\(function.line) \(function.name): \(function.length) lines")
            }
        }
        #expect(long.isEmpty, "\(long)")
    }

    /// Controllers parse, call one service and render: a route handler longer than 30 lines is doing
    /// a service's work.
    @Test func routeHandlersStayAt30LinesOrFewer() throws {
        var long: [String] = []
        for file in try Self.sources(under: Self.server)
        where file.relative.hasPrefix("Web/") || file.relative.hasPrefix("API/") {
            let handlers = Set(
                file.lines.enumerated().filter { $0.element.contains("@Sendable func ") }.map { $0.offset + 1 })
            for function in FunctionSpans.find(in: file.lines)
            where (handlers.contains(function.line) || handlers.contains(function.line - 1)) && function.length > 30 {
                long.append("\(file.relative):\(function.line) \(function.name): \(function.length) lines")
            }
        }
        #expect(long.isEmpty, "\(long)")
    }

    /// The function finder itself: a test that cannot fail is a defect.
    @Test func theFunctionFinderMeasuresBodies() {
        let lines =
            [
                "struct A {", "    func short() {", "        let x = \"{\"", "    }", "    func long(",
                "        a: Int",
                "    ) -> Int {",
            ] + Array(repeating: "        _ = 1", count: 61) + ["        return 1", "    }", "}"]
        let spans = FunctionSpans.find(in: lines)
        #expect(spans.map(\.name) == ["short", "long"])
        #expect(spans.map(\.length) == [3, 66])
    }

    /// Capitalised names in a line of code. Simple word boundaries: Unicode's would read
    /// `ChildVocabulary.searchReasons` as one word and miss the type.
    static func typeNames(in line: String) -> [String] {
        line.matches(of: /\b([A-Z][A-Za-z]+)\b/.wordBoundaryKind(.simple)).map { String($0.1) }
    }

    @Test func theTypeNameFinderSeesTypesBeforeADot() {
        #expect(Self.typeNames(in: "let x = ChildVocabulary.searchReasons[a]") == ["ChildVocabulary"])
        #expect(Self.typeNames(in: "_ = try await DataKeyStore.cipher(for: code)") == ["DataKeyStore"])
        #expect(Self.typeNames(in: "var carers: [ChildInput.Carer]") == ["ChildInput", "Carer"])
    }

    @Test func featuresCallEachOtherOneWayAndSharedCallsNone() throws {
        let files = try Self.sources(under: Self.server)
        // Every type a feature declares at the top level, by feature.
        var declared: [String: String] = [:]
        for file in files where file.relative.hasPrefix("Features/") {
            let feature = file.relative.split(separator: "/")[1]
            for line in file.lines {
                if let match = line.firstMatch(of: /^(?:public )?(?:struct|enum|actor|final class) ([A-Z][A-Za-z]+)/) {
                    declared[String(match.1)] = String(feature)
                }
            }
        }
        #expect(declared.count > 20)
        var findings: [String] = []
        for file in files where file.relative.hasPrefix("Features/") || file.relative.hasPrefix("Shared/") {
            let parts = file.relative.split(separator: "/")
            let own = parts[0] == "Shared" ? "Shared" : String(parts[1])
            let allowed = Self.featureArrows[own] ?? []
            for (number, line) in file.lines.enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in Self.typeNames(in: line) {
                    guard let feature = declared[name], feature != own, !allowed.contains(feature) else { continue }
                    findings.append("\(file.relative):\(number + 1) \(own) uses \(name) of \(feature)")
                }
            }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}

/// Where each function starts and how many lines it spans, found by matching braces (braces inside
/// string literals are skipped). Enough for a length rule; not a Swift parser.
enum FunctionSpans {
    struct Span {
        var name: String
        var line: Int
        var length: Int
    }

    static func find(in lines: [String]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("//"),
                let match = line.firstMatch(of: /\bfunc ([A-Za-z_][A-Za-z0-9_]*)/)
            else {
                index += 1
                continue
            }
            var depth = 0
            var opened = false
            var end = index
            scan: for row in index..<lines.count {
                var inString = false
                for character in lines[row] {
                    if character == "\"" { inString.toggle() }
                    if inString { continue }
                    if character == "{" {
                        depth += 1
                        opened = true
                    } else if character == "}" {
                        depth -= 1
                        if opened && depth == 0 {
                            end = row
                            break scan
                        }
                    }
                }
                // A protocol requirement: no body.
                if !opened && row > index && lines[row].trimmingCharacters(in: .whitespaces).isEmpty { break }
            }
            if opened {
                spans.append(Span(name: String(match.1), line: index + 1, length: end - index + 1))
            }
            index += 1
        }
        return spans
    }
}
