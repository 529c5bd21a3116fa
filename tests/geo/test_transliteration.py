"""Consonant skeletons (geo/transliteration.py), the Latin-name table and its build."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from marsad.geo.latin import CHUNK_ROWS, DEFAULT_PATH, LatinGazetteer, blocks_path, shard_of
from marsad.geo.transliteration import arabic_skeletons, latin_skeletons, table_digest

ROOT = Path(__file__).resolve().parents[2]


def _meet(arabic: str, latin: str) -> bool:
    return bool(set(arabic_skeletons(arabic)) & set(latin_skeletons(latin)))


def test_correspondences_meet_press_spellings() -> None:
    assert _meet("باتيكول", "Patikul")  # p written ب
    assert _meet("سيبيتوكي", "Cibitoke")  # soft c
    assert _meet("تشيبوك", "Chibok")  # تش and ch
    assert _meet("حدر", "Xuddur")  # Somali x for ح
    assert _meet("غيتيغا", "Gitega")  # غ for g
    assert _meet("قندوز", "Kunduz")  # ق for k
    assert _meet("موسيمبوا", "Mocímboa")  # diacritics and soft c


def test_different_names_do_not_meet() -> None:
    assert not _meet("باتيكول", "Cotabato")
    assert not _meet("صغيرة", "Patikul")


def test_the_shipped_table_is_fresh_and_lazy() -> None:
    head = blocks_path(DEFAULT_PATH).read_text(encoding="utf-8").splitlines()[0]
    assert head == f"#transliteration={table_digest()}", "rebuild: scripts/build_gazetteer_latin.py"
    latin = LatinGazetteer()
    assert not latin._countries  # nothing read before the first look-up
    hits = latin.match(arabic_skeletons("باتيكول"), "PH")
    assert "1684409" in {h.place.id.split(":")[1] for h in hits}
    assert set(latin._countries) == {"PH"}


def test_a_look_up_reads_only_the_parts_it_asks_for() -> None:
    # Rows come in chunks and the skeleton index in shards: finding Patikul reads the
    # shards of its skeletons and the chunks of the rows they hit, not the Philippines.
    latin = LatinGazetteer()
    skeletons = arabic_skeletons("باتيكول")
    hits = latin.match(skeletons, "PH")
    ph = latin.country("PH")
    assert hits and ph is not None
    assert set(ph._shards) <= {shard_of(s) for s in skeletons}
    assert 0 < len(ph._chunks) < ph.n_rows / CHUNK_ROWS / 4
    assert [h.place.id for h in hits] == [h.place.id for h in LatinGazetteer().match(skeletons, "PH")]


def test_shipped_sizes() -> None:
    built = ROOT / "src" / "marsad" / "knowledge" / "built"
    assert sum(p.stat().st_size for p in built.iterdir()) <= 15 * 2**20


def test_gazetteer_loads_in_a_fresh_interpreter() -> None:
    # From the shipped artefact alone, with nothing built at run time (bench/geo.py times it).
    code = "from marsad.geo.gazetteer import Gazetteer; print(len(Gazetteer.load()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out) > 10_000


def _build_script() -> ModuleType:
    """scripts/build_gazetteer_latin.py as a module (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location("bgl", ROOT / "scripts" / "build_gazetteer_latin.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_on_a_fixture(tmp_path: Path) -> None:
    mod = _build_script()
    rows = [
        ["1", "Patikul", "Patikul", "Tagibi,باتيكول", "6.08917", "121.10528", "P", "PPLA3", "PH", "", "14"],
        ["2", "Gao", "Gao", "", "16.27", "-0.04", "P", "PPLA", "ML", "", "07"],
        ["3", "Kidal", "Kidal", "", "18.44", "1.41", "P", "PPLA", "ML", "", "08"],
    ]
    src = tmp_path / "cities500.txt"
    src.write_text(
        "".join("\t".join(r + ["", "", "", "100", "", "", "", ""]) + "\n" for r in rows), encoding="utf-8"
    )
    out = tmp_path / "gazetteer_latin.tsv.gz"
    stats = mod.build(src, out)
    assert stats["rows"] == 3 and stats["countries"] == 2
    first = out.read_bytes()
    mod.build(src, out)
    assert out.read_bytes() == first  # deterministic
    latin = LatinGazetteer(out, {"ML": "Mali"})
    assert latin.countries() == ["ML", "PH"]
    kidal = latin.match(arabic_skeletons("كيدال"), "ML")
    assert [h.place.name_en for h in kidal] == ["Kidal"] and kidal[0].place.country == "Mali"
    assert latin.has_arabic_name("1", "PH") is True and latin.has_arabic_name("2", "ML") is False


def test_build_names_philippine_provinces(tmp_path: Path) -> None:
    # GeoNames admin1 of the Philippines are regions; province_level.tsv makes the table
    # carry the province (GeoNames admin2, named by rg_cities1000.csv), for every place
    # of that admin2 code, also those rg_cities1000 does not list.
    mod = _build_script()
    rows = [
        ["1", "Patikul", "Patikul", "", "6.08917", "121.10528", "P", "PPLA3", "PH", "", "14", "SU"],
        ["2", "Tandu", "Tandu", "", "6.01", "121.2", "P", "PPL", "PH", "", "14", "SU"],
        ["3", "Cotabato", "Cotabato", "", "7.22", "124.25", "P", "PPLA2", "PH", "", "14", "CC"],
    ]
    src = tmp_path / "cities500.txt"
    src.write_text(
        "".join("\t".join(r + ["", "", "100", "", "", "", ""]) + "\n" for r in rows), encoding="utf-8"
    )
    rg = tmp_path / "rg_cities1000.csv"
    rg.write_text(
        "lat,lon,name,admin1,admin2,cc\n"
        "6.08917,121.10528,Patikul,Autonomous Region in Muslim Mindanao,Province of Sulu,PH\n"
        "7.22,124.25,Cotabato,Autonomous Region in Muslim Mindanao,Cotabato City,PH\n",
        encoding="utf-8",
    )
    out = tmp_path / "gazetteer_latin.tsv.gz"
    mod.build(src, out, rg)
    latin = LatinGazetteer(out, {"PH": "Philippines"})
    admin1 = {
        h.place.name_en: h.place.admin1
        for s in ("باتيكول", "تاندو", "كوتاباتو")
        for h in latin.match(arabic_skeletons(s), "PH")
    }
    assert admin1["Patikul"] == admin1["Tandu"] == "Sulu"
    assert admin1["Cotabato"] == "Autonomous Region in Muslim Mindanao"  # a chartered city keeps the region


def test_the_shipped_table_names_provinces() -> None:
    hits = LatinGazetteer().match(arabic_skeletons("باتيكول"), "PH")
    assert {h.place.admin1 for h in hits if h.place.name_en == "Patikul"} == {"Sulu"}


def test_a_similarity_floor_only_leaves_out_what_falls_below_it() -> None:
    from marsad.geo.latin_match import MIN_SIMILARITY, rank

    latin = LatinGazetteer.default()
    dropped = 0
    for mention, cc in [("باتيكول", "PH"), ("كيدال", "ML"), ("سيبيتوكي", "BI"), ("قندوز", "AF")]:
        every = rank(mention, [cc], latin)
        kept = rank(mention, [cc], latin, min_similarity=MIN_SIMILARITY)
        assert kept == [c for c in every if c.similarity >= MIN_SIMILARITY]
        dropped += len(every) - len(kept)
    assert dropped  # Patikul's and Kidal's weaker namesakes


def test_similarity_bounds_agree_with_the_ratio() -> None:
    from marsad.geo.latin_match import _similar_enough, reading_similarity
    from marsad.geo.transliteration import arabic_phonetic

    names = ["Patikul", "Pata", "Kidal", "Kidali", "Cibitoke", "Kunduz", "Konduz", "Bakhmut", "Talipao"]
    for arabic in ["باتيكول", "كيدال", "سيبيتوكي", "قندوز", "باخموت", "تاليباو"]:
        reading = arabic_phonetic(arabic)
        for name in names:
            for floor in (0.5, 0.8, 0.85):
                expected = round(reading_similarity(reading, name), 3) >= floor
                assert _similar_enough(reading, name, floor) is expected, (arabic, name, floor)


def test_a_stale_table_indexes_its_names_again(tmp_path: Path) -> None:
    # Built with another transliteration.tsv, the stored skeletons and shards are not
    # used: the rows' names are reduced again with the current correspondences.
    mod = _build_script()
    rows = [["3", "Kidal", "Kidal", "", "18.44", "1.41", "P", "PPLA", "ML", "", "08"]]
    src = tmp_path / "cities500.txt"
    src.write_text(
        "".join("\t".join(r + ["", "", "", "100", "", "", "", ""]) + "\n" for r in rows), encoding="utf-8"
    )
    out = tmp_path / "gazetteer_latin.tsv.gz"
    mod.build(src, out)
    blocks = blocks_path(out)
    lines = blocks.read_text(encoding="utf-8").splitlines()
    blocks.write_text("\n".join(["#transliteration=stale", *lines[1:]]) + "\n", encoding="utf-8")
    latin = LatinGazetteer(out)
    assert [h.place.name_en for h in latin.match(arabic_skeletons("كيدال"), "ML")] == ["Kidal"]
    assert not latin.fresh
