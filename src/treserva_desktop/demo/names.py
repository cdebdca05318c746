"""Data for the demo municipality: Swedish names, streets, places and phrases.

Everything here is invented or common enough to identify nobody. The town is fictional.
Phone numbers come from the series the Swedish Post and Telecom Authority (PTS) reserves for
fiction and examples, so no generated number reaches a real subscriber.
"""

from __future__ import annotations

# fmt: off
# First names common among Swedes born 1920–1960 (the persons receiving care).
WOMEN_FIRST_NAMES: tuple[str, ...] = (
    "Margareta", "Elisabeth", "Birgitta", "Kerstin", "Ingrid", "Marianne", "Gunilla", "Ulla",
    "Britt", "Inger", "Barbro", "Anna-Lisa", "Gun", "Maj-Britt", "Solveig", "Karin", "Ingegerd",
    "Siv", "Elsa", "Gunnel", "Astrid", "Greta", "Märta", "Sonja", "Rut", "Dagny", "Aina", "Signe",
    "Svea", "Ebba", "Lilian", "Eivor", "Berit", "Anita", "Christina", "Monica", "Agneta",
    "Ann-Marie", "Irma", "Vera", "Gudrun", "Elvy", "Birgit", "Majken", "Viola", "Alice", "Dagmar",
    "Hildur", "Iris", "Laila", "Lisbeth", "Maud", "Rigmor", "Yvonne", "Ester", "Göta",
)
MEN_FIRST_NAMES: tuple[str, ...] = (
    "Lars", "Karl", "Erik", "Per", "Bengt", "Sven", "Gunnar", "Rolf", "Lennart", "Bo", "Göran",
    "Kjell", "Stig", "Åke", "Olle", "Leif", "Sune", "Ingvar", "Rune", "Gösta", "Bertil", "Nils",
    "Arne", "Tage", "Harry", "Evert", "Folke", "Holger", "Ture", "Hans", "Jan", "Kurt", "Roland",
    "Tore", "Sixten", "Ragnar", "Allan", "Valter", "Birger", "Lars-Erik", "Karl-Gustav", "Yngve",
    "Einar", "Helge", "Torsten", "Sigvard", "Gustav", "Axel", "Ove", "Uno", "Elof", "Hilding",
)

# First names of the next generation (children and other relations, born 1950–1990).
RELATION_WOMEN_FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Helena", "Annika", "Susanne", "Camilla",
    "Malin", "Jenny", "Åsa", "Ulrika", "Johanna", "Linda", "Therese", "Petra", "Carina", "Pia",
)
RELATION_MEN_FIRST_NAMES: tuple[str, ...] = (
    "Peter", "Anders", "Mikael", "Johan", "Magnus", "Fredrik", "Daniel", "Stefan", "Thomas",
    "Mats", "Martin", "Jonas", "Henrik", "Niklas", "Patrik", "Ulf", "Tomas", "Jörgen", "Håkan",
)

LAST_NAMES: tuple[str, ...] = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist",
    "Lindgren", "Axelsson", "Berg", "Bergström", "Lundberg", "Lundgren", "Lund", "Mattsson",
    "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin",
    "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson",
    "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg",
    "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström",
    "Mårtensson", "Lundström", "Viklund", "Björklund", "Eliasson", "Pålsson", "Berggren",
    "Sandström", "Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg",
    "Hedlund", "Dahlberg", "Hellström", "Sjögren", "Abrahamsson", "Falk", "Öberg", "Andreasson",
    "Blom", "Ek", "Månsson", "Strand", "Åkesson", "Hedberg", "Wiklund", "Sjöstrand", "Lindholm",
)

# Streets of the fictional town Storköping.
STREETS: tuple[str, ...] = (
    "Storgatan", "Kyrkogatan", "Drottninggatan", "Järnvägsgatan", "Skolgatan", "Tullgatan",
    "Ågatan", "Hamngatan", "Nygatan", "Östra Långgatan", "Västra vägen", "Björkvägen",
    "Lindvägen", "Ekvägen", "Granvägen", "Tallvägen", "Rönnvägen", "Lönnvägen", "Almvägen",
    "Aspvägen", "Syrenvägen", "Ängsvägen", "Solrosvägen", "Klövervägen", "Blåklocksvägen",
    "Prästgårdsgatan", "Mästargatan", "Smedjegatan", "Kvarngatan", "Slottsgatan", "Parkvägen",
    "Sjövägen", "Strandvägen", "Backgatan", "Bergsgatan", "Åsgatan", "Gästgivaregatan",
    "Linnégatan", "Vallgatan", "Hagagatan",
)

# fmt: on

# The municipality's own town: every person lives here (postal codes "582 xx"–"587 xx").
TOWN = "Storköping"
TOWN_POSTAL_PREFIXES: tuple[str, ...] = ("582", "583", "584", "585", "586", "587")

# Where relations live: the town itself, or a (fictional) place elsewhere.
RELATION_PLACES: tuple[tuple[str, str], ...] = (
    (TOWN, "582"),
    (TOWN, "585"),
    ("Norrtuna", "591"),
    ("Västerby", "614"),
    ("Sjöhamra", "736"),
    ("Ekeberga", "247"),
    ("Lillåsen", "826"),
)

# PTS numbers for fiction: 070-174 06 05…99, 031-390 06 00…99, 040-628 04 00…99,
# 08-465 004 00…99.
MOBILE_PREFIX = "070-174 06"
MOBILE_RANGE = (5, 99)
LANDLINE_PREFIXES: tuple[str, ...] = ("031-390 06", "040-628 04")
UNIT_PHONE_PREFIX = "08-465 004"

# Goals of an assignment, per business area (keyed by the BusinessArea value).
GOALS: dict[str, tuple[str, ...]] = {
    "home_care": (
        "Kunna bo kvar i sitt hem med stöd i vardagen.",
        "Känna sig trygg i hemmet dygnet runt.",
        "Bibehålla förmågan att klä sig och sköta sin hygien med visst stöd.",
        "Få regelbundna och näringsriktiga måltider.",
        "Bryta isolering och få social samvaro minst en gång i veckan.",
        "Komma ut på promenad när vädret tillåter.",
        "Ha ett rent och fungerande hem.",
        "Få hjälp att ta sina läkemedel i rätt tid.",
        "Avlasta närstående som vårdar.",
    ),
    "nursing_home": (
        "Få en trygg och meningsfull vardag i en boendemiljö med personal dygnet runt.",
        "Bibehålla sina förmågor och få vara delaktig i vardagens sysslor.",
        "Få möjlighet till utevistelse och aktiviteter efter eget intresse.",
        "Ha fortsatt kontakt med närstående och sitt sociala nätverk.",
    ),
    "short_term": (
        "Återhämta sig efter sjukhusvistelse inför återgång till det egna hemmet.",
        "Få stöd och träning så att hemgång kan ske på ett tryggt sätt.",
        "Avlasta närstående som vårdar i hemmet.",
    ),
}

# Short descriptions per intervention type code, shown with the granted intervention.
INTERVENTION_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "personal_care": (
        "Hjälp med morgon- och kvällsrutiner.",
        "Stöd vid personlig hygien och av- och påklädning.",
        "Hjälp vid måltider och toalettbesök.",
        "Tillsyn och hjälp vid förflyttning.",
    ),
    "service": (
        "Städning varannan vecka.",
        "Inköp en gång i veckan.",
        "Tvätt och städning.",
    ),
    "safety_alarm": ("Trygghetslarm med larmknapp.",),
    "meal_delivery": ("Kylda matlådor levereras två gånger i veckan.",),
    "escort": ("Ledsagning till vårdbesök och ärenden.",),
    "relief": ("Avlösning i hemmet för make/maka.",),
    "day_activity": ("Dagverksamhet två dagar i veckan.",),
    "special_housing": ("Permanent plats i särskilt boende.",),
    "short_term_stay": ("Korttidsvistelse efter sjukhusvistelse.",),
    "respite_care": ("Växelvård två veckor i månaden.",),
}

END_REASONS: tuple[str, ...] = ("Avliden", "Flyttat", "Beslut upphört")
