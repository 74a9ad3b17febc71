import Fluent
import Foundation
import SignpostCore

/// Authorities and organisations, set up by an operator before accounts can be created.
struct ReferenceDataService {
    let context: ServiceContext

    static let organisationKinds = [
        "childrens-social-care", "early-help", "health-visiting", "school-nursing", "gp-practice", "hospital", "school",
        "early-years", "police", "youth-justice", "housing", "voluntary", "camhs", "sexual-health", "substance-misuse",
        "other",
    ]

    func addAuthority(onsCode: String, name: String, officeHoursPhone: String, emergencyDutyPhone: String) async throws
        -> UUID
    {
        var errors: [ServiceError.FieldError] = []
        let code = onsCode.trimmingCharacters(in: .whitespaces).uppercased()
        // ONS geography codes: a letter (E for England) and eight digits, e.g. E09000033.
        if code.count != 9 || code.first != "E" || !code.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.append(
                .init(field: "ons-code", message: "Enter an English ONS code: E followed by 8 digits, like E09000033."))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "name", message: "Enter the authority's name."))
        }
        if !AccountService.isPlausiblePhone(officeHoursPhone) {
            errors.append(.init(field: "office-hours", message: "Enter the office-hours phone number."))
        }
        if !AccountService.isPlausiblePhone(emergencyDutyPhone) {
            errors.append(.init(field: "emergency-duty", message: "Enter the emergency duty team's phone number."))
        }
        if errors.isEmpty, try await AuthorityModel.query(on: context.db).filter(\.$onsCode == code).first() != nil {
            errors.append(.init(field: "ons-code", message: "An authority with the ONS code \(code) already exists."))
        }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let authority = AuthorityModel(
            onsCode: code, name: name.trimmingCharacters(in: .whitespaces), officeHoursPhone: officeHoursPhone,
            emergencyDutyPhone: emergencyDutyPhone)
        let context = self.context
        try await context.db.transaction { tx in
            try await authority.create(on: tx)
            // The authority's data key is made now, so two first episodes can never race to make it.
            _ = try await DataKeyStore.cipher(for: code, creating: true, context: context, on: tx)
            var draft = AuditDraft(action: "authority.created", actor: nil, subjectType: "authority", subjectID: code)
            draft.actorRole = "operator-cli"
            try await AuditLog.append(draft, context: context, on: tx)
        }
        return try authority.requireID()
    }

    func addOrganisation(code rawCode: String, name: String, kind: String, authorityCode: String, sensitive: Bool)
        async throws -> UUID
    {
        var errors: [ServiceError.FieldError] = []
        let code = rawCode.trimmingCharacters(in: .whitespaces).uppercased()
        if code.isEmpty || code.count > 40
            || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            errors.append(.init(field: "code", message: "Enter a code of up to 40 letters, digits and hyphens."))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.init(field: "name", message: "Enter the organisation's name."))
        }
        if !Self.organisationKinds.contains(kind) {
            errors.append(
                .init(
                    field: "kind",
                    message:
                        "'\(kind)' is not a kind of organisation. Use one of: \(Self.organisationKinds.joined(separator: ", "))."
                ))
        }
        let authority = try await AuthorityModel.query(on: context.db).filter(\.$onsCode == authorityCode.uppercased())
            .first()
        if authority == nil {
            let code = authorityCode.trimmingCharacters(in: .whitespaces)
            errors.append(
                .init(
                    field: "authority",
                    message: code.isEmpty
                        ? "Enter the ONS code of the organisation's authority."
                        : "There is no authority with the ONS code \(code)."))
        }
        if errors.isEmpty, try await OrganisationModel.query(on: context.db).filter(\.$code == code).first() != nil {
            errors.append(.init(field: "code", message: "An organisation with the code \(code) already exists."))
        }
        guard errors.isEmpty, let authority else { throw ServiceError.validation(errors) }
        let organisation = OrganisationModel(
            code: code, name: name.trimmingCharacters(in: .whitespaces), kind: kind,
            authorityID: try authority.requireID(), sensitive: sensitive)
        try await context.db.transaction { tx in
            try await organisation.create(on: tx)
            var draft = AuditDraft(
                action: "organisation.created", actor: nil, subjectType: "organisation", subjectID: code,
                details: ["sensitive": String(sensitive)])
            draft.actorRole = "operator-cli"
            try await AuditLog.append(draft, context: context, on: tx)
        }
        return try organisation.requireID()
    }
}
