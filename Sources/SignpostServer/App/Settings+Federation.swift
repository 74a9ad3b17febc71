import Foundation
import SignpostCore

/// A node's part in national signposting: the hub's address, the node's request-signing key and the
/// epoch's linkage secret. All three or none: `SIGNPOST_HUB_URL`, `SIGNPOST_NODE_KEY_FILE` and
/// `SIGNPOST_LINKAGE_KEY_FILE`.
public struct FederationSettings: Sendable {
    public var hubURL: String
    public var nodeKey: NodeSigningKey
    public var secret: LinkageSecret

    public init(hubURL: String, nodeKey: NodeSigningKey, secret: LinkageSecret) {
        self.hubURL = hubURL
        self.nodeKey = nodeKey
        self.secret = secret
    }

    static func parse(_ value: (String) -> String?) throws(ConfigurationError) -> FederationSettings? {
        let hub = value("SIGNPOST_HUB_URL")
        let nodeKeyFile = value("SIGNPOST_NODE_KEY_FILE")
        let linkageKeyFile = value("SIGNPOST_LINKAGE_KEY_FILE")
        guard let hub else {
            if nodeKeyFile != nil && linkageKeyFile != nil {
                throw ConfigurationError(setting: "SIGNPOST_HUB_URL", problem: "give the hub's address with the keys")
            }
            return nil
        }
        guard hub.hasPrefix("https://") || hub.hasPrefix("http://"), URL(string: hub)?.host != nil else {
            throw ConfigurationError(setting: "SIGNPOST_HUB_URL", problem: "must be the hub's http(s) address")
        }
        let nodeKey: NodeSigningKey
        do {
            nodeKey = try NodeSigningKey(encoded: try read(nodeKeyFile, "SIGNPOST_NODE_KEY_FILE"))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(setting: "SIGNPOST_NODE_KEY_FILE", problem: "\(error)")
        }
        let secret: LinkageSecret
        do {
            secret = try LinkageSecret(encoded: try read(linkageKeyFile, "SIGNPOST_LINKAGE_KEY_FILE"))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(setting: "SIGNPOST_LINKAGE_KEY_FILE", problem: "\(error)")
        }
        return FederationSettings(hubURL: hub, nodeKey: nodeKey, secret: secret)
    }

    /// The pinned custodian key, from the file `SIGNPOST_DIRECTORY_CUSTODIAN_KEY_FILE` names (nil when unset).
    static func parseCustodian(_ path: String?) throws(ConfigurationError) -> CustodianPublicKey? {
        guard let path else { return nil }
        let setting = "SIGNPOST_DIRECTORY_CUSTODIAN_KEY_FILE"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        do {
            return try CustodianPublicKey(encoded: text)
        } catch {
            throw ConfigurationError(setting: setting, problem: "\(error)")
        }
    }

    private static func read(_ path: String?, _ setting: String) throws(ConfigurationError) -> String {
        guard let path else { throw ConfigurationError(setting: setting, problem: "is needed with SIGNPOST_HUB_URL") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        return text
    }
}
