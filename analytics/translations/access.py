"""Sign-in, roles and local mode (analytics/access.py, analytics/ui/access.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "access.sign_in": {"en": "Sign in", "zh": "登录"},
    "access.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "access.sign_in_intro": {
        "en": "Delivery Pulse shows your organisation's delivery portfolio. Sign in with your "
              "work account to continue.",
        "zh": "Delivery Pulse 展示贵组织的交付项目组合。请使用工作账号登录后继续。",
    },
    "access.signed_in": {"en": "Signed in as {who} ({role})", "zh": "已登录：{who}（{role}）"},
    "access.local_mode": {
        "en": "Local mode: no sign-in, and only this computer can open the app.",
        "zh": "本地模式：无需登录，仅本机可以打开本应用。",
    },
    "access.local_only": {
        "en": "This Delivery Pulse runs in local mode, without sign-in, so it only serves the "
              "computer it runs on; ask its administrator to set up sign-in for the team.",
        "zh": "此 Delivery Pulse 以本地模式运行（未配置登录），只服务于其所在的计算机；"
              "如需团队使用，请联系管理员配置登录。",
    },
    "access.no_role": {
        "en": "The account {who} has no access to Delivery Pulse; ask an administrator to give "
              "it a role.",
        "zh": "账号 {who} 没有 Delivery Pulse 的访问权限；请联系管理员为其分配角色。",
    },
    "access.role.viewer": {"en": "viewer", "zh": "查看者"},
    "access.role.editor": {"en": "editor", "zh": "编辑者"},
    "access.role.admin": {"en": "admin", "zh": "管理员"},
    "access.error.unreadable": {
        "en": "The roles file {name} cannot be read ({detail}); fix it, or remove it to make "
              "every signed-in user a viewer.",
        "zh": "无法读取角色文件 {name}（{detail}）；请修正，或删除它（所有登录用户将成为查看者）。",
    },
    "access.error.role": {
        "en": "The roles file {name} gives {entry} the role {role}, which does not exist; use one "
              "of {roles}.",
        "zh": "角色文件 {name} 为 {entry} 指定了不存在的角色 {role}；可用角色：{roles}。",
    },
}
