import Crypto
import Foundation
import SignpostCore
import Testing

/// A node's hub handles: its record ids under a keyed permutation per epoch, so the hub cannot join a child's
/// entries across epochs (nor across nodes), and only the node reads a handle back.
@Suite("Hub handles: keyed per node and epoch")
struct HubHandlesTests {
    static let nodeKey = SymmetricKey(data: Data(repeating: 7, count: 32))

    @Test func aHandleReadsBackToItsRecordAndOnlyUnderItsKeyAndEpoch() {
        let handles = HubHandles(nodeKey: Self.nodeKey, node: "E08000035", epoch: "2027-1")
        for _ in 0..<200 {
            let id = UUID()
            let handle = handles.handle(for: id)
            #expect(handle.count == 32)
            #expect(handle.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(OpaqueReference.isValid(handle))
            #expect(handles.id(for: handle) == id)
            #expect(HubHandles(nodeKey: Self.nodeKey, node: "E08000035", epoch: "2027-2").id(for: handle) != id)
            let otherNode = HubHandles(
                nodeKey: SymmetricKey(data: Data(repeating: 8, count: 32)), node: "E08000035", epoch: "2027-1")
            #expect(otherNode.id(for: handle) != id)
            #expect(HubHandles(nodeKey: Self.nodeKey, node: "E08000036", epoch: "2027-1").id(for: handle) != id)
        }
    }

    /// One child's handles in two epochs, or of two nodes, agree no more than chance: about half their bits.
    @Test func epochsAndNodesShareNothing() {
        let first = HubHandles(nodeKey: Self.nodeKey, node: "E08000035", epoch: "2027-1")
        let second = HubHandles(nodeKey: Self.nodeKey, node: "E08000035", epoch: "2027-2")
        let otherNode = HubHandles(
            nodeKey: SymmetricKey(data: Data(repeating: 8, count: 32)), node: "E08000035", epoch: "2027-1")
        var agreeing = (epochs: 0, nodes: 0)
        let ids = (0..<500).map { _ in UUID() }
        func bits(_ a: String, _ b: String) -> Int {
            zip(Hex.decode(a)!, Hex.decode(b)!).map { ($0 ^ $1).nonzeroBitCount }.reduce(0, +)
        }
        for id in ids {
            let handle = first.handle(for: id)
            #expect(handle != second.handle(for: id))
            #expect(handle != id.uuidString.replacingOccurrences(of: "-", with: "").lowercased())
            agreeing.epochs += 128 - bits(handle, second.handle(for: id))
            agreeing.nodes += 128 - bits(handle, otherNode.handle(for: id))
        }
        let expected = Double(ids.count * 64)
        #expect(abs(Double(agreeing.epochs) - expected) < expected * 0.02)
        #expect(abs(Double(agreeing.nodes) - expected) < expected * 0.02)
        #expect(Set(ids.map(first.handle(for:))).count == ids.count)
    }

    @Test(arguments: [
        "", "abc", String(repeating: "g", count: 32), UUID().uuidString, UUID().uuidString.lowercased(),
        String(repeating: "a", count: 31), String(repeating: "a", count: 33),
    ])
    func textThatIsNotAHandleIsNoRecord(text: String) {
        #expect(HubHandles(nodeKey: Self.nodeKey, node: "E08000035", epoch: "2027-1").id(for: text) == nil)
    }
}
