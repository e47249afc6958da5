"""Errors a user can act on. Their messages are Chinese and say what and where."""


class UserError(Exception):
    """Something the user can fix; shown as one line, exit status 2 on the command line."""


class WrongPassphrase(UserError):
    def __init__(self, path: str | None = None):
        super().__init__("口令错误，无法打开数据库（或该文件不是 gridapp 数据库）。")
        self.path = path


class NewerSchema(UserError):
    def __init__(self, found: int, supported: int):
        super().__init__(
            f"该数据库由更新版本的 gridapp 创建（数据结构版本 {found}，本程序支持到 {supported}），"
            "请升级 gridapp 后再打开。"
        )


class NotInitialised(UserError):
    def __init__(self, path: str):
        super().__init__(f"数据库 {path} 尚未初始化：请先运行 init 或 demo。")


class RecordChanged(UserError):
    """Someone else (another workstation, or a sync import) changed what you were changing."""

    def __init__(self, what: str, fields: list[str]):
        self.fields = fields
        super().__init__(f"{what}的{'、'.join(fields)}在您打开之后已被他人修改（其他工作站或同步导入），"
                         "您的修改未保存：请重新打开该记录，核对后再改。")


class ServerBusy(UserError):
    """A shared hub kept this workstation waiting too long, or two transactions crossed."""

    def __init__(self, what: str):
        super().__init__(f"数据库服务器正忙（{what}），本次操作未保存：请稍后再试一次。")


class ValidationError(UserError):
    """Bad input: ``where`` names the field or line, the message says what is wrong."""

    def __init__(self, message: str, where: str = ""):
        self.where = where
        self.message = message
        super().__init__(f"{where}：{message}" if where else message)


class Cancelled(UserError):
    """The user stopped long work; nothing it was writing was kept."""

    def __init__(self, what: str = ""):
        super().__init__(f"已取消{what}。")


class Forbidden(UserError):
    """The logged-in user's role does not allow this."""

    def __init__(self, role_label: str, what: str):
        super().__init__(f"当前用户的角色（{role_label}）无权{what}。")
