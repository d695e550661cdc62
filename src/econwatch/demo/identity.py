"""Identity codes for the demo: 统一社会信用代码 and operators' 身份证号.

Codes are built with ``econwatch.core.codes.uscc`` (both check characters) from
organisation-code bodies drawn without replacement, so every code is valid and
unique. Units registered since the 2015 reform get an ``MA…`` body, older ones a
numeric body (the former 组织机构代码).

Operators' 身份证号 are fake but well-formed (real place codes, real dates, the
GB 11643 check digit from ``stdnum.cn.ric``). They exist only in memory: the
register stores the keyed hash and the last four characters
(``econwatch.core.codes.personal_id.hash_personal_id``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import numpy as np
from django.conf import settings
from stdnum.cn import ric

from econwatch.core.codes.personal_id import hash_personal_id
from econwatch.core.codes.uscc import ALPHABET, check_character, orgcode_check_character

# Where the operators were born: 武进 and neighbours, and the provinces that send
# many people to 常州 (Anhui, Henan, northern Jiangsu). Real GB/T 2260 codes.
_BIRTH_PLACES = (
    ("320412", 40),  # 常州市武进区
    ("320411", 6),  # 常州市新北区
    ("320402", 5),  # 常州市天宁区
    ("320404", 5),  # 常州市钟楼区
    ("320481", 4),  # 溧阳市
    ("320413", 4),  # 常州市金坛区
    ("321281", 4),  # 兴化市
    ("320923", 3),  # 阜宁县
    ("320322", 3),  # 沛县
    ("341221", 4),  # 临泉县
    ("341321", 3),  # 砀山县
    ("341226", 3),  # 颍上县
    ("411623", 3),  # 商水县
    ("411625", 2),  # 郸城县
    ("511725", 2),  # 渠县
    ("360502", 2),  # 新余市渝水区
)
_PERSONAL_SALT_CONTEXT = b"econwatch:personal-id"


def uscc_bodies(rng: np.random.Generator, modern: np.ndarray) -> list[str]:
    """Unique 8-character organisation-code bodies.

    Args:
        rng: the stream to draw from.
        modern: one flag per unit, true for an ``MA…`` body.

    Returns:
        One body per unit, all different.
    """
    n_new = int(modern.sum())
    n_old = len(modern) - n_new
    new_idx = rng.choice(31**6, size=n_new, replace=False)
    old_idx = rng.choice(10**8 - 10**7, size=n_old, replace=False) + 10**7
    new = ["MA" + _base31(int(k), 6) for k in new_idx]
    old = [f"{int(k):08d}" for k in old_idx]
    out: list[str] = []
    it_new, it_old = iter(new), iter(old)
    for flag in modern.tolist():
        out.append(next(it_new) if flag else next(it_old))
    return out


def _base31(k: int, width: int) -> str:
    chars = []
    for _ in range(width):
        k, r = divmod(k, 31)
        chars.append(ALPHABET[r])
    return "".join(reversed(chars))


def uscc(prefix: str, division6: str, body: str) -> str:
    """The full code from authority + category, division and body."""
    first17 = prefix + division6 + body + orgcode_check_character(body)
    return first17 + check_character(first17)


def person_ids(
    rng: np.random.Generator, born: list[dt.date], male: list[bool]
) -> list[str]:
    """Fake, well-formed, distinct 18-digit 身份证号 for the given people."""
    places = [p for p, _ in _BIRTH_PLACES]
    weights = np.array([w for _, w in _BIRTH_PLACES], dtype=float)
    where = rng.choice(len(places), size=len(born), p=weights / weights.sum())
    seq = rng.integers(0, 500, size=len(born))
    out: list[str] = []
    seen: set[str] = set()
    for place_i, day, is_male, s in zip(
        where.tolist(), born, male, seq.tolist(), strict=True
    ):
        number = 2 * s + (1 if is_male else 0)
        while True:
            first17 = f"{places[place_i]}{day:%Y%m%d}{number % 1000:03d}"
            # stdnum ignores the last character: pass a placeholder in its place.
            code = first17 + ric.calc_check_digit(first17 + "0")
            if code not in seen:
                seen.add(code)
                out.append(code)
                break
            number += 2
    return out


def personal_id_salt() -> bytes:
    """The key for hashing 身份证号.

    ``settings.ECONWATCH_PERSONAL_ID_SALT`` when the deployment sets one; otherwise
    a key derived from ``SECRET_KEY`` (so it stays outside the database and the
    same for every record of this installation).
    """
    explicit = getattr(settings, "ECONWATCH_PERSONAL_ID_SALT", "")
    if explicit:
        return str(explicit).encode("utf-8")
    secret = str(settings.SECRET_KEY).encode("utf-8")
    return hmac.new(secret, _PERSONAL_SALT_CONTEXT, hashlib.sha256).digest()


def hash_ids(ids: list[str], salt: bytes) -> list[tuple[str, str]]:
    """``(hash, last4)`` for each number, as the register stores them."""
    return [hash_personal_id(number, salt) for number in ids]
