import Fluent
import Foundation
import SQLKit
import SignpostCore

/// Writing new children's records (`NewChildRows`), one or an import batch at a time, inside the caller's
/// transaction.
extension ChildService {
    /// Writes a validated record, its first involvement, its keys and the audit event, inside the
    /// caller's transaction.
    static func insert(
        _ cleaned: ChildInput, authorityID: UUID, by actor: AuthenticatedPractitioner, sourceKey: String?,
        confirmedDespiteMatches: Bool, context: ServiceContext, on tx: any Database
    ) async throws -> UUID {
        let rows = try NewChildRows(
            cleaned, authorityID: authorityID, by: actor, sourceKey: sourceKey,
            confirmedDespiteMatches: confirmedDespiteMatches, now: context.now)
        try await write([rows], authorityID: authorityID, by: actor, context: context, on: tx)
        return rows.id
    }

    /// Writes many new records in a few multi-row statements a table, each within the engines' limits on
    /// bound parameters, with one `child.created` event a child. Returns the new children's ids in order.
    static func insertBatch(
        _ records: [(input: ChildInput, sourceKey: String?)], authorityID: UUID, by actor: AuthenticatedPractitioner,
        context: ServiceContext, on tx: any Database
    ) async throws -> [UUID] {
        let rows = try records.map {
            try NewChildRows(
                $0.input, authorityID: authorityID, by: actor, sourceKey: $0.sourceKey, confirmedDespiteMatches: true,
                now: context.now)
        }
        try await write(rows, authorityID: authorityID, by: actor, context: context, on: tx)
        return rows.map(\.id)
    }

    private static func write(
        _ rows: [NewChildRows], authorityID: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws {
        guard !rows.isEmpty else { return }
        try await ModelRows.insert(rows.map(\.child), on: tx)
        try await ModelRows.insert(rows.flatMap(\.names), on: tx)
        try await ModelRows.insert(rows.compactMap(\.address), on: tx)
        try await ModelRows.insert(rows.flatMap(\.carers), on: tx)
        try await ModelRows.insert(rows.map(\.involvement), on: tx)
        try await ModelRows.insert(rows.map(\.membership), on: tx)
        try await ModelRows.insert(rows.flatMap(\.keys), on: tx)
        try await ModelRows.insert(rows.map(\.indexBasis), on: tx)
        try await noticeSafeguardingBases(rows, authorityID: authorityID, by: actor, context: context, on: tx)
        try await inheritShieldsOfPossibleDuplicates(rows, context: context, on: tx)
        try await AuditLog.append(rows.map(\.event), context: context, on: tx)
    }

    /// The authority's data managers are told when a child is added for safeguarding without consent.
    private static func noticeSafeguardingBases(
        _ rows: [NewChildRows], authorityID: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext,
        on tx: any Database
    ) async throws {
        let safeguarding = rows.filter { $0.indexBasis.basis == LawfulBasis.safeguarding.rawValue }
        guard !safeguarding.isEmpty, let authority = try await AuthorityModel.find(authorityID, on: tx) else { return }
        for row in safeguarding {
            let input = row.input
            try await Notifications.notify(
                authority: authority.onsCode, childID: row.id, kind: "safeguarding-without-consent",
                message:
                    "\(actor.name) (\(actor.organisationName)) added \(input.givenName) \(input.familyName) to the "
                    + "index for safeguarding without consent: \(input.indexBasisReason ?? "")",
                context: context, on: tx)
        }
    }

    /// A possible duplicate of a shielded child inherits the shield: it may be the same child. Candidates
    /// come only from shared candidate keys, so one statement first finds which of the records' keys a
    /// shielded child holds; only a record with such a key is searched, in order, as one record would be. A
    /// record that inherits a shield passes its own keys on to the records after it.
    private static func inheritShieldsOfPossibleDuplicates(
        _ rows: [NewChildRows], context: ServiceContext, on tx: any Database
    ) async throws {
        let probes = rows.map { ($0, $0.probe, $0.queryKeys) }
        var shieldedKeys = try await ChildIndexing.keysOnIndex(Set(probes.flatMap(\.2)), shieldedOnly: true, on: tx)
        // The batch's own rows are on the index already; unless one inherited a shield they cannot pass one on,
        // and must not crowd the children already on the index out of a row's candidates.
        var unshielded = Set(rows.map(\.id))
        for (row, probe, keys) in probes where !shieldedKeys.isDisjoint(with: keys) {
            let candidates = try await SearchService.scoredCandidates(
                probe, upn: row.input.upn, excluding: unshielded,
                matcher: Matcher(model: context.environment.settings.matchModel), on: tx)
            guard !candidates.isEmpty else { continue }
            let shielded = try await ShieldModel.query(on: tx).filter(\.$child.$id ~~ candidates.map { $0.child.id! })
                .filter(\.$liftedAt == nil).first()
            if let shielded {
                try await ShieldInheritance.inherit(from: shielded.$child.id, to: row.id, context: context, on: tx)
                shieldedKeys.formUnion(row.keys.map(\.key))
                unshielded.remove(row.id)
            }
        }
    }
}
