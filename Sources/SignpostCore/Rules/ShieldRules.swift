/// The dates a shield runs on (DOMAIN.md: shielding is reviewed, never set and forgotten).
public enum ShieldRules {
    /// The latest review date a data manager may set: a year and a day from today, so that a shield
    /// set on a date can be reviewed on the same date next year.
    public static let longestReviewDays = 366

    /// A review date must be after today (a shield due for review today was set for review today, not
    /// ahead) and no more than `longestReviewDays` ahead.
    public static func isValidReviewDate(_ reviewOn: CalendarDate, today: CalendarDate) -> Bool {
        reviewOn > today && reviewOn <= today.adding(days: longestReviewDays)
    }

    /// A shield's review is overdue by the one deadline rule: the review day itself is not overdue.
    public static func isReviewOverdue(reviewOn: String, today: CalendarDate) -> Bool {
        Deadlines.isOverdue(dueOn: reviewOn, today: today)
    }
}
