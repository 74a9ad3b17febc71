import Fluent

/// Every migration in order. Numbered folders (`001/`, `002/`...) group the migrations of one release;
/// each migration keeps to the subset of DDL that runs unchanged on SQLite and PostgreSQL.
enum SignpostMigrations {
    static let all: [any Migration] = [
        // 001: accounts, sessions and the audit log
        CreateAuthorities(),
        CreateOrganisations(),
        CreatePractitioners(),
        CreateSessions(),
        CreateAPITokens(),
        CreateAuditEvents(),
        // 002: the child index
        CreateChildIndex(),
        // 003: search performance
        AddCoveringMatchKeyIndex(),
        // 004: consent, shielding, break-glass, notifications and alerts
        CreateAccessControl(),
        // 005: early-help episodes and field encryption keys
        CreateEpisodes(),
        // 006: team membership and join requests, privileged-role approval, enrolment links, outbox
        CreateTeamsAndAccountGovernance(),
        // 007: invitations to join a child's team
        CreateTeamInvitations(),
        // 008: the shared record: chronology, agency contacts, forum
        CreateChronology(),
        CreateAgencyContacts(),
        CreateForum(),
        // 009: the shared record refuses DELETE too, while the child's record exists
        RefuseSharedRecordDeletes(),
        // 010: the people in a child's life, for the relationships wheel
        CreateRelationships(),
        // 011: the audit log's Merkle tree nodes, and events waiting to be sequenced into it
        CreateAuditTree(),
        // 012: search and sign-in limits shared by every server on the database
        CreateRateWindows(),
        // 013: the other nodes of national signposting, from the hub's directory
        CreateFederationPeers(),
        // 014: signed requests from other nodes are accepted once
        CreateSignedRequestNonces(),
        // 015: children on the index gain the postcode-half candidate keys
        AddPostcodeHalfMatchKeys(),
        // 016: every table that refers to a child is indexed on child_id
        IndexEveryChildIDColumn(),
        // 017: the key custodian's endorsement of each peer in the directory
        AddDirectoryEndorsements.peers,
        // 018: the key epochs a node has listed under, so a child leaving the hub is retired under each
        CreateFederationEpochs(),
    ]
}
