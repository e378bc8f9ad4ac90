"""Simplified Chinese labels of the units area (see sopc/i18n/__init__.py): durations
in words (sopc/render/units.py). Chinese has one plural form: `one` and `other` agree."""

LABELS: dict[str, str] = {
    "unit_m_one": "{n} 分钟",
    "unit_m_other": "{n} 分钟",
    "unit_h_one": "{n} 小时",
    "unit_h_other": "{n} 小时",
    "unit_d_one": "{n} 天",
    "unit_d_other": "{n} 天",
    "unit_wh_one": "{n} 个工作小时",
    "unit_wh_other": "{n} 个工作小时",
    "unit_wd_one": "{n} 个工作日",
    "unit_wd_other": "{n} 个工作日",
    "unit_mo_one": "{n} 个月",
    "unit_mo_other": "{n} 个月",
    "unit_y_one": "{n}年",
    "unit_y_other": "{n}年",
    "unit_immediate": "立即",
    "unit_permanent": "永久",
    "cycle_one_d": "每天",
    "cycle_one_mo": "每月",
    "cycle_one_y": "每年",
}
