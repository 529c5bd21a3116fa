"""Sentences written for these tests (not taken from any corpus), and small file helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AR_CLASHES = (
    "أفاد مراسلنا بأن اشتباكات عنيفة اندلعت مساء أمس بين قوات الجيش ومسلحين في ريف المدينة الشمالي، "
    "ما أسفر عن سقوط قتيلين وعدد من الجرحى."
)
AR_BOMB = (
    "وقالت الشرطة في بيان إن عبوة ناسفة انفجرت قرب سوق شعبي صباح اليوم، "
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن."
)
AR_PROTEST = "خرج مئات المحتجين إلى الشوارع في العاصمة للمطالبة بتحسين الخدمات، وقد فرقتهم الشرطة بالغاز المسيل للدموع."
AR_ARTICLE = f"اشتباكات في ريف المدينة\n\n{AR_CLASHES}\n{AR_BOMB}\n"

FA_TEXT = (
    "به گزارش خبرگزاری‌ها، در این حمله که صبح امروز رخ داد، دست کم پنج نفر کشته و ده نفر زخمی شدند. "
    "مقامات محلی گفتند که عاملان این حمله هنوز شناسایی نشده‌اند و تحقیقات ادامه دارد."
)
UR_TEXT = (
    "مقامی حکام کے مطابق آج صبح ہونے والے دھماکے میں کم از کم پانچ افراد ہلاک اور دس زخمی ہو گئے۔ "
    "پولیس نے کہا ہے کہ واقعے کی تحقیقات جاری ہیں اور ملزمان کی تلاش کی جا رہی ہے۔"
)
EN_TEXT = (
    "At least five people were killed and ten wounded when a roadside bomb hit a bus on Monday, "
    "local officials said, adding that the investigation was under way."
)
FR_TEXT = (
    "Le président a déclaré que la situation est grave dans la région et que les secours sont sur place."
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def article(item_id: str, text: str, **meta: Any) -> dict[str, Any]:
    return {"id": item_id, "source": "Test Agency", "published": "2018-03-14T08:00:00+00:00", "title": "t",
            "text": text, **meta}  # fmt: skip
