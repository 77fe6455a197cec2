"""The colours every figure and coloured table shares, so a red is the same red everywhere."""

from __future__ import annotations


BLUE = "#1f6fb2"


LIGHT_BLUE = "#a9c8e6"


ORANGE = "#e8871e"


GREY = "#8c96a0"


LIGHT_GREY = "#d5dae0"


RED = "#d1342f"


AMBER = "#f0a202"


GREEN = "#2e9e4f"


PURPLE = "#7b5ea7"


RAG_COLOURS: dict[str, str] = {"red": RED, "amber": AMBER, "green": GREEN}


PRIORITY_COLOURS: dict[str, str] = {"P1": RED, "P2": ORANGE, "P3": BLUE, "P4": GREY}
