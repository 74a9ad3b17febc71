import SignpostCore

extension ChildValidation {
    /// Every typed field of a child record, against `TextRules`: no control or bidi characters, and each within
    /// its limit. Run on the input as submitted, so a problem names the field the person typed in.
    static func validateText(_ input: ChildInput, errors: inout [ServiceError.FieldError]) {
        let name = TextRules.nameLimit
        let label = TextRules.labelLimit
        let line = TextRules.lineLimit
        var fields: [(String?, String, String, Int)] = [
            (input.givenName, "givenName", "Given name", name), (input.familyName, "familyName", "Family name", name),
            (input.addressLine, "addressLine", "Address", line), (input.schoolName, "schoolName", "School", line),
            (input.gpPractice, "gpPractice", "GP practice", line),
        ]
        for (index, other) in (input.otherNames ?? []).enumerated() {
            fields.append((other.givenName, "otherNames[\(index)].givenName", "Given name", name))
            fields.append((other.familyName, "otherNames[\(index)].familyName", "Family name", name))
        }
        for (index, carer) in (input.carers ?? []).enumerated() {
            fields.append((carer.name, "carers[\(index)].name", "The carer's name", name))
            fields.append((carer.relationship, "carers[\(index)].relationship", "The relationship", label))
            fields.append((carer.contact, "carers[\(index)].contact", "The carer's contact details", line))
        }
        if let involvement = input.involvement {
            fields.append((involvement.role, "involvement.role", "Your role", label))
            fields.append((involvement.contactPhone, "involvement.contactPhone", "The phone number", label))
            fields.append((involvement.contactEmail, "involvement.contactEmail", "The email address", line))
        }
        for (text, field, fieldLabel, limit) in fields {
            TextFieldChecks.singleLine(text, field: field, label: fieldLabel, limit: limit, into: &errors)
        }
        TextFieldChecks.multiLine(
            input.involvement?.sensitiveBasisNote, field: "involvement.sensitiveBasisNote", label: "The note",
            limit: TextRules.freeTextLimit, into: &errors)
        TextFieldChecks.multiLine(
            input.indexBasisReason, field: "indexBasisReason", label: "The reason",
            limit: TextRules.freeTextLimit, into: &errors)
    }
}
