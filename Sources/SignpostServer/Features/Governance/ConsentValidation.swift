import Foundation
import SignpostCore

/// Checking the answers to `ConsentService.record` and `recordBasis`, before anything is read from the
/// database: every problem is reported at once, named by field, in the order the form asks them.
extension ConsentService {
    /// A consent's answers once checked: trimmed, parsed, and its organisations deduplicated and sorted.
    struct CheckedConsent: Sendable {
        var giver: String
        var judgement: String
        var purposes: [SharingPurpose]
        var organisations: [String]
        var givenOn: CalendarDate
        var expiresOn: CalendarDate?
    }

    /// The consent's answers checked, or a validation error listing every problem found.
    static func checkConsent(_ input: ConsentInput, today: CalendarDate) throws -> CheckedConsent {
        var errors: [ServiceError.FieldError] = []
        let (giver, judgement) = checkGiver(input, errors: &errors)
        let (purposes, organisations) = checkCoverage(input, errors: &errors)
        if !methods.contains(input.method) {
            errors.append(
                .init(field: "method", message: "Say how consent was recorded: written, verbal or electronic."))
        }
        let (givenOn, expiresOn) = checkDates(input, today: today, errors: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return CheckedConsent(
            giver: giver, judgement: judgement, purposes: purposes, organisations: organisations, givenOn: givenOn,
            expiresOn: expiresOn)
    }

    /// Who gave consent, and, for a child, why they are competent to.
    private static func checkGiver(_ input: ConsentInput, errors: inout [ServiceError.FieldError])
        -> (giver: String, judgement: String)
    {
        if !givers.contains(input.givenBy) {
            errors.append(
                .init(
                    field: "givenBy",
                    message:
                        "Say who gave consent: the child (judged competent) or a person with parental responsibility."))
        }
        let giver = input.giverName.trimmingCharacters(in: .whitespaces)
        if giver.isEmpty {
            errors.append(.init(field: "giverName", message: "Enter the name of the person who gave consent."))
        }
        TextFieldChecks.singleLine(
            input.giverName, field: "giverName", label: "The name", limit: TextRules.nameLimit, into: &errors)
        let judgement = input.competenceJudgement?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        TextFieldChecks.multiLine(
            input.competenceJudgement, field: "competenceJudgement", label: "The judgement",
            limit: TextRules.freeTextLimit, into: &errors)
        if input.givenBy == "child" && judgement.isEmpty {
            errors.append(
                .init(
                    field: "competenceJudgement",
                    message:
                        "Record why the child is competent to consent (for example, the Fraser or Gillick assessment).")
            )
        }
        return (giver, judgement)
    }

    /// What the consent covers, and with which organisations.
    private static func checkCoverage(_ input: ConsentInput, errors: inout [ServiceError.FieldError])
        -> (purposes: [SharingPurpose], organisations: [String])
    {
        let purposes = input.purposes.compactMap { SharingPurpose(rawValue: $0) }
        if purposes.isEmpty || purposes.count != input.purposes.count {
            errors.append(
                .init(
                    field: "purposes",
                    message:
                        "Choose what the consent covers: \(SharingPurpose.allCases.map(\.rawValue).joined(separator: ", "))."
                ))
        }
        let organisations = Array(
            Set(
                (input.organisations ?? []).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter {
                    !$0.isEmpty
                })
        ).sorted()
        if purposes.contains(.shareWithOrganisations) && organisations.isEmpty {
            errors.append(
                .init(field: "organisations", message: "Name the organisations the family agreed to share with."))
        }
        return (purposes, organisations)
    }

    /// When consent was given (today unless said) and when it expires (never unless said).
    private static func checkDates(
        _ input: ConsentInput, today: CalendarDate, errors: inout [ServiceError.FieldError]
    ) -> (givenOn: CalendarDate, expiresOn: CalendarDate?) {
        var givenOn = today
        if let text = input.givenOn?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let date = CalendarDate(iso: text), date <= today {
                givenOn = date
            } else if CalendarDate(iso: text) != nil {
                errors.append(.init(field: "givenOn", message: "The date consent was given must be today or earlier."))
            } else {
                errors.append(
                    .init(field: "givenOn", message: DateEntry.problem(in: text, label: "Date consent was given")))
            }
        }
        var expiresOn: CalendarDate?
        if let text = input.expiresOn?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let date = CalendarDate(iso: text), date >= today {
                expiresOn = date
            } else if CalendarDate(iso: text) != nil {
                errors.append(.init(field: "expiresOn", message: "The expiry date must be today or later."))
            } else {
                errors.append(.init(field: "expiresOn", message: DateEntry.problem(in: text, label: "Expiry date")))
            }
        }
        return (givenOn, expiresOn)
    }

    /// Checks a lawful basis's answers and reports all problems at once. The reason is trimmed, and
    /// empty when none was given.
    static func checkBasis(_ input: BasisInput) throws -> (purpose: SharingPurpose, basis: LawfulBasis, reason: String)
    {
        var errors: [ServiceError.FieldError] = []
        let purpose = SharingPurpose(rawValue: input.purpose)
        if purpose == nil || purpose == .shareWithOrganisations {
            errors.append(.init(field: "purpose", message: "Choose the purpose: index or share-assessment."))
        }
        let basis = LawfulBasis(rawValue: input.basis)
        if basis == nil {
            errors.append(
                .init(field: "basis", message: "Choose the lawful basis: consent, public-task or safeguarding."))
        }
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if basis == .safeguarding && reason.isEmpty {
            errors.append(
                .init(
                    field: "reason",
                    message:
                        "Sharing without consent for safeguarding needs a written reason (DPA 2018 Schedule 1 paragraph 18)."
                ))
        } else if basis == .publicTask && reason.isEmpty {
            errors.append(.init(field: "reason", message: "Say which statutory duty makes this a public task."))
        }
        guard errors.isEmpty, let purpose, let basis else { throw ServiceError.validation(errors) }
        return (purpose, basis, reason)
    }
}
