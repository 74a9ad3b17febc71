/// English given names and their diminutives, so that Bill finds William and Lizzie finds Elizabeth.
///
/// Source: hand-compiled for Signpost from common English usage, in the spirit of the open
/// `carltonnorthern/nicknames` list (which could not be fetched here), and weighted towards names of
/// children born in England since 2000 (ONS baby-name tables). Each line is one equivalence group: the
/// formal name first, then names that stand for it. A name may belong to several groups (Alex is
/// Alexander and Alexandra), so lookups return every group a name is in.
public enum Nicknames {
    static let table = """
        abigail abby abbie abi gail
        adam ad
        adrian ade
        albert al bert bertie
        alexander alex alec alexa sandy xander lex ali
        alexandra alex alexa lexi lexie sandra sasha ali
        alfred alf alfie fred freddie
        alice ally allie
        alison ali ally allie
        amanda mandy manda
        amelia millie amy mia mel emilia
        andrew andy drew
        angela angie
        anthony tony ant
        archibald archie
        arthur art artie
        barbara barb babs
        benjamin ben benny benji
        bernard bernie
        beatrice bea trixie
        bradley brad
        callum cal
        caroline carrie caz carol
        catherine cath cathy kate katie kat kitty cat
        charles charlie chas chuck chaz
        charlotte charlie lottie lotte char
        christian chris
        christina chris tina chrissie
        christine chris tina chrissie
        christopher chris kit topher
        cornelius con neil
        courtney court
        cristiano cris
        daniel dan danny
        danielle dani
        david dave davey davy
        deborah debbie deb debs
        dominic dom
        donald don donnie
        dorothy dot dotty dolly
        douglas doug
        edward ed eddie ted teddy ned
        eleanor ellie nell nellie elle nora
        elizabeth liz lizzie lizzy beth betty bess bessie eliza libby elsie lisa liza
        ellen ellie nell
        emily em emmy milly millie
        emma em emmy
        eric rick
        esther essie
        eugene gene
        evangeline eva evie
        evelyn evie eve
        florence flo flossie florrie
        frances fran frankie fanny
        francesca fran frankie chessie
        francis frank frankie
        frederick fred freddie freddy
        gabriel gabe
        gabriella gabby gaby ella
        geoffrey geoff jeff
        george georgie
        georgia georgie
        georgina georgie gina
        gerald gerry jerry
        gregory greg
        harold harry hal
        harriet hattie harry
        harrison harry
        helen nell nellie
        henry harry hal hank
        isaac ike zac
        isabel izzy bella belle issy isobel
        isabella izzy bella belle issy
        isabelle izzy bella belle issy
        jacob jake jack
        james jim jimmy jamie jem
        jane jenny janey
        janet jan jenny
        jason jay
        jennifer jen jenny jenna
        jessica jess jessie
        joanna jo joanne
        john jack johnny jon
        jonathan jon jonny john nathan
        joseph joe joey jo
        josephine jo josie
        joshua josh
        judith judy jude
        julia jules julie
        katherine kate katie kathy kat kath kitty
        kathleen kath kathy katie
        kimberley kim
        kimberly kim
        lawrence larry laurie
        leonard len lenny leo
        lewis lew lou
        louis lou louie
        louise lou lulu
        lucas luke
        lucy lu lulu
        luke lucas
        madeleine maddie maddy
        madison maddie maddy
        margaret maggie meg peggy marge madge daisy greta
        matilda tilly tilda mattie
        matthew matt matty
        maximilian max
        maxwell max
        megan meg
        michael mike mikey mick mickey mikkel
        michelle shelley
        mohammed mohammad muhammad mohamed mo
        muhammad mohammed mohammad mohamed mo
        nathan nate nat
        nathaniel nate nat nathan
        nicholas nick nicky
        nicola nicky nikki
        oliver ollie olly
        olivia liv livvy ollie
        patricia pat patty trish
        patrick pat paddy
        penelope penny
        peter pete
        philip phil pip
        rebecca becky becca bex
        richard rich richie rick ricky dick
        robert rob robbie bob bobby bert
        ronald ron ronnie
        rosalind ros roz
        rosemary rose rosie
        ruby rubes
        samantha sam sammy
        samuel sam sammy
        sarah sally sadie
        sebastian seb
        sophia sophie
        sophie soph
        stephanie steph
        stephen steve stevie
        steven steve stevie
        susan sue susie suzy
        teresa tess tessa terri
        theodore theo ted teddy
        thomas tom tommy
        timothy tim timmy
        victoria vicky tori
        vincent vince vinnie
        william will bill billy willie liam will
        zachary zach zac zack
        abraham abe bram
        anastasia ana stacey tasha
        angus gus
        augustus gus augie
        cameron cam
        declan dec
        edmund ed eddie ned
        eleanor ella
        imogen immy
        jackson jack jax
        jemima jem mima
        lillian lily lil lilly
        mackenzie kenzie
        margaret maisie
        mary molly polly mae may
        penelope poppy pen
        reginald reg reggie
        roderick rory rod roddy
        stanley stan
        tobias toby tobi
        valentina val
        grace gracie
        """

    /// For each name, the formal names of every group it belongs to (a formal name maps to itself).
    static let roots: [String: Set<String>] = {
        var map: [String: Set<String>] = [:]
        for line in table.split(separator: "\n") {
            let names = line.split(separator: " ").map(String.init)
            guard let formal = names.first else { continue }
            for name in names { map[name, default: []].insert(formal) }
        }
        return map
    }()

    /// The formal names a (normalised) given name may stand for, including itself.
    public static func roots(of name: String) -> Set<String> {
        var result = roots[name] ?? []
        result.insert(name)
        return result
    }

    /// True when one name is a known diminutive of the other, or both share a formal name.
    public static func areEquivalent(_ a: String, _ b: String) -> Bool {
        guard a != b else { return true }
        return !roots(of: a).isDisjoint(with: roots(of: b))
    }

    /// Every name of each group, keyed by the group's formal name.
    static let members: [String: Set<String>] = {
        var map: [String: Set<String>] = [:]
        for line in table.split(separator: "\n") {
            let names = line.split(separator: " ").map(String.init)
            guard let formal = names.first else { continue }
            map[formal, default: []].formUnion(names)
        }
        return map
    }()

    /// True when `typed` is one slip away from a name of one of `known`'s groups (Lizie for Elizabeth,
    /// Bil for William). Names of three letters or more only: a slip in two letters is anything.
    public static func isDiminutiveWithSlip(_ typed: String, _ known: String) -> Bool {
        guard typed.count >= 3 else { return false }
        for root in roots(of: known) {
            for name in members[root] ?? [root] where name.count >= 3 && name != typed {
                if EditDistance.bounded(typed, name, limit: 1) <= 1 { return true }
            }
        }
        return false
    }
}
