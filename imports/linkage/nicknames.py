"""Common English given-name variants: nicknames, short forms and other spellings.

A partner who writes "Bob" means the council's "Robert"; a list that writes "Mohammad"
may mean "Mohammed". Each group below is one name as people actually use it; matching
treats two forenames in one group as the same name said differently (a weaker level than
the same spelling). Names are lower case, letters only.
"""

from __future__ import annotations

from functools import cache

GROUPS: tuple[tuple[str, ...], ...] = (
    ("robert", "bob", "rob", "bobby", "robbie", "bert"),
    ("william", "bill", "will", "billy", "willie", "liam"),
    ("elizabeth", "liz", "beth", "lizzie", "betty", "eliza", "libby"),
    ("katherine", "catherine", "kathryn", "kate", "kathy", "katie", "cathy", "kat"),
    ("margaret", "maggie", "peggy", "meg", "maggy"),
    ("michael", "mike", "mick", "mickey", "michal", "mikey"),
    ("christopher", "chris", "kit", "topher"),
    ("christine", "chris", "chrissie", "tina"),
    ("daniel", "dan", "danny"),
    ("danielle", "dani", "dannie"),
    ("thomas", "tom", "tommy"),
    ("james", "jim", "jimmy", "jamie"),
    ("joshua", "josh"),
    ("matthew", "matt", "matty"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammie"),
    ("jennifer", "jen", "jenny", "jenni"),
    ("rebecca", "becky", "becca", "bex"),
    ("anthony", "tony", "ant", "antony"),
    ("stephen", "steve", "steven", "stevie"),
    ("richard", "rich", "rick", "ricky", "dick", "richie"),
    ("andrew", "andy", "drew"),
    ("david", "dave", "davey"),
    ("jacob", "jake"),
    ("nicola", "nicky", "nikki", "nic"),
    ("nicholas", "nick", "nicky"),
    ("deborah", "debbie", "debra", "deb"),
    ("patricia", "pat", "trish", "patty"),
    ("patrick", "pat", "paddy"),
    ("susan", "sue", "suzanne", "susie", "suzy"),
    ("joseph", "joe", "joey"),
    ("peter", "pete", "piotr"),
    ("charlotte", "charlie", "lottie"),
    ("charles", "charlie", "chas", "chuck"),
    ("olivia", "liv", "livvy"),
    ("jessica", "jess", "jessie"),
    ("callum", "calum"),
    ("frederick", "freddie", "fred", "freddy"),
    ("mohammed", "mohammad", "muhammad", "mohamed", "mohamad", "mohamud", "muhammed"),
    ("abdullahi", "abdi"),
    ("katarzyna", "kasia"),
    ("aleksandra", "ola", "alexandra", "alex"),
    ("alexander", "alex", "alexandru", "sandy", "xander"),
    ("oluwaseun", "seun"),
    ("babatunde", "tunde"),
    ("chukwuemeka", "emeka"),
    ("funmilayo", "funmi"),
    ("temitope", "tope"),
    ("gabriela", "gabi", "gabriella", "gabby"),
    ("hussain", "hussein", "husain"),
    ("yusuf", "yousef", "youssef", "yusef"),
    ("zainab", "zaynab"),
    ("aisha", "ayesha", "aysha"),
    ("pawel", "paul"),
    ("ioana", "joanna", "joanne", "jo"),
    ("benjamin", "ben", "benny"),
    ("edward", "ed", "eddie", "ted", "ned"),
    ("jonathan", "jon", "jonny", "john"),
    ("john", "johnny", "jack", "ian", "sean"),
    ("timothy", "tim", "timmy"),
    ("kenneth", "ken", "kenny"),
    ("lawrence", "laurence", "larry", "laurie"),
    ("victoria", "vicky", "tori", "vikki"),
    ("alexis", "lexi"),
    ("abigail", "abby", "abi"),
    ("amanda", "mandy"),
    ("gregory", "greg"),
    ("zachary", "zach", "zak"),
    ("harold", "harry", "hal"),
    ("henry", "harry", "hank"),
    ("jacqueline", "jackie", "jacqui"),
    ("theodore", "theo", "ted"),
    ("nathaniel", "nathan", "nat"),
    ("natalie", "nat", "tali"),
)


@cache
def _groups_of() -> dict[str, tuple[str, ...]]:
    """Each name -> the keys of the groups it belongs to (a name can be in two: 'chris')."""
    found: dict[str, list[str]] = {}
    for group in GROUPS:
        key = "g:" + group[0]
        for name in group:
            found.setdefault(name, []).append(key)
    return {name: tuple(keys) for name, keys in found.items()}


def group_keys(name: str) -> tuple[str, ...]:
    """The nickname groups ``name`` (lower case, letters only) belongs to; () for none."""
    return _groups_of().get(name, ())
