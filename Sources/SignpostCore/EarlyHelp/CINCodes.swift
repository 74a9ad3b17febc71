/// Children in Need census code sets used by the assessment and closure (research/domain_spec.md 5.3).
public enum CINCodes {
    public static let ethnicity: [String: String] = [
        "WBRI": "White British", "WIRI": "White Irish", "WIRT": "Traveller of Irish heritage",
        "WOTH": "Any other White background",
        "WROM": "Gypsy/Roma", "MWBC": "White and Black Caribbean", "MWBA": "White and Black African",
        "MWAS": "White and Asian",
        "MOTH": "Any other mixed background", "AIND": "Indian", "APKN": "Pakistani", "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background",
        "BCRB": "Black Caribbean", "BAFR": "Black African", "BOTH": "Any other Black background", "CHNE": "Chinese",
        "OOTH": "Any other ethnic group", "REFU": "Refused", "NOBT": "Information not yet obtained",
    ]

    public static let referralSource: [String: String] = [
        "1A": "Individual: family member", "1B": "Individual: acquaintance", "1C": "Individual: self",
        "1D": "Individual: other",
        "2A": "Schools", "2B": "Education services", "3A": "Health: GP", "3B": "Health: health visitor",
        "3C": "Health: school nurse",
        "3D": "Health: other primary health services", "3E": "Health: A&E", "3F": "Health: other", "4": "Housing",
        "5A": "LA services: social care", "5B": "LA services: other internal", "5C": "LA services: external",
        "6": "Police",
        "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
    ]

    public static let primaryNeed: [String: String] = [
        "N0": "Not stated", "N1": "Abuse or neglect", "N2": "Child's disability",
        "N3": "Parental disability or illness",
        "N4": "Family in acute stress", "N5": "Family dysfunction", "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting", "N9": "Cases other than children in need",
    ]
}
