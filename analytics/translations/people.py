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
              "{projects} [[projects:project|projects]] or {answers} [[answers:answer|answers]] or tickets is listed under \"low n\", "
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
    # change impact
    "impact.title": {"en": "Change impact", "zh": "改进成效"},
    "impact.caption": {
        "en": "Outcomes of the projects with a practice against those recorded without it, or "
              "of the period from a month on against the part before. Rates are compared with "
              "Fisher's exact test, durations with the Mann-Whitney U test; each difference "
              "carries its 95 % interval.",
        "zh": "比较采用某项做法与记录为未采用的项目的结果，或比较某月起与此前的结果。比率用 Fisher 精确检验，"
              "时长用 Mann-Whitney U 检验；每个差值都给出 95% 区间。",
    },
    "impact.split": {"en": "Compare", "zh": "比较方式"},
    "impact.split.joint_review": {"en": "With vs without a joint review", "zh": "有无售前-实施联合评审"},
    "impact.split.handover_done": {"en": "With vs without the handover checklist", "zh": "有无完成交接清单"},
    "impact.split.month": {"en": "After vs before a month", "zh": "某月之后与之前"},
    "impact.month": {"en": "From the month", "zh": "起始月份"},
    "impact.month_outside": {
        "en": "Pick a month after the period's first month and within it.",
        "zh": "请选择统计期间第一个月之后、且在期间之内的月份。",
    },
    "impact.practice.joint_review": {"en": "a joint review", "zh": "联合评审"},
    "impact.practice.handover_done": {"en": "the handover checklist", "zh": "交接清单"},
    "impact.outcome.complaint_rate": {"en": "Complaint rate", "zh": "投诉率"},
    "impact.outcome.golive_slip_days": {"en": "Slip at go-live (median)", "zh": "上线延期（中位数）"},
    "impact.outcome.csat_pct": {"en": "CSAT", "zh": "满意度 CSAT"},
    "impact.outcome.resolution_hours": {"en": "Resolution time (median)", "zh": "工单解决时长（中位数）"},
    "impact.test.fisher_exact": {"en": "Fisher's exact test", "zh": "Fisher 精确检验"},
    "impact.test.mann_whitney": {"en": "Mann-Whitney U test", "zh": "Mann-Whitney U 检验"},
    "impact.interval": {"en": "95 % interval {low} to {high}", "zh": "95% 区间 {low} 至 {high}"},
    "impact.no_interval": {"en": "too few values for an interval", "zh": "数据太少，无法给出区间"},
    "impact.verdict.differs": {
        "en": "a difference this large would be unlikely by chance alone",
        "zh": "如此大的差异仅凭偶然不太可能出现",
    },
    "impact.verdict.cannot_tell": {
        "en": "the data cannot tell the two groups apart",
        "zh": "数据无法区分两组",
    },
    "impact.sentence.practice": {
        "en": "{outcome}: {a} with it (n = {a_n}) against {b} without (n = {b_n}), a difference "
              "of {diff} ({interval}); {test}, p {p}: {verdict}.",
        "zh": "{outcome}：采用的 {a}（n = {a_n}），未采用的 {b}（n = {b_n}），差值 {diff}（{interval}）；"
              "{test}，p {p}：{verdict}。",
    },
    "impact.sentence.month": {
        "en": "{outcome}: {a} from the month on (n = {a_n}) against {b} before (n = {b_n}), a "
              "difference of {diff} ({interval}); {test}, p {p}: {verdict}.",
        "zh": "{outcome}：该月起 {a}（n = {a_n}），此前 {b}（n = {b_n}），差值 {diff}（{interval}）；"
              "{test}，p {p}：{verdict}。",
    },
    "impact.sentence.no_data": {
        "en": "{outcome}: no data in one of the groups, so no comparison.",
        "zh": "{outcome}：其中一组没有数据，无法比较。",
    },
    "impact.caveat.practice": {
        "en": "This compares {a} [[a:project|projects]] with {practice} and {b} without, which were not "
              "chosen at random: projects with {practice} are also the later ones and differ in "
              "customer, size and team, so a difference here is an association, not a cause.",
        "zh": "这里比较的是 {a} 个采用{practice}的项目与 {b} 个未采用的项目，它们并非随机分组："
              "采用的项目也是较晚的项目，客户、规模和团队都不同，因此这里的差异只是关联，不是因果。",
    },
    "impact.caveat.month": {
        "en": "This compares the period from {month} on with the part before it: a project "
              "active in both counts in both, and everything else that changed at that time "
              "(customers, teams, the season) moves with it, so a difference is not a cause.",
        "zh": "这里比较 {month} 起与此前的期间：两段都活跃的项目在两段都计入，同期发生的其他变化（客户、团队、季节）"
              "也一并反映在结果里，因此差异不等于因果。",
    },
    "impact.caveat.not_recorded": {
        "en": "{n} [[n:project has|projects have]] no record of the practice and [[n:is|are]] left out.",
        "zh": "{n} 个项目没有记录该做法，未计入比较。",
    },
    "impact.caveat.clustered": {
        "en": "CSAT and resolution time count answers and tickets, and those of one project "
              "are alike: the tests treat them as independent, so their intervals are "
              "narrower and their p-values smaller than the projects alone would give.",
        "zh": "满意度和解决时长按问卷和工单计数，而同一项目的问卷和工单彼此相似：检验把它们当作相互独立，"
              "因此区间偏窄、p 值偏小，比仅按项目计算时更乐观。",
    },
    "impact.caveat.few": {
        "en": "One group has fewer than {n} [[n:project|projects]]: read every figure as a hint at most.",
        "zh": "其中一组少于 {n} 个项目：各项数字至多只能作为提示。",
    },
    "col.outcome_name": {"en": "Outcome", "zh": "结果指标"},
    "col.a_value": {"en": "With / after", "zh": "采用 / 之后"},
    "col.a_n": {"en": "n (with / after)", "zh": "样本数（采用 / 之后）"},
    "col.b_value": {"en": "Without / before", "zh": "未采用 / 之前"},
    "col.b_n": {"en": "n (without / before)", "zh": "样本数（未采用 / 之前）"},
    "col.difference": {"en": "Difference", "zh": "差值"},
    "col.low": {"en": "95 % low", "zh": "95% 下限"},
    "col.high": {"en": "95 % high", "zh": "95% 上限"},
    "col.p_value": {"en": "p", "zh": "p 值"},
    "col.test": {"en": "Test", "zh": "检验方法"},
    # early warning
    "risk.title": {"en": "Early warning: go-lives at risk of slipping", "zh": "预警：可能延期上线的项目"},
    "risk.caption": {
        "en": "A logistic regression trained on this store's own history predicts, for each "
              "project not yet live, the chance it goes live late. It is judged by a "
              "time-ordered backtest (trained on earlier go-lives, tested on later ones) and "
              "ranks projects only when that backtest beats chance. It reads the whole store, "
              "not the sidebar's selection.",
        "zh": "用本库自身的历史训练逻辑回归模型，为每个尚未上线的项目预测延期上线的概率。"
              "模型按时间顺序回测（用较早上线的项目训练，用较晚的检验），只有回测优于随机时才给出排名。"
              "模型读取整个数据库，不受侧边栏筛选影响。",
    },
    "risk.verdict.ranked": {
        "en": "The backtest beats chance (AUC {auc} on {n} later go-lives, p = {p}), so the "
              "projects below are ranked by their risk. A risk is a chance, not a verdict.",
        "zh": "回测优于随机（在 {n} 个较晚上线的项目上 AUC 为 {auc}，p = {p}），因此按风险对下列项目排序。"
              "风险是概率，不是定论。",
    },
    "risk.verdict.too_little_history": {
        "en": "Too little history to judge a model: {train} [[train:project|projects]] to train on and {test} to "
              "test on (at least {min_train} and {min_test} are needed, with at least three "
              "late and three on time in each), so no project is ranked.",
        "zh": "历史数据太少，无法评估模型：可训练 {train} 个、可检验 {test} 个项目"
              "（至少需要 {min_train} 个和 {min_test} 个，且每部分延期与按时各至少三个），因此不给出排名。",
    },
    "risk.verdict.no_better_than_chance": {
        "en": "The backtest is no better than chance (AUC {auc} on {n} later go-lives, "
              "p = {p}), so no project is ranked: the history does not tell late go-lives "
              "from the others well enough.",
        "zh": "回测并不优于随机（在 {n} 个较晚上线的项目上 AUC 为 {auc}，p = {p}），因此不给出排名："
              "历史数据不足以区分延期与按时上线的项目。",
    },
    "risk.backtest": {
        "en": "Backtest: trained on {n_train} go-lives before {split}, tested on {n_test} from "
              "then on; AUC {auc}, Brier score {brier}.",
        "zh": "回测：用 {split} 之前上线的 {n_train} 个项目训练，用此后的 {n_test} 个检验；AUC {auc}，Brier 分数 {brier}。",
    },
    "risk.none_open": {"en": "No project is waiting to go live.", "zh": "没有等待上线的项目。"},
    "risk.reason.delivery_mode": {"en": "delivery mode {value}", "zh": "交付方式：{value}"},
    "risk.reason.industry": {"en": "industry {value}", "zh": "行业：{value}"},
    "risk.reason.contract_value_log": {"en": "contract size", "zh": "合同规模"},
    "risk.reason.planned_days": {"en": "planned duration {value} [[value:day|days]]", "zh": "计划工期 {value} 天"},
    "risk.reason.tickets_per_month": {"en": "{value} [[value:ticket|tickets]] a month so far", "zh": "至今每月 {value} 张工单"},
    "risk.reason.complaints_per_month": {"en": "{value} [[value:complaint|complaints]] a month so far", "zh": "至今每月 {value} 次投诉"},
    "risk.reason.major_incidents": {"en": "{value} P1/P2 incidents so far", "zh": "至今 {value} 次 P1/P2 故障"},
    "risk.reason.no_joint_review": {"en": "no joint review recorded", "zh": "未记录联合评审"},
    "risk.reason.no_handover": {"en": "no handover checklist recorded", "zh": "未记录交接清单"},
    "risk.reason.owner_record": {
        "en": "{role} {owner}: {late} of {n} earlier go-lives late",
        "zh": "{role}{owner}：此前 {n} 次上线中 {late} 次延期",
    },
    "risk.reason.owner_new": {
        "en": "{role} {owner}: {n} earlier go-lives",
        "zh": "{role}{owner}：此前上线 {n} 次",
    },
    "risk.reason.overdue": {
        "en": "already {days} [[days:day|days]] past its planned go-live",
        "zh": "已超过计划上线日期 {days} 天",
    },
    "col.risk": {"en": "Risk of a late go-live", "zh": "延期上线风险"},
    # reward rule
    "reward.title": {"en": "Reward rule", "zh": "奖励规则"},
    "reward.caption": {
        "en": "A project qualifies when, in the {months} [[months:month|months]] after go-live, it had no "
              "incident of priority {priorities} and its CSAT over the answers of those months "
              "is at least {csat}. It is judged once those months are over; a window without "
              "a scored answer does not qualify.",
        "zh": "项目上线后 {months} 个月内没有 {priorities} 级故障，且这段时间的问卷满意度不低于 {csat}，即符合奖励条件。"
              "该时段结束后才评定；没有评分问卷的不符合条件。",
    },
    "reward.none": {"en": "No go-live's reward window falls in this period.", "zh": "该期间内没有处于奖励考察期的上线项目。"},
    "reward.owners": {"en": "Qualifying projects by {role}", "zh": "按{role}统计符合条件的项目"},
    "value.reward_standing.qualifies": {"en": "qualifies", "zh": "符合"},
    "value.reward_standing.pending": {"en": "window still running", "zh": "考察期未结束"},
    "value.reward_standing.incident": {"en": "major incident", "zh": "发生重大故障"},
    "value.reward_standing.csat_below": {"en": "CSAT below the bar", "zh": "满意度未达标"},
    "value.reward_standing.no_answers": {"en": "no scored answer", "zh": "无评分问卷"},
    "col.window_end": {"en": "Window ends", "zh": "考察期结束"},
    "col.window_over": {"en": "Window over", "zh": "考察期已结束"},
    "col.major_incidents": {"en": "Major incidents", "zh": "重大故障数"},
    "col.standing": {"en": "Standing", "zh": "评定结果"},
    "col.window_start": {"en": "Go-live", "zh": "上线日期"},
    "col.qualifies": {"en": "Qualifying", "zh": "符合条件"},
    "col.pending": {"en": "Pending", "zh": "考察中"},
    "col.judged": {"en": "Judged", "zh": "已评定"},
}
