import Foundation
import SignpostCore
import Testing

/// The key custodian's endorsement of a directory entry covers every field a captured hub could change to
/// impersonate a node or misdirect its callers; a node that pins the custodian's key trusts nothing else.
@Suite("The signed directory: the key custodian's endorsements")
struct DirectoryEndorsementTests {
    static let custodian = CustodianSigningKey.generate()
    static let leedsKey = try! NodeSigningKey.generate(node: "E08000035")
    /// 2026-11-18, and a day the endorsements issued then (valid 30 days) are in date.
    static let issued = Date(timeIntervalSince1970: 1_795_000_000)
    static let today = "2026-12-01"

    static func leeds(endorsedBy custodian: CustodianSigningKey? = Self.custodian) throws -> HubNode {
        var entry = HubNode(
            node: "E08000035", publicKey: leedsKey.publicKey.encoded, contactRoute: "Leeds front door 0113 000 0000",
            baseURL: "https://leeds.signpost.example")
        entry.endorsement = try custodian?.endorse(entry, issuedAt: Self.issued, validDays: 30)
        return entry
    }

    @Test func anEndorsedEntryVerifiesAndSurvivesTheWire() throws {
        let entry = try Self.leeds()
        #expect(Self.custodian.publicKey.endorses(entry, on: Self.today))
        let relayed = try JSONDecoder().decode(HubNode.self, from: JSONEncoder().encode(entry))
        #expect(Self.custodian.publicKey.endorses(relayed, on: Self.today))
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
        case "endorsement":
            entry.endorsement = try Self.custodian.endorse(try Self.york(), issuedAt: Self.issued, validDays: 30)
        default: entry.endorsement = nil
        }
        #expect(!Self.custodian.publicKey.endorses(entry, on: Self.today))
    }

    /// Length-prefixed fields: moving a line from one field to the next does not keep the signature (without
    /// the lengths both entries would sign the same bytes).
    @Test func fieldBoundariesAreSigned() throws {
        var entry = HubNode(node: "E08000035", publicKey: "k", contactRoute: "a\nb", baseURL: "c")
        entry.endorsement = try Self.custodian.endorse(entry, issuedAt: Self.issued, validDays: 30)
        var shifted = entry
        shifted.contactRoute = "a"
        shifted.baseURL = "b\nc"
        #expect(
            DirectoryEndorsement.message(for: entry, issued: 1, notAfter: "2027-01-01")
                != DirectoryEndorsement.message(for: shifted, issued: 1, notAfter: "2027-01-01"))
        #expect(!Self.custodian.publicKey.endorses(shifted, on: Self.today))
    }

    /// A name listed twice is refused in both entries, endorsed or not: the second would overwrite the first.
    @Test(arguments: [true, false])
    func aRepeatedNameIsRefusedWhole(pinned: Bool) throws {
        let genuine = try Self.leeds()
        var swapped = genuine
        swapped.publicKey = try NodeSigningKey.generate(node: genuine.node).publicKey.encoded
        let (trusted, refused) = DirectoryEndorsement.trusted(
            [genuine, swapped, try Self.york()], pinned: pinned ? Self.custodian.publicKey : nil, today: Self.today)
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
        #expect(!Self.custodian.publicKey.endorses(entry, on: Self.today))
        let (trusted, refused) = DirectoryEndorsement.trusted(
            [entry, try Self.york()], pinned: Self.custodian.publicKey, today: Self.today)
        #expect(trusted.map(\.node) == ["E08000164"])
        #expect(refused == ["E08000035"])
    }

    @Test func withNoPinnedKeyTheHubsWordStands() throws {
        let entries = [try Self.leeds(endorsedBy: nil), try Self.york()]
        let (trusted, refused) = DirectoryEndorsement.trusted(entries, pinned: nil, today: Self.today)
        #expect(trusted == entries)
        #expect(refused.isEmpty)
    }

    /// An endorsement is trusted through its last day and not after; its dates are signed with the entry.
    @Test func anEndorsementPastItsLastDayIsNotTrusted() throws {
        let entry = try Self.leeds()
        let parts = try #require(entry.endorsement.flatMap(DirectoryEndorsement.Parts.init))
        #expect(parts.notAfter == "2026-12-18")
        #expect(Self.custodian.publicKey.endorses(entry, on: "2026-12-18"))
        #expect(!Self.custodian.publicKey.endorses(entry, on: "2026-12-19"))
        var extended = entry
        extended.endorsement =
            DirectoryEndorsement.Parts(
                "v2 \(parts.issued) 2030-01-01 \(parts.signature.base64EncodedString())")?.text
        #expect(extended.endorsement != nil)
        #expect(!Self.custodian.publicKey.endorses(extended, on: Self.today))
    }

    /// A hub cannot hand back an older endorsement for a node once the node holds a newer one (the entry of a
    /// key since replaced); a newer one, or the same, is trusted.
    @Test func anOlderEndorsementThanTheOneHeldIsNotTrusted() throws {
        let older = try Self.leeds()
        var newer = older
        newer.publicKey = try NodeSigningKey.generate(node: older.node).publicKey.encoded
        newer.endorsement = try Self.custodian.endorse(
            newer, issuedAt: Self.issued.addingTimeInterval(3_600), validDays: 30)
        let pinned = Self.custodian.publicKey
        #expect(
            DirectoryEndorsement.trusted([older], pinned: pinned, today: Self.today, held: [newer]).refused == [
                older.node
            ])
        #expect(
            DirectoryEndorsement.trusted([newer], pinned: pinned, today: Self.today, held: [older]).trusted == [newer])
        #expect(
            DirectoryEndorsement.trusted([newer], pinned: pinned, today: Self.today, held: [newer]).trusted == [newer])
        // Without a pin nothing is compared.
        #expect(DirectoryEndorsement.trusted([older], pinned: nil, today: Self.today, held: [newer]).trusted == [older])
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
        #expect(
            !DirectoryEndorsement.isWellFormed("v2 1 2027-01-01 " + Data(repeating: 1, count: 32).base64EncodedString())
        )
        #expect(!DirectoryEndorsement.isWellFormed(Data(repeating: 1, count: 64).base64EncodedString()))
        #expect(
            !DirectoryEndorsement.isWellFormed("v2 1 2027-13-01 " + Data(repeating: 1, count: 64).base64EncodedString())
        )
        #expect(
            DirectoryEndorsement.isWellFormed("v2 1 2027-01-01 " + Data(repeating: 1, count: 64).base64EncodedString()))
    }

    static func york() throws -> HubNode {
        let key = try NodeSigningKey.generate(node: "E08000164")
        var entry = HubNode(
            node: "E08000164", publicKey: key.publicKey.encoded, contactRoute: "York 01904 000000",
            baseURL: "https://york.signpost.example")
        entry.endorsement = try custodian.endorse(entry, issuedAt: Self.issued, validDays: 30)
        return entry
    }
}
