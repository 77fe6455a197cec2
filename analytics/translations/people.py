"""Strings of the People page: owner scorecards, change impact, the reward rule, early
warning."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.people": {"en": "People", "zh": "团队与负责人"},
    # scorecards
    "people.scorecards.title": {"en": "Owner scorecards", "zh": "负责人记分卡"},
    "people.scorecards.caption": {
        "en": "Each person's figures are the portfolio's KPIs over the projects they are named "
              "on in the role chosen, for the period selected: a project's tickets and answers "
              "count toward each of its owners, whoever handled them, so a scorecard shows how "
              "a person's projects fared, not who caused what. A figure resting on fewer than "
              "{projects} projects or {answers} answers or tickets is listed under \"low n\", "
              "and a rank on such a figure is marked.",
        "zh": "每个人的指标，是其在所选角色下负责的项目在所选期间内的组合指标：项目的工单与问卷计入该项目的每位负责人，"
              "无论由谁处理，因此记分卡反映的是其项目的表现，而不是谁造成了什么。"
              "项目数少于 {projects} 个、或问卷/工单少于 {answers} 条的指标列在“样本不足”中，基于这类指标的排名会被标出。",
    },
    "people.role": {"en": "Role", "zh": "角色"},
    "people.rank_by": {"en": "Rank by", "zh": "排名依据"},
    "people.none_named": {
        "en": "No project in this selection names a {role}.",
        "zh": "当前筛选范围内没有项目填写{role}。",
    },
    "people.unnamed": {"en": "(nobody named)", "zh": "（未填写）"},
    "role.presales_owner": {"en": "Presales owner", "zh": "售前负责人"},
    "role.implementation_lead": {"en": "Implementation lead", "zh": "实施负责人"},
    "role.ops_owner": {"en": "Operations owner", "zh": "运维负责人"},
    "col.owner": {"en": "Person", "zh": "负责人"},
    "col.rank": {"en": "Rank", "zh": "排名"},
    "col.rank_low_n": {"en": "Rank on low n", "zh": "排名样本不足"},
    "col.low_n": {"en": "Low n", "zh": "样本不足"},
    "col.presales_owner": {"en": "Presales owner", "zh": "售前负责人"},
    "col.ops_owner": {"en": "Operations owner", "zh": "运维负责人"},
    "col.with_plan": {"en": "Go-lives with a plan", "zh": "有计划日期的上线数"},
    "col.cycle_n": {"en": "Go-lives", "zh": "上线数"},
    "col.renewal_known": {"en": "Up for renewal", "zh": "到期待续约"},
}
