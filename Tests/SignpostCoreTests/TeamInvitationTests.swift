import SignpostCore
import Testing

@Suite("Team invitations: answered once, by accepting or declining")
struct TeamInvitationTests {
    @Test(arguments: TeamInvitationStatus.allCases, [true, false])
    func anInvitationIsAnsweredOnlyWhileItIsOpen(status: TeamInvitationStatus, accept: Bool) {
        let expected: TeamInvitationStatus? =
            switch status {
            case .invited: accept ? .accepted : .declined
            case .accepted, .declined: nil
            }
        #expect(status.answered(accept: accept) == expected)
    }

    @Test func everyStatusReadsInWords() {
        #expect(TeamInvitationStatus.allCases.map(\.displayName) == ["Invited", "Accepted", "Declined"])
    }
}
