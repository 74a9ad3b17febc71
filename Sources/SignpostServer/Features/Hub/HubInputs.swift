import Foundation
import SignpostCore

/// The checks every message from a node must pass (the messages are in `SignpostCore/Federation/HubMessages`).
/// Every field is checked, so a node cannot slip a name into a handle or an unhardened encoding into the store.
enum HubInputRules {
    static let maxBatch = 1_000
    static let maxHandles = 1_000
    /// A node's sync gives 35 days; one more allows for the node's and the hub's days differing.
    static let maxLifetimeDays = 36

    static func latestRetireBy(today: String) -> String {
        (CalendarDate(iso: today) ?? CalendarDate(year: 2000, month: 1, day: 1)!).adding(days: maxLifetimeDays).iso
    }

    /// A handle is opaque (`OpaqueReference`), never a name.
    static func isHandle(_ text: String) -> Bool { OpaqueReference.isValid(text) }

    static func isToken(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func isDay(_ text: String) -> Bool {
        guard text.count == 10, let date = CalendarDate(iso: text) else { return false }
        return date.iso == text
    }

    static func encoding(_ base64: String, epoch: String, nhsToken: String?, field: String) throws -> LinkageEncoding {
        guard (1...32).contains(epoch.count),
            epoch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else { throw ServiceError.validation([.init(field: "\(field).epoch", message: "Give the key epoch.")]) }
        if let nhsToken, !isToken(nhsToken) {
            throw ServiceError.validation([
                .init(field: "\(field).nhsToken", message: "An NHS-number token is 64 lower-case hex digits.")
            ])
        }
        guard base64.count <= 400, let bytes = Data(base64Encoded: base64),
            let encoding = LinkageEncoding(epoch: epoch, bytes: bytes, nhsToken: nhsToken), encoding.isBalanced
        else {
            throw ServiceError.validation([
                .init(
                    field: "\(field).encoding",
                    message: "An encoding is the base64 of 256 bytes with exactly 1,024 bits set (balanced).")
            ])
        }
        return encoding
    }

    static func entry(_ input: HubEnrolmentInput, node: String, field: String, today: String) throws -> HubEntry {
        guard isHandle(input.handle) else {
            throw ServiceError.validation([
                .init(field: "\(field).handle", message: "A handle is 1 to 64 letters, digits, dashes or underscores.")
            ])
        }
        guard input.tier == 1 || input.tier == 2 else {
            throw ServiceError.validation([.init(field: "\(field).tier", message: "The tier is 1 or 2.")])
        }
        // The hub, not the node, bounds how long an entry lives: a node that stops syncing drops out.
        guard isDay(input.retireBy), input.retireBy >= today, input.retireBy <= latestRetireBy(today: today) else {
            throw ServiceError.validation([
                .init(
                    field: "\(field).retireBy",
                    message: "The retire-by day is a date from today to \(maxLifetimeDays) days ahead, as YYYY-MM-DD.")
            ])
        }
        let encoding = try encoding(input.encoding, epoch: input.epoch, nhsToken: input.nhsToken, field: field)
        return HubEntry(
            node: node, handle: input.handle, encoding: encoding, tier: input.tier, retireBy: input.retireBy)
    }
}
