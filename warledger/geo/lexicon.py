"""Words the place-name rules read. Data only; the logic is in ``rules.py``."""

from __future__ import annotations

# a word after a name that says what kind of place it is: "Ghazni province", "Arzoo village"
DESIGNATOR_AFTER: dict[str, str] = {
    "province": "admin", "governorate": "admin", "oblast": "admin", "state": "admin", "prefecture": "admin",
    "region": "region", "territory": "region", "valley": "region", "area": "region",
    "district": "admin2", "county": "admin2", "division": "admin2", "tehsil": "admin2", "upazila": "admin2",
    "upazilla": "admin2", "raion": "admin2", "rayon": "admin2", "municipality": "admin2", "department": "admin",
    "city": "city", "town": "city", "village": "city", "township": "city", "hamlet": "city", "settlement": "city",
    "suburb": "city", "neighbourhood": "city", "neighborhood": "city", "camp": "city",
    "lga": "admin2", "woreda": "admin2", "kebele": "city", "payam": "admin2", "hromada": "admin2", "cercle": "admin2",
}

# designators used for the units of one or two countries only: "Barlekha upazila" is in Bangladesh
COUNTRY_DESIGNATORS: dict[str, frozenset[str]] = {
    "upazila": frozenset({"BD"}), "upazilla": frozenset({"BD"}), "thana": frozenset({"BD", "IN"}),
    "tehsil": frozenset({"IN", "PK"}), "taluk": frozenset({"IN"}), "taluka": frozenset({"IN"}),
    "mandal": frozenset({"IN"}), "panchayat": frozenset({"IN", "NP"}), "vdc": frozenset({"NP"}),
    "gaunpalika": frozenset({"NP"}), "nagarpalika": frozenset({"NP"}),
    "lga": frozenset({"NG"}), "woreda": frozenset({"ET"}), "kebele": frozenset({"ET"}), "payam": frozenset({"SS"}),
    "hromada": frozenset({"UA"}), "cercle": frozenset({"ML"}),
}

# a word after a name that makes it a natural feature, not a settlement: "the Konar river"
NATURAL_FEATURE_WORDS: frozenset[str] = frozenset("""
river nadi nala nullah stream creek canal lake dam reservoir hill hills mountain mountains range forest
jungle reserve sanctuary park island islands char beach
""".split())

# nouns after a demonym that make it a foreign presence, not the place: "US embassy", "a South Korean firm"
FOREIGN_PRESENCE_WORDS: frozenset[str] = frozenset("""
embassy embassies consulate consulates ambassador envoy diplomat diplomats mission dollar dollars firm firms
company companies investor investors tourist tourists national nationals citizen citizens expatriate expatriates
""".split())

# "province of Idlib", "the town of Shusha"
DESIGNATOR_BEFORE: dict[str, str] = {
    "province": "admin", "governorate": "admin", "region": "region", "state": "admin", "district": "admin2",
    "city": "city", "town": "city", "village": "city", "villages": "city", "towns": "city", "outskirts": "city",
    "suburbs": "city", "area": "region", "areas": "region", "county": "admin2", "municipality": "admin2",
    "settlement": "city", "hamlet": "city",
}

# words before a place that say an event happened there (or close by)
LOCATION_CUES: frozenset[str] = frozenset({
    "in", "near", "at", "around", "outside", "inside", "from", "to", "towards", "toward", "into", "across",
    "on", "of", "within", "between", "along", "nearby", "off", "via", "besieged", "shelled", "captured",
    "recaptured", "entered", "bombed", "struck", "attacked", "hit",
})

# "north of Kherson", "the northern outskirts of ..."
DIRECTION_WORDS: frozenset[str] = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west", "countryside", "outskirts", "vicinity", "environs", "surroundings", "suburbs",
    "coast", "shores", "parts", "km", "kilometres",
    "kilometers", "miles", "close",
})

# adjectives between a cue and a place: "in occupied Karabakh", "in the restive northwest"
PLACE_ADJECTIVES: frozenset[str] = frozenset({
    "occupied", "restive", "embattled", "besieged", "rural", "disputed", "breakaway", "rebel-held",
    "government-held", "regime-held", "opposition-held", "militant-held", "nearby", "neighbouring", "neighboring",
    "volatile", "war-torn", "separatist", "contested", "remote", "border", "frontline", "front-line", "coastal",
    "mountainous", "southeastern", "northeastern", "southwestern", "northwestern", "greater", "downtown",
})

# connectors inside a multi-word name: "Democratic Republic of Congo", "Dera Ismail Khan", "Rio de Janeiro"
# (Persian and Urdu names join with the ezafe "e"/"i": "Kut e Abdollah", "Dera i Ismail")
CONNECTORS: frozenset[str] = frozenset({"of", "de", "del", "da", "do", "dos", "das", "la", "le", "el", "al", "du",
                                        "des", "bin", "ibn", "upon", "on", "am", "an", "sur", "e", "i"})

# verbs after a capital that make it stand for its government: "Baku said", "Moscow denied"
SPEECH_VERBS: frozenset[str] = frozenset({
    "said", "says", "say", "announced", "announces", "claimed", "claims", "called", "calls", "accused", "accuses",
    "denied", "denies", "reported", "reports", "warned", "warns", "insisted", "insists", "stated", "states",
    "blamed", "blames", "condemned", "condemns", "rejected", "rejects", "urged", "urges", "demanded", "demands",
    "responded", "responds", "confirmed", "confirms", "vowed", "vows", "threatened", "threatens", "signed",
    "agreed", "agrees", "sent", "sends", "wants", "wanted", "believes", "argued", "argues", "dismissed",
})

# capitalised words that never start or continue a place name: function words, days, months, titles
RUN_BREAKERS: frozenset[str] = frozenset("""
a an the this that these those there their they he she it its his her we our you i on in at of for by with from
to and or but as after before during since while when where who what which how why if so also than then until
about above across against along among around behind below beneath beside between beyond despite down inside
into near outside over through throughout toward towards under upon within without according meanwhile however
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday tomorrow mr mrs ms dr
""".split())

# capitalised words that are never a place on their own in news prose (some are also names of tiny
# villages somewhere); a candidate name equal to one of these is not looked up
NOT_PLACES: frozenset[str] = RUN_BREAKERS | frozenset("""
morning evening night week month year president prime minister ministry defence defense interior foreign army
police military forces force troops soldiers militants rebels government officials official spokesman
spokeswoman spokesperson general colonel major captain lieutenant sergeant commander chief head leader leaders
secretary council committee commission agency agencies office department party parties movement front union
league group organization organisation republic kingdom state states federation national international
united nations un security human rights watch amnesty red cross crescent doctors reuters afp ap associated
press bbc cnn news tv radio times post daily world online sources source local residents witnesses
islamic islamist jihadist jihadists taliban isis isil daesh hamas hezbollah houthi houthis kurdish kurds arab
arabs sunni shia shiite muslim muslims christian christians hindu hindus buddhist jewish catholic
civilians civilian women children men people villagers protesters protestors students workers farmers
fighting clashes clash attack attacks violence shelling strike strikes airstrike airstrikes explosion
bomb bombing blast killed wounded injured dead death deaths casualties fatalities no one two three four
five six seven eight nine ten several some many dozens hundreds thousands
geo precision size coded coding unknown unidentified unnamed armed gunmen assailants mob mobs
communal militia militias supporters activists activist cadres congress bjp tmc cpi cpm awami bnp
kilometres kilometers km miles north south east west northern southern eastern western central northeast
northwest southeast southwest upper lower greater new old saint st mount lake river city town village
district province region state county area street road highway bridge airport base market hospital
university company bank mosque church school square college camp prison station port
molotov ramadan eid christmas easter coronavirus covid lockdown day most law chamber act centre center border
power forest parliament assembly court high press club union front line control hall capital heritage normal
grants confederation paramount lat long jan feb mar apr jun jul aug sep sept oct nov dec rab al el
""".split())

# a name followed by one of these words names a street, not the place ("Anna Road", "Carter Road")
STREET_WORDS: frozenset[str] = frozenset("""
road street avenue highway bridge lane marg chowk square link expressway bypass
""".split())

# organisations and agreements named after a town they are not in: "OSCE Minsk Group", "Astana process"
NAMESAKE_WORDS: frozenset[str] = frozenset("""
group process agreement agreements accord accords protocol protocols format declaration initiative platform
treaty convention formula talks plan
""".split())

# institutions named after the town they stand in: "Hyderabad Press Club", "Multan Electric Power Company"
INSTITUTION_WORDS: frozenset[str] = frozenset("""
club pressclub university college school hospital market bazaar corporation company authority board council committee
association society union federation chamber office secretariat court station airport stadium mosque church
temple gurdwara prison jail
""".split())

# nouns after a country name that make it an adjective ("US dollar", "Turkey forces"), not a place
ADJECTIVAL_NOUNS: frozenset[str] = frozenset("""
dollar dollars embassy consulate forces troops army military government officials authorities president
ambassador sanctions citizens nationals national envoy delegation minister ministry navy air airforce
backed based led made
""".split())

# words that make a capitalised run the name of a body, road or office standing in a place: a first-level
# area or big town inside such a name says where ("Rajasthan Teachers' Union", "Karachi Bar Association",
# "Commissioner Peshawar", "Dhaka-Aricha Highway"); South Asian bodies often use Hindi/Urdu words
ORGANISATION_WORDS: frozenset[str] = INSTITUTION_WORDS | STREET_WORDS | frozenset("""
party front league movement alliance forum federation union unions association associations sangh sangha
samiti sabha andolan aandolan morcha manch parishad sena dal mahaz tehreek tehrik ittehad jamaat jamiat
council committee commission board corporation assembly police constabulary rangers rifles regiment brigade
battalion corps force forces army directorate department ministry institute academy polytechnic
university college school madrasa hospital bar bazaar market mandi chamber club press commissioner
collector collectorate governor mayor magistrate minister cm chief secretariat cantonment employees workers teachers
students traders farmers lawyers doctors nurses transporters welfare cooperative society trust foundation
division zone sector railway railways metro bus airport airlines motorway route canal
facility plant refinery mill mills factory mine mines port dockyard project
""".split())
