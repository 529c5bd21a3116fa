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


def test_a_weekday_naming_an_old_dated_day_is_that_day() -> None:
    # 2015-06-26 was a Friday; published a Friday six weeks later. "During Friday prayers on
    # 26 June" is the old date, not the last Friday: background, not news.
    text = "وقتل 5 مصلين في تفجير انتحاري استهدف مسجدا في مدينة حمص خلال صلاة الجمعة في 26 يونيو الماضي."
    rec = extract_record({"id": "d", "published": "2015-08-07", "text": text})
    assert rec["events"] == []
    # A weekday of another day than the old date still dates the news.
    text = "قتل ثلاثة مدنيين يوم الأحد في غارة جوية على بلدة كفرنبل التي نزح منها أهلها في 3 شباط."
    assert _date(text)[0] == "2018-05-06"
    # Weekday and date of the same recent day agree.
    assert _date("قتل ثلاثة مدنيين يوم الأحد 6 أيار في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-06"
    # An earlier attack on the same weekday, recalled in another sentence, leaves the news dated.
    text = (
        "قتل عشرة أشخاص السبت في تفجير سيارة مفخخة قرب القصر الرئاسي في مقديشو."
        " وكانت سيارة مفخخة انفجرت قرب القصر في 5 أيار الجاري."
    )
    assert _date(text, "2018-05-12")[0] == "2018-05-12"


def test_a_night_of_two_days_is_the_later_day() -> None:
    # 2018-05-09 was a Wednesday: "ليل الاثنين الثلاثاء" is the night into Tuesday 8 May.
    assert _date("قتل ثلاثة مدنيين ليل الاثنين الثلاثاء في غارة جوية على بلدة كفرنبل.")[0] == "2018-05-08"
    # Two days that do not follow each other are not one night.
    assert _date("قتل ثلاثة مدنيين الاثنين في غارة جوية على بلدة كفرنبل، وشيعوا الأربعاء.")[0] == "2018-05-07"
