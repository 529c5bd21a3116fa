"""Event dates from the publication date and the report's date words."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _date(text: str, published: str = "2018-05-09") -> tuple[str | None, int]:
    rec = extract_record({"id": "d", "text": text, "published": published})
    assert rec["events"], text
    ev = rec["events"][0]
    return ev["date"], ev["time_precision"]


def test_publication_day_by_default() -> None:
    assert _date("قتل ثلاثة مدنيين في غارة جوية على بلدة كفرنبل بريف إدلب.") == ("2018-05-09", 1)


def test_yesterday_and_today() -> None:
    assert _date("قتل ثلاثة مدنيين أمس في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-08"
    assert _date("قتل ثلاثة مدنيين فجر اليوم في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-09"
    assert _date("قتل ثلاثة مدنيين ليلة أمس في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-08"


def test_weekday_is_the_last_such_day() -> None:
    # 2018-05-09 was a Wednesday.
    assert _date("قتل ثلاثة مدنيين الأربعاء في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-09"
    assert _date("قتل ثلاثة مدنيين يوم الأحد في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-06"


def test_month_names_levantine_and_egyptian() -> None:
    assert _date("قتل ثلاثة مدنيين في 7 أيار في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-07"
    assert _date("قتل ثلاثة مدنيين في 8 مايو في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-08"


def test_old_dates_are_not_news() -> None:
    rec = extract_record(
        {
            "id": "d",
            "published": "2018-05-09",
            "text": "وكانت غارة جوية قد قتلت ثلاثة مدنيين في بلدة كفرنبل في 3 شباط.",
        }
    )
    assert rec["events"] == []
    rec = extract_record(
        {"id": "d", "published": "2018-05-09", "text": "وقتل 40 شخصا في غارة جوية على بلدة كفرنبل عام 2014."}
    )
    assert rec["events"] == []


def test_no_publication_date_means_no_date() -> None:
    rec = extract_record({"id": "d", "text": "قتل ثلاثة مدنيين أمس في غارة جوية على بلدة كفرنبل."})
    assert rec["events"][0]["date"] is None
