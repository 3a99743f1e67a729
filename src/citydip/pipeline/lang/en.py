"""English cues, as data: what words signal which record, role, status or title.

The taxonomy's cue words (shared/spec/taxonomy.yaml) come first; these add the inflected and
idiomatic forms press releases use. Patterns are regular expressions matched case-
insensitively at word boundaries.
"""

from __future__ import annotations

ENGAGEMENT = {
    "official_visit": [
        # (not "visiting students", "visiting professors": people, not a visit)
        r"visit(?:s|ed|ing)?(?!or)(?! (?:students?|scholars?|professors?|researchers?|fellows?)\b)",
        r"(?:official|business) trip",
        r"trip to",
        r"tour(?:ed)? of",
        r"delegations?",
        r"arrived in",
        r"travel(?:l?ed)? to",
        r"at the invitation of",
        r"(?:was|is|were|are) in (?-i:(?=[A-Z]))",
        r"stay(?:ed|s|ing)? in (?-i:(?=[A-Z]))",
    ],
    "meeting": [
        r"met(?! with success)",
        r"meet(?:s|ing)? with",
        r"meetings?",
        r"talks",
        r"courtesy call",
        r"held a (?:meeting|talk)",
        r"sat down with",
    ],
    "conference": [
        r"forums?",
        r"summits?",
        r"conferences?",
        r"congress",
        r"general assembly",
        r"symposium",
        r"world congress",
        r"expo",
    ],
    "training_program": [
        r"training (?:program(?:me)?s?|course|sessions?)",
        r"capacity building",
        r"academy",
        r"trained",
        r"train(?:s|ing)? (?:\d+ |some |about |around )?(?:\w+ ){0,3}(?:officials|staff|"
        r"civil servants|experts|engineers|officers)",
        r"invited .{0,40}for training",
    ],
    "study_tour": [
        r"inspection (?:team|tour|visit)",
        r"study (?:tour|visit|trip)",
        r"benchmark(?:ing)?",
        r"field (?:visit|trip)",
        r"observ(?:e|ed) .{0,30}(?:system|facilit)",
        r"inspect(?:s|ed|ing)",
        r"toured (?:the |a )",
    ],
    "personnel_exchange": [
        r"exchanges? of (?:personnel|officials|staff)",
        r"exchang(?:e|es|ed|ing) (?:public )?(?:officials|staff|personnel|civil servants)",
        r"dispatch(?:ed)? (?:officials|staff|personnel)",
        r"staff exchange",
        r"seconded",
    ],
    "citizen_exchange": [
        r"(?:student|youth|sports|cultural|citizen|civic|people-to-people)(?:-led)? exchanges?",
        r"exchange students?",
        r"homestay",
        r"(?:friendly |friendship )?(?:match|game|tournament)(?:es|s)? between",
    ],
    "cultural_event": [
        r"exhibitions?",
        r"festivals?",
        r"performances?",
        r"concerts?",
        r"culture week",
        r"cultur(?:e|al) (?:night|day|evening)s?",
        r"gala (?:dinner|night|concert)",
        r"cultural event",
        r"screening",
    ],
    "aid": [
        r"donat(?:e|ed|es|ion|ions)",
        r"humanitarian (?:aid|assistance)",
        r"relief (?:fund|aid|goods|supplies)",
        r"support of (?:US)?\$",
        r"emergency aid",
        r"plant(?:s|ed|ing)? (?:a |the )?(?:[\w'‘’-]+ ){0,3}forests?",
        r"(?:buil[dt]s?|building|construct(?:s|ed|ing)?|renovat(?:es|ed|ing)|restor(?:es|ed|ing)) "
        r"(?:a |an |the )?(?:[\w'‘’-]+ ){0,3}(?:street|park|forest|school|hospital|library|"
        r"clinic|well)s?(?! of)",
        r"aid of",
        r"fund(?:ed|ing)? (?:the )?(?:construction|project)",
        r"relief",
    ],
    "honor": [
        r"honorary (?:citizen(?:ship)?|mayor|doctorate)",
        r"awards?(?:ed)?",
        r"(?:won|wins|received|receives) (?:the |a |an )?(?:\w+ ){0,6}prize",
        r"prize (?:winner|laureate)s?",
        r"medals?",
        r"conferred",
        r"key to the city",
    ],
    "policy_sharing": [
        r"shar(?:e|ed|ing) (?:its |their |the )?(?:[\w-]+ ){0,3}(?:know-how|experience|expertise|"
        r"polic(?:y|ies))",
        r"(?:to |will )?advis(?:e|es|ed|ing) (?:the |on )",
        r"shar(?:e|ed|ing) (?:its |their |the )?(?:[\w-]+ ){1,3}(?:system|platform|model)s?",
        r"(?:transfer|convey|pass on|impart)(?:s|red|ed|ing)? (?:its |their |the )?"
        r"(?:[\w-]+ ){0,2}know-how",
        r"policy export",
        r"export(?:ed|ing)? (?:its |the )?(?:\w+ )?(?:policy|policies|system)",
        r"transfer(?:red)? (?:of )?technolog",
        r"consult(?:ing|ancy)",
        r"introduc(?:e|ed|ing) .{0,40}system",
        r"experience-sharing",
        r"(?:gave|give|gives|giving|delivered) (?:a |an |the )?(?:\w+ ){0,2}lectures?",
        r"benchmark(?:ed)? seoul",
    ],
}

AGREEMENT = {
    "sister_city_agreement": [
        r"sister[- ]city agreements?",
        r"sisterhood agreements?",
        r"sister[- ]city (?:relationship )?(?:pact|accord|treaty|deal)",
        r"twinning agreements?",
    ],
    "friendship_agreement": [
        r"friendship (?:city )?agreements?",
        r"friendly (?:city|cities) agreements?",
        r"friendship treat(?:y|ies)",
        r"friendship (?:and cooperation )?pact",
        r"agreement on (?:establishing )?friendly",
    ],
    "cooperation_agreement": [
        r"agreements? on (?:exchange and )?cooperation",
        r"cooperation agreements?",
        r"agreement on exchange",
        r"collaboration (?:agreement|deal)s?",
        r"partnership agreements?",
        r"cooperation memorand\w+",
    ],
    "mou": [r"memorand(?:um|a) of understanding", r"MOUs?", r"MoUs?", r"memorand(?:um|ums|a)"],
    "letter_of_intent": [r"letters? of intent", r"LOIs?"],
    "joint_declaration": [
        r"joint (?:declaration|statement|communiqu[ée])s?",
        r"communiqu[ée]s?",
        r"declared their intention",
    ],
    "other_agreement": [r"agreements?", r"pacts?", r"accords?", r"treat(?:y|ies)", r"protocols?"],
}

RELATIONSHIP = {
    "sister": [
        r"sister[- ]cit(?:y|ies)",
        r"sister[- ]city",
        r"sisterhood",
        r"twin(?:ned)? cit(?:y|ies)",
        r"twinning",
        r"sister relationship",
        r"sister[- ]state",
        r"sister province",
    ],
    "friendship": [
        r"friendship cit(?:y|ies)",
        r"friendly cit(?:y|ies)",
        r"friendly (?:and cooperative )?(?:relations|relationship|ties)",
        r"friendship (?:relations|relationship|ties)",
        r"friendly exchange cit(?:y|ies)",
        r"friendly(?:-| and )cooperative cit(?:y|ies)",
        r"friendship and cooperation",
        r"friendship(?: and| &)? cooperat\w+ cit(?:y|ies)",
        r"sister-friendly cit(?:y|ies)",
    ],
    "partnership": [
        r"strategic partner(?:s|ship)?",
        r"partner cit(?:y|ies)",
        r"cooperative cit(?:y|ies)",
        r"partnership cit(?:y|ies)",
    ],
}

EVENTS = {
    "strained": [
        r"strained",
        r"sever(?:ed)?",
        r"suspend(?:ed)?",
        r"stagnant",
        r"frozen",
        r"deteriorat",
    ],
    "normalized": [r"normali[sz](?:e|ed|ation)", r"restor(?:e|ed)", r"resum(?:e|ed)"],
    "upgraded": [r"elevat(?:e|ed)", r"upgrad(?:e|ed)"],
    "renewed": [r"renew(?:ed)?", r"reaffirm(?:ed)?"],
    "terminated": [r"terminat(?:e|ed)", r"end(?:ed)? the sister"],
}

# Names of standing bodies that hold an event word: not events ("the Standing Committee of
# the National People's Congress", "the Congress of Local and Regional Authorities")
BODIES = (
    r"\b(?:National )?People's Congress|\bNational Congress\b|\bCongress of Deputies\b|"
    r"\b(?:Standing|Executive|Steering) Committee\b|\bCongressional\b"
)

SIGNED = (
    r"\b(?:sign(?:s|ed|ing)?|conclud(?:e|ed|ing)|concluded|forge[ds]?|entered into|inked|"
    r"clinched)\b"
)

# signed already: "They also signed a letter of intent to launch … next year"
SIGNED_PAST = r"(?<!be )(?<!been )\b(?:signed|inked|concluded|clinched|entered into)\b"

PLANNED = (
    r"\b(?:will|plans? to|planned|to be held|scheduled|is to|are to|would|upcoming|"
    r"next (?:week|month|year)|intends? to|expected to|agreed to (?:sign|become|establish)|"
    r"going to)\b"
)
CANCELLED = r"\b(?:cancel(?:l?ed)?|called off|postponed indefinitely)\b"

ROLES = {
    "chair": [
        r"chair(?:man|person|ed|s)?(?: city)?",
        r"co-chair\w*",
        r"(?:co-)?presidents?(?: city)?",
        r"(?:co-)?presidency",
        r"vice[- ]president",
    ],
    "founder": [r"found(?:ing|er|ed)"],
    "board": [r"board", r"executive committee", r"steering committee"],
    "host": [r"host(?:ed|s|ing)?", r"held in"],
    "member": [r"members?(?:hip)?", r"join(?:ed|s|ing)?", r"signator(?:y|ies)"],
}

TITLES = (
    r"Vice[- ]Mayor|Deputy Mayor|Lord Mayor|Mayor|Vice[- ]Governor|Lieutenant Governor|Governor|"
    r"Vice[- ]President|President|Ambassador|Consul[- ]General|Chairman|Chairwoman|"
    r"Chairperson|Chair|"
    r"Secretary[- ]General|Secretary|Minister|Premier|Prime Minister|Party Secretary|Speaker|"
    r"Director[- ]General|Commissioner"
)
HONORIFICS = r"(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+"

# Cooperation areas: inflections and the words press releases use besides the taxonomy's.
AREAS = {
    "safety": [r"safer?", r"disasters?", r"fire[- ]?fight\w*", r"earthquakes?", r"sinkholes?"],
    "environment": [
        r"environmental",
        r"air (?:quality|pollution)",
        r"climate change",
        r"deforestation",
        r"forests?",
        r"carbon",
        r"fine dust",
        r"pollution",
    ],
    "energy": [r"energy", r"renewables?", r"solar"],
    "transport": [
        r"transportation",
        r"transit",
        r"roads?",
        r"traffic",
        r"bus(?:es)?",
        r"railways?",
        r"metro",
    ],
    "urban_planning": [
        r"urban planning",
        r"re-?planning",
        r"infrastructure",
        r"urban regeneration",
        r"city planning",
        r"construction",
    ],
    "smart_city": [
        r"smart cit(?:y|ies)",
        r"e-government",
        r"electronic (?:card|payment)",
        r"digital",
        r"ICT",
        r"blockchain",
        r"artificial intelligence",
    ],
    "water": [
        r"water (?:supply|management|treatment|recycling)",
        r"sewage",
        r"rivers?",
        r"streams?",
    ],
    "health_welfare": [
        r"health(?:care)?",
        r"welfare",
        r"medical",
        r"hospitals?",
        r"inclusive cit(?:y|ies)",
        r"elderly",
        r"social security",
    ],
    "economy": [
        r"economic",
        r"economies",
        r"trade",
        r"investments?",
        r"business(?:es)?",
        r"financ\w*",
        r"start-?ups?",
        r"entrepreneur\w*",
        r"industr(?:y|ies|ial)",
    ],
    "tourism": [r"touris[mt]s?", r"visitors"],
    "culture": [
        r"cultural",
        r"arts?",
        r"heritage",
        r"museums?",
        r"artifacts",
        r"exhibitions?",
        r"film",
        r"music",
    ],
    "sports": [r"sports?", r"olympics?", r"athletes?"],
    "education_youth": [
        r"educational",
        r"youths?",
        r"students?",
        r"universit(?:y|ies)",
        r"lectures?",
        r"schools?",
    ],
    "social_economy": [r"social econom\w*", r"social enterprises?", r"cooperatives"],
    "peace": [r"peace\w*", r"reunification", r"inter-Korean", r"North Korea"],
    "governance": [
        r"public officials",
        r"administrative",
        r"administration",
        r"civil servants",
        r"governance",
    ],
}
