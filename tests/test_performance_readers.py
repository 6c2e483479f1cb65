"""The three performance layouts read from invented text (no corpus lines).

Each sample imitates one layout's extraction habits — tab cells shifted by a blank
name, a label printed on the header row, cells broken across lines, two target columns
interleaved — with made-up projects and numbers.
"""
from __future__ import annotations

from juesuan.ingest.text import text_lines
from juesuan.model import Document
from juesuan.recognize import recognize

T = "\t"


def read(text: str) -> list[dict]:
    document = Document(source="sample.txt", format="text", pages=1, blocks=text_lines(text))
    return recognize(document, "sample").performance


SHANXI = "\n".join([
    "附件 3",
    "2023 年度示例培训项目绩效自评分析报告",
    "(一) 预算执行情况",
    T.join(["资金来源", "年初预算数", "", "全年预算数(元)", "全年执行数(元)", "资金结(转)余(元)", "执行率", "得分"]),
    T.join(["", "目标申报(元)", "预算编制(元)", "", "", "", "", ""]),
    T.join(["合计", "500,000", "500,000", "500,000", "450,000", "50,000", "90.00", "9.00"]),
    "(二) 绩效指标完成情况",
    T.join(["一级指标", "二级指标", "指标名称", "年度指标", "", "权重", "得分", "偏差原因分析及改进措施"]),
    T.join(["", "", "", "年初指标", "调整后指标", "", "", ""]),
    T.join(["产出指标", "数量指标", "培训人次", "300", "≥300 人次", "320", "40", "40"]),
    "1. 项目自评得分和结论",
    "综合考虑预算执行情况得分 9 分、产出、效益各方面因素，指标完成情况得分 85 分，最终评分结果：总得分 94 分，属于“优”。",
    "3. 项目实施和预算执行情况分析",
    "2023 年度该项目预算 50 万元，实际执行数 45 万元，预算完成率 90.00%。",
    "示例培训项目项目支出绩效自评表",
    "(2023年度)",
    T.join(["项目名称", "", "示例培训项目", "", ""]),
    T.join(["主管部门及代码", "", "101-示例局", "", "预算单位", "101001-示例中心", ""]),
    T.join(["项目资金预算安排及执行进度(万元)", "资金总额:", "年初预算数", "", "全年预算数", "全年执行数",
            "资金结(转)余", "执行率", "得分"]),
    T.join(["", "", "目标申报数", "预算编制数", "", "", "", "", ""]),
    T.join(["", "", "50", "50", "50", "45", "5", "90.00", "9.00"]),
    T.join(["项目年度绩效目标", "年度目标", "", "实际完成情况"]),
    T.join(["绩效指标", "一级指标", "二级指标", "三级指标", "年初指标值", "调整后指标值", "实际完成值", "分值",
            "得分", "偏差原因分析及改进措施"]),
    T.join(["", "产出指标", "数量指标", "培训人次", "≥300人次", "≥300人次", "≥320人次", "40", "40", ""]),
    T.join(["", "", "时效指标", "完成时间", "2023年10月31日前", "2023年10月31日前",
            "未完成预期指标且效果较差", "10", "", "场地延期"]),
    T.join(["", "效益指标", "社会效益指标", "学员技能提升", "明显提升", "明显提升", "达成预期指标", "30", "35", ""]),
    T.join(["", "满意度指标", "服务对象满意度指标", "≥90%", "≥90%", "≥92%", "10", "10", ""]),
    T.join(["总 分", "", "", "", "", "", "94", "优", ""]),
    "备注：1. 说明文字。",
])


def test_shanxi_table_with_its_report():
    (record,) = read(SHANXI)
    assert record["kind"] == "P02" and record["attachment"] == 3
    assert (record["title"], record["unit"]) == ("示例培训项目", "万元")
    assert (record["department"], record["budget_unit"]) == ("101-示例局", "101001-示例中心")
    assert record["execution"] == [{"source": "资金总额", "declared_budget": "50", "initial_budget": "50",
                                    "annual_budget": "50", "executed": "45", "balance": "5",
                                    "rate_pct": "90.00", "score": "9.00"}]
    first, timely, social, satisfaction = record["indicators"]
    assert first == {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥300人次",
                     "adjusted_target": "≥300人次", "actual": "≥320人次", "weight": "40", "score": "40"}
    assert "score" not in timely and timely["reason"] == "场地延期"  # a blank 得分 stays absent
    assert social["score"] == "35"
    assert "name" not in satisfaction and satisfaction["target"] == "≥90%"  # no 三级指标 printed
    assert (record["indicator_score"], record["total_score"], record["grade"]) == ("85", "94", "优")
    report = record["report"]
    assert report["execution"][0]["executed"] == "450000"
    assert report["summary"]["execution_score"] == "9"
    assert report["text_figures"][0]["executed"] == "45"
    assert report["indicators"][0]["weight"] == "40"


HUBEI = "\n".join([
    "2023 年度示例服务中心部门绩效自评表",
    "填报日期： 2024 年 3 月 总分：95",
    "单位名称 示例服务中心",
    "基本支出总额 80.5",
    "项目支",
    "出总额",
    "20",
    "预算执行情况",
    "（万元）",
    "（20 分）",
    "预算数（A)",
    "执行数",
    "(B)",
    "执行率",
    "（B/A）",
    "得分",
    "（20 分*执行率）",
    "部门整体支出",
    "总额",
    "100.5 100.5 100% 20",
    "一级指标 二级指标 三级指标",
    "年初目",
    "标值(A）",
    "实际完成",
    "值(B)",
    "得分",
    "目标 1(40 分）：",
    " 产出指标 数量指标 服务人次",
    "≥2 万",
    "人次",
    "2.1万人次 20",
    "效益指标 社会效益指标",
    "政策知晓",
    "率",
    "90% 92% 15",
    "约束性指标 资金管理",
    "资金管理合规",
    "性",
    "不设权重，酌情扣",
    "分。",
    "总分 95",
    "偏差大或目标未",
    "完成原因分析",
    "宣传不足",
    "改进措施及结果",
    "应用方案",
    " 备注：",
])


def test_hubei_flowing_text():
    (record,) = read(HUBEI)
    assert record["kind"] == "P01" and record["title"] == "示例服务中心"
    assert record["header_amounts"] == {"基本支出总额": "80.5", "项目支出总额": "20"}
    assert record["execution"] == [{"source": "部门整体支出总额", "annual_budget": "100.5",
                                    "executed": "100.5", "rate_pct": "100", "weight": "20", "score": "20"}]
    count, known, constraint = record["indicators"]
    assert count == {"group": "目标1(40分）", "group_weight": "40", "level1": "产出指标",
                     "level2": "数量指标", "name": "服务人次", "target": "≥2万人次", "actual": "2.1万人次",
                     "score": "20"}
    assert (known["name"], known["target"], known["actual"], known["score"]) == ("政策知晓率", "90%", "92%", "15")
    assert constraint == {"level1": "约束性指标", "level2": "资金管理", "name": "资金管理合规性",
                          "note": "不设权重，酌情扣分。"}
    assert (record["total_score"], record["deviation_analysis"], record["fill_date"]) == ("95", "宣传不足", "2024年3月")


P03 = "\n".join([
    " 示例区预算部门项目支出绩效目标申报表",
    "（2024年度）",
    "项目名称 示例设备更新资金",
    "主管部门及代码 201-示例股 实施单位 示例局",
    "项目属性 一次性项目（1年结束） 项目期 1年",
    "项目资金",
    "（元）",
    "实施期资金总额： 30,000 年度资金总额： 30,000",
    "其中：中央财政资金 30,000 其中：中央财政资金 30,000",
    "其他资金 其他资金",
    "立项依据 示财（2024）1号",
    "一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值",
    "产出指标",
    "数量指标 数量指标",
    "购置设备数量 ≥3台",
    "设备维护保养服务次数≥2次 设备维护保养服≥2次",
    "质量指标 设备验收合格率 ≥95% 质量指标 设备验收合格率 ≥95%",
    "效益指标",
    "社会效益指标",
    "办公效率提升程度显著 ≥10%",
    "社会效益指标",
    "办公效率提升程度 有效提升",
    "负责人： 经办人： 某某",
])


def test_p03_two_columns():
    (record,) = read(P03)
    assert record["kind"] == "P03" and record["title"] == "示例设备更新资金"
    assert (record["department"], record["implementing_unit"]) == ("201-示例股", "示例局")
    assert (record["unit"], record["total_funds"], record["annual_funds"]) == ("元", "30000", "30000")
    assert record["funding"] == [{"source": "中央财政资金", "period_total": "30000", "annual": "30000"},
                                 {"source": "其他资金"}]
    left = [(i["name"], i["target"]) for i in record["indicators"] if i["period"] == "实施期目标"]
    right = [(i["name"], i["target"], i.get("name_truncated", False))
             for i in record["indicators"] if i["period"] == "年度目标"]
    assert left == [("设备维护保养服务次数", "≥2次"), ("设备验收合格率", "≥95%"), ("办公效率提升程度显著", "≥10%")]
    assert right == [("购置设备数量", "≥3台", False), ("设备维护保养服", "≥2次", False),
                     ("设备验收合格率", "≥95%", False), ("办公效率提升程度", "有效提升", False)]
