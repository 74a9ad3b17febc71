import Foundation
import Vapor

/// Joins each GOV.UK date input's three boxes (`NAME-day`, `NAME-month`, `NAME-year`) into one `NAME`
/// field, in a page's query (the search and audit filters) and in a posted form, before any controller
/// reads them. Every other field passes through byte for byte, repeated fields and order included.
/// Runs after `CSRFMiddleware`, which has already collected the body.
struct DateInputMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, let joined = Self.joiningDateBoxes(in: query) {
            request.url.query = joined
        }
        if request.headers.contentType == .urlEncodedForm, let body = request.body.string,
            let joined = Self.joiningDateBoxes(in: body)
        {
            try request.content.encode("", using: PreEncodedForm(text: joined))
        }
        return try await next.respond(to: request)
    }

    private static let parts = ["-day", "-month", "-year"]

    /// `application/x-www-form-urlencoded` text with each date's three boxes replaced, where the first
    /// of them was, by one joined field; nil when the text holds no date boxes.
    static func joiningDateBoxes(in form: String) -> String? {
        let pairs = form.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (key: decoded(halves[0]), value: halves.count > 1 ? decoded(halves[1]) : "", raw: String(pair))
        }
        var boxes: [String: [String: String]] = [:]
        for pair in pairs {
            guard let part = parts.first(where: { pair.key.hasSuffix($0) }) else { continue }
            boxes[String(pair.key.dropLast(part.count)), default: [:]][part] = pair.value
        }
        guard !boxes.isEmpty else { return nil }
        var output: [String] = []
        var written: Set<String> = []
        for pair in pairs {
            guard let part = parts.first(where: { pair.key.hasSuffix($0) }) else {
                output.append(pair.raw)
                continue
            }
            let name = String(pair.key.dropLast(part.count))
            guard !written.contains(name), let typed = boxes[name] else { continue }
            written.insert(name)
            let joined = DateInput.join(
                day: typed["-day"] ?? "", month: typed["-month"] ?? "", year: typed["-year"] ?? "")
            output.append("\(encoded(name))=\(encoded(joined))")
        }
        return output.joined(separator: "&")
    }

    private static func decoded(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    private static let unreserved = CharacterSet(charactersIn: "-._~").union(
        CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// Writes an already encoded form as a request's body: Vapor sets a request body only through a
/// content encoder, and re-encoding the form from a dictionary would lose repeated fields and order.
private struct PreEncodedForm: ContentEncoder {
    let text: String

    func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders) throws {
        body.writeString(text)
        headers.contentType = .urlEncodedForm
    }
}
