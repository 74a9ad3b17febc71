/// Names for synthetic children: the shape of names given in England and Wales since 2005 (ONS baby
/// names, a broad mix of backgrounds) and common surnames across the UK. Synthetic data only.
enum NameLists {
    static let boys = [
        "Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo", "Logan",
        "Archie", "Theo", "Thomas", "James", "Joshua", "Henry", "William", "Max", "Lucas", "Ethan", "Arthur", "Mason",
        "Isaac", "Harrison", "Teddy", "Finley", "Daniel", "Riley", "Edward", "Joseph", "Alexander", "Adam", "Reggie",
        "Samuel", "Jaxon", "Sebastian", "Elijah", "Harley", "Toby", "Arlo", "Dylan", "Jude", "Benjamin", "Rory",
        "Tommy", "Jake", "Louie", "Carter", "Jenson", "Hugo", "Bobby", "Frankie", "Ollie", "Zachary", "David",
        "Albie", "Lewis", "Luca", "Ronnie", "Jackson", "Matthew", "Alex", "Harvey", "Reuben", "Jayden", "Caleb",
        "Hunter", "Theodore", "Nathan", "Mohammed", "Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Omar", "Ali",
        "Hamza", "Kai", "Michael", "Callum", "Kian", "Tyler", "Connor", "Kacper", "Jakub", "Oskar", "Filip", "Tobiasz",
        "Kwame", "Tobi", "Chidi", "Emeka", "Femi", "Aarav", "Arjun", "Rohan", "Dev", "Jose", "Mateo", "Luka",
    ]
    static let girls = [
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Isabella", "Sophia", "Grace", "Lily", "Freya", "Emily", "Ivy",
        "Ella", "Rosie", "Evie", "Florence", "Poppy", "Charlotte", "Willow", "Florence", "Sienna", "Daisy", "Evelyn",
        "Phoebe", "Sophie", "Alice", "Matilda", "Harper", "Ruby", "Elsie", "Isabelle", "Sofia", "Emilia", "Millie",
        "Eliza", "Layla", "Maya", "Erin", "Jessica", "Chloe", "Hannah", "Lucy", "Holly", "Megan", "Abigail",
        "Zara", "Scarlett", "Esme", "Maisie", "Lola", "Bella", "Thea", "Georgia", "Eleanor", "Elizabeth", "Katie",
        "Amber", "Ellie", "Lacey", "Summer", "Jasmine", "Leah", "Niamh", "Caitlin", "Aisha", "Fatima", "Maryam",
        "Amira", "Hafsa", "Zainab", "Aaliyah", "Khadija", "Inaya", "Anaya", "Priya", "Diya", "Zuzanna", "Julia",
        "Hanna", "Maja", "Lena", "Amara", "Chioma", "Adaeze", "Zoë", "Chloé", "Renée", "Beatrice", "Victoria",
        "Rebecca", "Samantha", "Abbie", "Molly", "Imogen", "Violet", "Aria", "Ada", "Nancy", "Margot", "Penelope",
    ]
    static let surnames = [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
        "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
        "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore",
        "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson",
        "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
        "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
        "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell",
        "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer",
        "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
        "Jenkins", "Murray", "Dixon", "Harvey", "Ahmed", "Rahman", "Akhtar", "Mahmood", "Iqbal", "Shah", "Nowak",
        "Kowalski", "Wiśniewski", "Lewandowska", "Okafor", "Adeyemi", "Mensah", "Owusu", "Nguyen", "O'Brien",
        "O'Connor", "McDonald", "MacLeod", "Fitzgerald", "Da Silva", "Santos", "Popescu", "Ionescu", "Kaur",
        "Chowdhury", "Uddin", "Sharma", "Gill", "Sandhu", "Brennan", "Doyle", "Byrne", "Quinn", "Walsh", "Francis",
        "Graham", "Reid", "Stewart", "Henderson", "Pearson", "Lawrence", "Hart", "Fox", "Stone", "Sutton", "Bibi",
    ]
    static let streets = [
        "Church Road", "Station Road", "Victoria Road", "Park Road", "Manor Road", "Mill Lane", "High Street",
        "Queens Road", "Kings Road", "Albert Street", "Grange Road", "New Road", "School Lane", "The Crescent",
        "Springfield Avenue", "Elm Grove", "Oak Close", "Willow Drive", "Meadow Way", "Cedar Court", "York Terrace",
        "Chapel Street", "North Street", "Green Lane", "Windsor Gardens", "Beech Avenue", "Orchard Close",
    ]
    /// Outward codes across England.
    static let districts = [
        "LS6", "LS9", "M14", "M8", "B11", "B23", "SW9", "SE15", "E17", "N17", "NE4", "BS5", "L8", "S2", "NG7",
        "LE4", "CV1", "WV10", "BD8", "HU3", "PL4", "SO14", "PO1", "BN2", "OX4", "CB1", "NR2", "IP4", "DE23", "ST4",
        "SR4", "TS1", "DN1", "WN5", "BL3", "OL1", "PR1", "BB1", "LU1", "MK6", "RG1", "SL1", "GU1", "ME7", "CT9",
    ]
}
