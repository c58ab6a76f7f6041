"""Operating-system errors in words a coordinator understands."""

from __future__ import annotations

import errno

REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "文件夹只读", errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完", errno.ENOENT: "文件或文件夹不存在", errno.ENOTDIR: "路径中有同名文件而不是文件夹",
    errno.EEXIST: "已有同名文件", errno.EISDIR: "是文件夹而不是文件", errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an OSError, with the system's own words kept for whoever must fix it."""
    reason = REASONS.get(exc.errno or 0, "系统错误")
    return f"{reason}：{exc.strerror}" if exc.strerror else reason
