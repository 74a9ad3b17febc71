import Fluent
import Foundation
import SignpostCore

/// Contacts from a sending organisation's system, as CSV: one transaction, idempotent by the sender's
/// reference, each rejected row with its line and reason. Only children the organisation is involved
/// with take its contacts (`Policy.acceptsContactFeed`).
extension AgencyContactService {
    static let importColumns = [
        "reference", "child_id", "nhs_number", "date", "kind", "outcome", "child_seen", "seen_alone", "note",
        "sessions_possible", "sessions_attended",
    ]

    struct ImportReport: Sendable {
        var imported = 0
        var alreadyPresent = 0
        var rejected: [(line: Int, reason: String)] = []
    }

    func importRows(
        _ rows: [(line: Int, fields: [String: String])], organisationCode: String,
        progress: @Sendable (Int, Int) -> Void
    ) async throws -> ImportReport {
        guard let sender = try await OrganisationModel.query(on: context.db).filter(\.$code == organisationCode).first()
        else {
            throw ServiceError.validation([.init(field: "organisation", message: "There is no such organisation.")])
        }
        let (candidates, rejected) = Self.checkedRows(rows, today: CalendarDate(context.now), progress: progress)
        let context = context
        return try await context.db.transaction { tx in
            var report = ImportReport(rejected: rejected)
            let children = try await Self.resolve(candidates.map(\.child), sender: organisationCode, on: tx)
            let known = try await Self.knownReferences(
                candidates.compactMap(\.checked.reference), sender: organisationCode, on: tx)
            var seenReferences: Set<String> = []
            var pending: [AgencyContactModel] = []
            var ciphers: [String: FieldCipher] = [:]
            for candidate in candidates {
                guard let child = children[candidate.child] else {
                    report.rejected.append(
                        (candidate.line, "No single child known to \(organisationCode) has this identifier."))
                    continue
                }
                let reference = candidate.checked.reference ?? ""
                if let earlier = known[reference] {
                    if earlier == child.id {
                        report.alreadyPresent += 1
                    } else {
                        report.rejected.append((candidate.line, "This reference was sent before for another child."))
                    }
                    continue
                }
                guard seenReferences.insert(reference).inserted else {
                    report.rejected.append((candidate.line, "This reference appears twice in the file."))
                    continue
                }
                let contact = try await Self.sealed(
                    candidate.checked, child: child, sender: sender, ciphers: &ciphers, context: context, on: tx)
                pending.append(contact)
                report.imported += 1
            }
            do {
                for chunk in pending.chunked(500) { try await chunk.create(on: tx) }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw ServiceError.conflict(
                    "Another import sent some of these references at the same time; run this import again.")
            }
            report.rejected.sort { $0.line < $1.line }
            try await AuditLog.append(
                AuditDraft(
                    action: "contacts.imported", actor: nil, subjectType: "organisation", subjectID: organisationCode,
                    details: [
                        "imported": String(report.imported), "alreadyPresent": String(report.alreadyPresent),
                        "rejected": String(report.rejected.count),
                    ]),
                context: context, on: tx)
            return report
        }
    }
}

extension AgencyContactService {
    typealias Candidate = (line: Int, checked: Checked, child: ChildKey)

    /// Every row checked before the transaction opens: the candidates, and the rows refused with why.
    static func checkedRows(
        _ rows: [(line: Int, fields: [String: String])], today: CalendarDate, progress: @Sendable (Int, Int) -> Void
    ) -> (candidates: [Candidate], rejected: [(line: Int, reason: String)]) {
        var rejected: [(line: Int, reason: String)] = []
        var candidates: [Candidate] = []
        for (index, row) in rows.enumerated() {
            progress(index + 1, rows.count)
            do {
                let checked = try checkedRow(row.fields, today: today)
                candidates.append((row.line, checked, try childKey(row.fields)))
            } catch let error as ServiceError {
                rejected.append((row.line, error.fieldErrors.map(\.message).joined(separator: " ")))
            } catch {
                rejected.append((row.line, "The row could not be read."))
            }
        }
        return (candidates, rejected)
    }

    /// How a row names its child: Signpost's identifier, or the NHS number.
    enum ChildKey: Hashable, Sendable {
        case id(UUID)
        case nhsNumber(String)
    }

    struct ResolvedChild: Sendable {
        var id: UUID
        var authority: String
    }

    static func childKey(_ fields: [String: String]) throws -> ChildKey {
        if let text = fields["child_id"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let id = UUID(uuidString: text) else {
                throw ServiceError.validation([.init(field: "child_id", message: "child_id is not an identifier.")])
            }
            return .id(id)
        }
        let nhs = (fields["nhs_number"] ?? "").filter(\.isNumber)
        guard case .success = NHSNumber.parse(nhs) else {
            throw ServiceError.validation([
                .init(field: "nhs_number", message: "Give child_id or a valid 10-digit nhs_number.")
            ])
        }
        return .nhsNumber(nhs)
    }

    static func checkedRow(_ fields: [String: String], today: CalendarDate) throws -> Checked {
        func flag(_ name: String) throws -> Bool? {
            switch fields[name]?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
            case "": return nil
            case "yes", "y", "true", "1": return true
            case "no", "n", "false", "0": return false
            default:
                throw ServiceError.validation([.init(field: name, message: "\(name) must be yes or no.")])
            }
        }
        func number(_ name: String) throws -> Int? {
            let text = fields[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !text.isEmpty else { return nil }
            guard let value = Int(text) else {
                throw ServiceError.validation([.init(field: name, message: "\(name) must be a whole number.")])
            }
            return value
        }
        let reference = fields["reference"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !reference.isEmpty else {
            throw ServiceError.validation([
                .init(field: "reference", message: "Every row needs the sender's own reference.")
            ])
        }
        let input = ContactInput(
            occurredOn: fields["date"] ?? "", kind: fields["kind"] ?? "", outcome: fields["outcome"] ?? "",
            childSeen: try flag("child_seen"), seenAlone: try flag("seen_alone"), note: fields["note"],
            sessionsPossible: try number("sessions_possible"), sessionsAttended: try number("sessions_attended"),
            reference: reference)
        return try checked(input, today: today)
    }

    /// The rows' children the sender is involved with, by the key each row gave (merged records followed
    /// to their survivor).
    static func resolve(_ keys: [ChildKey], sender: String, on db: any Database) async throws -> [ChildKey:
        ResolvedChild]
    {
        var ids: Set<UUID> = []
        var numbers: Set<String> = []
        for key in keys {
            switch key {
            case .id(let id): ids.insert(id)
            case .nhsNumber(let number): numbers.insert(number)
            }
        }
        var children: [ChildModel] = []
        for chunk in Array(ids).chunked(500) {
            children += try await ChildModel.query(on: db).filter(\.$id ~~ chunk).with(\.$authority).all()
        }
        for chunk in Array(numbers).chunked(500) {
            children += try await ChildModel.query(on: db).filter(\.$nhsNumber ~~ chunk)
                .filter(\.$mergedIntoID == nil).with(\.$authority).all()
        }
        // A merged record's contacts go to the record it was merged into.
        let survivorIDs = Set(children.compactMap(\.mergedIntoID))
        let survivors =
            survivorIDs.isEmpty
            ? []
            : try await ChildModel.query(on: db).filter(\.$id ~~ survivorIDs).filter(\.$mergedIntoID == nil)
                .with(\.$authority).all()
        let live = (children.filter { $0.mergedIntoID == nil } + survivors)
        let survivorOf = Dictionary(
            children.compactMap { child in child.mergedIntoID.map { (child.id!, $0) } }, uniquingKeysWith: { $1 })
        // An NHS number two unmerged records share names no single child: those rows are refused.
        let sharedNumbers = Set(
            Dictionary(grouping: live.compactMap(\.nhsNumber), by: { $0 }).filter { $0.value.count > 1 }.keys)
        var involved: Set<UUID> = []
        for chunk in live.compactMap(\.id).chunked(500) {
            let rows = try await InvolvementModel.query(on: db).filter(\.$child.$id ~~ chunk)
                .filter(\.$status == InvolvementStatus.active.rawValue).with(\.$organisation).all()
            for row in rows
            where Policy.acceptsContactFeed(from: sender, involvedOrganisations: [row.organisation.code]) {
                involved.insert(row.$child.id)
            }
        }
        var resolved: [ChildKey: ResolvedChild] = [:]
        for child in live {
            guard let id = child.id, involved.contains(id) else { continue }
            let found = ResolvedChild(id: id, authority: child.authority.onsCode)
            resolved[.id(id)] = found
            if let number = child.nhsNumber, !sharedNumbers.contains(number) { resolved[.nhsNumber(number)] = found }
        }
        for (merged, survivor) in survivorOf { resolved[.id(merged)] = resolved[.id(survivor)] }
        return resolved
    }

    /// The references this sender has sent before, with the child each was for.
    static func knownReferences(_ references: [String], sender: String, on db: any Database) async throws
        -> [String: UUID]
    {
        var known: [String: UUID] = [:]
        for chunk in Array(Set(references)).chunked(500) {
            let rows = try await AgencyContactModel.query(on: db).filter(\.$organisationCode == sender)
                .filter(\.$senderReference ~~ chunk).all()
            for row in rows { if let reference = row.senderReference { known[reference] = row.childID } }
        }
        return known
    }

    static func sealed(
        _ checked: Checked, child: ResolvedChild, sender: OrganisationModel, ciphers: inout [String: FieldCipher],
        context: ServiceContext, on db: any Database
    ) async throws -> AgencyContactModel {
        var cipher: FieldCipher?
        if checked.note != nil {
            if ciphers[child.authority] == nil {
                ciphers[child.authority] = try await DataKeyStore.cipher(
                    for: child.authority, creating: true, context: context, on: db)
            }
            cipher = ciphers[child.authority]
        }
        // The sender's sensitivity is carried onto the contact as a fact, as a loader carries it.
        return try model(
            checked, childID: child.id, authority: child.authority, organisationCode: sender.code,
            sensitive: sender.sensitive, author: nil, source: "import", cipher: cipher, now: context.now)
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
