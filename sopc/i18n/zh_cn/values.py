"""Simplified Chinese messages of the schema: missing, unknown and invalid fields, and
the value types (ids, dates, versions, durations). Field names stay as they are
written in the file (`time_limit`), so the author can find them."""

LABELS: dict[str, str] = {
    "did_you_mean": "（是否想写 {word!r}？）",
    # SOP005, SOP006 and the cap on findings per file
    "schema.missing_field": "缺少必填字段 {name!r}",
    "schema.missing_review_interval": "review（定期评审）需要填写 `interval`（评审周期，"
    "同时写上 `last` 上次评审日期）或 `next`（下次评审日期）",
    "schema.unknown_field": "未知字段 {name!r}{hint}",
    "schema.more_problems": "……本文件还有 {more} 个问题；请先改正上面这些",
    # how a value is named: `现在是{got}`
    "value.text": " {text!r}",
    "value.nothing": "空白",
    "value.a_mapping": "一组“名称: 内容”",
    "value.a_list": "一个列表",
    "value.field": "{name}：",
    # SOP007: what a field expects
    "value.expected_choice": "应为以下之一：{choices}；现在是{got}{hint}",
    "value.expected_list": "{field}应为列表（例如 [a, b]），现在是{got}",
    "value.expected_mapping": "{field}应为一组“名称: 内容”（每行一项），现在是{got}",
    "value.expected_fields": "{field}应为一组字段（每行“字段: 值”），现在是{got}",
    "value.expected_text": "{field}应填写文字，现在是{got}",
    "value.expected_bool": "{field}应为 true（是）或 false（否），现在是{got}",
    "value.expected_number": "{field}应为数字，现在是{got}",
    "value.expected_whole_number": "{field}应为整数，现在是{got}",
    "value.greater_than": "{field}应大于 {gt}",
    "value.at_most": "{field}不能大于 {le}",
    "value.too_few_one": "{field}至少要有 1 项，现在是 {actual_length} 项",
    "value.too_few": "{field}至少要有 {min_length} 项，现在是 {actual_length} 项",
    "value.invalid": "{field}{detail}",
    # SOP007: the value types
    "value.expected_id": "编号只能由字母、数字、“-”、“_”或“.”组成，并以字母或数字开头，现在是{got}",
    "value.reserved_end": "'end' 表示流程结束，不能用作步骤编号",
    "value.expected_date": "日期应写成 YYYY-MM-DD（如 2026-03-01），现在是{got}",
    "value.unreal_date": "{got} 不是真实存在的日期（{why}）",
    "value.year_range": "没有 {year} 年",
    "value.month_range": "月份应在 1 到 12 之间",
    "value.day_range": "这个月没有这一天",
    "value.expected_version": '版本号应写成“主版本.次版本”，如 "1.2" 或 "1.2.1"，现在是{got}{hint}',
    "value.expected_duration": "时限应写成数量加单位，如 30分钟、2小时、1天、3个工作日、"
    "1小时内、当日 或 立即，现在是{got}{hint}",
    "value.months_in_step": "{got!r}：月和年只用于评审周期和保存期限，不能作为步骤时限；"
    "请改用 天（d）、工作日（wd）或 小时（h）",
    "value.expected_interval": "周期应写成数量加单位，如 90天、6个月、1年 或 半年，"
    "现在是{got}{hint}",
    "value.expected_target": "应为步骤编号、end（结束）或 sop:流程编号，现在是{got}{hint}",
    "value.expected_parallel_target": "应为步骤编号（并行的各个分支），现在是{got}",
}
