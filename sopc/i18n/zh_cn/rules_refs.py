"""Simplified Chinese messages of the rules on documents, references, writing and
change control (SOP1xx, SOP2xx, SOP4xx, SOP5xx), and of the `rules:` settings of
sopc.yaml: the words of a quality manager's controlled documents (流程编号, 岗位,
表单, 修订记录, 编制/审核/批准), each saying what to do."""

LABELS: dict[str, str] = {
    # -- SOP1xx document control (sopc/rules/document.py) -------------------------------
    "doc.duplicate_id": "流程编号 {id!r} 也被 {others} 使用：每个流程的编号必须唯一",
    "doc.id_pattern": "流程编号 {id!r} 不符合 sopc.yaml 中 id_pattern 规定的编号格式 {pattern!r}",
    "doc.filename": "文件名 {name!r} 没有以流程编号 {id!r} 开头：请将文件改名，以编号开头",
    "doc.revision_missing": (
        "修订记录（revisions）中没有当前版本 {version} 的条目：请在最上方补一条"
    ),
    "doc.approval_needed": (
        "状态为 {status!r} 时需要{missing}（在 approval.approver 中填写姓名和日期）"
    ),
    "doc.approver": "批准人",
    "doc.approver_date": "批准人的签署日期",
    "doc.effective_date_needed": "状态为 'effective' 时需要填写生效日期（effective_date）",
    "doc.date_before": (
        "{signer}日期 {date} 早于{earlier}日期 {earlier_date}"
        "（顺序应为：编制 ≤ 审核 ≤ 批准 ≤ 生效）"
    ),
    "doc.signer_author": "编制",
    "doc.signer_reviewer": "审核",
    "doc.signer_approver": "批准",
    "doc.signer_effective": "生效",
    "doc.revisions_by_date": (
        "修订记录应从新到旧排列：{date}（{version} 版）"
        "比排在它上面的 {above_date}（{above_version} 版）更新"
    ),
    "doc.revisions_by_version": (
        "修订记录应从新到旧排列：{version} 版排在了 {above_version} 版的下面"
    ),
    "doc.review_overdue": (
        "定期复审已于 {due} 到期（已过 {days} 天）：请复审本流程，并更新 review 中的复审日期"
    ),
    "doc.retired_reference": "sop:{sop}（{title}）已废止：请改为引用替代它的流程",
    "doc.approval_outdated": (
        "批准日期 {approved} 早于 {version} 版的修订日期 {revised}，"
        "这次批准可能针对的是旧版本：请将 {version} 版重新报批并更新 approval.approver，"
        "或更正日期"
    ),
    # -- SOP2xx references (sopc/rules/references.py) -----------------------------------
    "ref.did_you_mean_named": "（是否想写 {word!r}（{name}）？）",
    "ref.unknown_role": "未知岗位 {role!r}{hint}",
    "ref.unused_role": (
        "本流程定义的岗位 {role!r}（{name}）没有任何步骤、异常处理或流程负责人用到："
        "请把它分配给相应的步骤，或删除"
    ),
    "ref.unknown_step": "{sop} 中没有步骤 {step!r}{hint}",
    "ref.deadline_to_handoff": (
        "时限要求的终点（to）只能是本流程的步骤或 end，不能是转入其他流程的 sop: 引用"
    ),
    "ref.unknown_heading": "标题 {{#{step}}} 在 {sop} 中没有对应的步骤{hint}",
    "ref.unknown_form": "未知表单 {form!r}{hint}",
    "ref.unused_form": (
        "本流程定义的表单 {form!r}（{name}）没有任何步骤用到："
        "请在填写它的步骤中引用 form:{form}，或删除"
    ),
    "ref.unknown_sop": "项目中没有编号为 {sop!r} 的流程{hint}",
    "ref.duplicate_step": "步骤编号 {step!r} 已被第 {number} 步（{title}）使用：请换一个编号",
    "ref.reuses_shared": (
        "本流程定义的{kind} {id!r} 与 sopc.yaml 中全组织共用的{kind}（{name}）编号相同："
        "请直接使用共用的{kind}，或换一个编号"
    ),
    "ref.kind_role": "岗位",
    "ref.kind_form": "表单",
    "ref.form_as_text": (
        "{text!r} 是已定义表单的名称{hint}：写成 form:编号 的形式，手册才会链接到该表单"
    ),
    # -- SOP4xx writing (sopc/rules/writing.py) -----------------------------------------
    "writing.vague_term": "表述含糊 {term!r}：请写明由谁做什么、在什么时限内完成",
    "writing.step_incomplete": (
        "步骤 {step!r} 缺少 {fields}（sopc.yaml 的 policy.step_requires 要求每个步骤都填写）"
    ),
    "writing.missing_purpose": (
        "本流程没有写{missing}：请说明为什么需要这个流程，以及它从哪里开始、到哪里结束"
    ),
    "writing.purpose": "目的（purpose）",
    "writing.scope": "适用范围（scope）",
    "writing.purpose_and_scope": "目的（purpose）和适用范围（scope）",
    # -- SOP5xx change control (sopc/rules/change.py) -----------------------------------
    "change.not_bumped": (
        "与基准版本（--base）相比内容有改动（{changes}），但版本号 {version} 没有变："
        "请改为 {suggested}"
    ),
    "change.then": "{first}；{rest}",
    "change.and_more": "{changes} 等",
    "change.step": "步骤 {step}",
    "change.step_order": "步骤顺序",
    "change.flow": "流向 {edge}",
    "change.step_field": "步骤 {step}（{title}）的 {field}",
    "change.not_recorded": (
        "与基准版本（--base）相比版本号已从 {old} 改为 {new}，"
        "但修订记录（revisions）中没有 {new} 版的条目："
        "请在最上方补一条（sopc diff 会给出可直接粘贴的条目）"
    ),
    "change.regressed": "版本号 {new} 低于基准版本（--base）中的 {old}：版本号只能升高",
    "change.bump_too_small": (
        "这类改动需要升级{needed}，而 {old} → {new} 只升级了{step}：请改为 {suggested}"
    ),
    "change.level_major": "主版本号",
    "change.level_minor": "次版本号",
    "change.level_patch": "修订号",
    # -- the rules: map of sopc.yaml (sopc/rules/settings.py) ---------------------------
    "settings.unknown_rule": "未知规则 {rule!r}{hint}",
    "settings.always_on": "{code} {name} 不能关闭",
}
