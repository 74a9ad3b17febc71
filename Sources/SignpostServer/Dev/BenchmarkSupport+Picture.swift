import Fluent
import Foundation
import SignpostCore

/// The shared-picture benchmark's fixture, at the scale: five years of weekly contacts from
/// each of 12 organisations, 10,000 chronology entries in varied words, 200 forum posts and 40 people,
/// all written the way the services write them (sealed with the authority's key). The reads are the
/// services' own: policy applied, text decrypted, picture drawn in Core and the read audited.
extension BenchmarkSupport {
    /// The words of the fixture's entry `index`: ten sentences in turn, and a follow-up number (which the
    /// cloud drops, as it drops every chunk with a digit).
    public static func pictureSentence(_ index: Int) -> String {
        "\(pictureSentences[index % pictureSentences.count]) Follow-up \(index % 97)."
    }

    static let pictureSentences = [
        "Home visit: the kitchen was tidy and there was food in the fridge.",
        "Attendance fell this half term; the school rang the family twice about lateness.",
        "Mother reported sleeping problems and asked for help with bedtime routines.",
        "Dental appointment missed; a new appointment was offered for next month.",
        "Strategy discussion about bruising noticed at nursery; explanation consistent.",
        "Family support worker helped with the housing application and a food bank voucher.",
        "The child said she enjoys football club and wants to go every week.",
        "Police attended a neighbour dispute at the address; no injuries reported.",
        "Health visitor weighed the baby; growth along the centile, feeding well.",
        "Team around the family meeting agreed a plan for routines and school readiness.",
    ]

    /// A child whose picture is drawn from all of the above; the searcher is its lead professional.
    public func preparePicture(_ searcher: Searcher, entries: Int = 10_000, people: Int = 40) async throws
        -> SharedRecordChild
    {
        let child = try await prepareSharedRecord(searcher, entries: 0, contacts: 0, posts: 200)
        let context = makeContext()
        let today = CalendarDate(context.now)
        try await context.db.transaction { tx in
            guard let loaded = try await ChildFactsLoader.load(child.childID, on: tx),
                let home = try await OrganisationModel.find(searcher.actor.organisationID, on: tx)
            else { throw ServiceError.notFound() }
            var codes = [searcher.actor.organisationCode]
            for index in 1..<12 {
                let code = "BENCH-ORG-\(index)"
                try await OrganisationModel(
                    code: code, name: "Bench service \(index)", kind: index == 1 ? "school" : "early-help",
                    authorityID: home.$authority.id, sensitive: false
                ).create(on: tx)
                codes.append(code)
            }
            let categories = ChronologyCategory.chosenByPractitioners
            for index in 0..<entries {
                let draft = ChronologyLog.Draft(
                    occurredOn: today.adding(days: -(index % 1800)), occurredTime: nil,
                    category: categories[index % categories.count], significance: .routine,
                    summary: Self.pictureSentence(index), source: .practitioner, corrects: nil)
                try await ChronologyLog.append(draft, child: loaded, by: searcher.actor, context: context, on: tx)
            }
            let cipher = try await DataKeyStore.cipher(
                for: loaded.authority.onsCode, creating: true, context: context, on: tx)
            var rows: [AgencyContactModel] = []
            for (organisation, code) in codes.enumerated() {
                // Weekly for five years, with a different silent stretch for each organisation.
                for week in 0..<260 where (week + organisation * 17) % 40 >= 3 {
                    let checked = AgencyContactService.Checked(
                        on: today.adding(days: -(week * 7 + organisation)), kind: .homeVisit,
                        outcome: week % 9 == 0 ? .noAccess : .seen, childSeen: week % 9 != 0, seenAlone: nil,
                        note: "Visit \(week)", sessionsPossible: nil, sessionsAttended: nil,
                        reference: "PIC-\(code)-\(week)")
                    rows.append(
                        try AgencyContactService.model(
                            checked, childID: child.childID, authority: loaded.authority.onsCode,
                            organisationCode: code, sensitive: false, author: searcher.actor.id,
                            source: "practitioner", cipher: cipher, now: context.now))
                }
            }
            for chunk in rows.chunked(500) { try await chunk.create(on: tx) }
        }
        let relationships = RelationshipService(context: context)
        for index in 0..<people {
            let person = RelationshipService.RelationshipInput(
                name: "Person \(index) Bench", relationship: index % 5 == 0 ? nil : "family friend",
                livesWithChild: index % 8 == 0, parentalResponsibility: false,
                basis: index % 3 == 0 ? nil : "Told by the family at a home visit")
            _ = try await relationships.record(person, childID: child.childID, by: searcher.actor)
        }
        return child
    }

    /// Each picture as its service draws it; returns the SVG's length, so the work cannot be skipped.
    public func contactGraph(_ child: SharedRecordChild) async throws -> Int {
        try await SharedPictureService(context: makeContext()).contactGraph(
            childID: child.childID, from: nil, to: nil, by: child.actor
        ).svg.utf8.count
    }

    public func wordCloud(_ child: SharedRecordChild) async throws -> Int {
        try await SharedPictureService(context: makeContext()).wordCloud(childID: child.childID, by: child.actor)
            .svg.utf8.count
    }

    public func wheel(_ child: SharedRecordChild) async throws -> Int {
        try await SharedPictureService(context: makeContext()).wheel(childID: child.childID, by: child.actor)
            .svg.utf8.count
    }
}
