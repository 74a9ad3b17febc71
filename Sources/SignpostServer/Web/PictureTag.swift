import LeafKit

/// `#picture(svg)` places a picture of the shared record, drawn in Core (`ContactGraph`, `WordCloud`,
/// `RelationshipWheel`), into the page as inline SVG. Core escapes every text and attribute it writes,
/// so the markup is trusted as it is; nothing else may be passed to this tag.
struct PictureTag: UnsafeUnescapedLeafTag {
    func render(_ context: LeafContext) throws -> LeafData {
        guard context.parameters.count == 1, let svg = context.parameters[0].string, svg.hasPrefix("<svg ") else {
            throw LeafError(.unknownError("#picture(svg) takes one SVG drawn in Core"))
        }
        return .string(svg)
    }
}
