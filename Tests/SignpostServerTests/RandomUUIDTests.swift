import Foundation
import Testing

@testable import SignpostServer

@Suite("Row ids: random version 4 UUIDs")
struct RandomUUIDTests {
    @Test func idsAreVersion4WithTheStandardVariantAndNeverRepeat() {
        let ids = (0..<20_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = Array(id.uuidString)
            #expect(text[14] == "4")
            #expect("89AB".contains(text[19]))
        }
        // Every one of the 122 random bits takes both values across the sample (a stuck byte would not).
        let bytes = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        for position in 0..<16 {
            let seen = bytes.reduce(UInt8(0)) { $0 | $1[position] }
            let common = bytes.reduce(UInt8(0xFF)) { $0 & $1[position] }
            let free: UInt8 = position == 6 ? 0x0F : position == 8 ? 0x3F : 0xFF
            #expect(seen & free == free && common & free == 0, "byte \(position)")
        }
    }
}
