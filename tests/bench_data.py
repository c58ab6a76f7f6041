"""Benchmark inboxes: N realistic filled workbooks from the real template, cached under tests/.cache/bench/<N>/.

Each workbook is determined by its index alone (its own seeded random generator), so a cache built once
is reused by every later `make bench`, and a test can rebuild any single file. About one body in eight
carries a mistake people make (a broken balance, text or a blank in a number cell, a wrong year, a
negative figure, a typed total that disagrees with its parts), one in fifty also sends an earlier draft
that the later file supersedes, and the text sections run from one line to a few pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import sys
from multiprocessing import Pool
from pathlib import Path

from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.tables import T3_PART_COLUMNS, t3_id
from tests.factories import info_for, texts_for, valid_numbers

CACHE = Path(__file__).resolve().parent / ".cache" / "bench"
GENERATOR_VERSION = 2  # bump when the workbooks change, so stale caches are rebuilt
YEAR = 2024
BODIES_PER_COUNTY = 60
ERROR_SHARE = 0.12
DRAFT_SHARE = 0.02

_SYLLABLES = "青安平东西南北永长德清和兴宁丰华阳山河泉湖林石新武文明光嘉瑞福康泰云江海"
_DEPARTMENTS = ("发展和改革局", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
                "自然资源局", "生态环境分局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
                "文化和旅游局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局",
                "医疗保障局", "林业局", "城市管理局", "行政审批服务局", "信访局", "档案馆", "供销合作社", "融媒体中心")
_SENTENCES = (
    "按照政务公开工作有关要求，结合职能、人员变动情况，公开主要职责、机构设置、领导分工等信息",
    "本年度主动公开政府信息若干条，涵盖机构概况、预算决算、行政执法公示、重点工作动态等内容",
    "严格落实政府信息公开审查机制，明确审查的程序和责任，全面加强信息发布审核",
    "以县政府政务公开网为第一平台，同时利用公开栏、政务新媒体、电子显示屏等媒介丰富公开形式",
    "加强对政务公开工作日常指导和监督检查，规范实施政务公开工作，做到应公开尽公开",
    "依法依规办理政府信息公开申请，按时答复，未发生因答复不当引发的行政复议和行政诉讼",
    "目前存在专职人员不足、信息质量有待提升等问题，下一步将加强队伍建设和业务培训",
    "本年度未收取信息处理费",
)


@dataclasses.dataclass(frozen=True)
class Body:
    """Who sends workbook number `index` of a benchmark inbox."""

    index: int
    county: str
    name: str
    kind: str


def body_of(index: int) -> Body:
    """The body behind an index: counties of 60 bodies (government office, departments, towns, streets)."""
    county_no, role = divmod(index, BODIES_PER_COUNTY)
    a, b = divmod(county_no, len(_SYLLABLES))
    county = _SYLLABLES[a % len(_SYLLABLES)] + _SYLLABLES[b] + ("县" if county_no < len(_SYLLABLES) ** 2 else f"{a}县")
    if role == 0:
        return Body(index, county, f"{county}人民政府办公室", "县政府办")
    if role <= len(_DEPARTMENTS):
        return Body(index, county, county + _DEPARTMENTS[role - 1], "县直部门")
    place = _SYLLABLES[role % len(_SYLLABLES)] + _SYLLABLES[(role * 7) % len(_SYLLABLES)]
    if role < 52:
        return Body(index, county, f"{county}{place}镇人民政府", "乡镇")
    if role < 58:
        return Body(index, county, f"{county}{place}街道办事处", "街道")
    return Body(index, county, f"{county}{place}中心", "其他")


def _text(rng: random.Random) -> str:
    """One text section: one sentence up to several thousand characters."""
    count = min(int(rng.lognormvariate(1.2, 1.0)) + 1, 60)
    return "。".join(rng.choice(_SENTENCES) for _ in range(count)) + "。"


def _mistake(rng: random.Random, numbers: dict[str, object], info: dict[str, object]) -> None:
    """One of the mistakes reviewers see most, applied in place."""
    kind = rng.choice(("balance", "text", "blank", "year", "negative", "typed_total"))
    col = rng.choice(T3_PART_COLUMNS)[0]
    if kind == "balance":
        numbers[t3_id("new", col)] = int(numbers.get(t3_id("new", col), 0)) + 1  # type: ignore[call-overload]
    elif kind == "text":
        numbers["t2_lic"] = f"{rng.randint(1, 99)}件"
    elif kind == "blank":
        numbers[t3_id("next", col)] = None
    elif kind == "year":
        info["year"] = YEAR - 1
    elif kind == "negative":
        numbers["t2_pen"] = -rng.randint(1, 9)
    else:
        numbers[t3_id("tot", col)] = 999  # a total typed over its formula


def fill_for(index: int, draft: bool = False, variant: int = 0) -> Fill:
    """The filled template of body `index` (an earlier draft, or a later variant when asked)."""
    body = body_of(index)
    rng = random.Random(f"{GENERATOR_VERSION}-{index}-{variant}-{draft}")
    numbers: dict[str, object] = dict(valid_numbers(rng, scale=rng.choice((2, 5, 20))))
    date = dt.date(YEAR + 1, 1, 1) + dt.timedelta(days=rng.randint(5 if not draft else 0, 60 if not draft else 4))
    info: dict[str, object] = info_for(body.name, body.kind, YEAR, seed=100_000 + index, date=date,
                                       filler=rng.choice(("张三", "李四", "王芳", "刘洋", "陈静")))
    if draft or rng.random() < ERROR_SHARE:
        _mistake(rng, numbers, info)
    texts = {f.id: _text(rng) for f in SPEC.text_fields}
    # 五 and 六 open with what FORMAT.md asks of them (R-SEC5-FOLLOWUP, R-SEC6-FEE, R-SEC6-ITEMS): a body's
    # mistakes are the figures above, not a missing fee statement that would send every workbook back.
    required = texts_for(body.name)
    texts |= {k: required[k] + texts[k] for k in ("s5", "s6")}
    return Fill(info=info, numbers=numbers, texts=texts)


def file_name(index: int, draft: bool = False) -> str:
    """Where body `index`'s workbook sits in the inbox: one folder per county, names as people send them."""
    body = body_of(index)
    stem = (f"{body.name}{YEAR}年政府信息公开工作年度报告", f"{body.name}-年报数据", f"{body.name} 年报表")[index % 3]
    return f"{body.county}/{stem}{'（初稿）' if draft else ''}.xlsx"


def _build_one(job: tuple[Path, int, bool]) -> None:
    folder, index, draft = job
    dest = folder / file_name(index, draft)
    dest.parent.mkdir(parents=True, exist_ok=True)
    build_template(dest, fill_for(index, draft))
    # The draft was saved before the final file: selection falls back to file time on equal dates.
    stamp = dt.datetime(YEAR + 1, 1, 1).timestamp() + index + (0 if draft else 86_400 * 30)
    os.utime(dest, (stamp, stamp))


def _jobs(folder: Path, n: int) -> list[tuple[Path, int, bool]]:
    drafts = [(folder, i, True) for i in range(n) if random.Random(f"draft-{i}").random() < DRAFT_SHARE]
    return [(folder, i, False) for i in range(n)] + drafts


def inbox(n: int, processes: int = 2) -> Path:
    """The cached inbox of n bodies, built (in parallel) when missing or made by another generator version."""
    root = CACHE / str(n)
    folder, stamp = root / "inbox", root / "complete.json"
    expected = {"version": GENERATOR_VERSION, "bodies": n}
    if stamp.is_file() and json.loads(stamp.read_text()) == expected:
        return folder
    shutil.rmtree(root, ignore_errors=True)
    jobs = _jobs(folder, n)
    print(f"生成 {len(jobs)} 个测试工作簿（{n} 个单位）到 {folder} …", file=sys.stderr, flush=True)
    with Pool(processes) as pool:
        for _ in pool.imap_unordered(_build_one, jobs, chunksize=25):
            pass
    stamp.write_text(json.dumps(expected))
    return folder


def rewrite_one(folder: Path, index: int, variant: int = 1) -> Path:
    """Replace body `index`'s workbook in a copy of an inbox by a changed one (new figures, a later date).

    The file is replaced (written beside it, then renamed over it), never edited in place, so an inbox
    copied with hard links leaves the cached original intact.
    """
    dest = folder / file_name(index)
    build_template(dest, fill_for(index, variant=variant))
    return dest


if __name__ == "__main__":
    for size in sys.argv[1:] or ["1000"]:
        print(inbox(int(size)))
