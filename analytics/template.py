"""A blank import template: one sheet per canonical table, headed with names the import knows.

People who start from nothing get a file that imports without any mapping. Two header
variants: the canonical English column names, or for each column its first Chinese alias
(项目编号, 工单类型 …), which the import maps back to the same column. Notes go into cell
comments rather than extra rows or sheets, because any extra row or sheet would itself be read
by the import.
"""

from __future__ import annotations

import io
import re
from typing import Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from .i18n import t
from .schema import TABLES, VOCABULARIES, Column, Table, alias_index, normalise_header

HeaderStyle = Literal["en", "zh"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
SHEET_NAMES: dict[HeaderStyle, dict[str, str]] = {
    "en": {"projects": "projects", "tickets": "tickets", "surveys": "surveys"},
    "zh": {"projects": "项目", "tickets": "工单", "surveys": "问卷"},
}
_REQUIRED_FILL = PatternFill("solid", fgColor="FFE699")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def chinese_header(table: Table, column: Column) -> str:
    """The first Chinese alias of ``column`` that the import maps back to it in ``table``;
    the canonical name when there is none."""
    index = alias_index(table)
    for alias in column.aliases:
        if _CJK.search(alias) and index.get(normalise_header(alias), ("",))[0] == column.name:
            return alias
    return column.name


def header_for(table: Table, column: Column, style: HeaderStyle) -> str:
    return chinese_header(table, column) if style == "zh" else column.name


def _note(table: Table, column: Column, style: HeaderStyle, lang: str) -> str:
    parts = [column.name if style == "zh" else chinese_header(table, column)]
    if column.required:
        parts.append(t("template.required", lang))
    parts.append(t("template.type", lang, kind=t(f"template.kind.{column.kind}", lang)))
    if column.enum:
        parts.append(t("template.values", lang, values=", ".join(VOCABULARIES[column.enum])))
    if table.name == "surveys" and column.name in ("score", "nps"):
        parts.append(t("template.survey_score", lang))
    others = [a for a in column.aliases[1:4] if a != header_for(table, column, style)]
    if others:
        parts.append(t("template.also", lang, aliases=", ".join(others)))
    return "\n".join(parts)


def build_template(style: HeaderStyle = "en", lang: str = "en") -> bytes:
    """The template workbook as .xlsx bytes; ``style`` picks the header names, ``lang`` the
    language of the notes."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES.values():
        ws = wb.create_sheet(SHEET_NAMES[style][table.name])
        required = set(table.required)
        for i, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=1, column=i, value=header_for(table, column, style))
            cell.font = Font(bold=True)
            cell.fill = _REQUIRED_FILL if column.name in required else _HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            comment = Comment(_note(table, column, style, lang), "Delivery Pulse")
            comment.width, comment.height = 320, 160
            cell.comment = comment
            ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) * 2 + 2)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
