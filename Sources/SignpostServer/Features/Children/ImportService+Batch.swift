import Fluent
import Foundation
import SignpostCore

extension ImportService {
    /// One valid row on its way in: its source key and the validated input.
    struct Candidate: Sendable {
        var line: Int
        var key: String
        var input: ChildInput
        /// `nhs:…` and `upn:…`, the identifiers a child already on the index is found by.
        var identifiers: [String] {
            [input.nhsNumber.map { "nhs:\($0)" }, input.upn.map { "upn:\($0)" }].compactMap { $0 }
        }
    }

    /// Validates a batch, leaves out rows already imported, and writes the rest with one audit event in one
    /// transaction: a new child, or the organisation's involvement with the child already holding the NHS
    /// number or UPN.
    func importBatch(
        _ rows: [Row], into organisation: OrganisationModel, by actor: AuthenticatedPractitioner, dryRun: Bool,
        state: inout RunState, report: inout Report
    ) async throws {
        let today = CalendarDate(context.now)
        let valid = Self.candidates(
            rows, organisationCode: organisation.code, today: today, state: &state, report: &report)
        let present = Set(
            try await ChildModel.query(on: context.db).filter(\.$sourceKey ~~ valid.map(\.key)).all(\.$sourceKey)
                .compactMap { $0 })
        let fresh = valid.filter { !present.contains($0.key) }
        report.alreadyPresent += valid.count - fresh.count
        try await rememberIndexed(fresh, state: &state)
        if dryRun {
            let review = try await checkedForDryRun(
                fresh, earlier: state.wouldBeWritten, organisation: organisation, by: actor)
            report.held += review.held
            for candidate in review.write {
                state.wouldBeWritten.append(candidate)
                if candidate.identifiers.contains(where: { state.childByIdentifier[$0] != nil }) {
                    report.linked += 1
                } else {
                    report.imported += 1
                    for identifier in candidate.identifiers { state.childByIdentifier[identifier] = UUID() }
                }
            }
            return
        }
        guard !fresh.isEmpty else { return }
        let outcome = try await write(fresh, into: organisation, by: actor, known: state.childByIdentifier)
        state.childByIdentifier = outcome.known
        report.imported += outcome.imported
        report.linked += outcome.linked
        report.alreadyPresent += outcome.alreadyInvolved
        report.rejected += outcome.rejected
        report.held += outcome.held
    }

    /// The rows a dry run would write and hold. Searching the index for possible duplicates reads children's
    /// records, so a dry run that searched records that it did, though it writes nothing else.
    private func checkedForDryRun(
        _ fresh: [Candidate], earlier: EarlierRows, organisation: OrganisationModel,
        by actor: AuthenticatedPractitioner
    ) async throws -> PossibleDuplicateReview {
        guard !acceptPossibleDuplicates else { return PossibleDuplicateReview(write: fresh) }
        let base = context
        return try await context.db.transaction { tx in
            var context = base
            context.db = tx
            let review = try await ImportService(context: context).holdPossibleDuplicates(fresh, earlier: earlier)
            if review.searched > 0 {
                try await AuditLog.append(
                    AuditDraft(
                        action: "children.import-checked", actor: actor, subjectType: "organisation",
                        subjectID: organisation.code,
                        details: ["searched": String(review.searched), "held": String(review.held.count)]),
                    context: context, on: tx)
            }
            return review
        }
    }

    /// The children already on the index that hold any of these NHS numbers or UPNs.
    private func rememberIndexed(_ fresh: [Candidate], state: inout RunState) async throws {
        let nhs = fresh.compactMap(\.input.nhsNumber).filter { state.childByIdentifier["nhs:\($0)"] == nil }
        let upns = fresh.compactMap(\.input.upn).filter { state.childByIdentifier["upn:\($0)"] == nil }
        if !nhs.isEmpty {
            for child in try await ChildModel.query(on: context.db).filter(\.$nhsNumber ~~ nhs)
                .filter(\.$mergedIntoID == nil).all()
            {
                if let number = child.nhsNumber { state.childByIdentifier["nhs:\(number)"] = try child.requireID() }
            }
        }
        if !upns.isEmpty {
            for child in try await ChildModel.query(on: context.db).filter(\.$upn ~~ upns)
                .filter(\.$mergedIntoID == nil).all()
            {
                if let upn = child.upn { state.childByIdentifier["upn:\(upn)"] = try child.requireID() }
            }
        }
    }

    private struct Written: Sendable {
        var known: [String: UUID]
        var imported = 0
        var linked = 0
        var alreadyInvolved = 0
        var rejected: [(line: Int, reason: String)] = []
        var held: [(line: Int, reason: String)] = []
    }

    private func write(
        _ fresh: [Candidate], into organisation: OrganisationModel, by actor: AuthenticatedPractitioner,
        known: [String: UUID]
    ) async throws -> Written {
        let authorityID = organisation.$authority.id
        let base = context
        return try await context.db.transaction { tx in
            try await SQLiteRows.prepareForBulkWrites(on: tx)
            var context = base
            context.db = tx
            var written = Written(known: known)
            var fresh = fresh
            if !acceptPossibleDuplicates {
                let review = try await ImportService(context: context).holdPossibleDuplicates(fresh)
                fresh = review.write
                written.held = review.held
            }
            // New children are written together; a row whose NHS number or UPN is already on the index, or
            // belongs to an earlier new row of this batch, links to that child once it is written.
            var newRows: [Candidate] = []
            var links: [Candidate] = []
            var claimed = Set(known.keys)
            for candidate in fresh {
                if candidate.identifiers.contains(where: claimed.contains) {
                    links.append(candidate)
                } else {
                    newRows.append(candidate)
                    claimed.formUnion(candidate.identifiers)
                }
            }
            let ids = try await ChildService.insertBatch(
                newRows.map { ($0.input, $0.key) }, authorityID: authorityID, by: actor, context: context, on: tx)
            for (candidate, childID) in zip(newRows, ids) {
                for identifier in candidate.identifiers { written.known[identifier] = childID }
            }
            written.imported += ids.count
            for candidate in links {
                guard let existing = candidate.identifiers.lazy.compactMap({ written.known[$0] }).first else {
                    continue
                }
                try await link(candidate, to: existing, by: actor, context: context, written: &written)
            }
            try await AuditLog.append(
                AuditDraft(
                    action: "children.imported", actor: actor, subjectType: "organisation",
                    subjectID: organisation.code,
                    details: [
                        "imported": String(written.imported), "linked": String(written.linked),
                        "alreadyInvolved": String(written.alreadyInvolved), "rejected": String(written.rejected.count),
                        "heldForReview": String(written.held.count),
                    ]),
                context: context, on: tx)
            return written
        }
    }

    /// The organisation's involvement with a child already on the index, decided by the policy like any
    /// other; an organisation involved already has nothing to add.
    private func link(
        _ candidate: Candidate, to childID: UUID, by actor: AuthenticatedPractitioner, context: ServiceContext,
        written: inout Written
    ) async throws {
        let involved = try await InvolvementModel.query(on: context.db).filter(\.$child.$id == childID)
            .filter(\.$organisation.$id == actor.organisationID)
            .filter(\.$status == InvolvementStatus.active.rawValue).count()
        if involved > 0 {
            written.alreadyInvolved += 1
            return
        }
        do {
            _ = try await InvolvementService(context: context).add(
                .init(role: candidate.input.involvement?.role ?? "Key worker"), childID: childID, by: actor)
            written.linked += 1
        } catch let refusal as Refusal {
            written.rejected.append(
                (
                    candidate.line,
                    "the NHS number or UPN belongs to a child already on the index, who could not be linked: "
                        + "\(refusal.error.detail) Review it with the authority's data manager."
                ))
        }
    }
}
