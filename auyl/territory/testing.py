"""Test helpers for building small territory trees (used by every app's tests)."""

from .models import Level, Territory


def make_unit(code: str, level: str, name: str, parent: Territory | None = None, **extra) -> Territory:
    path = (parent.path if parent else "") + code + "/"
    return Territory.objects.create(
        code=code, level=level, name_kk=name, name_ru=name, name_en=name, parent=parent, path=path,
        depth=(parent.depth + 1 if parent else 0), **extra,
    )


def make_tree() -> dict[str, Territory]:
    region = make_unit("110000000", Level.REGION, "Ақмола облысы")
    district = make_unit("111000000", Level.DISTRICT, "Көкшетау", region)
    rd_a = make_unit("111033000", Level.RURAL_DISTRICT, "Қызылжар ауылдық округі", district)
    rd_b = make_unit("111035000", Level.RURAL_DISTRICT, "Шағалалы ауылдық округі", district)
    return {
        "region": region,
        "district": district,
        "rd_a": rd_a,
        "rd_b": rd_b,
        "village_a1": make_unit("111033100", Level.SETTLEMENT, "Қызыл Жар", rd_a, population=12361,
                                adult_population=8900),
        "village_a2": make_unit("111033200", Level.SETTLEMENT, "Қызыл Жұлдыз", rd_a, population=44,
                                adult_population=30),
        "village_b1": make_unit("111035100", Level.SETTLEMENT, "Шағалалы", rd_b, population=900),
        "village_b2": make_unit("111035300", Level.SETTLEMENT, "Ақкөл", rd_b, population=300),
    }
