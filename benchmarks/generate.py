#!/usr/bin/env python3
"""Generate a synthetic, valid sscorpus corpus for benchmarks.

    python benchmarks/generate.py ROOT --documents N --annotations M [--seed S]

writes, under ROOT:

- ``texts/<doc>.txt``: N policy-prose texts of 15,000-25,000 characters, made
  by sampling and shuffling sentences and paragraphs of the two real texts
  (texts/ of this repository) with the names of states, people,
  institutions and some principles replaced per document, and laid out as
  the real ones are: long one-line paragraphs, blank lines, ``---`` rules,
  ``##`` headings, page breaks inside sentences, a boxed list that
  interrupts a sentence, endnotes and references;
- ``texts/catalog.yaml``: the documents with checksums, lengths and provenance;
- ``annotations/registry.yaml``: a shared registry of about 400 actors,
  institutions and principles;
- ``annotations/<annotator>/<doc>.yaml``: one file per document with M
  annotations: ~40% mentions (names as they stand in the text), ~40%
  claims (sentences or clauses, 1-3 links each), ~20% evidence (supporting
  1-2 claims). A quote that occurs more than once gets the ``occurrence``
  that selects the intended place; a few spans come in ``pieces`` (sentences
  that a page break or the box interrupts);
- ``schemas/``: a copy of the repository's schemas.

The output depends only on the arguments (same seed, same bytes). The
corpus passes ``sscorpus validate --root ROOT`` with no errors; registry
entities that no document happens to name give warnings.

Only the standard library is used, so the generator does not depend on the
package it benchmarks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE_TEXTS = (REPO / "texts" / "mthembu-multilateralism.txt", REPO / "texts" / "india-us-2plus2.txt")
SCHEMAS = REPO / "schemas"
#: bump when the output for the same arguments changes (run.py reuses corpora by it)
GENERATOR_VERSION = 3
MARKER = ".benchmark-corpus.json"

_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!”’)])\s+(?=[A-Z“‘\"(*<])")
_YEAR_CITATION = re.compile(r"\([A-Z][^()]*?, (?:19|20)\d\d\)")

# --------------------------------------------------------------------------
# Names: the pools the registry is made of
# --------------------------------------------------------------------------

COUNTRIES: list[tuple[str, str, str]] = [
    # name, ISO 3166-1 alpha-2, region
    ("Algeria", "DZ", "africa"),
    ("Angola", "AO", "africa"),
    ("Benin", "BJ", "africa"),
    ("Botswana", "BW", "africa"),
    ("Burkina Faso", "BF", "africa"),
    ("Burundi", "BI", "africa"),
    ("Cameroon", "CM", "africa"),
    ("Cabo Verde", "CV", "africa"),
    ("Chad", "TD", "africa"),
    ("Comoros", "KM", "africa"),
    ("Djibouti", "DJ", "africa"),
    ("Egypt", "EG", "africa"),
    ("Eritrea", "ER", "africa"),
    ("Eswatini", "SZ", "africa"),
    ("Ethiopia", "ET", "africa"),
    ("Gabon", "GA", "africa"),
    ("Gambia", "GM", "africa"),
    ("Ghana", "GH", "africa"),
    ("Kenya", "KE", "africa"),
    ("Lesotho", "LS", "africa"),
    ("Liberia", "LR", "africa"),
    ("Libya", "LY", "africa"),
    ("Madagascar", "MG", "africa"),
    ("Malawi", "MW", "africa"),
    ("Mali", "ML", "africa"),
    ("Mauritania", "MR", "africa"),
    ("Mauritius", "MU", "africa"),
    ("Morocco", "MA", "africa"),
    ("Mozambique", "MZ", "africa"),
    ("Namibia", "NA", "africa"),
    ("Nigeria", "NG", "africa"),
    ("Rwanda", "RW", "africa"),
    ("Senegal", "SN", "africa"),
    ("Seychelles", "SC", "africa"),
    ("Sierra Leone", "SL", "africa"),
    ("Somalia", "SO", "africa"),
    ("South Africa", "ZA", "africa"),
    ("Tanzania", "TZ", "africa"),
    ("Togo", "TG", "africa"),
    ("Tunisia", "TN", "africa"),
    ("Uganda", "UG", "africa"),
    ("Zambia", "ZM", "africa"),
    ("Zimbabwe", "ZW", "africa"),
    ("Afghanistan", "AF", "asia"),
    ("Bangladesh", "BD", "asia"),
    ("Bhutan", "BT", "asia"),
    ("Brunei", "BN", "asia"),
    ("Cambodia", "KH", "asia"),
    ("China", "CN", "asia"),
    ("India", "IN", "asia"),
    ("Indonesia", "ID", "asia"),
    ("Iran", "IR", "asia"),
    ("Iraq", "IQ", "asia"),
    ("Japan", "JP", "asia"),
    ("Jordan", "JO", "asia"),
    ("Kazakhstan", "KZ", "asia"),
    ("Kuwait", "KW", "asia"),
    ("Kyrgyzstan", "KG", "asia"),
    ("Laos", "LA", "asia"),
    ("Lebanon", "LB", "asia"),
    ("Malaysia", "MY", "asia"),
    ("Maldives", "MV", "asia"),
    ("Mongolia", "MN", "asia"),
    ("Myanmar", "MM", "asia"),
    ("Nepal", "NP", "asia"),
    ("Oman", "OM", "asia"),
    ("Pakistan", "PK", "asia"),
    ("Philippines", "PH", "asia"),
    ("Qatar", "QA", "asia"),
    ("Saudi Arabia", "SA", "asia"),
    ("Singapore", "SG", "asia"),
    ("Sri Lanka", "LK", "asia"),
    ("Syria", "SY", "asia"),
    ("Tajikistan", "TJ", "asia"),
    ("Thailand", "TH", "asia"),
    ("Timor-Leste", "TL", "asia"),
    ("Turkmenistan", "TM", "asia"),
    ("Uzbekistan", "UZ", "asia"),
    ("Viet Nam", "VN", "asia"),
    ("Yemen", "YE", "asia"),
    ("Argentina", "AR", "americas"),
    ("Bolivia", "BO", "americas"),
    ("Brazil", "BR", "americas"),
    ("Canada", "CA", "americas"),
    ("Chile", "CL", "americas"),
    ("Colombia", "CO", "americas"),
    ("Costa Rica", "CR", "americas"),
    ("Cuba", "CU", "americas"),
    ("Ecuador", "EC", "americas"),
    ("El Salvador", "SV", "americas"),
    ("Guatemala", "GT", "americas"),
    ("Guyana", "GY", "americas"),
    ("Haiti", "HT", "americas"),
    ("Honduras", "HN", "americas"),
    ("Jamaica", "JM", "americas"),
    ("Mexico", "MX", "americas"),
    ("Nicaragua", "NI", "americas"),
    ("Panama", "PA", "americas"),
    ("Paraguay", "PY", "americas"),
    ("Peru", "PE", "americas"),
    ("Suriname", "SR", "americas"),
    ("Trinidad and Tobago", "TT", "americas"),
    ("United States", "US", "americas"),
    ("Uruguay", "UY", "americas"),
    ("Venezuela", "VE", "americas"),
    ("Austria", "AT", "europe"),
    ("Belgium", "BE", "europe"),
    ("Bulgaria", "BG", "europe"),
    ("Croatia", "HR", "europe"),
    ("Czechia", "CZ", "europe"),
    ("Denmark", "DK", "europe"),
    ("Estonia", "EE", "europe"),
    ("Finland", "FI", "europe"),
    ("France", "FR", "europe"),
    ("Germany", "DE", "europe"),
    ("Greece", "GR", "europe"),
    ("Hungary", "HU", "europe"),
    ("Iceland", "IS", "europe"),
    ("Ireland", "IE", "europe"),
    ("Italy", "IT", "europe"),
    ("Latvia", "LV", "europe"),
    ("Lithuania", "LT", "europe"),
    ("Luxembourg", "LU", "europe"),
    ("Malta", "MT", "europe"),
    ("Netherlands", "NL", "europe"),
    ("Norway", "NO", "europe"),
    ("Poland", "PL", "europe"),
    ("Portugal", "PT", "europe"),
    ("Romania", "RO", "europe"),
    ("Russia", "RU", "europe"),
    ("Serbia", "RS", "europe"),
    ("Slovakia", "SK", "europe"),
    ("Slovenia", "SI", "europe"),
    ("Spain", "ES", "europe"),
    ("Sweden", "SE", "europe"),
    ("Switzerland", "CH", "europe"),
    ("Türkiye", "TR", "europe"),
    ("Ukraine", "UA", "europe"),
    ("United Kingdom", "GB", "europe"),
    ("Australia", "AU", "oceania"),
    ("Fiji", "FJ", "oceania"),
    ("New Zealand", "NZ", "oceania"),
    ("Samoa", "WS", "oceania"),
    ("Tonga", "TO", "oceania"),
    ("Vanuatu", "VU", "oceania"),
]

FIRST_NAMES = [
    "Amara",
    "Thabo",
    "Priya",
    "Luis",
    "Mei",
    "Kwame",
    "Fatima",
    "Olusegun",
    "Ana",
    "Rahul",
    "Nomvula",
    "Carlos",
    "Aisha",
    "Dmitri",
    "Leila",
    "Joseph",
    "Sipho",
    "Lucia",
    "Tariq",
    "Grace",
    "Mateus",
    "Yuki",
    "Ngozi",
    "Arjun",
    "Chen",
    "Sofia",
    "Kofi",
    "Ines",
    "Rashid",
    "Zanele",
]
LAST_NAMES = [
    "Okonkwo",
    "Ndlovu",
    "Raghavan",
    "Mendoza",
    "Zhao",
    "Mensah",
    "Haddad",
    "Adeyemi",
    "Ferreira",
    "Kapoor",
    "Dlamini",
    "Villalobos",
    "Abubakar",
    "Volkov",
    "Karimi",
    "Mwangi",
    "Khumalo",
    "Castellanos",
    "Qureshi",
    "Achieng",
    "Barbosa",
    "Tanaka",
    "Eze",
    "Menon",
    "Liang",
    "Marquez",
    "Boateng",
    "Carvalho",
    "Nasser",
    "Mabuza",
    "Osei",
    "Pillai",
    "Cardenas",
    "Wekesa",
    "Sithole",
    "Banerjee",
    "Quispe",
    "Ogunleye",
    "Tshabalala",
    "Iyer",
    "Huang",
    "Salazar",
    "Diallo",
    "Kamau",
    "Moyo",
    "Chaudhry",
    "Rojas",
    "Owusu",
    "Naidoo",
    "Bhattacharya",
    "Santos",
    "Gueye",
    "Odhiambo",
    "Zuma",
    "Deshpande",
    "Fonseca",
    "Traore",
    "Chikwanha",
    "Reddy",
    "Almeida",
    "Toure",
    "Njoroge",
    "Mokoena",
    "Subramanian",
    "Vargas",
    "Sesay",
    "Mutasa",
    "Krishnan",
    "Paredes",
    "Bello",
    "Makgoba",
    "Venkataraman",
    "Guerrero",
    "Coulibaly",
    "Kariuki",
    "Molefe",
    "Srinivasan",
    "Figueroa",
    "Keita",
    "Otieno",
]
ROLES = [
    "scholar of international relations",
    "Joint Secretary, Ministry of Foreign Affairs",
    "Assistant Secretary for Multilateral Affairs",
    "Principal Deputy Assistant Secretary",
    "Executive Director of a foreign policy think tank",
    "senior research fellow",
    "Deputy Minister of International Relations",
    "columnist",
    "Director-General for Economic Diplomacy",
    "Head of the Development Cooperation Agency",
]
AFFILIATIONS = [
    "Institute for Global Dialogue",
    "Centre for Policy Research",
    "Southern Policy Institute",
    "Institute of Development Studies",
    "Research and Information System for Developing Countries",
    "Centre for International Governance",
    "South Centre",
    "Observer Research Foundation",
]

#: generated institutions: (name, acronym or None, kind, scope)
INSTITUTION_PATTERNS = [
    ("{region} Development Bank", "{R}DB", "development-bank", "regional"),
    ("{region} Trade Forum", "{R}TF", "forum", "regional"),
    ("{region} Cooperation Council", "{R}CC", "organisation", "regional"),
    ("{region} Infrastructure Fund", "{R}IF", "development-bank", "regional"),
    ("{city} Summit", None, "summit", "plurilateral"),
    ("{city} Declaration on South-South Cooperation", None, "treaty", "plurilateral"),
    ("{city} Conference on Development Finance", None, "conference", "global"),
    ("{city} Dialogue on Maritime Security", None, "dialogue", "bilateral"),
    ("{city} Partnership Agreement", "{C}PA", "treaty", "plurilateral"),
]
REGIONS = [
    ("Southern African", "SA"),
    ("West African", "WA"),
    ("East African", "EA"),
    ("Andean", "AN"),
    ("Caribbean", "CB"),
    ("South Asian", "SAS"),
    ("Central Asian", "CAS"),
    ("Pacific", "PC"),
    ("Mekong", "MK"),
    ("Sahel", "SH"),
    ("Gulf", "GC"),
    ("Indian Ocean", "IO"),
]
CITIES = [
    ("Bandung", "BA"),
    ("Buenos Aires", "BU"),
    ("Nairobi", "NR"),
    ("Brasilia", "BS"),
    ("Jakarta", "JK"),
    ("Addis Ababa", "AD"),
    ("Doha", "DO"),
    ("Havana", "HV"),
    ("Colombo", "CO"),
    ("Durban", "DU"),
    ("Lima", "LI"),
    ("Dakar", "DK"),
    ("Manila", "MN"),
    ("Accra", "AC"),
    ("Cairo", "CA"),
    ("Kigali", "KG"),
    ("Tashkent", "TA"),
    ("Montevideo", "MO"),
    ("Suva", "SU"),
    ("Lusaka", "LU"),
]
REAL_INSTITUTIONS = [
    # id, name, acronym, kind, founded, scope
    ("wto", "World Trade Organization", "WTO", "organisation", 1995, "global"),
    (
        "trips-agreement",
        "Agreement on Trade-Related Aspects of Intellectual Property Rights",
        "TRIPS",
        "treaty",
        1994,
        "global",
    ),
    ("new-development-bank", "New Development Bank", "NDB", "development-bank", 2014, "plurilateral"),
    ("aiib", "Asian Infrastructure Investment Bank", "AIIB", "development-bank", 2016, "global"),
    ("sco", "Shanghai Cooperation Organisation", "SCO", "organisation", 2001, "regional"),
    ("ibsa", "IBSA Dialogue Forum", "IBSA", "forum", 2003, "plurilateral"),
    ("brics", "BRICS", "BRICS", "forum", 2009, "plurilateral"),
    ("nam", "Non-Aligned Movement", "NAM", "grouping", 1961, "plurilateral"),
    ("g77", "Group of 77", "G77", "grouping", 1964, "plurilateral"),
    ("unctad", "United Nations Conference on Trade and Development", "UNCTAD", "organisation", 1964, "global"),
    ("african-union", "African Union", "AU", "organisation", 2002, "regional"),
    ("asean", "Association of Southeast Asian Nations", "ASEAN", "organisation", 1967, "regional"),
    ("mercosur", "Southern Common Market", "MERCOSUR", "organisation", 1991, "regional"),
    ("saarc", "South Asian Association for Regional Cooperation", "SAARC", "organisation", 1985, "regional"),
    ("ecowas", "Economic Community of West African States", "ECOWAS", "organisation", 1975, "regional"),
    ("sadc", "Southern African Development Community", "SADC", "organisation", 1992, "regional"),
    ("unossc", "United Nations Office for South-South Cooperation", "UNOSSC", "organisation", 1974, "global"),
    ("focac", "Forum on China-Africa Cooperation", "FOCAC", "forum", 2000, "plurilateral"),
]

#: principles: id, label, definition; the first eleven keep their names in the texts
PRINCIPLES = [
    ("multilateralism", "multilateralism", "Cooperation among many states through shared institutions and rules."),
    (
        "diffuse-reciprocity",
        "diffuse reciprocity",
        "Doing things with and for others without demanding an immediate payback.",
    ),
    (
        "specific-reciprocity",
        "specific reciprocity",
        "An exchange based on immediate equivalence of values in a strictly delimited sequence.",
    ),
    ("self-reliance", "self-reliance", "The capacity of developing countries to meet their own needs."),
    ("nationalism", "nationalism", "Putting narrow national interests before international cooperation."),
    ("conditionality", "conditionality", "Attaching policy conditions to development cooperation."),
    ("mutual-interest", "mutual interests", "Cooperation grounded in interests that the partners share."),
    ("policy-space", "policy space", "The freedom of a state to choose its own economic policies."),
    ("mutual-respect", "mutual respect", "Respect for the right of every country to choose its own path."),
    ("mutual-benefit", "mutual benefit", "Cooperation arranged so that every partner gains from it."),
    ("solidarity", "solidarity", "Standing together with other developing countries as partners."),
    ("non-interference", "non-interference", "Not meddling in the internal affairs of other states."),
    ("sovereign-equality", "sovereign equality", "Every state has the same rights whatever its size."),
    ("national-ownership", "national ownership", "The recipient country leads its own development."),
    ("horizontal-cooperation", "horizontal cooperation", "Cooperation among equals rather than donor and recipient."),
    ("demand-driven-cooperation", "demand-driven cooperation", "Cooperation that answers requests of partners."),
    ("untied-aid", "untied aid", "Aid that does not oblige the recipient to buy from the giver."),
    ("equitable-access", "equitable access", "Fair access to trade, investment and technology."),
    (
        "common-but-differentiated",
        "common but differentiated responsibilities",
        "Shared duties that weigh according to capacity and history.",
    ),
    ("win-win-cooperation", "win-win cooperation", "Cooperation in which both partners gain."),
    ("collective-bargaining", "collective bargaining power", "Negotiating together to weigh more than alone."),
    ("technology-transfer", "technology transfer", "Sharing technology and know-how between partners."),
    ("debt-sustainability", "debt sustainability", "Borrowing only what can be repaid without crisis."),
    ("inclusive-governance", "inclusive governance", "Institutions in which all states have a voice."),
    ("triangular-cooperation", "triangular cooperation", "Cooperation of two Southern partners with a third."),
    ("peer-learning", "peer learning", "Partners learning from one another's experience."),
    ("open-regionalism", "open regionalism", "Regional integration that stays open to the world."),
    ("developmental-state", "developmental state", "A state that leads and directs economic development."),
    ("multipolarity", "multipolarity", "A world order with several centres of power."),
    ("strategic-autonomy", "strategic autonomy", "Freedom to choose partners and positions issue by issue."),
    (
        "south-south-cooperation",
        "South-South cooperation",
        "Cooperation among developing countries for their own development, on terms they set together.",
    ),
]
#: principle surfaces of the real texts that are replaced per document
VARIABLE_PRINCIPLES = ("policy-space", "mutual-respect", "mutual-benefit", "solidarity")

#: groups and collectives: id, name, kind, region or None, surfaces as they stand in the texts
GROUPS = [
    (
        "global-south",
        "Global South",
        "state-group",
        "global-south",
        ["Global South", "global South", "the South", "Southern countries", "countries of the South"],
    ),
    (
        "global-north",
        "Global North",
        "state-group",
        "global-north",
        ["Global North", "global North", "the North", "countries in the North", "the West"],
    ),
    (
        "southern-powers",
        "Southern powers",
        "state-group",
        "global-south",
        [
            "Southern powers",
            "leading countries of the developing world",
            "leading countries from the global South",
            "leading countries of the global South",
        ],
    ),
    (
        "developing-countries",
        "Developing countries",
        "state-group",
        "global-south",
        ["developing countries", "Developing countries", "developing world"],
    ),
    ("european-countries", "European countries", "state-group", "europe", ["European allies", "European countries"]),
    ("non-western-countries", "Non-Western countries", "state-group", None, ["non-Western countries"]),
    ("corporations", "Corporations", "corporation", None, ["corporations"]),
    ("traditional-donors", "Traditional donors", "collective", "global-north", ["traditional donors", "donors"]),
    ("aid-recipients", "Recipients of development cooperation", "collective", "global-south", ["recipients"]),
    ("think-tanks", "Think tanks", "think-tank", None, ["think tanks"]),
    ("business-community", "Business community", "civil-society", None, ["business community"]),
    ("civil-society", "Civil society", "civil-society", None, ["civil society stakeholders"]),
    (
        "institute-for-global-dialogue",
        "Institute for Global Dialogue",
        "think-tank",
        "africa",
        ["Institute for Global Dialogue"],
    ),
    (
        "rccdc",
        "Research Centre for Cooperation with Developing Countries",
        "think-tank",
        "europe",
        ["Research Centre for Cooperation with Developing Countries", "RCCDC"],
    ),
]

# Names of the real texts that each document replaces: (surface, slot, form).
# Forms: name, full ("Name (ACR)"), short (acronym, else name), last, cite ("Last, F.").
SURFACES: list[tuple[str, str, str]] = [
    ("South Africa", "state0", "name"),
    ("India", "state1", "name"),
    ("China", "state2", "name"),
    ("Russia", "state3", "name"),
    ("France", "state4", "name"),
    ("United Kingdom", "state5", "name"),
    ("Soviet Union", "state6", "name"),
    ("United States (US)", "state7", "name"),
    ("United States", "state7", "name"),
    ("the US", "state7", "name"),
    ("the United States", "state7", "name"),
    ("US", "state7", "name"),
    ("Washington", "state7", "capital"),
    ("Philani Mthembu", "person0", "full"),
    ("Mthembu, P.", "person0", "cite"),
    ("Mthembu", "person0", "last"),
    ("Robert Keohane", "person1", "full"),
    ("Keohane", "person1", "last"),
    ("Krauthammer, C.", "person2", "cite"),
    ("Krauthammer", "person2", "last"),
    ("Vani Rao", "person3", "full"),
    ("Somnath Ghosh", "person4", "full"),
    ("Ely Ratner", "person5", "full"),
    ("Ervin Massinga", "person6", "full"),
    ("World Trade Organisation (WTO)", "inst0", "full"),
    ("WTO", "inst0", "short"),
    ("TRIPS Agreement", "inst1", "name"),
    ("TRIPS", "inst1", "short"),
    ("BRICS New Development Bank", "inst2", "name"),
    ("New Development Bank of the BRICS", "inst2", "name"),
    ("Asian Infrastructure and Investment Bank (AIIB)", "inst3", "full"),
    ("Shanghai Cooperation Organisation (SCO)", "inst4", "full"),
    ("IBSA", "inst5", "short"),
    ("BRICS grouping", "inst6", "name"),
    ("BRICS", "inst6", "short"),
    ("Harare Summit", "inst7", "name"),
    ("Non-Aligned Movement", "inst8", "name"),
    ("NAM", "inst8", "short"),
    ("Group of 77", "inst9", "name"),
    ("G77", "inst9", "short"),
    ("United Nations Conference on Trade and Development", "inst10", "name"),
    ("India-US 2+2 Intersessional Dialogue", "inst11", "name"),
    ("external affairs ministry (India)", "body0", "name"),
    ("Ministry of External Affairs", "body0", "name"),
    ("Ministry of Defence", "body1", "name"),
    ("State Department", "body2", "name"),
    ("policy space", "principle-policy-space", "name"),
    ("mutual respect", "principle-mutual-respect", "name"),
    ("mutual benefit", "principle-mutual-benefit", "name"),
    ("solidarity", "principle-solidarity", "name"),
]
#: fixed surfaces: names left as they are, and the entity each names
FIXED_PRINCIPLE_SURFACES = [
    ("diffuse reciprocity", "diffuse-reciprocity"),
    ("Diffuse reciprocity", "diffuse-reciprocity"),
    ("specific reciprocity", "specific-reciprocity"),
    ("Specific reciprocity", "specific-reciprocity"),
    ("multilateralism", "multilateralism"),
    ("self-reliance", "self-reliance"),
    ("vaccine nationalism", "nationalism"),
    ("economic nationalism", "nationalism"),
    ("nationalism", "nationalism"),
    ("conditionalities", "conditionality"),
    ("mutual interests", "mutual-interest"),
    ("multipolarity", "multipolarity"),
    ("triangular cooperation", "triangular-cooperation"),
    ("South-South cooperation", "south-south-cooperation"),
    ("South-South Cooperation", "south-south-cooperation"),
    ("SSC", "south-south-cooperation"),
]

HEADINGS = [
    "Towards a More Fragmented Global Order: Assessing the Role of the Global South",
    "Will Multipolarity Favour Practices of Specific Reciprocity or Diffuse Reciprocity?",
    "Future of South-South Cooperation",
    "The Limits of Specific Reciprocity",
    "Development Finance and the New Institutions of the South",
    "Policy Space and the Reform Agenda",
    "Building Bridges Between North and South",
    "Lessons from the Pandemic",
]
TITLES = [
    "Restoring and Transforming Multilateralism: Role of South-South Cooperation",
    "{state0} and the Future of Multilateral Cooperation",
    "{inst2} and the Architecture of Southern Finance",
    "Diffuse Reciprocity in a Multipolar World: The Case of {state1}",
    "{state0}-{state7} Strategic Partnership Discussions Held in {capital}",
    "South-South Cooperation after the Pandemic: {state0}, {state1} and the {inst0}",
]
CLAIM_KINDS = ["descriptive", "causal", "evaluative", "predictive", "prescriptive"]
STANCES = ["endorses", "rejects", "neutral"]
ANNOTATORS = ["a", "b", "c"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("ü", "u")).strip("-")


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------


@dataclass
class Entity:
    id: str
    type: str  # actor, institution, principle
    data: dict[str, object]
    forms: dict[str, str] = field(default_factory=dict)


def build_registry(rng: random.Random) -> dict[str, list[Entity]]:
    """Pools of entities by slot kind: state, person, inst, body, principle, group."""
    pools: dict[str, list[Entity]] = {k: [] for k in ("state", "person", "inst", "body", "principle", "group")}
    names = [c[0] for c in COUNTRIES]
    for name, iso, region in COUNTRIES:
        if any(name != other and name in other for other in names):
            continue  # Niger in Nigeria: keep names apart
        capital = {"US": "Washington"}.get(iso, f"the capital of {name}")
        pools["state"].append(
            Entity(
                slug(name),
                "actor",
                {"id": slug(name), "name": name, "kind": "state", "country": iso, "region": region},
                {"name": name, "capital": capital},
            )
        )
    surnames = LAST_NAMES[:]
    rng.shuffle(surnames)
    for last in surnames:
        first = rng.choice(FIRST_NAMES)
        full = f"{first} {last}"
        data: dict[str, object] = {
            "id": slug(full),
            "name": full,
            "kind": "person",
            "country": rng.choice(COUNTRIES)[1],
            "role": rng.choice(ROLES),
        }
        if rng.random() < 0.6:
            data["affiliation"] = rng.choice(AFFILIATIONS)
        data["aliases"] = [last]
        pools["person"].append(
            Entity(slug(full), "actor", data, {"full": full, "last": last, "cite": f"{last}, {first[0]}."})
        )
    for eid, name, acronym, kind, founded, scope in REAL_INSTITUTIONS:
        data = {"id": eid, "name": name, "acronym": acronym, "kind": kind, "founded": founded, "scope": scope}
        pools["inst"].append(Entity(eid, "institution", data, _inst_forms(name, acronym)))
    acronyms = {e.data["acronym"] for e in pools["inst"]}
    for pattern, acr_pattern, kind, scope in INSTITUTION_PATTERNS:
        places = REGIONS if "{region}" in pattern else CITIES
        for place, code in places:
            name = pattern.format(region=place, city=place)
            acronym = acr_pattern.format(R=code, C=code) if acr_pattern else None
            if acronym in acronyms:
                acronym = None
            data = {"id": slug(name), "name": name}
            if acronym:
                acronyms.add(acronym)
                data["acronym"] = acronym
            data.update({"kind": kind, "founded": rng.randint(1955, 2021), "scope": scope})
            pools["inst"].append(Entity(slug(name), "institution", data, _inst_forms(name, acronym)))
    for state in pools["state"]:
        if rng.random() < 0.25:
            name = f"Ministry of Foreign Affairs ({state.data['name']})"
            pools["body"].append(
                Entity(
                    slug(name),
                    "actor",
                    {
                        "id": slug(name),
                        "name": name,
                        "kind": "government-body",
                        "country": state.data["country"],
                        "region": state.data["region"],
                    },
                    {"name": name},
                )
            )
    for pid, label, definition in PRINCIPLES:
        pools["principle"].append(
            Entity(pid, "principle", {"id": pid, "label": label, "definition": definition}, {"name": label})
        )
    for gid, name, kind, region, surfaces in GROUPS:
        data = {"id": gid, "name": name, "kind": kind}
        if region:
            data["region"] = region
        aliases = [s for s in surfaces if s != name]
        if aliases:
            data["aliases"] = aliases
        pools["group"].append(Entity(gid, "actor", data, {s: s for s in surfaces}))
    return pools


def _inst_forms(name: str, acronym: str | None) -> dict[str, str]:
    return {"name": name, "full": f"{name} ({acronym})" if acronym else name, "short": acronym or name}


# --------------------------------------------------------------------------
# The source material: sentences, headings, references, the box
# --------------------------------------------------------------------------


@dataclass
class Material:
    sentences: list[str]
    references: list[str]
    endnotes: list[str]
    box: list[str]


def _templatize(text: str) -> str:
    """Replace the real names by slot markers \x00slot:form\x00."""
    text = text.replace("Washington Post", "\x01")
    surfaces = sorted(SURFACES, key=lambda s: -len(s[0]))
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(s)}(?![\w])" for s, _, _ in surfaces))
    lookup = {s: (slot, form) for s, slot, form in surfaces}

    def sub(m: re.Match[str]) -> str:
        slot, form = lookup[m.group(0)]
        return f"\x00{slot}:{form}\x00"

    return pattern.sub(sub, text).replace("\x01", "Washington Post")


def load_material() -> Material:
    sentences: list[str] = []
    references: list[str] = []
    endnotes: list[str] = []
    box: list[str] = []
    for path in SOURCE_TEXTS:
        text = path.read_text(encoding="utf-8")
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        paragraphs: list[str] = []
        section = "body"
        for block in blocks:
            if block.startswith("### Endnotes"):
                section = "endnotes"
                continue
            if block.startswith("## References"):
                section = "references"
                continue
            if block.startswith(("#", "---", "*", "\\*", "“", "Source:")):
                continue
            if block.startswith("<b>"):
                box = block.splitlines()[1:]
                continue
            if section == "endnotes":
                endnotes.extend(line[2:].split("</sup> ", 1)[-1] for line in block.splitlines())
            elif section == "references":
                references.extend(line[2:] for line in block.splitlines())
            elif paragraphs and block[0].islower():
                paragraphs[-1] += " " + block  # a page break inside a sentence
            else:
                paragraphs.append(block)
        for paragraph in paragraphs:
            sentences.extend(s.strip() for s in _SENTENCE_END.split(_WS.sub(" ", paragraph)) if len(s) > 25)
    return Material(
        [_templatize(s) for s in sentences],
        [_templatize(r) for r in references],
        [_templatize(e) for e in endnotes],
        [_templatize(b) for b in box],
    )


# --------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------

_SLOT = re.compile(r"\x00([\w-]+):(\w+)\x00")


class Cast:
    """The entities one document names, by slot of the real texts."""

    def __init__(self, rng: random.Random, pools: dict[str, list[Entity]]) -> None:
        self.slots: dict[str, Entity] = {}
        for kind, count in (("state", 8), ("person", 7), ("inst", 12), ("body", 3)):
            for i, entity in enumerate(rng.sample(pools[kind], count)):
                self.slots[f"{kind}{i}"] = entity
        by_id = {p.id: p for p in pools["principle"]}
        spare = [p for p in pools["principle"] if p.id not in {pid for pid, _, _ in PRINCIPLES[:7]}]
        for pid, entity in zip(VARIABLE_PRINCIPLES, rng.sample(spare, len(VARIABLE_PRINCIPLES)), strict=True):
            self.slots[f"principle-{pid}"] = entity if rng.random() < 0.7 else by_id[pid]

    def fill(self, template: str) -> str:
        return _SLOT.sub(
            lambda m: self.slots[m.group(1)].forms.get(m.group(2)) or self.slots[m.group(1)].forms["name"], template
        )

    def surfaces(self, pools: dict[str, list[Entity]]) -> dict[str, Entity]:
        """Every name this document may use, and the entity it names."""
        found: dict[str, Entity] = {}
        principles = {p.id: p for p in pools["principle"]}
        for surface, pid in FIXED_PRINCIPLE_SURFACES:
            found[surface] = principles[pid]
        for group in pools["group"]:
            for surface in group.forms:
                found[surface] = group
        for entity in self.slots.values():
            for form, surface in entity.forms.items():
                if form in ("cite", "capital"):
                    continue
                found[surface] = entity
        return found


class Builder:
    """The text of one document, with where each sentence went."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        #: sentences: list of raw (start, end) fragments; two when something interrupts it
        self.sentences: list[list[tuple[int, int]]] = []

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def write_document(
    rng: random.Random, material: Material, cast: Cast, kind: str, author: Entity | None, target: int
) -> tuple[str, str, Builder]:
    b = Builder()

    def title_slot(m: re.Match[str]) -> str:
        name = m.group(1)
        return cast.slots["state7"].forms["capital"] if name == "capital" else cast.slots[name].forms["name"]

    title = re.sub(r"\{(\w+)\}", title_slot, rng.choice(TITLES))
    pool = material.sentences[:]
    rng.shuffle(pool)
    cursor = 0

    def next_sentence() -> str:
        nonlocal cursor, pool
        if cursor >= len(pool):
            pool = material.sentences[:]
            rng.shuffle(pool)
            cursor = 0
        cursor += 1
        return cast.fill(pool[cursor - 1])

    if kind == "essay":
        assert author is not None
        b.add(f"\n\n---\n\n## {title}\n\n\n\n*{author.forms['full']}\\**\n\n---\n\n")
        pull = next_sentence()
        b.add(f"“{pull.rstrip('.')}”\n\n---\n\n")
    else:
        b.add(f"## {title.upper()}\n\n")
    if kind == "essay":
        notes = rng.sample(material.endnotes, len(material.endnotes))
        refs = sorted(cast.fill(r) for r in material.references)
        tail = (
            "### Endnotes\n\n"
            + "\n".join(f"- <sup>{i}</sup> {cast.fill(n)}" for i, n in enumerate(notes, 1))
            + "\n\n## References\n\n"
            + "\n".join(f"- {r}" for r in refs)
            + "\n"
        )
    else:
        tail = "Source: " + cast.fill(rng.choice(material.references)) + "\n"
    target -= len(tail)
    box_used = kind != "essay"
    footnote_used = kind != "essay"
    headings = HEADINGS[:]
    rng.shuffle(headings)
    paragraphs = 0
    while b.length < target:
        if paragraphs and paragraphs % rng.randint(4, 7) == 0 and headings and kind == "essay":
            level = rng.choice(["##", "###"])
            b.add(f"{level} **{cast.fill(_templatize(headings.pop()))}**\n\n")
        count = rng.randint(2, 8)
        for i in range(count):
            if i and b.length >= target:
                break
            sentence = next_sentence()
            if i:
                b.add(" ")
            breaking = rng.random()
            words = [m.start() for m in re.finditer(" ", sentence)]
            if breaking < 0.025 and len(words) > 6:
                # a page break: the sentence goes on after a blank line
                cut = rng.choice(words[2:-2])
                start, _ = b.add(sentence[:cut])
                b.add("\n\n")
                _, end = b.add(sentence[cut + 1 :])
                b.sentences.append([(start, end)])
            elif not box_used and breaking < 0.05 and len(words) > 6 and b.length > target / 2:
                # the boxed list interrupts the sentence (pieces needed)
                box_used = True
                cut = rng.choice(words[2:-2])
                first = b.add(sentence[:cut])
                b.add("\n\n\n\n<b>Key Goals of South-South Cooperation</b>\n")
                b.add("\n".join(cast.fill(line) for line in material.box))
                b.add("\n\n")
                second = b.add(sentence[cut + 1 :])
                b.sentences.append([first, second])
            else:
                b.sentences.append([b.add(sentence)])
        b.add("\n\n")
        paragraphs += 1
        if not footnote_used and author is not None and paragraphs == 1:
            footnote_used = True
            b.add(f"---\n\n\\* {author.data.get('role', 'Author')}. Views expressed are personal.\n\n")
    b.add(tail)
    return b.text(), title, b


# --------------------------------------------------------------------------
# Annotations
# --------------------------------------------------------------------------


class Located:
    """A document's whitespace-collapsed text, as the validator matches quotes in."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self.to_c = [0] * (len(text) + 1)
        c = 0
        o = 0
        for m in _WS.finditer(text):
            for k in range(o, m.start()):
                self.to_c[k] = c + (k - o)
            c += m.start() - o
            parts.append(text[o : m.start()])
            for k in range(m.start(), m.end()):
                self.to_c[k] = c
            parts.append(" ")
            c += 1
            o = m.end()
        for k in range(o, len(text)):
            self.to_c[k] = c + (k - o)
        parts.append(text[o:])
        self.to_c[len(text)] = c + len(text) - o
        self.collapsed = "".join(parts)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_c[start], self.to_c[end - 1] + 1

    def occurrence(self, quote: str, at: int) -> tuple[int, int]:
        """(which occurrence the match at ``at`` is, how many there are),
        counting matches as the validator does (overlapping)."""
        hay = self.collapsed
        n = 0
        which = 0
        i = hay.find(quote)
        while i != -1:
            n += 1
            if i == at:
                which = n
            i = hay.find(quote, i + 1)
        if not which:
            raise AssertionError(f"quote not at {at}: {quote!r}")
        return which, n


def selector(loc: Located, start: int, end: int) -> dict[str, object]:
    quote = loc.collapsed[start:end]
    which, n = loc.occurrence(quote, start)
    out: dict[str, object] = {"quote": quote}
    if n > 1:
        out["occurrence"] = which
    return out


def annotate(
    rng: random.Random,
    doc_id: str,
    annotator: str,
    text: str,
    builder: Builder,
    surfaces: dict[str, Entity],
    count: int,
    speakers: list[Entity],
) -> dict[str, object]:
    loc = Located(text)
    hay = loc.collapsed
    # Every place a name stands, nested ones too ("Fonseca" in "Thabo Fonseca"), each once.
    places = sorted(
        {
            (m.start(), m.end(), surfaces[name].id): surfaces[name]
            for name in surfaces
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", hay)
        }.items(),
        key=lambda kv: kv[0],
    )
    places = [(s, e, entity) for (s, e, _), entity in places]
    sentences = [[loc.span(s, e) for s, e in frags] for frags in builder.sentences]
    whole = [s[0] for s in sentences if len(s) == 1]
    cited = [s for s in whole if _YEAR_CITATION.search(hay, s[0], s[1]) or re.search(r"\d", hay[s[0] : s[1]])]
    split = [s for s in sentences if len(s) == 2]
    broken = [
        loc.span(*frags[0])
        for frags in builder.sentences
        if len(frags) == 1 and "\n" in text[frags[0][0] : frags[0][1]]
    ]

    # A name marked twice by mentions of the same entity is an error
    # (mention.duplicate): when the text has fewer names than mentions are
    # wanted, the rest become claims.
    n_mentions = min(round(count * 0.4), len(places))
    n_evidence = round(count * 0.2) if count >= 3 else 0
    n_claims = count - n_mentions - n_evidence

    mentions = []
    for k in sorted(rng.sample(range(len(places)), n_mentions)):
        start, end, entity = places[k]
        mentions.append({entity.type: entity.id, **selector(loc, start, end)})

    def entities_in(start: int, end: int) -> list[Entity]:
        seen: dict[str, Entity] = {}
        for s, e, entity in places:
            if s >= start and e <= end:
                seen.setdefault(entity.id, entity)
        return list(seen.values())

    principles = [e for e in surfaces.values() if e.type == "principle"]
    claims = []
    pieces_left = max(1, count // 100)
    for n in range(1, n_claims + 1):
        item: dict[str, object] = {"id": f"c{n}"}
        if pieces_left and (split or broken) and rng.random() < 0.05:
            pieces_left -= 1
            if split and (not broken or rng.random() < 0.5):
                (s1, e1), (s2, e2) = rng.choice(split)
            else:
                s, e = rng.choice(broken)
                cut = hay.rfind(" ", s, (s + e) // 2)
                (s1, e1), (s2, e2) = (s, cut), (cut + 1, e)
            item["pieces"] = [selector(loc, s1, e1), selector(loc, s2, e2)]
            span = (s1, e2)
        else:
            s, e = rng.choice(whole)
            clauses = [m for m in re.finditer(r"[^,;]{40,}", hay[s:e])]
            if clauses and rng.random() < 0.4:
                m = rng.choice(clauses)
                inner = m.group(0)
                lead = len(inner) - len(inner.lstrip())
                s, e = s + m.start() + lead, s + m.start() + len(inner.rstrip())
            item.update(selector(loc, s, e))
            span = (s, e)
        item["kind"] = rng.choice(CLAIM_KINDS)
        if rng.random() < 0.2:
            item["speaker"] = rng.choice(speakers).id
        if rng.random() < 0.1:
            item["hedged"] = True
        named = entities_in(*span)
        rng.shuffle(named)
        links = named[: rng.randint(1, 3)]
        while not links or (len(links) < 2 and rng.random() < 0.3):
            extra = rng.choice(principles)
            if extra not in links:
                links.append(extra)
        item["about"] = [{e.type: e.id, "stance": rng.choice(STANCES)} for e in links]
        claims.append(item)

    evidence = []
    for n in range(1, n_evidence + 1):
        s, e = rng.choice(cited if cited and rng.random() < 0.7 else whole)
        item = {"id": f"e{n}", **selector(loc, s, e)}
        citation = _YEAR_CITATION.search(hay, s, e)
        if citation:
            item["kind"] = "cited-work"
        elif re.search(r"\d", hay[s:e]):
            item["kind"] = rng.choice(["statistic", "event", "document"])
        else:
            item["kind"] = rng.choice(["event", "example", "document"])
        if citation:
            item["source"] = citation.group(0).strip("()")
        targets = rng.sample(range(1, n_claims + 1), min(n_claims, rng.randint(1, 2)))
        relation = "challenges" if rng.random() < 0.1 else "supports"
        item[relation] = [f"c{t}" for t in sorted(targets)]
        evidence.append(item)

    data: dict[str, object] = {"document": doc_id, "annotator": annotator}
    if mentions:
        data["mentions"] = mentions
    if claims:
        data["claims"] = claims
    if evidence:
        data["evidence"] = evidence
    return data


# --------------------------------------------------------------------------
# YAML out
# --------------------------------------------------------------------------

_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")
_NUMBERISH = re.compile(r"-?[0-9.]|\.inf|\.nan", re.I)
_SPECIAL = {
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "y",
    "Y",
    "n",
    "N",
}


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        text in _SPECIAL
        or text[0] in _PLAIN_UNSAFE_START
        or _NUMBERISH.match(text)
        or text != text.strip()
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or "\n" in text
        or "\t" in text
        or not text.isprintable()
    ):
        return json.dumps(text, ensure_ascii=False)
    return text


def flow(items: list[object]) -> str:
    return (
        "["
        + ", ".join(
            json.dumps(i, ensure_ascii=False) if not re.fullmatch(r"[\w.-]+", str(i)) else str(i) for i in items
        )
        + "]"
    )


def emit(value: object, indent: int = 0) -> list[str]:
    """Block-style YAML lines for dicts and lists; short lists of words in flow style."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list) and (
                not item or all(isinstance(i, str | int) and len(str(i)) < 40 for i in item)
            ):
                lines.append(f"{pad}{key}: {flow(item)}")
            elif isinstance(item, dict | list):
                lines.append(f"{pad}{key}:")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                sub = emit(item, indent + 2)
                sub[0] = f"{pad}- {sub[0][indent + 2 :]}"
                lines.extend(sub)
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


def write_yaml(path: Path, header: str, data: object) -> None:
    path.write_text(header + "\n".join(emit(data)) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------


def generate(root: Path, documents: int, annotations: int, seed: int = 1, *, quiet: bool = False) -> dict[str, object]:
    rng = random.Random(seed)
    material = load_material()
    pools = build_registry(rng)
    if root.exists():
        shutil.rmtree(root)
    (root / "texts").mkdir(parents=True)
    for annotator in ANNOTATORS:
        (root / "annotations" / annotator).mkdir(parents=True)
    shutil.copytree(SCHEMAS, root / "schemas")

    registry = {
        "actors": [e.data for e in (*pools["person"], *pools["state"], *pools["group"], *pools["body"])],
        "institutions": [e.data for e in pools["inst"]],
        "principles": [e.data for e in pools["principle"]],
    }
    write_yaml(
        root / "annotations" / "registry.yaml",
        "# yaml-language-server: $schema=../schemas/registry.schema.json\n"
        f"# Synthetic registry for benchmarks (benchmarks/generate.py, seed {seed}).\n",
        registry,
    )

    catalog: list[dict[str, object]] = []
    offset = 0
    objects = 0
    width = max(4, len(str(documents)))
    for i in range(1, documents + 1):
        doc_rng = random.Random(f"{seed}:{i}")
        cast = Cast(doc_rng, pools)
        kind = "essay" if doc_rng.random() < 0.8 else "news-brief"
        author = cast.slots["person0"] if kind == "essay" else None
        target = doc_rng.randint(15_000, 25_000)
        text, title, builder = write_document(doc_rng, material, cast, kind, author, target)
        doc_id = f"synth-{i:0{width}d}"
        raw = text.encode("utf-8")
        (root / "texts" / f"{doc_id}.txt").write_bytes(raw)
        speaker = author if author is not None else cast.slots["body0"]
        entry: dict[str, object] = {"id": doc_id, "title": title}
        entry["authors"] = (
            [{"name": author.forms["full"], "affiliation": str(author.data.get("role")), "actor": author.id}]
            if author
            else []
        )
        entry.update(
            {
                "kind": kind,
                "publication": "Synthetic policy journal",
                "date": f"{doc_rng.randint(2015, 2024)}-{doc_rng.randint(1, 12):02d}",
                "language": "en",
                "default_speaker": speaker.id,
                "text": f"{doc_id}.txt",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "characters": len(text),
                "provenance": {
                    "source_file": f"synthetic-seed-{seed}.txt",
                    "start": offset,
                    "end": offset + len(text),
                    "note": "Sentences of the two real texts, shuffled, with other names.",
                },
            }
        )
        offset += len(text)
        catalog.append(entry)
        annotator = ANNOTATORS[(i - 1) % len(ANNOTATORS)]
        speakers = [cast.slots[f"person{k}"] for k in range(1, 7)] + [cast.slots["body1"]]
        data = annotate(doc_rng, doc_id, annotator, text, builder, cast.surfaces(pools), annotations, speakers)
        objects += sum(len(data.get(k, [])) for k in ("mentions", "claims", "evidence"))  # type: ignore[arg-type]
        write_yaml(
            root / "annotations" / annotator / f"{doc_id}.yaml",
            "# yaml-language-server: $schema=../../schemas/annotation-file.schema.json\n",
            data,
        )
        if not quiet and i % 100 == 0:
            print(f"  {i}/{documents} documents", file=sys.stderr)
    write_yaml(
        root / "texts" / "catalog.yaml",
        "# yaml-language-server: $schema=../schemas/catalog.schema.json\n"
        "# Synthetic catalog for benchmarks (benchmarks/generate.py).\n",
        {"documents": catalog},
    )
    entities = sum(len(v) for v in registry.values())
    info: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "documents": documents,
        "annotations_per_file": annotations,
        "seed": seed,
        "annotation_objects": objects,
        "entities": entities,
        "text_characters": offset,
    }
    (root / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path, help="the corpus folder to write (replaced if it exists)")
    parser.add_argument("--documents", "-n", type=int, required=True, help="number of documents")
    parser.add_argument(
        "--annotations",
        "-m",
        type=int,
        required=True,
        help="annotation objects (mentions + claims + evidence) per document",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.documents < 1 or args.annotations < 1:
        parser.error("--documents and --annotations must be at least 1")
    if args.root.exists() and any(args.root.iterdir()) and not (args.root / MARKER).exists():
        parser.error(f"{args.root} exists and is not a generated corpus; refusing to replace it")
    info = generate(args.root, args.documents, args.annotations, args.seed)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
