"""Deterministic generators of fictional Korean people and companies.

Every function takes the caller's ``random.Random`` so that one seed fixes the whole program.
Nothing here touches the database. All names are invented from common syllables; any likeness
to a real person or company is coincidental.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Surname, romanisation, relative frequency (roughly the Korean census shares).
_SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("김", "kim", 21.5),
    ("이", "lee", 14.7),
    ("박", "park", 8.4),
    ("최", "choi", 4.7),
    ("정", "jung", 4.3),
    ("강", "kang", 2.4),
    ("조", "cho", 2.1),
    ("윤", "yoon", 2.1),
    ("장", "jang", 2.0),
    ("임", "lim", 1.7),
    ("한", "han", 1.5),
    ("오", "oh", 1.5),
    ("서", "seo", 1.5),
    ("신", "shin", 1.5),
    ("권", "kwon", 1.4),
    ("황", "hwang", 1.4),
    ("안", "ahn", 1.4),
    ("송", "song", 1.3),
    ("류", "ryu", 1.2),
    ("전", "jeon", 1.1),
    ("홍", "hong", 1.1),
    ("고", "ko", 0.9),
    ("문", "moon", 0.9),
    ("양", "yang", 0.9),
    ("손", "son", 0.9),
    ("배", "bae", 0.8),
    ("백", "baek", 0.7),
    ("허", "heo", 0.6),
    ("노", "noh", 0.6),
    ("남", "nam", 0.5),
)
_GIVEN_FIRST: tuple[tuple[str, str], ...] = (
    ("민", "min"),
    ("서", "seo"),
    ("지", "ji"),
    ("현", "hyun"),
    ("준", "jun"),
    ("도", "do"),
    ("예", "ye"),
    ("하", "ha"),
    ("수", "su"),
    ("유", "yu"),
    ("채", "chae"),
    ("승", "seung"),
    ("재", "jae"),
    ("은", "eun"),
    ("다", "da"),
    ("태", "tae"),
    ("가", "ga"),
    ("시", "si"),
    ("주", "ju"),
    ("윤", "yun"),
    ("정", "jeong"),
    ("성", "seong"),
    ("동", "dong"),
    ("혜", "hye"),
    ("소", "so"),
    ("연", "yeon"),
    ("세", "se"),
    ("우", "woo"),
    ("건", "geon"),
    ("나", "na"),
)
_GIVEN_SECOND: tuple[tuple[str, str], ...] = (
    ("준", "jun"),
    ("우", "woo"),
    ("윤", "yun"),
    ("서", "seo"),
    ("연", "yeon"),
    ("호", "ho"),
    ("민", "min"),
    ("진", "jin"),
    ("원", "won"),
    ("희", "hee"),
    ("아", "a"),
    ("빈", "bin"),
    ("훈", "hoon"),
    ("영", "young"),
    ("수", "su"),
    ("현", "hyun"),
    ("은", "eun"),
    ("린", "rin"),
    ("혁", "hyuk"),
    ("경", "kyung"),
    ("석", "seok"),
    ("율", "yul"),
    ("담", "dam"),
    ("솔", "sol"),
    ("하", "ha"),
    ("인", "in"),
    ("규", "gyu"),
    ("람", "ram"),
    ("지", "ji"),
    ("환", "hwan"),
)


@dataclass(frozen=True)
class PersonName:
    korean: str
    handle: str
    """A romanised handle for fictional portfolio addresses, e.g. ``minjun-kim``."""


def person_name(rng: random.Random) -> PersonName:
    surname, surname_roman, _ = rng.choices(_SURNAMES, weights=[s[2] for s in _SURNAMES])[0]
    first, first_roman = rng.choice(_GIVEN_FIRST)
    second, second_roman = rng.choice(_GIVEN_SECOND)
    while second == first:
        second, second_roman = rng.choice(_GIVEN_SECOND)
    return PersonName(
        korean=f"{surname}{first}{second}",
        handle=f"{first_roman}{second_roman}-{surname_roman}",
    )


def mobile_number(rng: random.Random) -> str:
    """A mobile number as stored: digits only, 010 and eight digits (shown 010-1234-5678)."""
    return f"010{rng.randint(2000, 9999)}{rng.randint(0, 9999):04d}"


# --- business registration numbers (사업자등록번호) -------------------------------------------

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# Plausible tax-office prefixes (Gwangju offices first) and corporate type codes (법인 81, 86-88).
_TAX_OFFICES = (408, 409, 410, 419, 412, 101, 105, 110, 120, 124, 129, 134, 138, 214, 220, 314)
_CORPORATE_CODES = (81, 86, 87, 88)


def business_number_check_digit(first_nine: str) -> int:
    """The tenth digit of a 사업자등록번호 (the 국세청 rule; see careerhub.core.korean)."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def business_number(rng: random.Random) -> str:
    first_nine = (
        f"{rng.choice(_TAX_OFFICES):03d}{rng.choice(_CORPORATE_CODES):02d}"
        f"{rng.randint(1, 9999):04d}"
    )
    return f"{first_nine}{business_number_check_digit(first_nine)}"


# --- company names ------------------------------------------------------------------------

# Stem, romanisation: native Korean words and invented pairs, none a known company name.
COMPANY_STEMS: tuple[tuple[str, str], ...] = (
    ("누리", "nuri"),
    ("한빛", "hanbit"),
    ("다온", "daon"),
    ("가람", "garam"),
    ("라온", "raon"),
    ("마루", "maru"),
    ("미르", "mir"),
    ("도담", "dodam"),
    ("해솔", "haesol"),
    ("보람", "boram"),
    ("이음", "ieum"),
    ("새봄", "saebom"),
    ("하늬", "hanui"),
    ("슬기", "seulgi"),
    ("별하", "byeolha"),
    ("나래", "narae"),
    ("아라", "ara"),
    ("윤슬", "yunseul"),
    ("초롱", "chorong"),
    ("푸름", "pureum"),
    ("한결", "hangyeol"),
    ("늘품", "neulpum"),
    ("다솜", "dasom"),
    ("여울", "yeoul"),
    ("너울", "neoul"),
    ("해든", "haedeun"),
    ("두리", "duri"),
    ("모아", "moa"),
    ("바름", "bareum"),
    ("소담", "sodam"),
    ("온다", "onda"),
    ("이룸", "irum"),
    ("지음", "jieum"),
    ("채움", "chaeum"),
    ("큰솔", "keunsol"),
    ("하람", "haram"),
    ("한울", "hanul"),
    ("빛결", "bitgyeol"),
    ("솔빛", "solbit"),
    ("참빛", "chambit"),
    ("온새미", "onsaemi"),
    ("물빛", "mulbit"),
    ("들꽃", "deulkkot"),
    ("고운", "goun"),
    ("단비", "danbi"),
)

# Suffix, romanisation, sector. Which suffixes a company may take depends on its size.
_TECH_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("AI", "ai", "AI 소프트웨어"),
    ("테크", "tech", "AI 소프트웨어"),
    ("데이터랩", "datalab", "데이터 플랫폼"),
    ("로보틱스", "robotics", "로봇·스마트제조"),
    ("소프트", "soft", "클라우드·SaaS"),
    ("랩스", "labs", "AI 연구개발"),
    ("모빌리티", "mobility", "자율주행·모빌리티"),
    ("헬스케어", "healthcare", "AI 헬스케어"),
    ("비전", "vision", "컴퓨터 비전"),
    ("인텔리전스", "intelligence", "AI 솔루션"),
    ("시스템즈", "systems", "스마트팩토리"),
    ("에듀", "edu", "교육 AI"),
    ("핀테크", "fintech", "금융 AI"),
    ("팜", "farm", "스마트농업"),
    ("미디어", "media", "문화콘텐츠 AI"),
    ("시큐리티", "security", "정보보안"),
)
_LARGE_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("전자", "electronics", "전자·가전"),
    ("중공업", "heavy", "철강·중공업"),
    ("정보통신", "ict", "정보통신"),
    ("에너지", "energy", "에너지 AI"),
    ("자동차", "motors", "자동차"),
    ("바이오", "bio", "바이오·제약"),
)
_PUBLIC_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("데이터진흥원", "data-agency", "공공 데이터"),
    ("AI실증센터", "ai-center", "AI 실증"),
    ("에너지공사", "energy-corp", "에너지 공공기관"),
    ("의료정보원", "medical-info", "공공 의료"),
)


@dataclass(frozen=True)
class CompanyName:
    name: str
    sector: str
    website: str


def company_name(rng: random.Random, *, size: str, taken: set[str]) -> CompanyName:
    """An unused fictional company name fitting ``size`` (a Company.Size value)."""
    suffixes = {"large": _LARGE_SUFFIXES, "public": _PUBLIC_SUFFIXES}.get(size, _TECH_SUFFIXES)
    while True:
        stem, stem_roman = rng.choice(COMPANY_STEMS)
        suffix, suffix_roman, sector = rng.choice(suffixes)
        name = f"{stem}{suffix}"
        if name not in taken:
            taken.add(name)
            # .example is reserved (RFC 2606): the addresses can never reach a real site.
            return CompanyName(
                name=name, sector=sector, website=f"https://www.{stem_roman}-{suffix_roman}.example"
            )
