from careerhub.reports import charts


def test_bar_chart_is_an_accessible_image_with_its_numbers():
    chart = charts.bar_chart(
        key="c1",
        title="기수별 취업률",
        labels=["1기", "2기 <b>"],
        series=[charts.Series("사업 목표", (0.712, None))],
        percent=True,
        target=0.75,
        label_header="기수",
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">기수별 취업률</title>' in svg
    assert "2기 &lt;b&gt;" in svg and "<b>" not in svg  # labels are escaped
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert chart.summary == "기수별 취업률. 사업 목표: 1기 71.2%, 2기 <b> –. 목표 75.0%."
    assert chart.columns == ("기수", "사업 목표")
    assert chart.rows == (("1기", "71.2%"), ("2기 <b>", "–"))


def test_line_chart_leaves_gaps_for_months_not_reached():
    chart = charts.line_chart(
        key="t",
        title="추이",
        labels=["0", "1", "2"],
        series=[charts.Series("1기", (0.1, 0.2, None)), charts.Series("2기", (0.0, None, None))],
        percent=True,
    )
    svg = str(chart.svg)
    assert svg.count("<polyline") == 1  # 2기 has a single point: no line, one dot
    assert svg.count("<circle") == 3
    assert 'stroke-dasharray="6 3"' in svg  # the second series differs by dashes, not colour only


def test_counts_use_thousands_separators_and_a_nice_scale():
    chart = charts.bar_chart(
        key="n", title="인원", labels=["지원"], series=[charts.Series("", (1234.0,))]
    )
    assert chart.rows == (("지원", "1,234"),)
    assert ">2,000</text>" in str(chart.svg)  # axis rounded up to a readable maximum
