/// The word lists and the light stemmer of the word cloud, written down here so that anyone can check
/// what is left out and why.
public enum WordCloudText {
    /// English stop words, and a few words every record is full of that say nothing about this child.
    public static let stopWords: Set<String> = [
        "about", "above", "after", "again", "against", "all", "also", "and", "any", "are", "around", "because",
        "been", "before", "being", "below", "between", "both", "but", "can", "cannot", "could", "did", "does",
        "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "into", "its", "itself", "just", "let", "more",
        "most", "much", "must", "myself", "nor", "not", "now", "off", "once", "only", "other", "ought", "our",
        "ours", "ourselves", "out", "over", "own", "said", "same", "says", "she", "should", "since", "some",
        "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "these", "they", "this", "those", "through", "too", "under", "until", "upon", "very", "was", "were",
        "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself", "yet", "via", "per", "again", "already", "always", "another", "anything",
        "away", "back", "came", "come", "even", "ever", "every", "get", "got", "going", "gone", "like", "made",
        "make", "many", "may", "might", "never", "next", "one", "two", "three", "see", "seem", "several",
        "shall", "something", "take", "taken", "told", "well", "went", "whether", "within", "without",
        // Domain filler: in every record, so it says nothing about this one.
        "child", "today", "yesterday", "week", "weeks", "day", "days", "time", "times",
    ]

    /// Sensitive terms, never shown: sexual health, contraception, pregnancy and its ending, HIV and
    /// other infections, mental-health diagnoses, self-harm, and substances. Deliberately broad: a
    /// missed suppression discloses, an extra one only leaves a word out of a picture.
    public static let sensitiveTerms: Set<String> = [
        "sexual", "sex", "sexually", "contraception", "contraceptive", "contraceptives", "condom", "condoms",
        "pill", "implant", "coil", "pregnancy", "pregnant", "termination", "abortion", "miscarriage", "hiv",
        "aids", "sti", "stis", "chlamydia", "gonorrhoea", "syphilis", "herpes", "depression", "depressed",
        "anxiety", "bipolar", "schizophrenia", "psychosis", "psychotic", "ptsd", "ocd", "anorexia", "bulimia",
        "eating", "disorder", "personality", "adhd", "autism", "autistic", "overdose", "suicidal", "suicide",
        "self", "harm", "selfharm", "cannabis", "weed", "skunk", "cocaine", "crack", "heroin", "ketamine", "mdma",
        "ecstasy", "spice", "methadone", "amphetamine", "amphetamines", "meth", "lsd", "nitrous", "vape",
        "alcohol", "drunk", "drugs", "drug",
    ]

    /// Words of an organisation's name too general to suppress: suppressing "health" would hide every
    /// health visitor's words; the name's distinctive words are enough.
    static let genericServiceWords: Set<String> = [
        "service", "services", "team", "clinic", "health", "centre", "center", "trust", "nhs", "the", "and",
        "for", "council",
    ]

    /// The words of a text, lower case, with identifiers removed: any whitespace-separated chunk with a
    /// digit, `@`, `http` or `www.` goes (numbers, NHS numbers, postcodes, phone numbers, emails, links);
    /// the rest is split into runs of letters ("mum's" gives "mum" and "s", "Smith-Jones" two words).
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        for chunk in text.lowercased().split(whereSeparator: \.isWhitespace) {
            if chunk.contains(where: \.isNumber) || chunk.contains("@") || chunk.contains("http")
                || chunk.contains("www.")
            {
                continue
            }
            words += chunk.split { !$0.isLetter }.map(String.init)
        }
        return words
    }

    /// A light stemmer, applied once, keeping at least 3 letters:
    /// - "ies" → "y" (worries → worry), "ied" → "y" (worried → worry);
    /// - "sses" → "ss";
    /// - "ing" and "ed" are removed from words over 5 letters, and a doubled final consonant other than
    ///   l, s or z is undoubled (visiting → visit, shopping → shop, visited → visit);
    /// - a final "s" is removed, except after "s", "u" or "i" (visits → visit, mums → mum, bus, crisis).
    /// It is deliberately simple and will sometimes fold or split oddly; the cloud shows each stem in
    /// its most frequent surface form, so a reader never sees a stem.
    public static func stem(_ word: String) -> String {
        var w = word
        if w.count > 4, w.hasSuffix("ies") || w.hasSuffix("ied") { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("sses") { return String(w.dropLast(2)) }
        for suffix in ["ing", "ed"] where w.count > 5 && w.hasSuffix(suffix) {
            w = String(w.dropLast(suffix.count))
            if let last = w.last, w.count > 3, w.dropLast().last == last, !"lsz".contains(last),
                !"aeiou".contains(last)
            {
                w = String(w.dropLast())
            }
            return w
        }
        if w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            return String(w.dropLast())
        }
        return w
    }
}
