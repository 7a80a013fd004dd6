"""Words that limit applicants, one list a label language, each from the public sources it names.

An entry names the ground it limits by (:data:`jobdocs.checks.postings.Ground`), or none for a
phrase that is criticised but not a limit (long hours, jargon). Whether a ground is unlawful is not
the list's to say: the places a role is posted in decide that (:mod:`jobdocs.checks.postings`).
Patterns are written for the words as they appear in job ads, with lookaheads that spare the
everyday senses an online seller writes (无限男装 is menswear, "young consumers" a market).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: The Traditional forms of the characters the Chinese entries use: a zh-Hant text is matched as if
#: Simplified, character for character, so every finding still points at the text as written.
TRADITIONAL_TO_SIMPLIFIED = str.maketrans("僅於慮優為裝錶狀況計劃畫懷備婦歲週內齡氣質顏長釐輕團隊願適應從壓強戶會無論區別對視貌錄薪業籍體歧漢勿擾殘國",
                                          "仅于虑优为装表状况计划划怀备妇岁周内龄气质颜长厘轻团队愿适应从压强户会无论区别对视貌录薪业籍体歧汉勿扰残国")


@dataclass(frozen=True)
class Term:
    """A phrase that limits applicants by ``ground`` (None: a style finding), why, and what to write instead."""

    ground: str | None
    pattern: re.Pattern[str]
    why: str
    fix: str
    #: The finding's code when the entry names no ground (a ground's code comes from the ground).
    code: str = ""


@dataclass(frozen=True)
class WordList:
    """One language's entries and where they come from."""

    language: str
    #: The place whose law judges the language's texts when a project names no place.
    home: str
    sources: str
    terms: tuple[Term, ...]
    #: Applied to a text before matching (the Traditional characters, for zh-Hant).
    normalise: dict[int, int] | None = None


#: The finding code of each ground.
GROUND_CODES = {"sex": "sex-limit", "age": "age-limit", "family": "family-status", "origin": "origin-limit",
                "household": "household-limit", "health": "health-limit", "appearance": "appearance-limit",
                "religion": "religion-limit", "pay_history": "pay-history-question",
                "family_background": "family-background-question", "property": "property-question",
                "personal": "personal-traits", "hype": "hype-wording"}

_SEX = "limits the job by sex"
_SEX_FIX = "describe the work and let anyone apply"
_AGE = "signals an age limit"
_AGE_FIX = "name the experience or skills the job needs instead of an age"
_FAMILY = "asks about or sets a condition on marriage, pregnancy or children"
_FAMILY_FIX = "leave it out: it has nothing to do with the work"
_ORIGIN = "limits applicants by origin or nationality"
_ORIGIN_FIX = "name the language level the work needs (e.g. C1), or the right to work"
_HOUSEHOLD = "limits applicants by household registration or home region"
_HEALTH = "limits applicants by health or disability"
_HEALTH_FIX = "name the physical tasks the job involves instead"
_LOOKS = "judges looks, which have nothing to do with the work and are often read as sex discrimination"
_LOOKS_FIX = "leave it out, or name the task (e.g. 'meets customers in person')"
_PAY_HISTORY = "asks for pay history"
_PAY_HISTORY_FIX = "ask for the candidate's expectations, not what they earned before"
_LEAVE_OUT = "leave it out"


def _terms(ground: str | None, why: str, fix: str, patterns: list[str], code: str = "", flags: int = 0) -> list[Term]:
    return [Term(ground, re.compile(pattern, flags), why, fix, code) for pattern in patterns]


_I = re.IGNORECASE

ZH_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, _SEX_FIX, [
        r"(?:仅|只)?限于?男(?![装鞋款表包])(?:性|士|生)?|(?:只|仅)招(?:收|聘)?男|不(?:招|要|收|考虑)女",
        r"男(?:性|士|生)?(?:优先|为佳|更佳)",
        r"(?:仅|只)?限于?女(?![装鞋款表包])(?:性|士|生)?|(?:只|仅)招(?:收|聘)?女|女(?:性|士|生)?(?:优先|为佳)"]),
    # Lookaheads spare product words a seller writes: 孕妇装 (maternity wear).
    *_terms("family", _FAMILY, _FAMILY_FIX, [
        r"已婚|未婚|已育|未育|婚育|婚否|婚姻状况|生育(?:计划|情况|状况)|怀孕|孕期|备孕|孕妇(?![装用枕])|二胎|三胎"]),
    *_terms("health", _HEALTH, "leave it out: a hepatitis-B test is not allowed as a condition of hiring", [
        r"乙肝|肝功能?(?:正常|检查)|无传染(?:性)?疾?病", r"(?:无|非)残疾|残疾人?勿扰"]),
    # The legal minimum ages (16, 18) are not limits.
    *_terms("age", _AGE, _AGE_FIX, [
        r"(?<!\d)(?!1[68])\d{2}\s*周?岁\s*(?:以下|以内|之下|以上)|\d{2}\s*[-—–~～至到]\s*\d{2}\s*周?岁"
        r"|年龄(?!不限)[^，。；,;\d]{0,4}\d{2}(?:\s*[-—–~～至到]\s*\d{2})?\s*周?岁?(?:以下|以内|以上)?",
        r"年轻(?:有活力|有朝气|化|的团队)|应届(?:毕业)?生?(?:优先|为佳)"]),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [
        r"形象气质佳|形象佳|气质佳|(?<!品牌)形象好|五官端正|外[型貌]佳|颜值(?:要求|佳|高)|长相|相貌"
        r"|身高(?:要求)?[：:在需不低于少]{0,4}[\d.]+\s*(?:cm|CM|厘米|米|公分)?(?:以上)?"]),
    *_terms("household", _HOUSEHOLD, "leave it out: where a candidate is registered says nothing about the work", [
        r"户[口籍](?!不限)|(?:限|仅限|只招)本地人?|本地人优先|本市户口"]),
    *_terms("origin", "limits applicants by ethnicity", _LEAVE_OUT, [r"(?:限|仅限)汉族|汉族优先|少数民族勿扰"]),
    *_terms("religion", "sets a condition on religion", _LEAVE_OUT, [r"无宗教信仰"]),
    *_terms("hype", "promises more than a posting may (false or exaggerated claims)",
            "state the pay range and the real terms instead", [r"高薪(?!资)|保录(?:取|用)?|包录取|包就业|躺赚|轻松月入"]),
    *_terms(None, "is widely criticised as a call for overwork and aggression", _LEAVE_OUT, [r"狼性"],
            "criticised-wording"),
    *_terms(None, "advertises long hours, which deters many applicants", "state the real working hours in employment.hours",
            [r"(?:能|可|愿意)?(?:接受|适应|服从)加班|996|大小周", r"抗压能力强"], "overwork-wording"),
])

#: Taiwan's Employment Service Act art. 5 names grounds the Simplified list has no entry for.
TW_TERMS: tuple[Term, ...] = tuple([
    *_terms("personal", "sets a condition on blood type or star sign", _LEAVE_OUT, [r"血型|星座"]),
    *_terms("origin", _ORIGIN, _ORIGIN_FIX, [r"限本国籍|本国籍优先"]),
])

EN_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, _SEX_FIX, [
        r"\b(?:males?|men|females?|women|ladies|gentlemen|boys|girls)\s+(?:only|preferred)\b"
        r"|\b(?:only|preferably)\s+(?:males?|men|females?|women)\b"], flags=_I),
    # "young consumers" is a market, not a condition on applicants.
    *_terms("age", _AGE, _AGE_FIX, [
        r"\byoung(?:er)?\b(?!\s+(?:company|business|brand|startup|firm|market|consumers?|customers?|buyers?"
        r"|shoppers?|audiences?))|\bdigital natives?\b",
        r"\b(?:recent|new|fresh)\s+(?:college\s+|university\s+)?grad(?:uate)?s?\b",
        r"\b(?:under|below|over)\s+\d{2}\s+years?\s+(?:old|of\s+age)\b"
        r"|\baged?\s+(?:between\s+)?\d{2}\s*(?:-|–|to|and)\s*\d{2}\b"
        r"|\b(?:under|below)\s+(?:the\s+age\s+of\s+)?\d{2}(?=\s*(?:[.,;:!?)]|$|and\b|or\b|only\b|please\b))"],
        flags=_I),
    *_terms("family", _FAMILY, _FAMILY_FIX, [
        r"\b(?:un)?married\b|\bmarital\s+status\b|\bno\s+(?:kids|children)\b|\bchildless\b|\bpregnan(?:t|cy)\b"
        r"|\bfamily\s+plans?\b"], flags=_I),
    *_terms("origin", _ORIGIN, _ORIGIN_FIX, [
        r"\bnative\s+(?:english\s+)?speakers?\b|\b(?:(?:us|u\.s\.)\s+)?citizens\s+only\b|\bno\s+foreigners\b"],
        flags=_I),
    *_terms("health", _HEALTH, _HEALTH_FIX, [r"\bable[- ]bodied\b|\bno\s+disabilit(?:y|ies)\b"], flags=_I),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"\b(?:attractive|good[- ]looking)\b(?!\s+(?:pay|salary|package|"
                                                r"benefits|prices?|offers?|products?|listings?))"], flags=_I),
    *_terms("pay_history", _PAY_HISTORY, _PAY_HISTORY_FIX, [
        r"\b(?:salary|pay|compensation)\s+history\b|\b(?:current|previous|last)\s+(?:salary|pay)\b"], flags=_I),
    *_terms(None, "can read as a preference for younger applicants", "describe the pace of the work instead",
            [r"\bearly[- ]career\s+(?:candidates?|applicants?|people\s+only)\b|\b(?:high[- ]energy|energetic)\b"],
            "age-coded-wording", flags=_I),
    *_terms(None, "is jargon that deters many applicants", "name the skill itself",
            [r"\b(?:rock\s?stars?|ninjas?|gurus?)\b|\bwork hard,? play hard\b"], "jargon", flags=_I),
    *_terms(None, "is a job title for one sex", "use a neutral title (salesperson, server, chair)",
            [r"\b(?:sales|fore|chair|handy|repair)m[ae]n\b|\bwaitress(?:es)?\b"], "gendered-title", flags=_I),
])

DE_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, "schreiben Sie den Titel mit (m/w/d) und sprechen Sie alle an",
            [r"\b(?:nur|ausschließlich)\s+(?:für\s+)?(?:Männer|Frauen|männliche|weibliche|Herren|Damen)\b"
             r"|\b(?:Männer|Frauen|männliche\s+Bewerber|weibliche\s+Bewerberinnen)\s+bevorzugt\b"], flags=_I),
    # BAG, 11.08.2016, 8 AZR 406/14 ("junges, dynamisches Team"); 24.01.2013, 8 AZR 429/11 ("Berufsanfänger").
    *_terms("age", _AGE, _AGE_FIX, [
        r"\bjunge[snm]?\s+(?:\w+\s+)?Team|\bjunge[nr]?\s+(?:Kolleg|Mitarbeiter|Bewerber|Nachwuchs)\w*",
        r"\bBerufsanfänger(?:in(?:nen)?|\*innen)?\b|\bDigital\s+Natives?\b",
        r"\b(?:unter|bis|höchstens|maximal|nicht\s+älter\s+als)\s+\d{2}(?![\d,.]\d)(?:\s*Jahren?(?:\s+alt)?)?"
        r"(?!\s*(?:%|Prozent|Stunden|Std|Euro|€|EUR|Minuten|Sekunden|Tage|Wochen|Monate|Stück|Artikel|Aufträge"
        r"|Bestellungen|Personen|Mitarbeit|kg|km|Uhr)|\d)|\bzwischen\s+\d{2}\s+und\s+\d{2}\s+Jahren\b"],
        flags=_I),
    # BAG, 29.06.2017, 8 AZR 402/15: "Deutsch als Muttersprache" discriminates by ethnic origin.
    *_terms("origin", _ORIGIN, "verlangen Sie ein Sprachniveau (z. B. Deutsch C1) statt der Muttersprache", [
        r"\bMuttersprachler\w*|\bMuttersprache\b|\bmuttersprachlich\w*|\bdeutsche\s+Staatsangehörigkeit\b"], flags=_I),
    *_terms("family", _FAMILY, _FAMILY_FIX, [
        r"\b(?:ledig|verheiratet|kinderlos|schwanger)\w*|\bkeine\s+Kinder\b|\bSchwangerschaft\b|\bFamilienplanung\b"],
        flags=_I),
    *_terms("health", _HEALTH, _HEALTH_FIX, [r"\bkerngesund\b|\b(?:gesundheitlich\s+)?uneingeschränkt\s+gesund\b"
                                             r"|\bkeine\s+Behinderung\b"], flags=_I),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"\bgepflegte[sn]?\s+(?:Äußere|Erscheinung)\w*|\bgute[sn]?\s+Aussehen\b"
                                               r"|\battraktive[sn]?\s+(?:Erscheinung|Äußere)"], flags=_I),
    *_terms("pay_history", _PAY_HISTORY, _PAY_HISTORY_FIX, [
        r"\b(?:aktuelle[sn]?|bisherige[sn]?|letzte[sn]?)\s+(?:Gehalt|Einkommen|Vergütung)\b|\bGehaltsnachweis\w*"],
        flags=_I),
])

FR_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, "ajoutez (H/F) au titre et adressez-vous à toutes et à tous", [
        r"\b(?:uniquement|seulement|exclusivement)\s+(?:des\s+)?(?:hommes|femmes)\b"
        r"|\b(?:hommes?|femmes?)\s+(?:uniquement|exclusivement|de\s+préférence)\b|\bsexe\s+(?:masculin|féminin)\b"],
        flags=_I),
    *_terms("age", _AGE, _AGE_FIX, [
        r"\b(?:moins|plus)\s+de\s+\d{2}\s+ans\b|\bâgée?s?\s+de\s+\d{2}\s+(?:à|-)\s+\d{2}\s+ans\b"
        r"|\bâge\s+(?:maximum|limite|max)\b",
        r"\bjeunes?\b(?!\s+(?:entreprise|marque|société|start-?up|pousse|clients?|consommat\w+|public))"
        r"|\bjeunes?\s+diplômée?s?\b"], flags=_I),
    *_terms("family", _FAMILY, _FAMILY_FIX, [
        r"\bcélibataires?\b|\bmariée?s?\b|\bsans\s+enfants?\b|\benceinte\b|\bgrossesse\b|\bsituation\s+de\s+famille\b"],
        flags=_I),
    *_terms("origin", _ORIGIN, "indiquez le niveau de langue attendu (p. ex. C1)", [
        r"\blangue\s+maternelle\b|\b(?:locut(?:eur|rice)\s+)?natif\b|\bnative\b|\bde\s+nationalité\s+française\b"
        r"|\bd'origine\s+française\b"], flags=_I),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"\b(?:bonne|belle)\s+présentation\b|\bphysique\s+agréable\b"],
            flags=_I),
    *_terms("health", _HEALTH, _HEALTH_FIX, [r"\ben\s+(?:parfaite|bonne)\s+santé\b|\bsans\s+handicap\b"], flags=_I),
    *_terms("pay_history", _PAY_HISTORY, _PAY_HISTORY_FIX, [
        r"\b(?:salaire|rémunération)\s+(?:actuel(?:le)?|précédent(?:e)?)\b|\bdernier\s+salaire\b"], flags=_I),
])

ES_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, _SEX_FIX, [
        r"\b(?:solo|sólo|únicamente|exclusivamente)\s+(?:hombres|mujeres|varones|chicas|chicos)\b"
        r"|\bse\s+busca\s+(?:chica|chico|señorita)\b|\b(?:hombres|mujeres|varones)\s+preferentemente\b"
        r"|\bsexo\s+(?:masculino|femenino)\b"], flags=_I),
    *_terms("age", _AGE, _AGE_FIX, [
        r"\b(?:menor(?:es)?|mayor(?:es)?)\s+de\s+\d{2}\s+años\b|\bentre\s+\d{2}\s+y\s+\d{2}\s+años\b"
        r"|\bedad\s+(?:máxima|límite)\b|\brecién\s+titulad[oa]s?\b",
        r"\bjóven(?:es)?\b|\bjoven(?:es)?\b(?!\s+(?:empresa|marca|clientes?|consumidor\w*|público))"], flags=_I),
    *_terms("family", _FAMILY, _FAMILY_FIX, [
        r"\bsolter[oa]s?\b|\bcasad[oa]s?\b|\bsin\s+hijos\b|\bembarazad[ao]s?\b|\bembarazo\b|\bcargas\s+familiares\b"],
        flags=_I),
    *_terms("origin", _ORIGIN, "indica el nivel de idioma que requiere el puesto (p. ej., C1)", [
        r"\bnativ[oa]s?\b|\blengua\s+materna\b|\bnacionalidad\s+española\b"], flags=_I),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"\bbuena\s+presencia\b|\bimagen\s+cuidada\b"], flags=_I),
    *_terms("health", _HEALTH, _HEALTH_FIX, [r"\bsin\s+discapacidad\b|\b(?:buena|perfecta)\s+salud\b"], flags=_I),
    *_terms("pay_history", _PAY_HISTORY, _PAY_HISTORY_FIX, [
        r"\b(?:salario|sueldo)\s+(?:actual|anterior)\b|\búltimo\s+(?:salario|sueldo)\b|\bnómina\s+anterior\b"],
        flags=_I),
])

# Job titles for one sex that the MHLW guideline (平成18年厚生労働省告示第614号) gives as examples;
# "営業マン（男女）" names both and passes.
JA_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, "男女を問わない職種名にするか、職種名の後に（男女）を添えてください", [
        r"(?:男性|女性|男子|女子)(?:のみ|限定|歓迎|優遇|向き|を募集)",
        r"(?:営業マン|セールスマン|ウエイ?トレス|ウェイトレス|ウエイター|ウェイター|看護婦|保母|スチュワーデス|カメラマン"
        r"|OL)(?![（(]男女)"]),
    *_terms("age", _AGE, "年齢ではなく、必要な経験や技能を書いてください", [
        r"\d{2}\s*歳\s*(?:以下|まで|未満|位まで|くらいまで|前後)|\d{2}\s*[~～〜\-－]\s*\d{2}\s*歳",
        r"若年層?(?:の方)?(?:歓迎|限定|募集)?|若い(?:方|人|人材)|[2-6]0代(?:の方|まで|中心|活躍|歓迎)"]),
    *_terms("family", _FAMILY, _FAMILY_FIX, [r"未婚|既婚|独身|子ども(?:の)?いない|結婚(?:の)?予定|妊娠|出産予定"]),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"容姿端麗|容姿|ルックス|身長\s*\d{3}"]),
    *_terms("household", "limits applicants by family register or birthplace", _LEAVE_OUT, [r"本籍|出身地"]),
    *_terms("origin", _ORIGIN, "必要な日本語能力（例：JLPT N2）を書いてください", [r"日本人(?:のみ|限定)|ネイティブ(?:のみ|限定)"]),
    *_terms("family_background", "asks about the family's jobs, education or wealth", _LEAVE_OUT,
            [r"(?:家族|両親|親|父母)の(?:職業|学歴|収入|資産)"]),
])

KO_TERMS: tuple[Term, ...] = tuple([
    *_terms("sex", _SEX, _SEX_FIX, [r"(?:남성|여성|남자|여자)\s*(?:만|우대|한정|환영)"]),
    *_terms("age", _AGE, "나이 대신 직무에 필요한 경력이나 기술을 쓰세요", [
        r"\d{2}\s*세\s*(?:이하|미만|까지)|만\s*\d{2}\s*세|\d{2}\s*[~\-]\s*\d{2}\s*세|(?:나이|연령)\s*제한"
        r"|[2-6]0대\s*(?:만|초반|환영|우대)"]),
    *_terms("appearance", _LOOKS, _LOOKS_FIX, [r"용모\s*단정|외모|(?:키|신장)\s*\d{3}|체중|몸무게"]),
    *_terms("household", _HOUSEHOLD, _LEAVE_OUT, [r"출신\s*지역|출신지|본적|고향"]),
    *_terms("family", _FAMILY, _FAMILY_FIX, [r"미혼|기혼|(?:결혼|혼인)\s*여부|임신"]),
    *_terms("family_background", "asks about the family's education, jobs or property", _LEAVE_OUT,
            [r"(?:부모|가족|형제|자매)(?:님)?(?:의)?\s*(?:직업|학력|재산)|가족\s*(?:관계|사항)"]),
    *_terms("property", "asks about the candidate's property", _LEAVE_OUT, [r"재산|자가\s*소유|주거\s*형태"]),
    # The National Human Rights Commission of Korea treats a military-service requirement as indirect sex discrimination.
    *_terms(None, "excludes most women (a military-service condition)", "leave it out unless the work requires it",
            [r"군필(?:자)?(?:\s*우대)?|병역필"], "military-service"),
])

#: The lists by label language. Every list is searched alongside English, which appears in every language's ads.
WORD_LISTS: dict[str, WordList] = {word_list.language: word_list for word_list in [
    WordList("zh", "CN", "Employment Promotion Law arts. 3, 26-31; Law on the Protection of Women's Rights and "
             "Interests art. 43 (2023); 《关于规范网络平台招聘类信息发布的通知》 (2026)", ZH_TERMS),
    WordList("zh-Hant", "TW", "就業服務法 art. 5; 性別平等工作法 art. 7; and the Simplified list, read in Traditional "
             "characters", ZH_TERMS + TW_TERMS, TRADITIONAL_TO_SIMPLIFIED),
    WordList("en", "US", "EEOC, 'Prohibited Employment Policies/Practices' (job advertisements); ADEA 29 U.S.C. "
             "§ 623(e); Title VII § 704(b)", EN_TERMS),
    WordList("de", "DE", "AGG §§ 1, 7, 11; Antidiskriminierungsstelle des Bundes, 'Leitfaden für einen "
             "diskriminierungsfreien Einstellungsprozess'; BAG 8 AZR 406/14, 8 AZR 429/11, 8 AZR 402/15", DE_TERMS),
    WordList("fr", "FR", "Code du travail L1132-1, L1142-1, L5331-2; Défenseur des droits, 'Recruter avec des "
             "outils numériques sans discriminer'", FR_TERMS),
    WordList("es", "ES", "Ley 15/2022 arts. 2 y 9; Estatuto de los Trabajadores arts. 4.2.c y 17.1; LISOS art. "
             "16.1.c", ES_TERMS),
    WordList("ja", "JP", "労働施策総合推進法 art. 9; 男女雇用機会均等法 art. 5 and 平成18年厚生労働省告示第614号; "
             "厚生労働省「公正な採用選考の基本」", JA_TERMS),
    WordList("ko", "KR", "채용절차의 공정화에 관한 법률 art. 4-3; 남녀고용평등법 art. 7; 고령자고용법 art. 4-4",
             KO_TERMS),
]}


def lists_for(language: str) -> list[WordList]:
    """The lists a text in ``language`` is searched with: its own and English; every list for a plain string."""
    if language == "*":
        return list(WORD_LISTS.values())
    own = word_list_of(language)
    return [own, WORD_LISTS["en"]] if own is not None and own.language != "en" else [WORD_LISTS["en"]]


def word_list_of(language: str) -> WordList | None:
    """The list written for ``language`` (``zh-TW`` reads zh-Hant's, ``de-AT`` de's), or None."""
    if language in WORD_LISTS:
        return WORD_LISTS[language]
    base, _, region = language.partition("-")
    if base == "zh":
        return WORD_LISTS["zh-Hant" if region.upper() in ("HANT", "TW", "HK", "MO") else "zh"]
    return WORD_LISTS.get(base)
