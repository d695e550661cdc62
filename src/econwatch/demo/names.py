"""Chinese names for the demo's units and people (all invented).

Company names follow the registered pattern 行政区划 + 字号 + 行业 + 组织形式
(常州 + 华创 + 精密机械 + 有限公司); individual businesses are named after the town
and the shop (武进区湖塘老李面馆). Names are unique within the district, as the
registration authorities require; a clash is redrawn from the same stream, so
the result stays deterministic.
"""

from __future__ import annotations

import itertools

import numpy as np

from econwatch.demo.rng import Uniforms

_TRADE = (
    "华恒鑫瑞丰盛达宏远新科创腾锐博德宝海天东方金泰安康顺佳欣益源隆昌晨嘉立中亚捷凯"
    "力誉卓越正江南龙星光明汇通信诚和美联合邦特威耐精工富祥兴旺荣豪辉耀润泽惠众协永"
    "久长宇航驰骏翔鹏飞扬帆成伟业亿万千百友谊利民步云峰岳川茂林森涛浩然鼎晟昊轩睿"
)
_FOREIGN = (
    "诺德",
    "凯斯",
    "贝尔",
    "艾克",
    "福莱",
    "斯特",
    "莱恩",
    "霍斯",
    "博瑞",
    "泰克",
    "科瑞",
    "道尔",
    "奥林",
    "爱德",
    "普兰",
    "汉斯",
    "罗兰",
    "维克",
    "迈尔",
    "欧德",
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段"
    "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤恽"
)
_MALE = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜"
    "学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先"
    "敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰"
    "朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠"
    "策腾楠榕风航弘"
)
_FEMALE = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环"
    "雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩"
    "婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿"
    "聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒"
    "影荔枝思丽"
)
_PREFIX = ("常州", "常州市", "江苏", "武进", "常州市武进区")
_PREFIX_CUMULATIVE = tuple(itertools.accumulate((0.55, 0.15, 0.12, 0.10, 0.08)))


class NameMaker:
    """Draws unique names from one random stream.

    Args:
        rng: the stream to draw from.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.u = Uniforms(rng)
        self.used: set[str] = set()

    def _pick(self, options: tuple[str, ...] | str) -> str:
        return self.u.pick(options)

    def trade_name(self) -> str:
        """A two-character 字号 such as 华创."""
        a = self.u.pick(_TRADE)
        b = self.u.pick(_TRADE)
        while b == a:
            b = self.u.pick(_TRADE)
        return a + b

    def _unique(self, build: object) -> str:
        for _ in range(1000):
            name = build()  # type: ignore[operator]
            if name not in self.used:
                self.used.add(name)
                return str(name)
        raise RuntimeError("名称空间耗尽：请扩充字号字库")

    def company(self, words: tuple[str, ...], category: str, town: str) -> str:
        """A company name for a registration category (登记注册统计类别).

        Args:
            words: industry words to choose from (精密机械, 汽车零部件 …).
            category: the 3-digit 登记注册统计类别.
            town: the town's short name (used by sole proprietorships, farms).
        """

        def build() -> str:
            word = self._pick(words)
            trade = self.trade_name()
            if category in ("210", "310", "220", "320") and self.u.random() < 0.6:
                form = "股份有限公司" if category in ("220", "320") else "有限公司"
                return f"{self._pick(_FOREIGN)}（常州）{word}{form}"
            if category in ("121", "129", "220", "320"):
                return f"{self._prefix()}{trade}{word}股份有限公司"
            if category in ("131", "132"):
                return f"常州市武进{trade}{word}厂"
            if category == "140":
                kind = self._pick(("经营部", "厂", "商行", "工作室"))
                return f"{place_prefix(town, False)}{trade}{word}{kind}"
            if category == "150":
                kind = self._pick(("企业管理", "创业投资", "股权投资"))
                return f"常州{trade}{kind}合伙企业（有限合伙）"
            if category == "400":
                return f"{place_prefix(town, False)}{trade}{word}专业合作社"
            return f"{self._prefix()}{trade}{word}有限公司"

        return self._unique(build)

    def _prefix(self) -> str:
        return _PREFIX[self.u.weighted(_PREFIX_CUMULATIVE)]

    def branch(self, parent: str, town_name: str, n: int) -> str:
        """An activity unit of ``parent`` (分公司 in another town, 第二工厂 …)."""
        base = parent.removesuffix("股份有限公司").removesuffix("有限公司")

        def build() -> str:
            style = self.u.random()
            if style < 0.5:
                return f"{parent}{town_name}分公司"
            if style < 0.8:
                return f"{parent}第{'一二三四五六七八九'[n % 9]}工厂"
            return f"{base}销售分公司" if n == 0 else f"{parent}{town_name}经营部"

        return self._unique(build)

    def individual(self, words: tuple[str, ...], town: str, surname: str) -> str:
        """An individual business: 武进区 + town + 字号 or owner + shop."""

        def build() -> str:
            shop = self._pick(words)
            r = self.u.random()
            who = (
                self.trade_name()
                if r < 0.55
                else f"老{surname}"
                if r < 0.75
                else f"{surname}记"
                if r < 0.9
                else f"{self._pick(_TRADE)}{self._pick(_TRADE)}{self._pick(_TRADE)}"
            )
            return f"{place_prefix(town, self.u.random() < 0.7)}{who}{shop}"

        return self._unique(build)

    def person(self, male: bool) -> str:
        """A person's name (surname + one or two characters)."""
        pool = _MALE if male else _FEMALE
        given = self._pick(pool)
        if self.u.random() < 0.7:
            given += self._pick(pool)
        return self._pick(_SURNAMES) + given

    def surname(self) -> str:
        """A common surname."""
        return self._pick(_SURNAMES)

    def road_address(self, town_name: str, roads: tuple[str, ...]) -> str:
        """A street address in a town."""
        number = self.u.integer(1, 999)
        return f"江苏省常州市武进区{town_name}{self._pick(roads)}{number}号"

    def reserve(self, name: str) -> str:
        """Take a fixed name (a public body) so no drawn name repeats it."""
        self.used.add(name)
        return name


def place_prefix(town: str, short: bool) -> str:
    """The district and town as they open a name (武进区湖塘…, 常州市武进高新区…)."""
    if town.startswith("武进"):
        return f"常州{town}" if short else f"常州市{town}"
    return f"武进区{town}" if short else f"常州市武进区{town}"


def village_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct village/community names (两字 + 村 or 社区)."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        a, b = rng.choice(len(_TRADE), size=2, replace=False)
        stem = _TRADE[int(a)] + _TRADE[int(b)]
        name = stem + ("村" if rng.random() < 0.65 else "社区")
        if stem not in seen:
            seen.add(stem)
            out.append(name)
    return out
