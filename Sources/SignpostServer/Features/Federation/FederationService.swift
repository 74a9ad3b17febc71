import Fluent
import Foundation
import SignpostCore

/// A node's side of national signposting: which of its authority's children go on the hub, as keyed
/// encodings under opaque handles, and which must leave it. `FederationAccess` decides; this service reads
/// the records, encodes them with the node's linkage secret and audits the read. It knows no HTTP: the
/// command line sends the listing to the hub (`signpost federation sync`).
struct FederationService {
    let context: ServiceContext

    /// What the hub should hold for one authority after a sync.
    struct Listing: Sendable, Equatable {
        var enrol: [HubEnrolmentInput]
        /// Handles the hub must forget: children no longer eligible (consent withdrawn, merged away), under this
        /// epoch and each earlier one whose entries may still be there.
        var retire: [String]
    }

    /// How long the hub keeps an entry unless the node syncs again: a node that stops syncing (or is
    /// switched off) drops out of the hub within this many days, without anyone having to remember it.
    static let listingLifetimeDays = 35

    /// The listing of `authority`'s children, one audit event for the whole read (counts, never a child).
    func listing(authority onsCode: String, secret: LinkageSecret) async throws -> Listing {
        let today = CalendarDate(context.now)
        return try await context.auditedTransaction { context, tx in
            guard let authority = try await AuthorityModel.query(on: tx).filter(\.$onsCode == onsCode).first() else {
                throw ServiceError.notFound("No authority \(onsCode) is served by this Signpost.")
            }
            let children = try await ChildModel.query(on: tx).filter(\.$authority.$id == authority.requireID())
                .sort(\.$id).all()
            let encoder = LinkageEncoder(secret: secret)
            let handles = HubHandles(nodeKey: context.masterKey.key, node: onsCode, epoch: secret.epoch)
            // Entries of the epochs listed within an entry's lifetime may still be on the hub: a child who must
            // leave it is retired under each. Until the lifetime of the last record-id listing has passed,
            // every child's record-id entry is retired too, being superseded by its keyed one.
            let sql = try ModelRows.sql(tx)
            let earlier = try await FederationEpochs.listed(
                since: context.now.addingTimeInterval(-Double(Self.listingLifetimeDays + 1) * 86_400),
                excluding: secret.epoch, on: sql)
            let earlierHandles = earlier.filter { $0 != FederationEpochs.recordID }.map {
                HubHandles(nodeKey: context.masterKey.key, node: onsCode, epoch: $0)
            }
            let retireRecordIDs = earlier.contains(FederationEpochs.recordID)
            try await FederationEpochs.record(secret.epoch, at: context.now, on: sql)
            var listing = Listing(enrol: [], retire: [])
            // In chunks, so the policy facts' look-ups stay under every engine's limit on bound values.
            for start in stride(from: 0, to: children.count, by: 1_000) {
                let chunk = Array(children[start..<min(start + 1_000, children.count)])
                let loaded = try await ChildFactsLoader.load(chunk, on: tx)
                for child in chunk {
                    let handle = handles.handle(for: child.id!)
                    if retireRecordIDs { listing.retire.append(child.id!.uuidString.lowercased()) }
                    guard child.mergedIntoID == nil, let facts = loaded[child.id!]?.facts,
                        FederationAccess.mayEnrol(facts, today: today)
                    else {
                        listing.retire.append(handle)
                        listing.retire += earlierHandles.map { $0.handle(for: child.id!) }
                        continue
                    }
                    let record = ChildIndexing.matchRecords(child, otherNames: [])[0]
                    listing.enrol.append(
                        HubEnrolmentInput(
                            handle: handle, encoding: encoder.encode(record), tier: child.tier,
                            retireBy: Self.retireBy(child, today: today)))
                }
            }
            var draft = AuditDraft(
                action: "federation.listed", actor: nil, subjectType: "authority", subjectID: onsCode,
                details: [
                    "enrolled": String(listing.enrol.count), "retired": String(listing.retire.count),
                    "epoch": secret.epoch, "earlierEpochs": String(earlier.count),
                ])
            draft.actorRole = "operator"
            try await AuditLog.append(draft, context: context, on: tx)
            return listing
        }
    }

    /// The listing's lifetime, but never past the day before the child's 18th birthday (when the record
    /// is archived and leaves the index; `FederationAccess.mayEnrol` refuses from that day).
    static func retireBy(_ child: ChildModel, today: CalendarDate) -> String {
        let lifetime = today.adding(days: listingLifetimeDays)
        guard let born = child.dateOfBirth.flatMap(CalendarDate.init(iso:)) else { return lifetime.iso }
        return max(today, min(lifetime, born.adding(years: 18).adding(days: -1))).iso
    }
}
