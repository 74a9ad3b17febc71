import Foundation
import Testing

@testable import SignpostServer

/// The binary finds its views, static files and API document from any working directory.
@Suite("Resources travel with the binary")
struct ResourceDirectoryTests {
    /// A folder laid out like an installation: Resources/Views, Public, openapi.yaml, and bin/signpost.
    private func installation() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "signpost-resources-\(UUID().uuidString)")
        for folder in ["Resources/Views", "Public/css", "bin/deep"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("openapi: 3.1.0\n".utf8).write(to: root.appendingPathComponent("openapi.yaml"))
        return root
    }

    @Test func theExecutablesFolderOrOneAboveItIsFoundFromAnywhere() throws {
        let root = try installation()
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try ResourceDirectory.locate(
            environment: [:], executable: root.appendingPathComponent("bin/deep/signpost"), workingDirectory: "/tmp")
        #expect(URL(fileURLWithPath: found).standardized.path == root.standardized.path)
    }

    @Test func theSettingWinsAndAWrongOneIsNamed() throws {
        let root = try installation()
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try ResourceDirectory.locate(
            environment: ["SIGNPOST_RESOURCES": root.path], executable: nil, workingDirectory: "/")
        #expect(found == root.path + "/")
        #expect(throws: ConfigurationError.self) {
            try ResourceDirectory.locate(
                environment: ["SIGNPOST_RESOURCES": "/nonexistent"], executable: nil, workingDirectory: "/")
        }
    }

    @Test func nothingFoundSaysWhichSettingToUse() throws {
        do {
            _ = try ResourceDirectory.locate(
                environment: [:], executable: URL(fileURLWithPath: "/usr/bin/true"), workingDirectory: "/")
            Issue.record("expected a configuration error")
        } catch let error as ConfigurationError {
            #expect(error.setting == "SIGNPOST_RESOURCES")
        }
    }

    @Test func theCheckoutIsAnInstallation() {
        #expect(ResourceDirectory.holdsResources(String(packageRoot.dropLast())))
    }
}
