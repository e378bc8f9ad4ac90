"""Simplified Chinese labels of the raci area (see sopc/i18n/__init__.py): the
responsibility matrix (职责矩阵, sopc/render/raci.py)."""

LABELS: dict[str, str] = {
    "raci": "职责矩阵",
    "raci_r": "R",
    "raci_a": "A",
    "raci_c": "C",
    "raci_i": "I",
    "raci_join": "/",
    "raci_key": "R 负责执行 · A 批准（流程负责人；判断步骤为作出判断的岗位，记 R/A） · C 协助"
    " · I 知会（该步骤异常的处理与升级岗位）",
    "raci_corner": "步骤 / 岗位",
    "raci_roles_sops": "岗位 / 流程",
    "raci_manual_note": (
        "单元格为该岗位在该流程任一步骤中承担的职责；各流程页面列有逐步骤的职责矩阵。"
    ),
    "raci_empty": "未定义岗位。",
}
