import Crypto
import Fluent
import Foundation
import SignpostCore

/// Each authority's data key, wrapped by the master key (`SIGNPOST_KEY_FILE`). Free text of an
/// authority's episodes is sealed with it; deleting the key is crypto-shredding.
enum DataKeyStore {
    /// The authority's cipher. Only starting an episode (`creating: true`) may make the key; reading an
    /// existing episode with no key means the key was lost or destroyed, and nothing is invented.
    static func cipher(for authorityCode: String, creating: Bool, context: ServiceContext, on db: any Database)
        async throws -> FieldCipher
    {
        let master = context.masterKey.key
        if let row = try await AuthorityKeyModel.query(on: db).filter(\.$authorityCode == authorityCode).first() {
            guard row.wrappedKey != destroyedMarker else {
                throw ServiceError(
                    kind: .gone, title: "Unrecoverable",
                    detail:
                        "This authority's data key was destroyed, so its early-help text can no longer be read or written."
                )
            }
            do {
                return FieldCipher(dataKey: try FieldCipher.unwrap(row.wrappedKey, with: master, owner: authorityCode))
            } catch {
                throw ServiceError(
                    kind: .unavailable, title: "Key unavailable",
                    detail: "This authority's data key cannot be unwrapped with the configured master key.")
            }
        }
        guard creating else {
            throw ServiceError(
                kind: .gone, title: "Unrecoverable",
                detail: "This authority's data key is missing, so its early-help text cannot be read.")
        }
        let key = FieldCipher.newDataKey()
        let row = AuthorityKeyModel()
        row.authorityCode = authorityCode
        row.wrappedKey = try FieldCipher.wrap(key, with: master, owner: authorityCode)
        row.createdAt = context.now
        try await row.create(on: db)
        return FieldCipher(dataKey: key)
    }

    /// What stays in place of a destroyed key, so that no new key is made to look as if nothing happened.
    static let destroyedMarker = "destroyed"

    /// Destroys the authority's data key. Its encrypted text is unrecoverable afterwards.
    static func destroy(authorityCode: String, context: ServiceContext, on db: any Database) async throws {
        if try await AuthorityKeyModel.query(on: db).filter(\.$authorityCode == authorityCode).first() == nil {
            let row = AuthorityKeyModel()
            row.authorityCode = authorityCode
            row.wrappedKey = destroyedMarker
            row.createdAt = context.now
            try await row.create(on: db)
        } else {
            try await AuthorityKeyModel.query(on: db).filter(\.$authorityCode == authorityCode).set(
                \.$wrappedKey, to: destroyedMarker
            ).update()
        }
        try await AuditLog.append(
            AuditDraft(
                action: "authority.data-key-destroyed", actor: nil, subjectType: "authority", subjectID: authorityCode),
            context: context, on: db)
    }
}

extension FieldCipher {
    func sealJSON<T: Encodable>(_ value: T, context: String) throws -> String {
        let data = try JSONEncoder().encode(value)
        return try seal(String(decoding: data, as: UTF8.self), context: context)
    }

    func openJSON<T: Decodable>(_ type: T.Type, _ sealed: String, context: String) throws -> T {
        let text = try open(sealed, context: context)
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
