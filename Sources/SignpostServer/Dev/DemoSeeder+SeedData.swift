import Foundation
import SignpostCore

/// The tables `seed()` creates, in order: authorities, their organisations, then the accounts.
extension DemoSeeder {
    struct AuthoritySeed {
        var code: String
        var name: String
        var officeHours: String
        var emergencyDuty: String
    }

    struct OrganisationSeed {
        var code: String
        var name: String
        var kind: String
        var authority: String
        var sensitive: Bool = false
    }

    struct AccountSeed {
        var email: String
        var name: String
        var jobTitle: String
        var organisation: String
        var roles: [SystemRole]
        var vetted: Bool = true
        var dbsOverride: String? = nil
        var suspended: Bool = false
        var note: String? = nil
    }

    static let authorities = [
        AuthoritySeed(
            code: "E06009901", name: "Ashdown Vale Council", officeHours: "01632 960101",
            emergencyDuty: "01632 960199"),
        AuthoritySeed(
            code: "E08009902", name: "Kingsbridge Metropolitan Borough Council", officeHours: "01632 960201",
            emergencyDuty: "01632 960299"),
        AuthoritySeed(
            code: "E09009903", name: "Riverside London Borough Council", officeHours: "020 7946 0301",
            emergencyDuty: "020 7946 0399"),
    ]

    static let organisations = [
        OrganisationSeed(
            code: "ASH-CSC", name: "Ashdown Vale Children's Social Care", kind: "childrens-social-care",
            authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-EH", name: "Ashdown Vale Early Help Hub", kind: "early-help", authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-HV", name: "Ashdown Vale Health Visiting Team", kind: "health-visiting", authority: "E06009901"),
        OrganisationSeed(code: "ASH-GP1", name: "Meadowbank Surgery", kind: "gp-practice", authority: "E06009901"),
        OrganisationSeed(code: "ASH-SCH1", name: "Meadowbank Primary School", kind: "school", authority: "E06009901"),
        OrganisationSeed(
            code: "ASH-SH", name: "Ashdown Vale Sexual Health Clinic", kind: "sexual-health", authority: "E06009901",
            sensitive: true),
        OrganisationSeed(
            code: "KNG-CSC", name: "Kingsbridge Children's Services", kind: "childrens-social-care",
            authority: "E08009902"),
        OrganisationSeed(
            code: "KNG-CAMHS", name: "Kingsbridge CAMHS", kind: "camhs", authority: "E08009902", sensitive: true),
        OrganisationSeed(
            code: "KNG-POL", name: "Kingsbridge Police Safeguarding Unit", kind: "police", authority: "E08009902"),
        OrganisationSeed(code: "KNG-SCH1", name: "Kingsbridge Academy", kind: "school", authority: "E08009902"),
        OrganisationSeed(
            code: "RIV-CSC", name: "Riverside Children's Social Care", kind: "childrens-social-care",
            authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-ED", name: "Riverside Hospital Emergency Department", kind: "emergency-department",
            authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-SMS", name: "Riverside Young People's Substance Misuse Service", kind: "substance-misuse",
            authority: "E09009903", sensitive: true),
        OrganisationSeed(
            code: "RIV-YJS", name: "Riverside Youth Justice Service", kind: "youth-justice", authority: "E09009903"),
        OrganisationSeed(
            code: "RIV-VOL", name: "Riverside Family Support (voluntary)", kind: "voluntary", authority: "E09009903"),
    ]

    static let accounts = [
        AccountSeed(
            email: "sam.social-worker@ashdown.example", name: "Sam Okafor", jobTitle: "Social worker",
            organisation: "ASH-CSC", roles: [.practitioner]),
        AccountSeed(
            email: "hana.health-visitor@ashdown.example", name: "Hana Kowalski", jobTitle: "Health visitor",
            organisation: "ASH-HV", roles: [.practitioner]),
        AccountSeed(
            email: "eli.early-help@ashdown.example", name: "Eli Hughes", jobTitle: "Early help practitioner",
            organisation: "ASH-EH", roles: [.practitioner]),
        AccountSeed(
            email: "tom.teacher@kingsbridge.example", name: "Tom Price", jobTitle: "Designated safeguarding lead",
            organisation: "KNG-SCH1", roles: [.practitioner]),
        AccountSeed(
            email: "cara.camhs@kingsbridge.example", name: "Cara Lindqvist", jobTitle: "CAMHS clinician",
            organisation: "KNG-CAMHS", roles: [.practitioner]),
        AccountSeed(
            email: "pat.police@kingsbridge.example", name: "Pat Achebe",
            jobTitle: "Detective constable, child protection", organisation: "KNG-POL",
            roles: [.practitioner, .childProtection],
            note: "child-protection role: may use break-glass"),
        AccountSeed(
            email: "nia.sexual-health@ashdown.example", name: "Nia Adeyemi", jobTitle: "Sexual health nurse",
            organisation: "ASH-SH",
            roles: [.practitioner], note: "sensitive service: sees its own involvement with Jade Wilson"),
        AccountSeed(
            email: "erin.emergency@riverside.example", name: "Erin Walsh",
            jobTitle: "Emergency department safeguarding nurse", organisation: "RIV-ED",
            roles: [.practitioner, .silentRead], note: "silent read: opening a Tier-1 child does not notify its team"),
        AccountSeed(
            email: "yusuf.youth-justice@riverside.example", name: "Yusuf Demir", jobTitle: "Youth justice worker",
            organisation: "RIV-YJS", roles: [.practitioner]),
        AccountSeed(
            email: "dana.data-manager@ashdown.example", name: "Dana Whitfield",
            jobTitle: "Information governance officer", organisation: "ASH-CSC", roles: [.dataManager]),
        AccountSeed(
            email: "kim.data-manager@kingsbridge.example", name: "Kim Osei", jobTitle: "Information governance officer",
            organisation: "KNG-CSC", roles: [.dataManager]),
        AccountSeed(
            email: "alex.auditor@ashdown.example", name: "Alex Moreau", jobTitle: "Information governance auditor",
            organisation: "ASH-CSC", roles: [.auditor]),
        AccountSeed(
            email: "ada.admin@signpost.example", name: "Ada Fernsby", jobTitle: "Signpost service administrator",
            organisation: "ASH-CSC", roles: [.admin]),
        AccountSeed(
            email: "bea.admin@signpost.example", name: "Bea Okonjo", jobTitle: "Signpost service administrator",
            organisation: "ASH-CSC", roles: [.admin],
            note: "the second administrator, who approves privileged roles Ada asks for"),
        AccountSeed(
            email: "lee.lapsed@riverside.example", name: "Lee Barnes", jobTitle: "Family support worker",
            organisation: "RIV-VOL", roles: [.practitioner],
            dbsOverride: "2021-03-01", note: "DBS check over 3 years old: sign-in is refused with the reason"),
        AccountSeed(
            email: "sol.suspended@riverside.example", name: "Sol Marsh", jobTitle: "Social worker",
            organisation: "RIV-CSC", roles: [.practitioner],
            suspended: true, note: "suspended account: sign-in is refused with the reason"),
    ]
}

extension DemoSeeder {
    /// The demo authorities' codes, in the order `demo --federated` gives them ports.
    public static var authorityCodes: [String] { authorities.map(\.code) }

    /// How practitioners elsewhere reach a demo authority: its name and office-hours number.
    public static func frontDoor(of code: String) -> String {
        authorities.first { $0.code == code }.map { "\($0.name) front door, \($0.officeHours)" } ?? code
    }
}
