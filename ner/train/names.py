"""Held-out name material for the synthetic training sentences, written for this project.

None of these lists is used for matching: they only fill templates, so that the model learns
what the context of a name looks like rather than a list of names. Person names are common
Dutch first names and surnames combined at random (no real person is meant); company, NGO,
agency and system names are invented from parts.
"""

FIRST_NAMES = """
Anna Bram Carlijn Daan Eline Floor Gijs Hanneke Ilse Joost Karin Lars Maaike Niels Olga Pieter
Quinten Roos Sander Tamara Ugo Vera Wouter Xandra Yvonne Zeger Anouk Bas Chantal Dirk Esther Frank
Gerda Hugo Inge Jeroen Kim Lotte Martijn Nadia Oscar Petra Rik Sanne Thijs Ursula Vincent Wendy
Yasmina Mohamed Fatima Ahmed Samira Mehmet Ayşe Emre Priya Rajesh Jorien Hidde Marloes Sietse
Tjeerd Geertje Jan-Willem Anne-Marie Pim Femke Menno Ineke Rutger Willemijn Stijn Liesbeth
""".split()

SURNAMES = """
Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Kok Jacobs
Vermeulen Schouten Willems Hoekstra Koster Prins Huisman Kuipers Veenstra Wolters Postma Timmermans
Groen Lammers Kramer Verbeek Scholten Hermans Sanders Evers Zwart Haverkamp Kroon Blom Sluiter
Terpstra Wiersma Kalkman Oudshoorn Hooghiemstra Driessen Rutten Claassen Boersma Yılmaz Demir
Benali Tahiri Öztürk Ramdin Soekhoe Nijenhuis Stapel Brinkman Roozendaal Jongsma
Keuning Oosterhuis Groeneveld Verhoef Wijnands Lubbers Elzinga Wagenaar Spijkerman Bruinsma
""".split() + ["El Idrissi"]

# tussenvoegsels written before a surname (lower case after a first name, capitalised without one)
PARTICLES = ["de", "van", "van der", "van den", "van de", "ter", "ten", "in 't", "de la", "op den"]
PARTICLE_SURNAMES = """
Wit Jong Groot Boer Graaf Heuvel Berg Linden Meer Veen Laan Horst Brink Haar Velde Leeuw
Beek Pol Maat Hoeven Steeg Wal Kamp Bosch Kolk Hart Ruiter Bruijn Zanden Dam
""".split()

COMPANY_STEMS = """
Nordhaven Veldstra Aquila Borealis Kestrel Merwede Halcyon Stellion Zuidkaap Orvano Tervex
Brandt Keizersmid Ijzerman Valkenburg Dravon Novareth Castellum Hollandia Radiant Polder
Arctis Vireon Meridian Sentrix Ostara Thalos Lunagate Corvan Altamira Ravelijn
""".split()
COMPANY_TAILS = """
Defence Aerospace Technologies Systems Dynamics Optronics Industries Electronics Group
Maritime Munitions Robotics Analytics Engineering Avionics Security Solutions
""".split()
COMPANY_FORMS = ["B.V.", "N.V.", "GmbH", "Ltd", "Inc.", "AG", "S.A."]

NGO_STEMS = """
Vredeswerk Wapenhandel Burgerrechten Oorlogsslachtoffers Ontwapening Mensenrechten Vluchtelingen
Persvrijheid Kindersoldaten Conflictpreventie Wederopbouw Noodhulp
""".split()
NGO_FORMS = ["Stichting {}", "Platform {}", "Comité {}", "Vereniging voor {}", "Centrum voor {}", "Netwerk {}",
             "{} Nederland", "{}fonds", "{}beweging", "Coalitie tegen {}"]
NGO_ENGLISH = ["{} Watch", "{} International", "{} Now", "{} Alliance", "{} Monitor", "{} Without Borders"]
NGO_ENGLISH_STEMS = ["Arms", "Peace", "Conflict", "Civilian", "Justice", "Rights", "Refugee", "Border", "Truth"]

AGENCY_FORMS = [
    "Dienst {}", "Bureau {}", "Agentschap {}", "Inspectie {}", "Rijksdienst voor {}", "Directie {}",
    "Commissie {}", "Autoriteit {}", "Raad voor {}", "Expertisecentrum {}", "Kenniscentrum {}",
]
AGENCY_TOPICS = """
Exportcontrole Strategische Goederen Materieelbeheer Defensie-innovatie Luchtvaartveiligheid
Cyberveiligheid Grensbewaking Sanctietoezicht Dual-use Goederen Wapenbeheersing Inlichtingentoezicht
Maritieme Zaken Crisisbeheersing Vastgoed Defensie Operationele Logistiek
""".split()
INTERNATIONAL_FORMS = [
    "Internationaal {} Agentschap", "Europees {} Centrum", "{} Coördinatiebureau", "Verenigde {} Organisatie",
    "International {} Agency", "European {} Office", "Joint {} Command", "{} Support Group",
]
INTERNATIONAL_STEMS = ["Defensie", "Veiligheids", "Munitie", "Ruimtevaart", "Vredes", "Atoom", "Maritiem", "Logistiek"]
INTERNATIONAL_STEMS_EN = ["Defence", "Security", "Munitions", "Space", "Peace", "Maritime", "Logistics", "Cyber"]

SYSTEM_WORDS = """
Havik Valk Sperwer Orka Storm Bliksem Donder Speer Schild Zwaard Wervel Poolster Hermelijn Lynx
Kobra Sentinel Aegir Tyr Mjolnir Falcata Spectre Nimbus Trident Vortex Harpoen Griffioen Raaf
""".split()
SYSTEM_TAILS = ["Dome", "Shield", "Eye", "Hawk", "Strike", "Guard", "Net", "Vision", "Arrow", "Sky"]
SYSTEM_SOFTWARE = ["Smart System", "Analytics Platform", "Targeting Suite", "Battle Manager", "Command Hub"]
SYSTEM_CODE_PREFIXES = ["XR", "KV", "MT", "AZ", "TX", "HV", "RQ", "LMS", "PZ", "SK", "VX", "BK",
                        "F", "A", "C", "K", "P", "T", "J", "Z"]
SYSTEM_MARKS = ["II", "III", "IV", "NG", "Mk2", "A2", "B", "C", "ER", "Block 3"]

DEPARTMENTS = ["Defensie", "Buitenlandse Zaken", "Buitenlandse Handel en Ontwikkelingshulp", "Economische Zaken",
               "Justitie en Veiligheid", "Financiën", "Binnenlandse Zaken en Koninkrijksrelaties",
               "Algemene Zaken", "Infrastructuur en Waterstaat"]
GOODS = ["onderdelen", "munitie", "radarsystemen", "nachtzichtapparatuur", "software", "pantservoertuigen",
         "drones", "elektronica", "componenten", "reserveonderdelen", "communicatieapparatuur"]

# words that open a sentence or heading: capitalised, yet no name ("Enige lidstaten ...")
STARTERS = """
Enige Sommige Conform Globale Geldt Daarnaast Tevens Hierbij Wel Ook Bovendien Vanwege Overigens
Verder Momenteel Inmiddels Zodoende Derhalve Ten Gezien Mede Alle Veel Deze Dergelijke Nationale
Internationale Europese Militaire Precedentwerking Toelichting Samenvatting Conclusie Inleiding
Beantwoording Betreft Onderwerp Bijlage Vastgesteld Dual-use Exportcontrole
""".split()
HEADINGS = ["Vraag {n}", "Antwoord {n}", "Antwoord op vraag {n}", "{n}.", "{n}.{m}", "•", "-", "Toelichting",
            "Samenvatting", "Conclusie", "Inleiding", "Vragen en opmerkingen", "Reactie van de minister",
            "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "Hoogachtend,", "Datum {n} maart 2025", "Betreft"]

# ---- negative context: names the model must NOT tag (laws, plans, titles, publications)
# laws, regulations, treaties, plans and programmes (LAW in the contract: not a label of the model)
LAW_TOPICS = ["Strategische Goederen", "Wapenexport", "Exportcontrole", "Defensiematerieel", "Sanctiebeleid",
              "Cyberveiligheid", "Inlichtingendiensten", "Munitieproductie", "Onbemenste Systemen",
              "Defensie-industrie", "Veiligheidssamenwerking", "Dual-use Goederen", "Wapenbeheersing"]
LAW_FORMS_NL = ["Wet {}", "Besluit {}", "Regeling {}", "Verdrag inzake {}", "Actieplan {}", "Strategie voor {}",
                "Kaderbesluit {}", "Uitvoeringsregeling {}", "Beleidskader {}", "Programma {}", "Protocol inzake {}",
                "Defensie Strategie voor {}", "Europees Programma voor {}", "Nationaal Plan {}", "Visie {}"]
LAW_TOPICS_EN = ["Arms", "Export Control", "Defence Industry", "Dual-Use Items", "Munitions", "Space Security",
                 "Critical Technologies", "Human Rights", "Sanctions", "Cyber Resilience"]
LAW_FORMS_EN = ["{} Control Act", "International Traffic in {} Regulations", "{} Trade Treaty", "{} Reform Act",
                "Guiding Principles on {}", "{} Investment Plan", "{} Strategy", "{} Framework Regulation",
                "Convention on {}", "{} Industrial Programme", "Act on {}"]
# titles of documents, reports and publications, named in running text
TITLES = ["Stand van Defensie", "Defensienota", "Defensie Projectenoverzicht {y}", "Beleidsbrief Defensie",
          "Ontwerpbegroting {y}", "Jaarverslag {y}", "Staatscourant", "Staatsblad", "Handelingen",
          "Voorjaarsnota", "Miljoenennota", "Kamerbrief", "Verzamelbrief", "Jaarrapportage Wapenexportbeleid {y}",
          "Materieelprojectenoverzicht", "Defensie Industrie Strategie", "Rapportage {y}", "Publicatieblad",
          "Agenda {y}", "Coalitieakkoord", "Regeerprogramma", "Voortgangsrapportage {y}"]
# capitalised words at the start of a sentence or heading that name nothing
STARTERS += """
Afwijking Herziening Bedrijven Voorjaarsbesluitvorming Hierop Hiervan Wanneer Als Zodra Indien Nadat
Daarom Hoewel Bijvoorbeeld Uitvoer Invoer Doorvoer Levering Leveringen Aanvragen Vergunningen Pilot
Onderzoek Beleid Criteria Wetgeving Toezicht Sancties Splitsing Budget Uitgaven Ontwikkeling Investeringen
Nederlanders Oekraïners Europeanen Amerikanen Bondgenoten Partners Lidstaten Burgers
""".split()
CAPS_HEADINGS = ["AANLEIDING", "INBRENG", "BESLISPUNTEN", "KERN", "TOELICHTING", "ACHTERGROND", "INHOUDSOPGAVE",
                 "SAMENVATTING", "VRAGEN EN OPMERKINGEN VANUIT DE FRACTIES", "ALGEMEEN", "BIJLAGE"]
# multi-word English organisations (institutes, schools, centres) and companies named after a region
EN_ORG_FORMS = ["{city} School of {field}", "{city} Institute for {field}", "Centre for {field} Studies",
                "{city} Centre for {field}", "Institute for {field} and Security", "{city} {field} Forum",
                "{city} University of {field}", "Foundation for {field}", "{field} Research Institute",
                "{city} Council on {field}"]
EN_ORG_CITIES = ["Kyiv", "Riga", "Tallinn", "Lviv", "Geneva", "Oslo", "Vienna", "Brussels", "Warsaw", "Stockholm",
                 "Hamburg", "Aarhus", "Ghent", "Leiden", "Delft", "Tilburg"]
EN_ORG_FIELDS = ["Economics", "Strategic Studies", "International Affairs", "Conflict Studies", "Peace Research",
                 "Security Policy", "Defence Studies", "Public Policy", "Arms Control", "Technology"]
REGIONS = ["Twente", "Brabant", "Limburg", "Drenthe", "Zeeland", "Rijnmond", "Veluwe", "Friesland", "Holland",
           "Noord", "Zuid", "Benelux", "Europe", "Nordic"]
# system type words written before or after a system's name
SYSTEM_TYPES = ["luchtafweersysteem", "radarsysteem", "gevechtsvliegtuig", "fregat", "onderzeeboot", "drone",
                "pantserhouwitser", "tank", "helikopter", "raketsysteem", "munitietype", "sensorsysteem"]
