"""What each place's law asks of a job posting, written once: the job ad's checks and the interview
guide's do-not-ask list both read this table.

A place is a code of :mod:`jobdocs.model.jurisdictions` (``CN``, ``DE``, ``US-NY``, ``EU``...). For
each it holds what the posting must state (:class:`Requirement`), the grounds it must not limit
applicants by, each with the law that forbids it, and the topics an interviewer must not raise
beyond the ones every place shares (:data:`SHARED_TOPICS`). The sources are those of DOMAIN.md's
table "Posting rules by jurisdiction", cited as the law names itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from collections.abc import Iterable

from ..model.jurisdictions import implied

Severity = Literal["error", "warning"]

#: What a posting can be asked to state; :mod:`jobdocs.checks.required` knows where each is in a role.
#: (The notice's 招聘条件 and 工作内容 are always in the ad: every role has competencies and duties.)
Item = Literal["employer", "headcount", "location", "pay", "validity", "date_posted", "hours",
               "probation", "social_insurance", "title_gender", "french", "change_scope", "smoking"]

#: Why a text can exclude applicants; each word list entry names one, and each place says which it forbids.
Ground = Literal["sex", "age", "family", "origin", "household", "health", "appearance", "religion", "pay_history",
                 "family_background", "property", "personal", "hype"]


@dataclass(frozen=True)
class Requirement:
    """One thing the posting must state in a place, and the law (or practice) that asks for it."""

    item: Item
    code: str
    source: str
    #: "error" where a law asks for it, "warning" where it is the place's practice.
    severity: Severity = "error"


@dataclass(frozen=True)
class Place:
    """The posting rules of one place."""

    code: str
    name: str
    required: tuple[Requirement, ...] = ()
    #: Ground -> the law that forbids limiting applicants by it in this place.
    forbidden: dict[str, str] = field(default_factory=dict)
    #: Do-not-ask topics this place adds to :data:`SHARED_TOPICS`, in the order they are printed.
    topics: tuple[str, ...] = ()
    #: The grounds its equal-treatment law names, in the law's order: the job ad's default
    #: equal-opportunity line names them (keys of the labels' ``grounds``).
    equal_opportunity: tuple[str, ...] = ()


_CN_NOTICE = "《关于规范网络平台招聘类信息发布的通知》 (five ministries, January 2026)"
_CN_PRACTICE = "Chinese recruiting practice (Labour Contract Law arts. 8, 19; Social Insurance Law)"
_EPL = "Employment Promotion Law"
_WOMEN = "Law on the Protection of Women's Rights and Interests, art. 43 (2023)"
_EU_PAY = "EU Pay Transparency Directive 2023/970, art. 5"
_AGG = "Allgemeines Gleichbehandlungsgesetz (AGG) §§ 1, 7, 11"
_FR_L1132 = "Code du travail L1132-1"
_JP_SHOKUAN = "職業安定法 art. 5-3 and its ordinance, art. 4-2"
_KR_FAIR = "채용절차의 공정화에 관한 법률 (Fair Hiring Procedure Act) art. 4-3 (2019)"
_TW_ESA = "就業服務法 (Employment Service Act) art. 5"
_TITLE_VII = "Title VII of the Civil Rights Act, 42 U.S.C. § 2000e-3(b)"


def _pay(law: str) -> Requirement:
    """A pay range in the posting: the same item, and the same code, wherever a law asks for it."""
    return Requirement("pay", "pay-range-missing", law)


#: Every place jobdocs knows posting rules for. A code of :mod:`jurisdictions` without an entry has none.
PLACES: dict[str, Place] = {place.code: place for place in [
    Place("CN", "China",
          equal_opportunity=("ethnicity", "race", "sex", "religion", "household_registration", "home_region", "hepatitis_b",
                             "disability", "marital_status", "pregnancy"),
          required=(
        Requirement("employer", "cn-employer-missing", _CN_NOTICE),
        Requirement("headcount", "cn-headcount-missing", _CN_NOTICE),
        Requirement("location", "cn-location-missing", _CN_NOTICE),
        Requirement("pay", "cn-pay-missing", f"{_CN_NOTICE} (基本劳动报酬)"),
        Requirement("validity", "cn-validity-missing", _CN_NOTICE),
        Requirement("hours", "cn-hours-missing", _CN_PRACTICE, "warning"),
        Requirement("social_insurance", "cn-social-insurance-missing", _CN_PRACTICE, "warning"),
        Requirement("probation", "cn-probation-missing", _CN_PRACTICE, "warning"),
    ), forbidden={
        "sex": f"{_WOMEN}; {_EPL} art. 27",
        "family": _WOMEN,
        "origin": f"{_EPL} arts. 3, 28; {_CN_NOTICE}",
        "religion": f"{_EPL} art. 3",
        "household": f"{_CN_NOTICE} (户籍、地域、身份); {_EPL} art. 31",
        "health": f"{_EPL} arts. 29-30 (disability; hepatitis-B and other pathogen carriers)",
        "hype": f"{_CN_NOTICE} (false or exaggerated promises)",
    }, topics=("household_registration", "hepatitis_b")),
    Place("EU", "European Union",
          equal_opportunity=("sex", "race", "ethnicity", "religion", "disability", "age", "sexual_orientation"),
          required=(_pay(_EU_PAY),), forbidden={
        "pay_history": "EU Pay Transparency Directive 2023/970, art. 5(2)",
        "sex": "Directive 2006/54/EC, art. 14",
        "origin": "Directive 2000/43/EC",
        "age": "Directive 2000/78/EC", "religion": "Directive 2000/78/EC", "health": "Directive 2000/78/EC",
    }),
    Place("DE", "Germany",
          equal_opportunity=("ethnicity", "sex", "religion", "disability", "age", "sexual_orientation"),
          required=(
        Requirement("title_gender", "de-title-gender-missing", f"{_AGG}; the third civil-status option (2018)"),
    ), forbidden={ground: _AGG for ground in ("sex", "age", "origin", "religion", "health", "family")}),
    Place("FR", "France",
          equal_opportunity=("ethnicity", "national_origin", "sex", "sexual_orientation", "gender_identity", "age",
                             "marital_status", "pregnancy", "religion", "political_opinion", "union_membership", "appearance",
                             "home_region", "health", "disability", "genetic_information"),
          required=(
        Requirement("french", "fr-french-missing", "Code du travail L5331-4"),
        Requirement("date_posted", "fr-date-missing", "Code du travail L5331-1"),
        Requirement("title_gender", "fr-title-gender-missing", "Code du travail L1142-1 (customarily \"(H/F)\")"),
    ), forbidden={"age": "Code du travail L5331-2", "sex": "Code du travail L1142-1",
                  **{ground: _FR_L1132 for ground in ("family", "origin", "religion", "health", "appearance",
                                                      "household")}},
        topics=("appearance", "political", "genetic")),
    Place("ES", "Spain",
          equal_opportunity=("race", "ethnicity", "sex", "religion", "age", "disability", "sexual_orientation",
                             "gender_identity", "health", "national_origin"),
          forbidden={
        ground: "Ley 15/2022 integral para la igualdad de trato, art. 2; Estatuto de los Trabajadores art. 4.2.c; "
                "LISOS art. 16.1.c" for ground in ("sex", "age", "origin", "religion", "health", "family")}),
    Place("JP", "Japan",
          equal_opportunity=("sex", "age", "national_origin", "home_region", "disability"),
          required=(*(Requirement(item, f"jp-{item.replace('_', '-')}-missing", _JP_SHOKUAN)
                      for item in ("location", "hours", "probation", "pay", "social_insurance")),
                    Requirement("change_scope", "jp-change-scope-missing", f"{_JP_SHOKUAN} (from April 2024)"),
                    Requirement("smoking", "jp-smoking-missing", f"{_JP_SHOKUAN} (from April 2020)")),
          forbidden={"age": "労働施策総合推進法 art. 9", "sex": "男女雇用機会均等法 art. 5"},
          topics=("home_region", "family_background", "property", "political")),
    Place("KR", "South Korea",
          equal_opportunity=("sex", "age", "appearance", "home_region", "marital_status", "disability"),
          forbidden={
        "sex": "남녀고용평등법 (Equal Employment Opportunity Act) art. 7",
        "age": "고용상 연령차별금지 및 고령자고용촉진에 관한 법률 art. 4-4",
        **{ground: _KR_FAIR for ground in ("appearance", "household", "family", "family_background", "property")},
    }, topics=("appearance", "home_region", "family_background", "property")),
    Place("TW", "Taiwan",
          equal_opportunity=("race", "religion", "political_opinion", "home_region", "sex", "gender_identity",
                             "sexual_orientation", "age", "marital_status", "appearance", "disability", "blood_type_star_sign",
                             "union_membership"),
          required=(
        Requirement("pay", "tw-pay-missing", f"{_TW_ESA}, para. 2 (6): pay under NT$40,000 a month", "warning"),),
        forbidden={ground: _TW_ESA for ground in ("sex", "age", "origin", "religion", "health", "appearance",
                                                  "family", "household", "personal")},
        topics=("appearance", "home_region", "political", "blood_zodiac")),
    Place("US", "United States",
          equal_opportunity=("race", "religion", "sex", "pregnancy", "sexual_orientation", "gender_identity", "national_origin",
                             "age", "disability", "genetic_information"),
          forbidden={
        "age": "Age Discrimination in Employment Act, 29 U.S.C. § 623(e)",
        "sex": _TITLE_VII, "religion": _TITLE_VII, "origin": _TITLE_VII,
        "family": f"{_TITLE_VII}, with the Pregnancy Discrimination Act",
        "health": "Americans with Disabilities Act, 42 U.S.C. § 12112",
    }, topics=("genetic",)),
    Place("US-CA", "California", required=(_pay("California Labor Code § 432.3 (SB 1162, 2023)"),),
          forbidden={"pay_history": "California Labor Code § 432.3"}, topics=("criminal_record",)),
    Place("US-CO", "Colorado", required=(_pay("Colorado Equal Pay for Equal Work Act (2021)"),),
          forbidden={"pay_history": "Colorado Equal Pay for Equal Work Act"}),
    Place("US-WA", "Washington", required=(_pay("Washington RCW 49.58.110 (2023)"),),
          forbidden={"pay_history": "Washington RCW 49.58.100"}),
    Place("US-NY", "New York", required=(_pay("New York Labor Law § 194-b (2023); New York City "
                                                       "Local Law 32 of 2022"),),
          forbidden={"pay_history": "New York Labor Law § 194-a"}, topics=("criminal_record",)),
    Place("US-IL", "Illinois", required=(_pay("Illinois Equal Pay Act, 820 ILCS 112/10 (2025)"),),
          forbidden={"pay_history": "Illinois Equal Pay Act, 820 ILCS 112/10"}, topics=("criminal_record",)),
    Place("US-MD", "Maryland", required=(_pay("Maryland Labor and Employment § 3-304.2 (2024)"),),
          forbidden={"pay_history": "Maryland Labor and Employment § 3-304.2"}),
    Place("US-HI", "Hawaii", required=(_pay("Hawaii Revised Statutes § 378-2.4 (2024)"),)),
    Place("US-MA", "Massachusetts", required=(_pay("Massachusetts pay transparency act, "
                                                            "G.L. c. 149 § 105F (2025)"),),
          forbidden={"pay_history": "Massachusetts G.L. c. 149 § 105A"}),
    Place("US-MN", "Minnesota", required=(_pay("Minnesota Statutes § 181.173 (2025)"),),
          forbidden={"pay_history": "Minnesota Statutes § 363A.08"}),
    Place("US-NJ", "New Jersey", required=(_pay("New Jersey pay transparency act, N.J.S.A. 34:11-56a41 "
                                                         "(2025)"),),
          forbidden={"pay_history": "New Jersey N.J.S.A. 10:5-12.12"}),
    Place("US-VT", "Vermont", required=(_pay("Vermont 21 V.S.A. § 495o (2025)"),),
          forbidden={"pay_history": "Vermont 21 V.S.A. § 495m"}),
]}

#: What an interviewer never asks anywhere (DOMAIN.md, "Interview guide"); places add their own.
SHARED_TOPICS = ("age", "sex", "family", "pregnancy", "religion", "origin", "disability_health", "pay_history")

#: Each do-not-ask topic in the eight languages jobdocs has labels for.
TOPICS: dict[str, dict[str, str]] = {
    "age": {"en": "Age or date of birth", "zh": "年龄或出生日期", "zh-Hant": "年齡或出生日期",
            "de": "Alter oder Geburtsdatum", "fr": "Âge ou date de naissance", "es": "Edad o fecha de nacimiento",
            "ja": "年齢・生年月日", "ko": "나이 또는 생년월일"},
    "sex": {"en": "Sex, gender identity or sexual orientation", "zh": "性别、性别认同或性取向",
            "zh-Hant": "性別、性別認同或性傾向", "de": "Geschlecht, geschlechtliche Identität oder sexuelle Orientierung",
            "fr": "Sexe, identité de genre ou orientation sexuelle", "es": "Sexo, identidad de género u orientación sexual",
            "ja": "性別・性自認・性的指向", "ko": "성별, 성별 정체성 또는 성적 지향"},
    "family": {"en": "Marital status, family plans, children or care duties", "zh": "婚姻状况、家庭计划、子女或照护责任",
               "zh-Hant": "婚姻狀況、家庭計畫、子女或照顧責任",
               "de": "Familienstand, Familienplanung, Kinder oder Pflegeaufgaben",
               "fr": "Situation de famille, projets familiaux, enfants ou personnes à charge",
               "es": "Estado civil, planes familiares, hijos o responsabilidades de cuidado",
               "ja": "婚姻状況・子どもの有無・家族の介護", "ko": "혼인 여부, 가족계획, 자녀 또는 돌봄 책임"},
    "pregnancy": {"en": "Pregnancy or plans to have children", "zh": "怀孕或生育计划", "zh-Hant": "懷孕或生育計畫",
                  "de": "Schwangerschaft oder Kinderwunsch", "fr": "Grossesse ou projet d'enfant",
                  "es": "Embarazo o planes de tener hijos", "ja": "妊娠・出産の予定", "ko": "임신 또는 출산 계획"},
    "religion": {"en": "Religion or belief", "zh": "宗教信仰", "zh-Hant": "宗教信仰", "de": "Religion oder Weltanschauung",
                 "fr": "Religion ou convictions", "es": "Religión o creencias", "ja": "宗教・信条",
                 "ko": "종교 또는 신념"},
    "origin": {"en": "Race, ethnic or national origin, or citizenship beyond the right to work",
               "zh": "种族、民族或国籍（工作许可除外）", "zh-Hant": "種族、民族或國籍（工作許可除外）",
               "de": "Ethnische Herkunft oder Staatsangehörigkeit (außer der Arbeitserlaubnis)",
               "fr": "Origine, ethnie ou nationalité (hors autorisation de travail)",
               "es": "Origen racial o étnico, o nacionalidad (salvo el permiso de trabajo)",
               "ja": "人種・民族・国籍（就労資格の確認を除く）", "ko": "인종, 민족 또는 국적(취업 자격 확인 제외)"},
    "disability_health": {
        "en": "Disability or health, beyond whether the person can do the job's tasks with reasonable adjustments",
        "zh": "残疾或健康状况（除是否能在合理便利下完成岗位工作外）",
        "zh-Hant": "身心障礙或健康狀況（除能否在合理調整下完成工作外）",
        "de": "Behinderung oder Gesundheit, außer ob die Aufgaben mit angemessenen Vorkehrungen zu erfüllen sind",
        "fr": "Handicap ou état de santé, au-delà de l'aptitude aux tâches avec des aménagements raisonnables",
        "es": "Discapacidad o salud, más allá de si la persona puede hacer las tareas con ajustes razonables",
        "ja": "障害・健康状態（合理的配慮のもとで業務ができるかどうか以外）",
        "ko": "장애 또는 건강 상태(합리적 편의 제공 시 직무 수행 가능 여부 외)"},
    "pay_history": {"en": "Pay history (what the candidate earned before)", "zh": "过往薪酬（候选人以前的收入）",
                    "zh-Hant": "過往薪資（應徵者以前的收入）", "de": "Bisheriges Gehalt (was die Person zuvor verdient hat)",
                    "fr": "Rémunérations antérieures (ce que la personne gagnait avant)",
                    "es": "Historial salarial (lo que la persona cobraba antes)", "ja": "前職の給与額",
                    "ko": "이전 직장의 급여(과거 연봉)"},
    "household_registration": {
        "en": "Household registration (hukou) or home region", "zh": "户籍或籍贯地域", "zh-Hant": "戶籍或籍貫地域",
        "de": "Hukou (Haushaltsregistrierung) oder Herkunftsregion",
        "fr": "Enregistrement du foyer (hukou) ou région d'origine", "es": "Registro de hogar (hukou) o región de origen",
        "ja": "戸籍（戸口）・出身地域", "ko": "호적(후커우) 또는 출신 지역"},
    "hepatitis_b": {"en": "Hepatitis B status or tests for it", "zh": "乙肝病原携带情况或乙肝检查",
                    "zh-Hant": "B型肝炎帶原情況或相關檢查", "de": "Hepatitis-B-Status oder Tests darauf",
                    "fr": "Statut vis-à-vis de l'hépatite B ou tests de dépistage",
                    "es": "Estado respecto a la hepatitis B o pruebas de ella", "ja": "B型肝炎ウイルスの感染・検査",
                    "ko": "B형 간염 보균 여부 또는 검사"},
    "appearance": {"en": "Appearance, height or weight", "zh": "容貌、身高或体重", "zh-Hant": "容貌、五官、身高或體重",
                   "de": "Aussehen, Körpergröße oder Gewicht", "fr": "Apparence physique, taille ou poids",
                   "es": "Apariencia física, estatura o peso", "ja": "容姿・身長・体重", "ko": "용모, 키 또는 체중"},
    "home_region": {"en": "Place of birth or home region", "zh": "出生地或籍贯", "zh-Hant": "出生地或籍貫",
                    "de": "Geburtsort oder Herkunftsregion", "fr": "Lieu de naissance ou région d'origine",
                    "es": "Lugar de nacimiento o región de origen", "ja": "本籍・出生地", "ko": "출신 지역 또는 출생지"},
    "family_background": {"en": "Family members' education, jobs or wealth", "zh": "家庭成员的学历、职业或财产",
                          "zh-Hant": "家庭成員的學歷、職業或財產",
                          "de": "Bildung, Berufe oder Vermögen von Familienangehörigen",
                          "fr": "Études, professions ou patrimoine des membres de la famille",
                          "es": "Estudios, empleos o patrimonio de los familiares", "ja": "家族の学歴・職業・収入・資産",
                          "ko": "직계 존비속 및 형제자매의 학력·직업·재산"},
    "property": {"en": "The candidate's own property or housing", "zh": "本人财产或住房状况",
                 "zh-Hant": "本人財產或住房狀況", "de": "Eigenes Vermögen oder Wohnverhältnisse",
                 "fr": "Patrimoine ou logement de la personne", "es": "Patrimonio o vivienda de la persona",
                 "ja": "本人の資産・住宅状況", "ko": "본인의 재산 또는 주거 형태"},
    "political": {"en": "Political opinions, party or trade-union membership", "zh": "政治观点、党派或工会身份",
                  "zh-Hant": "思想、黨派或工會會員身分", "de": "Politische Meinung, Partei- oder Gewerkschaftszugehörigkeit",
                  "fr": "Opinions politiques, appartenance à un parti ou activités syndicales",
                  "es": "Opiniones políticas, afiliación a un partido o a un sindicato",
                  "ja": "支持政党・思想・労働組合への加入", "ko": "정치적 견해, 정당 또는 노동조합 가입"},
    "genetic": {"en": "Genetic information or family medical history", "zh": "基因信息或家族病史",
                "zh-Hant": "基因資訊或家族病史", "de": "Genetische Merkmale oder Krankheiten in der Familie",
                "fr": "Caractéristiques génétiques ou antécédents médicaux familiaux",
                "es": "Información genética o antecedentes médicos familiares", "ja": "遺伝情報・家族の病歴",
                "ko": "유전 정보 또는 가족 병력"},
    "criminal_record": {"en": "Criminal record, before a conditional offer", "zh": "犯罪记录（附条件录用之前）",
                        "zh-Hant": "犯罪紀錄（附條件錄用之前）", "de": "Vorstrafen, vor einem bedingten Angebot",
                        "fr": "Casier judiciaire, avant une offre conditionnelle",
                        "es": "Antecedentes penales, antes de una oferta condicional",
                        "ja": "犯罪歴（条件付き内定の前）", "ko": "범죄 경력(조건부 채용 제안 전)"},
    "blood_zodiac": {"en": "Blood type or star sign", "zh": "血型或星座", "zh-Hant": "血型或星座",
                     "de": "Blutgruppe oder Sternzeichen", "fr": "Groupe sanguin ou signe astrologique",
                     "es": "Grupo sanguíneo o signo del zodiaco", "ja": "血液型・星座", "ko": "혈액형 또는 별자리"},
}
#: The languages :data:`TOPICS` is written in; :func:`do_not_ask` writes others in English.
TOPIC_LANGUAGES = ("zh", "zh-Hant", "en", "de", "fr", "es", "ja", "ko")


#: The equal-opportunity line's grounds where no place is named: those most equal-treatment laws share.
DEFAULT_GROUNDS = ("race", "ethnicity", "sex", "religion", "age", "disability", "sexual_orientation", "marital_status")


def places_of(codes: Iterable[str]) -> list[Place]:
    """The rules of ``codes`` and of every place they imply (``US-NY`` brings ``US``, ``DE`` brings ``EU``)."""
    return [PLACES[code] for code in implied(list(codes)) if code in PLACES]


def do_not_ask_topics(codes: Iterable[str]) -> list[str]:
    """The topics an interviewer must not raise where ``codes`` apply: the shared ones, then each place's."""
    topics = list(SHARED_TOPICS)
    for place in places_of(codes):
        topics += [topic for topic in place.topics if topic not in topics]
    return topics


def equal_opportunity_grounds(codes: Iterable[str]) -> list[str]:
    """The grounds the equal-opportunity line names for ``codes``: every place's, in order, each once."""
    grounds: list[str] = []
    for place in places_of(codes):
        grounds += [ground for ground in place.equal_opportunity if ground not in grounds]
    return grounds or list(DEFAULT_GROUNDS)


def do_not_ask(codes: Iterable[str], language: str) -> list[str]:
    """The do-not-ask list for the places ``codes``, worded in ``language``.

    ``zh-TW`` and ``zh-HK`` read the Traditional wording and ``de-AT`` the German one; a language
    without wording of its own gets the English, which its labels can replace.
    """
    wording = topic_language(language)
    return [TOPICS[topic][wording] for topic in do_not_ask_topics(codes)]


def topic_language(language: str) -> str:
    """The language of :data:`TOPICS` that writes ``language``'s list."""
    if language in TOPIC_LANGUAGES:
        return language
    base, _, region = language.partition("-")
    if base == "zh":
        return "zh-Hant" if region.upper() in ("HANT", "TW", "HK", "MO") else "zh"
    return base if base in TOPIC_LANGUAGES else "en"
