import Fluent
import Foundation
import SignpostCore

extension DemoSeeder {
    /// Early-help episodes in different states: Grace's completed, with its team, a meeting, a review
    /// and an overdue action; Ruby's draft (her family declined consent); Noah's closed, needs met.
    func seedEpisodes(
        grace: UUID, ruby: UUID, noah: UUID, eli: AuthenticatedPractitioner, hana: AuthenticatedPractitioner
    ) async throws {
        let episodes = EpisodeService(context: context)
        let today = CalendarDate(context.now)
        let fullAssessment = EpisodeService.ChecklistInput(
            riskOfSignificantHarm: false, concernsAboutProgress: true, needsMetBySingleService: false,
            needsUnclearOrBroad: true)
        let episode = try await completeGracesAssessment(
            grace: grace, checklist: fullAssessment, episodes: episodes, eli: eli)
        try await seedGracesTeamAroundTheChild(grace: grace, episode: episode, eli: eli, hana: hana, today: today)

        // Ruby: the family declined consent; the draft is Eli's alone and services carry on.
        let rubyEpisode = try await episodes.start(fullAssessment, childID: ruby, by: eli)
        _ = try await episodes.recordConsentStatement(.init(declined: true), episodeID: rubyEpisode.id, by: eli)

        // Noah: single-agency support from the checklist, closed there.
        _ = try await episodes.start(
            .init(
                riskOfSignificantHarm: false, concernsAboutProgress: true, needsMetBySingleService: true,
                needsUnclearOrBroad: false),
            childID: noah, by: eli)
    }

    /// Grace's assessment, from the checklist through her mother's consent to completion.
    private func completeGracesAssessment(
        grace: UUID, checklist: EpisodeService.ChecklistInput, episodes: EpisodeService,
        eli: AuthenticatedPractitioner
    ) async throws -> EpisodeView {
        let content = Self.gracesAssessmentContent()
        let graceConsent = try await ChildFactsLoader.load(grace, on: context.db)?.consents.first?.id
        var episode = try await episodes.start(checklist, childID: grace, by: eli)
        episode = try await episodes.recordConsentStatement(
            .init(consentID: graceConsent), episodeID: episode.id, by: eli)
        episode = try await episodes.save(
            .init(version: episode.version, content: content), episodeID: episode.id, by: eli)
        episode = try await episodes.complete(.init(version: episode.version), episodeID: episode.id, by: eli)
        return episode
    }

    /// What Eli recorded in Grace's assessment: the reasons, the elements with needs, and the views.
    private static func gracesAssessmentContent() -> AssessmentContent {
        var content = AssessmentContent()
        content.whatLedToIt =
            "Grace's attendance in reception fell below 90% this term and her mother asked for help with routines."
        content.peoplePresent = "Grace, Joanne Thompson (mother), Eli Hughes"
        content.ethnicity = "WBRI"
        content.childLanguage = "English"
        content.parentLanguage = "English"
        content.interpreterNeeded = false
        content.elements["development.general-health"] = .init(
            strengths: "Healthy; immunisations up to date.", needs: "Sleep is irregular; her 2-year review was missed.")
        content.elements["development.learning-participation"] = .init(
            strengths: "Loves stories and painting.", needs: "Attendance below 90% in reception; late most Mondays.")
        content.elements["parents.basic-care"] = .init(
            strengths: "Warm, attentive mother.", needs: "Mornings are chaotic since a new work rota.")
        content.elements["family.housing-employment-finance"] = .init(
            strengths: "Stable tenancy.", needs: "Shift work makes school runs hard.")
        content.childViews = "Grace says she likes school but is tired in the mornings."
        content.parentViews = "Joanne wants a morning routine that works with her shifts."
        content.conclusions = "Support a morning routine, breakfast club place, and review attendance in six weeks."
        return content
    }

    /// Grace's team after the assessment: the health visitor joins, Eli leads, and the team meets,
    /// plans an action (made overdue) and reviews.
    private func seedGracesTeamAroundTheChild(
        grace: UUID, episode completed: EpisodeView, eli: AuthenticatedPractitioner, hana: AuthenticatedPractitioner,
        today: CalendarDate
    ) async throws {
        let team = TeamAroundTheChildService(context: context)
        var episode = completed
        // The health visitor joins the team (after a reasoned search), and is invited.
        _ = try await SearchService(context: context).search(
            SearchRequest(
                reason: "new-referral",
                criteria: .init(givenName: "Grace", familyName: "Thompson", dateOfBirth: "2022-06-15")),
            by: hana, limiter: limiter)
        let hanaInvolvement = try await InvolvementService(context: context).add(
            .init(role: "Health visitor", contactPhone: "01632 960411"), childID: grace, by: hana)
        let joining = try await TeamService(context: context).requestToJoin(
            childID: grace, reason: "Health visitor: sleep and routines at home", by: hana)
        episode = try await team.invite(.init(involvementID: hanaInvolvement.id), episodeID: episode.id, by: eli)
        if let eliInvolvement = episode.members.first(where: { $0.description.hasPrefix("Eli Hughes") }) {
            episode = try await team.chooseLead(
                .init(involvementID: eliInvolvement.involvementID, chosenWithFamily: true), episodeID: episode.id,
                by: eli)
        }
        // The lead professional admits the health visitor to Grace's team (membership is its own grant).
        _ = try await TeamService(context: context).decide(
            requestID: joining.id, admit: true, reason: "Agreed with the family at the first TAC meeting", by: eli)
        episode = try await team.recordMeeting(
            .init(
                heldOn: today.iso, attendees: "Joanne Thompson, Grace, Eli Hughes, Hana Kowalski",
                decisions: "Breakfast club from Monday; health visitor sleep advice."),
            episodeID: episode.id, by: eli)
        episode = try await team.addAction(
            .init(
                ownerInvolvementID: hanaInvolvement.id, dueOn: today.iso, description: "Sleep routine advice visit",
                desiredOutcome: "Grace asleep by 7.30pm on school nights"),
            episodeID: episode.id, by: eli)
        // Made overdue for the demo: due a week ago.
        try await EpisodeEntryModel.query(on: context.db).filter(\.$episodeID == episode.id).filter(\.$kind == "action")
            .set(\.$onDate, to: today.adding(days: -7).iso).update()
        _ = try await team.recordReview(
            .init(
                heldOn: today.iso, attendees: "Joanne Thompson, Eli Hughes",
                progress: "Breakfast club started; two late mornings this week.",
                nextSteps: "Keep the routine; check attendance at the next review.",
                childComments: "Breakfast club is fun.",
                parentComments: "Mornings are calmer.", nextReviewOn: today.adding(days: 42).iso),
            episodeID: episode.id, by: eli)
    }
}
