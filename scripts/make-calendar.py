#!/usr/bin/env python3
"""Print calendars/<YEAR>.yaml: the statutory holidays and make-up working days of one year.

Usage: scripts/make-calendar.py YEAR > calendars/YEAR.yaml   (gongkai's own calendars, for every station;
a station that needs a year before gongkai has it writes content/calendar/YEAR.yaml the same way)

The facts are those of the State Council notice (国务院办公厅关于<YEAR>年部分节假日安排的通知),
as transcribed by PyPI chinese-calendar (`pip install chinese-calendar`). Check the output against
the notice before committing it.

放假: each holiday period, every date of it that chinese_calendar lists as a holiday (the weekdays
off and the weekend days inside the period), in order. Consecutive dates form one period; a period
made of two festivals (2025: 国庆节 + 中秋节) is named by both, joined with 、.
Only dates inside YEAR are written (the 2024 元旦 period began on 2023-12-30, a weekend day).
调休上班: weekend days that are working days.
"""
import datetime
import sys

import chinese_calendar

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


def days_of(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def calendar(year):
    periods = []  # [(names, [dates])]
    makeup = []
    for day in days_of(year):
        # Raises NotImplementedError when chinese_calendar has no data for the year.
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if is_holiday and name is not None:
            chinese = NAMES.get(name)
            if chinese is None:
                raise SystemExit(f"{day}: unknown holiday name {name!r}; add it to NAMES")
            previous = periods[-1][1][-1] if periods else None
            if previous is not None and day - previous == datetime.timedelta(days=1):
                names, dates = periods[-1]
                if chinese not in names:
                    names.append(chinese)
                dates.append(day)
            else:
                periods.append(([chinese], [day]))
        elif not is_holiday and day.weekday() >= 5:
            makeup.append(day)
    return periods, makeup


def render(year, periods, makeup):
    lines = [
        f"# {year}年法定节假日和调休安排（国务院办公厅关于{year}年部分节假日安排的通知）",
        "# 由 scripts/make-calendar.py 根据 PyPI chinese-calendar 生成；修改前请核对通知原文。",
        f"年份: {year}",
        "放假:",
    ]
    for names, dates in periods:
        lines.append(f"  - 名称: {'、'.join(names)}")
        lines.append(f"    日期: [{', '.join(d.isoformat() for d in dates)}]")
    lines.append(f"调休上班: [{', '.join(d.isoformat() for d in makeup)}]")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        raise SystemExit("usage: scripts/make-calendar.py YEAR")
    year = int(argv[1])
    try:
        periods, makeup = calendar(year)
    except NotImplementedError as error:
        raise SystemExit(f"chinese_calendar {getattr(chinese_calendar, '__version__', '?')}: {error}")
    sys.stdout.write(render(year, periods, makeup))


if __name__ == "__main__":
    main(sys.argv)
