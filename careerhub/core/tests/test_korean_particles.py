"""Particles chosen by the sound a word ends with, and the product's Korean ranges."""

import datetime as dt

import pytest
from django.template import Context, Template

from careerhub.core import korean


@pytest.mark.parametrize(
    ("word", "ro", "eul", "i", "eun", "gwa"),
    [
        ("서울", "서울로", "서울을", "서울이", "서울은", "서울과"),  # ㄹ takes 로
        ("부산", "부산으로", "부산을", "부산이", "부산은", "부산과"),
        ("종료", "종료로", "종료를", "종료가", "종료는", "종료와"),
        ("서류 합격", "서류 합격으로", "서류 합격을", "서류 합격이", "서류 합격은", "서류 합격과"),
        ("'종료'", "'종료'로", "'종료'를", "'종료'가", "'종료'는", "'종료'와"),
        (
            "과정(심화)",
            "과정(심화)으로",
            "과정(심화)을",
            "과정(심화)이",
            "과정(심화)은",
            "과정(심화)과",
        ),
        ("1기", "1기로", "1기를", "1기가", "1기는", "1기와"),
        ("7", "7로", "7을", "7이", "7은", "7과"),
        ("3", "3으로", "3을", "3이", "3은", "3과"),
        ("AI", "AI로", "AI를", "AI가", "AI는", "AI와"),
        ("Python", "Python으로", "Python을", "Python이", "Python은", "Python과"),
    ],
)
def test_particles_follow_the_last_sound(word, ro, eul, i, eun, gwa):
    assert korean.with_particle(word, "로") == ro
    assert korean.with_particle(word, "으로") == ro
    assert korean.with_particle(word, "를") == eul
    assert korean.with_particle(word, "가") == i
    assert korean.with_particle(word, "는") == eun
    assert korean.with_particle(word, "와") == gwa


def test_fill_particles_resolves_the_translators_notation():
    text = "‘서류 합격’(으)로 변경 · 지원동기이(가) 비어 · 서울(으)로 · 1기은(는) · 기술을(를)"
    assert (
        korean.fill_particles(text)
        == "‘서류 합격’으로 변경 · 지원동기가 비어 · 서울로 · 1기는 · 기술을"
    )


def test_the_josa_filter():
    html = Template('{% load korean %}{{ a|josa:"로" }} {{ b|josa:"이" }}').render(
        Context({"a": "면접 예정", "b": "<지원동기>"})
    )
    assert html == "면접 예정으로 &lt;지원동기&gt;가"


def test_month_and_salary_ranges():
    assert (
        korean.format_month_range(dt.date(2027, 2, 1), dt.date(2027, 4, 30)) == "2027. 2.–2027. 4."
    )
    assert korean.format_month_range(dt.date(2027, 2, 1), dt.date(2027, 2, 9)) == "2027. 2."
    assert korean.format_manwon_range(3600, 4200) == "3,600만–4,200만 원"
    assert korean.format_manwon_range(3600, None) == "3,600만 원 이상"
    assert korean.format_manwon_range(None, None) == ""
