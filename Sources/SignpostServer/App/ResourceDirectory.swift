import Foundation

/// Where the server finds what travels with the binary: `Resources/Views`, `Public/` and `openapi.yaml`.
/// In order: `SIGNPOST_RESOURCES`; the working directory; the executable's folder and each folder above
/// it (so `.build/debug/signpost` finds its checkout from anywhere). A deployment copies the three next
/// to the binary or names their folder in `SIGNPOST_RESOURCES`.
public enum ResourceDirectory {
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> String {
        if let configured = environment["SIGNPOST_RESOURCES"]?.trimmingCharacters(in: .whitespaces), !configured.isEmpty
        {
            let folder = URL(fileURLWithPath: configured, relativeTo: URL(fileURLWithPath: workingDirectory))
                .standardized.path
            guard holdsResources(folder) else {
                throw ConfigurationError(
                    setting: "SIGNPOST_RESOURCES",
                    problem: "'\(configured)' does not hold Resources/Views, Public and openapi.yaml")
            }
            return withSlash(folder)
        }
        var candidates = [workingDirectory]
        var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent()
        while let current = folder, current.path != "/" {
            candidates.append(current.path)
            folder = current.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: holdsResources) else {
            throw ConfigurationError(
                setting: "SIGNPOST_RESOURCES",
                problem:
                    "the views, static files and openapi.yaml were not found next to the executable or in the working directory; "
                    + "set it to the folder that holds Resources/Views, Public and openapi.yaml")
        }
        return withSlash(found)
    }

    static func holdsResources(_ folder: String) -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let views =
            manager.fileExists(atPath: folder + "/Resources/Views", isDirectory: &isDirectory) && isDirectory.boolValue
        return views && manager.fileExists(atPath: folder + "/Public")
            && manager.fileExists(atPath: folder + "/openapi.yaml")
    }

    private static func withSlash(_ path: String) -> String { path.hasSuffix("/") ? path : path + "/" }
}
