"""English labels of the units area (see sopc/i18n/__init__.py): durations in words
(sopc/render/units.py), one label per unit and plural form (`one` is exactly 1)."""

LABELS: dict[str, str] = {
    "unit_m_one": "{n} minute",
    "unit_m_other": "{n} minutes",
    "unit_h_one": "{n} hour",
    "unit_h_other": "{n} hours",
    "unit_d_one": "{n} day",
    "unit_d_other": "{n} days",
    "unit_wh_one": "{n} working hour",
    "unit_wh_other": "{n} working hours",
    "unit_wd_one": "{n} working day",
    "unit_wd_other": "{n} working days",
    "unit_mo_one": "{n} month",
    "unit_mo_other": "{n} months",
    "unit_y_one": "{n} year",
    "unit_y_other": "{n} years",
    "unit_immediate": "immediately",  # a time limit of 0 / immediate
    "unit_permanent": "permanent",  # a retention
    # a review cycle of one unit (more than one: `review_cycle`, every 6 months)
    "cycle_one_d": "every day",
    "cycle_one_mo": "every month",
    "cycle_one_y": "every year",
}
