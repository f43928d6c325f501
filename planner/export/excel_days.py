"""One worksheet per day: time slots down, therapists across, each session a coloured block.

A block spans the slots its session books (merged cells) and shows the client's name, the
treatment, the room and, where the therapist must take care, a caution mark. Slots outside a
therapist's shifts are greyed so free time stands out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from planner.export.excel_style import (
    BOX,
    HEADER_FILL,
    HEADER_FONT,
    OFF_SHIFT_FILL,
    WRAP,
    Restyler,
    SheetNames,
    put,
    treatment_fills,
)
from planner.export.views import SessionView
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock
from planner.scenario.types import Scenario

_FIRST_ROW = 4  # rows 1-3: title, blank, header
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def block_text(view: SessionView) -> str:
    """What a session's block says: client, treatment, room, and the caution mark if any."""
    lines = [view.client_name, view.treatment_name, view.room_name]
    if view.caution:
        lines.append("CAUTION (see client file)")
    return "\n".join(lines)


def _day_window(scenario: Scenario, day: int, views: Sequence[SessionView]) -> tuple[int, int]:
    """The slots a day's sheet covers: its opening hours, widened to every shift and session."""
    base = day * MINUTES_PER_DAY
    bounds: list[tuple[int, int]] = [(v.session.start, v.session.end) for v in views]
    opening = scenario.settings.opening(day)
    if opening is not None:
        bounds.append(opening)
    bounds += [
        (s.start, s.end) for s in scenario.shifts if base <= s.start < base + MINUTES_PER_DAY
    ]
    slot = scenario.settings.slot_minutes
    low = min(start for start, _ in bounds) - base
    high = max(end for _, end in bounds) - base
    return base + (low // slot) * slot, base + min(MINUTES_PER_DAY, -(-high // slot) * slot)


def _shade_off_shift(
    sheet: Worksheet,
    scenario: Scenario,
    columns: dict[str, int],
    window: tuple[int, int],
    styles: Restyler,
) -> None:
    slot = scenario.settings.slot_minutes
    for therapist_id, column in columns.items():
        shifts = scenario.shifts_by_therapist.get(therapist_id, ())
        for row, minute in enumerate(range(*window, slot), start=_FIRST_ROW):
            cell = sheet.cell(row=row, column=column)
            if any(s.start <= minute < s.end for s in shifts):
                styles.set(cell, border=BOX)
            else:
                styles.set(cell, border=BOX, fill=OFF_SHIFT_FILL)


def _place_sessions(
    sheet: Worksheet,
    scenario: Scenario,
    columns: dict[str, int],
    window: tuple[int, int],
    views: Sequence[SessionView],
    styles: Restyler,
) -> None:
    slot = scenario.settings.slot_minutes
    fills = treatment_fills(scenario)
    taken: set[tuple[int, int]] = set()
    merged: list[CellRange] = []
    for view in views:
        column = columns[view.session.therapist_id]
        first = _FIRST_ROW + (view.session.start - window[0]) // slot
        last = _FIRST_ROW + max(0, -(-(view.session.end - window[0]) // slot) - 1)
        rows = range(first, last + 1)
        if any((row, column) in taken for row in rows):
            # Two sessions in one slot only happen in a plan exported despite violations:
            # list the second in the first cell rather than merging over the first block.
            cell = sheet.cell(row=first, column=column)
            put(sheet, first, column, f"{cell.value}\n---\n{block_text(view)}")
            continue
        styles.set(put(sheet, first, column, block_text(view)), alignment=_CENTER)
        fill = fills.get(view.session.treatment_id)
        for row in rows:
            taken.add((row, column))
            if fill is not None:
                styles.set(sheet.cell(row=row, column=column), fill=fill)
        if last > first:
            merged.append(CellRange(min_col=column, min_row=first, max_col=column, max_row=last))
    # Set as plain ranges, all at once: openpyxl's merge_cells restyles every edge cell (the
    # cells already carry their borders) and checks each new range against all before it,
    # which dominates a busy month's export. The cells inside hold no value, as Excel expects.
    sheet.merged_cells = MultiCellRange(merged)


def add_day_sheets(
    workbook: Workbook, scenario: Scenario, views: Sequence[SessionView], names: SheetNames
) -> None:
    """Add a sheet per horizon day that is open or has sessions."""
    by_day: dict[int, list[SessionView]] = defaultdict(list)
    for view in views:
        by_day[view.session.start // MINUTES_PER_DAY].append(view)
    settings = scenario.settings
    styles = Restyler()
    for day in range(settings.days):
        on = settings.day_date(day)
        if settings.opening(day) is None and not by_day[day]:
            continue
        sheet = workbook.create_sheet(names.claim(on.strftime("%a %Y-%m-%d")))
        put(sheet, 1, 1, on.strftime("%A %d %B %Y")).font = HEADER_FONT
        working = {s.therapist_id for s in scenario.shifts if s.start // MINUTES_PER_DAY == day}
        working |= {v.session.therapist_id for v in by_day[day]}
        therapists = [t.id for t in scenario.therapists if t.id in working]
        therapists += sorted(working - set(therapists))  # unknown ids, forced plans only
        columns = {therapist_id: 2 + i for i, therapist_id in enumerate(therapists)}
        header = put(sheet, 3, 1, "Time")
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        for therapist_id, column in columns.items():
            known = scenario.therapist_by_id.get(therapist_id)
            cell = put(sheet, 3, column, known.name if known else therapist_id)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
            sheet.column_dimensions[get_column_letter(column)].width = 24
        window = _day_window(scenario, day, by_day[day])
        for row, minute in enumerate(range(*window, settings.slot_minutes), start=_FIRST_ROW):
            put(sheet, row, 1, format_clock(minute % MINUTES_PER_DAY))
        _shade_off_shift(sheet, scenario, columns, window, styles)
        _place_sessions(sheet, scenario, columns, window, by_day[day], styles)
        sheet.freeze_panes = sheet.cell(row=_FIRST_ROW, column=2)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
