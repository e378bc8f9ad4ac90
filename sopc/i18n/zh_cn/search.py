"""Simplified Chinese labels of the search area (see sopc/i18n/__init__.py): the
search box, its results, and the words search.js shows."""

LABELS: dict[str, str] = {
    "search_label": "搜索手册",
    "search_prompt": "搜索流程、步骤、标准、岗位、表单…",
    "search_hint": "上下方向键选择结果，回车打开，Esc 关闭列表。",
    "search_results": "搜索结果",
    "search_none": "没有找到与“{query}”相关的内容",
    "search_count": "共 {n} 条结果",
    "search_count_one": "共 1 条结果",
    "search_more": "本流程另有 {n} 条结果",
    "search_truncated": "仅显示前 {n} 组结果，请输入更多字词缩小范围。",
    "search_ellipsis": "…",
    "search_kind_sop": "流程",
    "search_kind_step": "步骤",
    "search_kind_exception": "异常",
    "search_kind_role": "岗位",
    "search_kind_form": "表单",
}
