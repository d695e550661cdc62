"""Which industries the demo's units are in (GB/T 4754-2017 4-digit classes).

Each entry is ``(class, group, weight, name words)``. The group drives the town
tilt (``geography.TOWNS``), the electricity intensity and the name words; the
weights give 武进's industrial mix: auto parts and new-energy vehicles, equipment,
new materials, electronics, medical devices, metal products, textiles and
electrical machinery. Every code is checked against the shipped GB/T 4754 list
when the district is planned.
"""

from __future__ import annotations

from dataclasses import dataclass

from econwatch.core.codes import industry as gbt4754


@dataclass(frozen=True)
class Activity:
    """One 4-digit class in a mix: its group, weight and words for names."""

    code: str
    group: str
    weight: float
    words: tuple[str, ...]


def _mix(rows: str) -> tuple[Activity, ...]:
    out = []
    for line in rows.strip().splitlines():
        code, group, weight, words = line.split()
        out.append(Activity(code, group, float(weight), tuple(words.split("/"))))
    return tuple(out)


# Manufacturing and utilities: the 规上 industrial mix (also used, re-weighted,
# for small manufacturers below scale).
INDUSTRIAL = _mix(
    """
3670 auto 14 汽车零部件/汽车配件/车辆部件/汽车电子/汽车饰件
3660 auto 1 汽车车身/专用车辆
3612 nev 0.3 新能源汽车/智能汽车
3841 nev 1.2 新能源电池/锂电科技/储能科技
3812 nev 1.8 电机/电驱科技/驱动电机
3824 nev 1.0 电力电子/功率器件
3962 nev 0.5 智能车载设备/车联网科技
3421 equip 1.0 机床/数控机床
3422 equip 0.6 锻压机床/成形机床
3425 equip 1.0 机床附件/精密机械
3441 equip 1.0 泵业/真空设备
3442 equip 0.7 压缩机/空压机
3443 equip 1.0 阀门/流体控制
3444 equip 1.0 液压/液压科技
3451 equip 1.0 轴承/精密轴承
3453 equip 1.5 齿轮/传动设备/减速机
3464 equip 0.8 制冷设备/空调设备
3484 equip 3.0 机械/精密机械/机械制造
3489 equip 1.0 机械配件/通用部件
3491 equip 0.8 机器人/智能装备
3514 equip 0.7 工程机械/建筑机械
3525 equip 2.0 模具/精密模具
3551 equip 0.8 纺织机械
3562 equip 0.4 半导体设备
3591 equip 1.2 环保设备/环保科技
3599 equip 1.0 专用设备/智能装备/自动化设备
3712 rail 0.3 轨道车辆/机车车辆
3716 rail 1.0 轨道交通设备/轨道科技
3720 rail 0.6 城轨设备/轨道交通装备
2641 material 1.0 涂料/新材料
2651 material 1.0 树脂/高分子材料
2661 material 1.2 化工/化学助剂
2669 material 1.0 新材料/化工科技
2921 material 0.8 塑料薄膜/包装材料
2929 material 2.0 塑业/塑胶制品/塑料制品
3061 material 0.6 玻璃纤维/复合材料
3091 material 1.2 石墨烯科技/碳素/碳材料
3240 material 0.6 合金材料/新材料
3252 material 1.0 铝业/铝材
3985 material 0.6 电子材料/新材料
3130 metal 2.0 钢材/特钢/钢业
3311 metal 2.0 钢结构/钢构
3340 metal 1.0 金属制品/钢丝
3360 metal 1.0 热处理/表面处理
3391 metal 1.5 铸造/精密铸造
3392 metal 1.0 有色铸造/压铸
3393 metal 1.2 锻造/锻件
3399 metal 1.5 金属制品/五金
3482 metal 1.2 紧固件/标准件
3973 electronics 0.6 集成电路/半导体/微电子
3972 electronics 0.5 半导体/电子器件
3976 electronics 0.6 光电科技/光电子
3982 electronics 1.5 电路板/电子科技
3983 electronics 0.8 传感器/传感科技
3989 electronics 0.8 电子元件/电子
3914 electronics 0.4 工控科技/自动化
3921 electronics 0.4 通信设备/通信科技
4011 electronics 1.0 自动化/自动化控制
4028 electronics 0.4 电子仪器/测试仪器
3581 medical 1.0 医疗器械/医疗科技/医疗设备
3584 medical 1.5 医疗器械/医用器械
3589 medical 0.8 医疗科技/医疗器械
2770 medical 0.8 卫生材料/医用材料
2720 medical 0.6 药业/制药
2710 medical 0.4 药业/医药化工
1713 textile 1.5 印染/纺织
1751 textile 1.5 织造/纺织/化纤纺织
1752 textile 0.6 印染/染整
1761 textile 1.0 针织/纺织
1781 textile 0.8 无纺布/非织造布
1819 textile 1.0 服饰/服装
1829 textile 0.6 针织服饰/服装
2822 textile 0.6 化纤/涤纶
3821 electrical 1.5 变压器/电气
3823 electrical 2.0 电气/开关/配电设备
3825 electrical 1.5 光伏科技/光伏
3829 electrical 1.0 输配电设备/电力设备
3831 electrical 1.5 电线电缆/电缆
3834 electrical 0.5 绝缘材料
3872 electrical 0.6 照明/灯具
3415 electrical 0.4 风电设备/风能科技
3411 electrical 0.5 锅炉/热能设备
2034 floor 0.6 地板/木业/装饰材料
1399 other 0.4 食品/农产品加工
1495 other 0.3 食品添加剂/生物科技
2231 other 0.6 纸制品/包装
2319 other 0.4 印刷/包装印刷
2110 other 0.4 家具/木业
3021 other 0.4 建材/水泥制品
4416 other 0.2 光伏发电/新能源
4430 other 0.2 热电/热力
4610 other 0.2 水务/自来水
"""
)

# Legal units that are not 规上 industry: services, trade, construction, farms.
# ``section`` tags in the group column: "trade", "build", "service", "farm".
SERVICES = _mix(
    """
5174 trade 5 五金交电/五金机电
5164 trade 4 金属材料/物资
5165 trade 3 建材/建筑材料
5169 trade 3 化工贸易/化工
5175 trade 2 电气设备/电气
5172 trade 2 汽车配件销售/汽配
5179 trade 3 机电设备/机械设备
5131 trade 2 纺织品/面料
5132 trade 1 服装贸易/服饰
5181 trade 3 贸易/国际贸易/进出口
5191 trade 1 再生资源/物资回收
5193 trade 1 电子商务/网络科技
5212 trade 1 超市/商贸
5261 trade 1 汽车销售/汽车贸易
5263 trade 1 汽配/汽车用品
5251 trade 1 大药房/医药
5281 trade 1 五金/建材
4790 build 3 建筑工程/建设工程
4813 build 1 市政工程/路桥工程
4910 build 1 电气安装/机电安装
5011 build 2 装饰工程/装饰设计
4891 build 1 园林绿化/园林工程
5439 service 3 物流/运输
5437 service 1 配送/供应链
6020 service 0.5 快递/速递
5920 service 1 仓储/仓储服务
5821 service 1 货运代理/国际货运代理
6121 service 0.5 酒店管理/酒店
6210 service 1.5 餐饮管理/餐饮
6513 service 2 软件/信息技术/软件科技
6531 service 1 信息技术/信息系统
6532 service 0.8 物联网科技/智能科技
7010 service 1 房地产开发/置业
7020 service 1 物业管理/物业服务
7212 service 1 投资管理/资产管理
7224 service 1 供应链管理
7221 service 0.5 园区管理/产业园管理
7243 service 2 企业管理咨询/管理咨询
7251 service 1 广告/文化传媒
7262 service 1 人力资源/劳务服务
7271 service 0.5 保安服务
7292 service 0.5 包装服务
7320 service 1 技术研究/研究院
7491 service 1 工业设计
7499 service 2 技术服务/科技服务
7513 service 1 新材料技术/新材料科技
7514 service 1 节能技术/节能科技
7515 service 1 新能源技术/新能源科技
7519 service 2 科技/科技发展
7520 service 0.5 知识产权/专利代理
7451 service 0.8 检测/检测技术
8040 service 1 美容美发/美业
8111 service 1 汽车服务/汽车维修
8053 service 0.5 健康管理/养生
8393 service 1 教育培训/职业培训
9019 service 0.5 文化娱乐/娱乐
8730 service 0.3 影视文化/文化传播
0141 farm 0.5 农业发展/蔬菜种植
0143 farm 0.8 花木/园艺
0412 farm 0.4 水产养殖/渔业
0313 farm 0.2 生态农业/养殖
"""
)

# What 个体经营户 do: class and the kind of shop (业态).
INDIVIDUAL = _mix(
    """
5281 shop 6 五金店/五金建材店/五金经营部
5213 shop 6 便利店/超市/副食品店
5223 shop 3 水果店/果蔬店
5224 shop 3 生鲜店/肉铺/水产店
5232 shop 5 服装店/服饰店
5226 shop 2 烟酒店/茶叶店
5236 shop 1 眼镜店
5263 shop 2 汽配店/汽车用品店
5299 shop 3 日用品店/百货店
6210 food 6 饭店/菜馆/酒家
6220 food 3 快餐店
6291 food 7 小吃店/面馆/早餐店
6231 food 1 茶馆/茶社
8040 care 6 理发店/美容院/美发店
8030 care 1 干洗店/洗衣店
8053 care 1.5 足浴店/养生馆
8060 care 0.5 照相馆/摄影工作室
8111 care 3 汽修店/汽车美容店
8131 care 1 家电维修部
5439 move 3 货运部/运输户
3484 make 3 机械加工部/机械加工厂
3399 make 1.5 五金加工厂/五金加工部
1819 make 1.5 服装加工部/制衣厂
0141 farm 1 蔬菜种植户/家庭农场
0143 farm 1 花木园艺场/苗木场
"""
)

# kWh of electricity per 千元 of output, median by group (varies ±30 % by unit).
ENERGY_INTENSITY: dict[str, float] = {
    "auto": 16.0,
    "nev": 12.0,
    "equip": 18.0,
    "material": 45.0,
    "metal": 60.0,
    "electronics": 10.0,
    "medical": 10.0,
    "textile": 55.0,
    "electrical": 15.0,
    "rail": 15.0,
    "floor": 35.0,
    "other": 30.0,
}

# New-energy-vehicle parts makers the demo places in 高新区 on purpose.
NEV_PARTS: tuple[str, ...] = ("3670", "3670", "3670", "3812", "3824", "3841", "3962")


def check_codes() -> list[str]:
    """Codes in the mixes that are not GB/T 4754-2017 classes (should be none)."""
    codes = {a.code for mix in (INDUSTRIAL, SERVICES, INDIVIDUAL) for a in mix}
    codes.update(NEV_PARTS)
    return sorted(c for c in codes if not gbt4754.is_valid_class(c))
