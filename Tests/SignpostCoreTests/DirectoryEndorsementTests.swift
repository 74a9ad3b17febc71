import Foundation
import SignpostCore
import Testing

/// The key custodian's endorsement of a directory entry covers every field a captured hub could change to
/// impersonate a node or misdirect its callers; a node that pins the custodian's key trusts nothing else.
@Suite("The signed directory: the key custodian's endorsements")
struct DirectoryEndorsementTests {
    static let custodian = CustodianSigningKey.generate()
    static let leedsKey = try! NodeSigningKey.generate(node: "E08000035")

    static func leeds(endorsedBy custodian: CustodianSigningKey? = Self.custodian) throws -> HubNode {
        var entry = HubNode(
            node: "E08000035", publicKey: leedsKey.publicKey.encoded, contactRoute: "Leeds front door 0113 000 0000",
            baseURL: "https://leeds.signpost.example")
        entry.endorsement = try custodian?.endorse(entry)
        return entry
    }

    @Test func anEndorsedEntryVerifiesAndSurvivesTheWire() throws {
        let entry = try Self.leeds()
        #expect(Self.custodian.publicKey.endorses(entry))
        let relayed = try JSONDecoder().decode(HubNode.self, from: JSONEncoder().encode(entry))
        #expect(Self.custodian.publicKey.endorses(relayed))
        #expect(DirectoryEndorsement.isWellFormed(try #require(entry.endorsement)))
    }

    /// Each field the hub relays, changed alone, breaks the endorsement.
    @Test(arguments: ["node", "publicKey", "contactRoute", "baseURL", "endorsement", "none"])
    func changingAnyFieldBreaksIt(field: String) throws {
        var entry = try Self.leeds()
        let impostor = try NodeSigningKey.generate(node: "E08000035")
        switch field {
        case "node": entry.node = "E08000036"
        case "publicKey": entry.publicKey = impostor.publicKey.encoded
        case "contactRoute": entry.contactRoute = "Ring 0113 999 9999"
        case "baseURL": entry.baseURL = "https://hub.example/relay"
        case "endorsement": entry.endorsement = try Self.custodian.endorse(try Self.york())
        default: entry.endorsement = nil
        }
        #expect(!Self.custodian.publicKey.endorses(entry))
    }

    /// Length-prefixed fields: moving a line from one field to the next does not keep the signature (without
    /// the lengths both entries would sign the same bytes).
    @Test func fieldBoundariesAreSigned() throws {
        var entry = HubNode(node: "E08000035", publicKey: "k", contactRoute: "a\nb", baseURL: "c")
        entry.endorsement = try Self.custodian.endorse(entry)
        var shifted = entry
        shifted.contactRoute = "a"
        shifted.baseURL = "b\nc"
        #expect(DirectoryEndorsement.message(for: entry) != DirectoryEndorsement.message(for: shifted))
        #expect(!Self.custodian.publicKey.endorses(shifted))
    }

    /// A name listed twice is refused in both entries, endorsed or not: the second would overwrite the first.
    @Test(arguments: [true, false])
    func aRepeatedNameIsRefusedWhole(pinned: Bool) throws {
        let genuine = try Self.leeds()
        var swapped = genuine
        swapped.publicKey = try NodeSigningKey.generate(node: genuine.node).publicKey.encoded
        let (trusted, refused) = DirectoryEndorsement.trusted(
            [genuine, swapped, try Self.york()], pinned: pinned ? Self.custodian.publicKey : nil)
        #expect(trusted.map(\.node) == ["E08000164"])
        #expect(refused == ["E08000035"])
    }

    /// The route shown for a hub pointer is the node's own copy's; a pinned node shows no pointer to a stranger.
    @Test func aPointersRouteComesFromTheNodesOwnCopy() throws {
        let york = try Self.york()
        let pinned = Self.custodian.publicKey
        let route = { (authority: String, peer: HubNode?, pinned: CustodianPublicKey?) in
            DirectoryEndorsement.route(forPointerTo: authority, hubRoute: "Ring 0800 HUB", peer: peer, pinned: pinned)
        }
        #expect(route("E08000164", york, pinned) == "York 01904 000000")
        #expect(route("E08000164", york, nil) == "York 01904 000000")
        #expect(route("E08000035", nil, pinned) == nil)
        #expect(route("E08000035", york, pinned) == nil)
        #expect(route("E08000035", nil, nil) == "Ring 0800 HUB")
    }

    @Test func anotherCustodiansEndorsementIsNotTrusted() throws {
        let entry = try Self.leeds(endorsedBy: CustodianSigningKey.generate())
        #expect(!Self.custodian.publicKey.endorses(entry))
        let (trusted, refused) = DirectoryEndorsement.trusted(
            [entry, try Self.york()], pinned: Self.custodian.publicKey)
        #expect(trusted.map(\.node) == ["E08000164"])
        #expect(refused == ["E08000035"])
    }

    @Test func withNoPinnedKeyTheHubsWordStands() throws {
        let entries = [try Self.leeds(endorsedBy: nil), try Self.york()]
        let (trusted, refused) = DirectoryEndorsement.trusted(entries, pinned: nil)
        #expect(trusted == entries)
        #expect(refused.isEmpty)
    }

    @Test func keysRoundTripAndMalformedLinesAreRefused() throws {
        let custodian = CustodianSigningKey.generate()
        #expect(try CustodianSigningKey(encoded: custodian.encoded + "\n").publicKey == custodian.publicKey)
        #expect(try CustodianPublicKey(encoded: " " + custodian.publicKey.encoded + "\n") == custodian.publicKey)
        for bad in [
            "", "signpost-custodian-public v1", "signpost-custodian-public v2 AAAA", custodian.encoded,
            "signpost-custodian-public v1 bm90IGEga2V5", Self.leedsKey.publicKey.encoded,
        ] {
            #expect(throws: CustodianKeyProblem.malformed) { try CustodianPublicKey(encoded: bad) }
        }
        #expect(throws: CustodianKeyProblem.malformed) { try CustodianSigningKey(encoded: custodian.publicKey.encoded) }
        #expect(!DirectoryEndorsement.isWellFormed("not base64"))
        #expect(!DirectoryEndorsement.isWellFormed(Data(repeating: 1, count: 32).base64EncodedString()))
    }

    static func york() throws -> HubNode {
        let key = try NodeSigningKey.generate(node: "E08000164")
        var entry = HubNode(
            node: "E08000164", publicKey: key.publicKey.encoded, contactRoute: "York 01904 000000",
            baseURL: "https://york.signpost.example")
        entry.endorsement = try custodian.endorse(entry)
        return entry
    }
}
